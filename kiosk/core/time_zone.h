// TimeZone: converts UTC instants to a named zone's local time and back, independent of the machine's TZ.
//
// Loaded from the system's TZif files (/usr/share/zoneinfo, Debian's tzdata), so `Asia/Shanghai` means the
// same on every kiosk whatever its own zone is. Instants past the file's last transition use the last
// offset (no POSIX-rule extrapolation; China has had no DST since 1991). Immutable after Load: safe to
// share between threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"

namespace lk {

struct LocalDate {
  int year = 1970, month = 1, day = 1;
  bool operator==(const LocalDate&) const = default;
  auto operator<=>(const LocalDate&) const = default;
  std::string ToString() const;  // YYYY-MM-DD
};

struct LocalDateTime {
  LocalDate date;
  int hour = 0, minute = 0, second = 0;
};

// Parses "YYYY-MM-DD" strictly (real calendar dates only).
Result<LocalDate> ParseLocalDate(std::string_view text);
// Days since 1970-01-01 for a proleptic Gregorian date, and back.
int64_t DaysFromCivil(const LocalDate& date);
LocalDate CivilFromDays(int64_t days);
LocalDate AddDays(const LocalDate& date, int days);
// Days since the Monday of `date`'s week: 0 on a Monday, 6 on a Sunday (weeks as in ISO 8601).
int DaysSinceMonday(const LocalDate& date);
// The first day of the month after `date`'s.
LocalDate FirstOfNextMonth(const LocalDate& date);

class TimeZone {
 public:
  // A fixed offset zone (used for UTC and for tests that must not touch the file system).
  static TimeZone FixedOffset(std::string name, int offset_seconds);
  static TimeZone Utc() { return FixedOffset("UTC", 0); }
  // Loads `name` (an IANA id such as "Asia/Shanghai") from `zoneinfo_dir`.
  static Result<TimeZone> Load(std::string_view name, std::string_view zoneinfo_dir = "/usr/share/zoneinfo");

  const std::string& name() const { return name_; }
  int OffsetSecondsAt(TimeMs utc) const;
  LocalDateTime ToLocal(TimeMs utc) const;
  // The UTC instant of a local wall time (for a wall time that a transition skips or repeats, the
  // offset in force just before the transition is used).
  TimeMs FromLocal(const LocalDateTime& local) const;
  // [start, end) of a local calendar day, in UTC.
  TimeMs StartOfDay(const LocalDate& date) const;
  LocalDate DateOf(TimeMs utc) const { return ToLocal(utc).date; }
  // "HH:MM" and "YYYY-MM-DD HH:MM" in this zone.
  std::string FormatTime(TimeMs utc) const;
  std::string FormatDateTime(TimeMs utc) const;
  // RFC 3339 with this zone's offset, e.g. 2026-11-29T09:30:00+08:00.
  std::string FormatRfc3339(TimeMs utc) const;

 private:
  std::string name_;
  std::vector<int64_t> transitions_;  // UTC seconds, ascending
  std::vector<int32_t> offsets_;      // offsets_[i] applies from transitions_[i-1]; offsets_[0] before all
};

// Parses RFC 3339 ("2026-11-29T09:30:00+08:00", "...Z", optional fraction) to UTC milliseconds.
Result<TimeMs> ParseRfc3339(std::string_view text);
// RFC 3339 in UTC with milliseconds: 2026-11-29T01:30:00.000Z.
std::string FormatRfc3339Utc(TimeMs utc);

}  // namespace lk
