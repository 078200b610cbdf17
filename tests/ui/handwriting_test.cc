// The search screen's handwriting pad as a resident uses it, on the real App with Debian's zinnia model:
// write a character stroke by stroke (the committed stroke files, tests/data/strokes/), pick it from the
// candidates, and the course is found; undo and clear; the idle reset forgets the strokes.
#include <gtest/gtest.h>

#include "kiosk/app/handwriting_pad.h"
#include "tests/ui/ui_test_util.h"

namespace lk::testing {
namespace {

class HandwritingUiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    PrepareKiosk(fixture_);
    driver_ = StartKiosk(fixture_);
    ASSERT_TRUE(driver_);
    ui::UiDriver& d = *driver_;
    ASSERT_TRUE(d.TapLabel("请轻触屏幕开始"));
    ASSERT_TRUE(d.TapLabel("搜索课程"));
    ASSERT_EQ(d.screen(), "search");
    ASSERT_TRUE(d.TapLabel("手写"));
    ASSERT_NE(d.widgets().FindById("search/pad"), nullptr);
  }
  ui::HandwritingPad& pad() { return *driver_->app().context().handwriting(); }
  // The candidate button showing `character`, or null.
  const ui::WidgetRecord* Candidate(const std::string& character) {
    for (const ui::WidgetRecord& w : driver_->widgets().widgets()) {
      if (w.id.rfind("search/candidate/", 0) == 0 && w.label() == character) return &w;
    }
    return nullptr;
  }
  int CandidateCount() {
    int n = 0;
    for (const ui::WidgetRecord& w : driver_->widgets().widgets()) n += w.id.rfind("search/candidate/", 0) == 0;
    return n;
  }
  KioskFixture fixture_;
  std::unique_ptr<ui::UiDriver> driver_;
};

TEST_F(HandwritingUiTest, WriteTwoCharactersPickThemAndFindTheCourse) {
  ui::UiDriver& d = *driver_;
  EXPECT_EQ(CandidateCount(), 0);
  // 二, two strokes: 二 is among the eight candidates.
  WriteOnPad(d, "er");
  EXPECT_EQ(pad().strokes().size(), 2u);
  EXPECT_EQ(CandidateCount(), 8);
  const ui::WidgetRecord* er = Candidate("二");
  ASSERT_NE(er, nullptr);
  ASSERT_TRUE(d.TapId(er->id));
  EXPECT_TRUE(Shows(d, "二"));
  EXPECT_TRUE(pad().strokes().empty()) << "a pick clears the pad for the next character";
  EXPECT_EQ(CandidateCount(), 0);

  WriteOnPad(d, "shi");
  const ui::WidgetRecord* shi = Candidate("十");
  ASSERT_NE(shi, nullptr);
  ASSERT_TRUE(d.TapId(shi->id));
  EXPECT_EQ(d.app().context().flow().search_query, "二十");
  ASSERT_TRUE(d.TapLabel("二十四式太极拳"));
  EXPECT_EQ(d.screen(), "course");
}

TEST_F(HandwritingUiTest, CandidatesFollowEachStrokeAndUndo) {
  ui::UiDriver& d = *driver_;
  WriteOnPad(d, "wang");
  ASSERT_NE(Candidate("王"), nullptr);
  // Undo the last stroke: three strokes left, recognised again; 王 is no longer the first candidate.
  ASSERT_TRUE(d.TapId("search/pad-undo"));
  EXPECT_EQ(pad().strokes().size(), 3u);
  ASSERT_FALSE(pad().candidates().empty());
  EXPECT_NE(pad().candidates().front().character, "王");
  ASSERT_TRUE(d.TapId("search/pad-clear"));
  EXPECT_TRUE(pad().strokes().empty());
  EXPECT_EQ(CandidateCount(), 0);
  EXPECT_EQ(d.app().context().flow().search_query, "");
}

TEST_F(HandwritingUiTest, BackspaceRemovesAWholeCharacterAndTheLettersComeBack) {
  ui::UiDriver& d = *driver_;
  WriteOnPad(d, "zhong");
  ASSERT_NE(Candidate("中"), nullptr);
  ASSERT_TRUE(d.TapId(Candidate("中")->id));
  ASSERT_TRUE(d.TapId("search/input-mode"));  // back to the letter keys
  ASSERT_TRUE(d.TapId("search/key/y"));
  EXPECT_EQ(d.app().context().flow().search_query, "中y");
  ASSERT_TRUE(d.TapId("search/key/backspace"));
  EXPECT_EQ(d.app().context().flow().search_query, "中");
  ASSERT_TRUE(d.TapId("search/key/backspace"));
  EXPECT_EQ(d.app().context().flow().search_query, "") << "backspace takes all three bytes of 中";
}

TEST_F(HandwritingUiTest, TheIdleResetForgetsTheStrokes) {
  ui::UiDriver& d = *driver_;
  WriteOnPad(d, "kou");
  ASSERT_FALSE(pad().strokes().empty());
  d.Advance(90'000);  // the idle prompt and its countdown run out
  EXPECT_EQ(d.screen(), "welcome");
  EXPECT_TRUE(pad().strokes().empty());
  EXPECT_TRUE(pad().candidates().empty());
  EXPECT_FALSE(d.app().context().flow().search_handwriting);
}

}  // namespace
}  // namespace lk::testing
