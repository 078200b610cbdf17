#include "kiosk/core/checkin_policy.h"

#include <gtest/gtest.h>

namespace lk {
namespace {

TEST(CheckInPolicyTest, DefaultLearnerIdRule) {
  CheckInPolicy policy = CheckInPolicy::FromConfig(KioskConfig{});
  for (const std::string ok : {"1234", "BJ-2026-000123", "abcdEFGH", "77777777777777777777777777777777"}) {
    EXPECT_TRUE(policy.IsValidLearnerId(ok)) << ok;
  }
  for (const std::string bad : {"", "123", "12 34", "1234;", "书法1234", "1234\n",
                                "777777777777777777777777777777777", "' OR 1=1 --"}) {
    EXPECT_FALSE(policy.IsValidLearnerId(bad)) << bad;
  }
}

TEST(CheckInPolicyTest, ConfiguredPatternMustMatchWholeId) {
  CheckInPolicy policy("[0-9]{8}", 30);
  EXPECT_TRUE(policy.IsValidLearnerId("12345678"));
  EXPECT_FALSE(policy.IsValidLearnerId("123456789"));
  EXPECT_FALSE(policy.IsValidLearnerId("x12345678"));
}

TEST(CheckInPolicyTest, WindowOpensBeforeStartAndClosesAtEnd) {
  CheckInPolicy policy("[0-9]{4,}", 30);
  Session s;
  s.starts_at = 100 * kMsPerMinute;
  s.ends_at = 190 * kMsPerMinute;
  EXPECT_EQ(policy.Window(s, 69 * kMsPerMinute), WindowState::kNotOpenYet);
  EXPECT_EQ(policy.Window(s, 70 * kMsPerMinute), WindowState::kOpen);
  EXPECT_EQ(policy.Window(s, 189 * kMsPerMinute), WindowState::kOpen);
  EXPECT_EQ(policy.Window(s, 190 * kMsPerMinute), WindowState::kClosed);
  EXPECT_EQ(policy.OpensAt(s), 70 * kMsPerMinute);
}

TEST(CheckInPolicyTest, MasksAllButLastFour) {
  EXPECT_EQ(MaskLearnerId("BJ20260001234"), "****1234");
  EXPECT_EQ(MaskLearnerId("1234"), "****");
}

}  // namespace
}  // namespace lk
