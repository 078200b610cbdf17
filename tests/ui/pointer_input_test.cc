#include "kiosk/app/pointer_input.h"

#include <gtest/gtest.h>

namespace lk::ui {
namespace {

class PointerInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_ = ImGui::CreateContext();
  }
  void TearDown() override { ImGui::DestroyContext(ctx_); }
  // Applies one frame; returns (x, down).
  std::pair<float, bool> Frame() {
    pointer_.ApplyTo(ImGui::GetIO());
    return {ImGui::GetIO().MousePos.x, ImGui::GetIO().MouseDown[0]};
  }
  ImGuiContext* ctx_;
  PointerInput pointer_;
};

TEST_F(PointerInputTest, APressAndReleaseInOneFrameStillTakeTwoFrames) {
  pointer_.Press({100, 200});
  pointer_.Release({100, 200});
  EXPECT_EQ(Frame(), std::make_pair(100.0f, true));
  EXPECT_EQ(Frame(), std::make_pair(100.0f, false));
  auto [x, down] = Frame();
  EXPECT_LT(x, -1e30f) << "after the tap the finger is gone: no hover";
  EXPECT_FALSE(down);
  EXPECT_FALSE(pointer_.HasQueued());
}

TEST_F(PointerInputTest, ADuplicatePressIsTheSameTouch) {
  pointer_.Press({10, 10});
  pointer_.Press({12, 10});  // e.g. a second synthesized press for the same finger
  pointer_.Release({12, 10});
  EXPECT_TRUE(Frame().second);
  EXPECT_TRUE(Frame().second);
  EXPECT_FALSE(Frame().second);
  Frame();
  EXPECT_FALSE(pointer_.HasQueued());
}

TEST_F(PointerInputTest, MovesWithoutAPressAndStrayReleasesAreIgnored) {
  pointer_.Move({5, 5});
  pointer_.Release({5, 5});
  EXPECT_FALSE(pointer_.HasQueued());
}

TEST_F(PointerInputTest, DragPositionsCollapse) {
  pointer_.Press({0, 0});
  pointer_.Move({1, 0});
  pointer_.Move({2, 0});
  pointer_.Move({3, 0});
  EXPECT_EQ(Frame(), std::make_pair(0.0f, true));
  EXPECT_EQ(Frame(), std::make_pair(3.0f, true));
  EXPECT_FALSE(pointer_.HasQueued());
}

TEST_F(PointerInputTest, ResetLiftsWithoutClicking) {
  pointer_.Press({50, 50});
  Frame();
  pointer_.Reset();
  auto [x, down] = Frame();
  EXPECT_FALSE(down);
  EXPECT_LT(x, -1e30f) << "released off-screen, so the widget under the finger is not clicked";
}

}  // namespace
}  // namespace lk::ui
