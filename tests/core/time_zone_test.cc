#include "kiosk/core/time_zone.h"

#include <gtest/gtest.h>

namespace lk {
namespace {

TEST(TimeZoneTest, ShanghaiIsEightHoursAheadWhateverTheMachineZone) {
  setenv("TZ", "America/New_York", 1);  // must not matter
  auto zone = TimeZone::Load("Asia/Shanghai");
  ASSERT_TRUE(zone.ok()) << zone.status().ToString();
  TimeMs utc = *ParseRfc3339("2026-11-29T01:30:00Z");
  EXPECT_EQ(zone->OffsetSecondsAt(utc), 8 * 3600);
  EXPECT_EQ(zone->FormatDateTime(utc), "2026-11-29 09:30");
  EXPECT_EQ(zone->FormatRfc3339(utc), "2026-11-29T09:30:00+08:00");
  EXPECT_EQ(zone->StartOfDay({2026, 11, 29}), *ParseRfc3339("2026-11-28T16:00:00Z"));
}

TEST(TimeZoneTest, DaylightSavingTransitionsAreFollowed) {
  auto zone = TimeZone::Load("Europe/Berlin");
  ASSERT_TRUE(zone.ok());
  EXPECT_EQ(zone->OffsetSecondsAt(*ParseRfc3339("2026-01-15T12:00:00Z")), 3600);
  EXPECT_EQ(zone->OffsetSecondsAt(*ParseRfc3339("2026-07-15T12:00:00Z")), 7200);
  // Local 12:00 on a summer day is 10:00 UTC.
  EXPECT_EQ(zone->FromLocal({{2026, 7, 15}, 12, 0, 0}), *ParseRfc3339("2026-07-15T10:00:00Z"));
}

TEST(TimeZoneTest, UnknownAndUnsafeNamesAreRefused) {
  EXPECT_EQ(TimeZone::Load("Mars/Olympus_Mons").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(TimeZone::Load("../../etc/passwd").status().code(), StatusCode::kInvalidArgument);
}

TEST(TimeZoneTest, Rfc3339RoundTripsAndRejectsGarbage) {
  TimeMs t = *ParseRfc3339("2026-11-29T09:30:15.250+08:00");
  EXPECT_EQ(FormatRfc3339Utc(t), "2026-11-29T01:30:15.250Z");
  EXPECT_EQ(*ParseRfc3339(FormatRfc3339Utc(t)), t);
  for (const char* bad : {"", "2026-11-29", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-29T25:00:00Z",
                          "2026-11-29T09:30:00", "2026-11-29T09:30:00+0800", "yesterday"}) {
    EXPECT_FALSE(ParseRfc3339(bad).ok()) << bad;
  }
}

TEST(TimeZoneTest, CivilDaysRoundTrip) {
  for (int64_t day = -800000; day < 800000; day += 997) {
    EXPECT_EQ(DaysFromCivil(CivilFromDays(day)), day);
  }
  EXPECT_EQ(AddDays({2024, 2, 28}, 1), (LocalDate{2024, 2, 29}));
  EXPECT_FALSE(ParseLocalDate("2025-02-29").ok());
  EXPECT_TRUE(ParseLocalDate("2024-02-29").ok());
}

}  // namespace
}  // namespace lk
