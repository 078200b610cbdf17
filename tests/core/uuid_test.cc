#include "kiosk/core/uuid.h"

#include <gtest/gtest.h>

#include <set>

namespace lk {
namespace {

TEST(Uuid7Test, IdsAreWellFormedAndCarryTheirTime) {
  TimeMs now = 1'796'000'000'000;
  std::string id = NewUuid7(now);
  EXPECT_TRUE(IsUuid7(id)) << id;
  EXPECT_EQ(Uuid7Time(id), now);
}

TEST(Uuid7Test, IdsSortInCreationOrderEvenWithinOneMillisecondAndWhenTheClockStepsBack) {
  Uuid7Generator generator;
  std::vector<std::string> ids;
  TimeMs t = 1'796'000'000'000;
  for (int i = 0; i < 20000; ++i) {
    // Many ids per millisecond, and a clock that jumps back once.
    TimeMs now = i == 10000 ? t - 5000 : t + i / 5000;
    ids.push_back(generator.Next(now));
  }
  for (size_t i = 1; i < ids.size(); ++i) ASSERT_LT(ids[i - 1], ids[i]) << "at " << i;
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
}

TEST(Uuid7Test, RejectsOtherVersionsAndMalformedText) {
  EXPECT_FALSE(IsUuid7("550e8400-e29b-41d4-a716-446655440000"));  // v4
  EXPECT_FALSE(IsUuid7("0190f5a2-7b3c-7d4e-0f00-123456789abc"));  // wrong variant
  EXPECT_FALSE(IsUuid7("0190f5a2-7b3c-7d4e-8f00-123456789ab"));   // short
  EXPECT_FALSE(IsUuid7("0190f5a2x7b3c-7d4e-8f00-123456789abc"));
  EXPECT_TRUE(IsUuid7("0190f5a2-7b3c-7d4e-8f00-123456789abc"));
}

}  // namespace
}  // namespace lk
