#include "kiosk/app/scan_detector.h"

#include <gtest/gtest.h>

namespace lk::ui {
namespace {

using Kind = KeyInput::Kind;

// Feeds `text` one character every `interval` ms from `t`, returning the time after the last.
uint64_t Feed(ScanDetector& d, std::string_view text, uint64_t t, uint64_t interval, std::vector<KeyInput>* out) {
  for (char c : text) {
    d.OnText(std::string_view(&c, 1), t, out);
    t += interval;
  }
  return t - interval;
}

TEST(ScanDetectorTest, FastKeysEndingInEnterAreAScan) {
  ScanDetector d(40);
  std::vector<KeyInput> out;
  uint64_t t = Feed(d, "20241234", 1000, 8, &out);
  EXPECT_TRUE(out.empty()) << "nothing is released while it may still be a scan";
  d.OnEnter(t + 8, &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], (KeyInput{Kind::kScan, "20241234"}));
  EXPECT_FALSE(d.Deadline());
}

TEST(ScanDetectorTest, SlowKeysAreTyping) {
  ScanDetector d(40);
  std::vector<KeyInput> out;
  d.OnText("1", 1000, &out);
  ASSERT_TRUE(d.Deadline());
  EXPECT_EQ(*d.Deadline(), 1041u);
  d.Poll(1040, &out);
  EXPECT_TRUE(out.empty());
  d.Poll(1041, &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], (KeyInput{Kind::kTyped, "1"}));
  out.clear();
  d.OnText("2", 1300, &out);
  d.OnText("3", 1600, &out);  // releases "2" as soon as the gap shows
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].text, "2");
  out.clear();
  d.OnEnter(1900, &out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], (KeyInput{Kind::kTyped, "3"}));
  EXPECT_EQ(out[1], (KeyInput{Kind::kEnter, ""}));
}

TEST(ScanDetectorTest, AFastButShortBurstIsTyping) {
  ScanDetector d(40, 4);
  std::vector<KeyInput> out;
  uint64_t t = Feed(d, "123", 0, 5, &out);
  d.OnEnter(t + 5, &out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], (KeyInput{Kind::kTyped, "123"}));
  EXPECT_EQ(out[1].kind, Kind::kEnter);
}

TEST(ScanDetectorTest, EnterAfterAPauseIsNotAScan) {
  ScanDetector d(40);
  std::vector<KeyInput> out;
  uint64_t t = Feed(d, "20241234", 0, 5, &out);
  d.OnEnter(t + 200, &out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], (KeyInput{Kind::kTyped, "20241234"}));
  EXPECT_EQ(out[1].kind, Kind::kEnter);
}

TEST(ScanDetectorTest, TypingThenAScan) {
  ScanDetector d(40);
  std::vector<KeyInput> out;
  Feed(d, "12", 0, 300, &out);  // a person
  uint64_t t = Feed(d, "A1B2C3", 1000, 4, &out);
  d.OnEnter(t + 4, &out);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], (KeyInput{Kind::kTyped, "1"}));
  EXPECT_EQ(out[1], (KeyInput{Kind::kTyped, "2"}));
  EXPECT_EQ(out[2], (KeyInput{Kind::kScan, "A1B2C3"}));
}

TEST(ScanDetectorTest, CountsCharactersNotBytes) {
  ScanDetector d(40, 4);
  std::vector<KeyInput> out;
  d.OnText("学员", 0, &out);  // 2 characters, 6 bytes
  d.OnEnter(1, &out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].kind, Kind::kTyped);
}

TEST(ScanDetectorTest, FlushAndClear) {
  ScanDetector d(40);
  std::vector<KeyInput> out;
  d.OnText("9", 0, &out);
  d.Flush(&out);
  ASSERT_EQ(out.size(), 1u);
  d.OnText("8", 10, &out);
  d.Clear();
  EXPECT_FALSE(d.Deadline());
  d.Poll(10000, &out);
  EXPECT_EQ(out.size(), 1u);
}

}  // namespace
}  // namespace lk::ui
