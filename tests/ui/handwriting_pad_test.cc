// HandwritingPad (kiosk/app/handwriting_pad.h) on a real StoreWorker and the real model: candidates arrive
// only through the inbox, a result for strokes that changed meanwhile is dropped, and a missing model
// leaves the pad unavailable instead of failing the kiosk.
#include "kiosk/app/handwriting_pad.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "kiosk/core/catalog_json.h"
#include "tests/testing/test_util.h"

namespace lk::ui {
namespace {

class HandwritingPadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto demo = LoadCatalogFile(testing::DemoCatalogPath(), 0);
    ASSERT_TRUE(demo.ok()) << demo.status().ToString();
    snapshot_ = CatalogSnapshot::Build(*demo, {});
  }
  // Waits for the worker to finish what it was given, then runs the results on this ("UI") thread.
  void Finish() {
    worker_.WaitUntilIdle();
    while (inbox_.Drain()) {
    }
  }
  std::vector<Stroke> Strokes(const std::string& name) {
    auto strokes = LoadStrokesFile(testing::SourcePath("tests/data/strokes/" + name + ".json"));
    EXPECT_TRUE(strokes.ok()) << strokes.status().ToString();
    return strokes.ok() ? *strokes : std::vector<Stroke>{};
  }
  void Write(HandwritingPad& pad, const Stroke& stroke) {
    pad.BeginStroke(stroke.front());
    for (size_t i = 1; i < stroke.size(); ++i) pad.ExtendStroke(stroke[i]);
    pad.EndStroke(snapshot_);
  }
  static std::string Model() { return ModelPath(std::getenv("LK_ZINNIA_MODEL"), ""); }

  testing::TempDir dir_;
  UiInbox inbox_{[] {}};
  StoreWorker worker_{{[this] { return KioskStore::Open(dir_.path()); }, nullptr}, inbox_};
  std::shared_ptr<const CatalogSnapshot> snapshot_;
};

TEST_F(HandwritingPadTest, CandidatesArriveThroughTheInboxAfterEachStroke) {
  HandwritingPad pad(&worker_, Model());
  pad.Start();
  EXPECT_EQ(pad.state(), HandwritingPad::State::kLoading);
  Finish();
  ASSERT_EQ(pad.state(), HandwritingPad::State::kReady) << pad.problem();

  const std::vector<Stroke> er = Strokes("er");
  Write(pad, er[0]);
  EXPECT_TRUE(pad.recognising());
  EXPECT_TRUE(pad.candidates().empty()) << "nothing changes until the UI thread drains the inbox";
  Finish();
  EXPECT_FALSE(pad.recognising());
  EXPECT_EQ(pad.candidates().size(), HandwritingPad::kCandidates) << "candidates for the first stroke alone";

  Write(pad, er[1]);
  Finish();
  ASSERT_EQ(pad.candidates().size(), HandwritingPad::kCandidates);
  EXPECT_EQ(pad.candidates().front().character, "二");
  EXPECT_TRUE(pad.candidates().front().in_catalogue);
}

TEST_F(HandwritingPadTest, AResultForStrokesThatChangedIsDropped) {
  HandwritingPad pad(&worker_, Model());
  pad.Start();
  Finish();
  const std::vector<Stroke> er = Strokes("er");
  Write(pad, er[0]);
  pad.Clear();  // before the result for the first stroke is applied
  Finish();
  EXPECT_TRUE(pad.candidates().empty());
  EXPECT_TRUE(pad.strokes().empty());

  Write(pad, er[0]);
  Write(pad, er[1]);  // two results on their way: only the one for both strokes counts
  Finish();
  ASSERT_FALSE(pad.candidates().empty());
  EXPECT_EQ(pad.candidates().front().character, "二");
  pad.UndoStroke(snapshot_);
  pad.UndoStroke(snapshot_);
  EXPECT_TRUE(pad.candidates().empty()) << "no strokes, no candidates";
  Finish();
  EXPECT_TRUE(pad.candidates().empty());
}

TEST_F(HandwritingPadTest, PointsOffThePadAreClampedToItsEdge) {
  HandwritingPad pad(&worker_, Model());
  pad.BeginStroke({-40, 500});
  pad.ExtendStroke({1300, 1200});
  ASSERT_EQ(pad.strokes().size(), 1u);
  EXPECT_EQ(pad.strokes()[0], (Stroke{{0, 500}, {kStrokeSquare, kStrokeSquare}}));
}

TEST_F(HandwritingPadTest, AMissingModelLeavesThePadUnavailable) {
  HandwritingPad pad(&worker_, "/nonexistent/handwriting.model");
  pad.Start();
  Finish();
  EXPECT_EQ(pad.state(), HandwritingPad::State::kUnavailable);
  EXPECT_NE(pad.problem().find("/nonexistent/handwriting.model"), std::string::npos);
  Write(pad, Strokes("er")[0]);
  Finish();
  EXPECT_TRUE(pad.candidates().empty());
  EXPECT_FALSE(pad.recognising());

  HandwritingPad without_worker(nullptr, Model());
  without_worker.Start();
  EXPECT_EQ(without_worker.state(), HandwritingPad::State::kUnavailable);
}

}  // namespace
}  // namespace lk::ui
