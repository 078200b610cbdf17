#include "kiosk/core/time_zone.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <iterator>

namespace lk {
namespace {

bool ParseDigits(std::string_view text, size_t pos, size_t count, int* out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

bool ValidDate(const LocalDate& d) {
  return d.year >= 1900 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= DaysInMonth(d.year, d.month);
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

uint32_t ReadBe32(const unsigned char* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}
uint64_t ReadBe64(const unsigned char* p) { return (uint64_t(ReadBe32(p)) << 32) | ReadBe32(p + 4); }

}  // namespace

std::string LocalDate::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

Result<LocalDate> ParseLocalDate(std::string_view text) {
  LocalDate d;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ParseDigits(text, 0, 4, &d.year) ||
      !ParseDigits(text, 5, 2, &d.month) || !ParseDigits(text, 8, 2, &d.day) || !ValidDate(d)) {
    return Status::InvalidArgument("'" + std::string(text) + "' is not a date of the form YYYY-MM-DD");
  }
  return d;
}

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysFromCivil(const LocalDate& date) {
  int64_t y = date.year - (date.month <= 2);
  int64_t era = FloorDiv(y, 400);
  int64_t yoe = y - era * 400;
  int64_t mp = (date.month + 9) % 12;
  int64_t doy = (153 * mp + 2) / 5 + date.day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

LocalDate CivilFromDays(int64_t days) {
  days += 719468;
  int64_t era = FloorDiv(days, 146097);
  int64_t doe = days - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int day = int(doy - (153 * mp + 2) / 5 + 1);
  int month = int(mp < 10 ? mp + 3 : mp - 9);
  int year = int(yoe + era * 400 + (month <= 2));
  return {year, month, day};
}

LocalDate AddDays(const LocalDate& date, int days) { return CivilFromDays(DaysFromCivil(date) + days); }

int DaysSinceMonday(const LocalDate& date) {
  return static_cast<int>((DaysFromCivil(date) % 7 + 10) % 7);  // 1970-01-01 was a Thursday
}

LocalDate FirstOfNextMonth(const LocalDate& date) {
  return date.month == 12 ? LocalDate{date.year + 1, 1, 1} : LocalDate{date.year, date.month + 1, 1};
}

TimeZone TimeZone::FixedOffset(std::string name, int offset_seconds) {
  TimeZone tz;
  tz.name_ = std::move(name);
  tz.offsets_.push_back(offset_seconds);
  return tz;
}

Result<TimeZone> TimeZone::Load(std::string_view name, std::string_view zoneinfo_dir) {
  if (name == "UTC" || name == "Etc/UTC") return Utc();
  bool safe = !name.empty() && name.find("..") == std::string_view::npos && name.front() != '/' &&
              std::all_of(name.begin(), name.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' || c == '+';
              });
  if (!safe) return Status::InvalidArgument("'" + std::string(name) + "' is not a time zone name such as Asia/Shanghai");
  std::string path = std::string(zoneinfo_dir) + "/" + std::string(name);
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("unknown time zone '" + std::string(name) + "' (no file " + path + ")");
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto bad = [&] { return Status::Corruption("time zone file " + path + " is not a valid TZif file"); };
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  if (data.size() < 44 || data.compare(0, 4, "TZif") != 0) return bad();

  // TZif header counts: isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt.
  auto counts = [&](size_t at, uint32_t c[6]) {
    for (int i = 0; i < 6; ++i) c[i] = ReadBe32(p + at + 20 + 4 * i);
  };
  uint32_t c[6];
  counts(0, c);
  size_t header = 44;
  size_t v1_size = size_t(c[3]) * 5 + size_t(c[4]) * 6 + c[5] + size_t(c[2]) * 8 + c[1] + c[0];
  bool v2 = data[4] >= '2';
  int time_size = 4;
  size_t at = header;
  if (v2) {
    at = header + v1_size;
    if (data.size() < at + 44 || data.compare(at, 4, "TZif") != 0) return bad();
    counts(at, c);
    at += 44;
    time_size = 8;
  }
  uint32_t timecnt = c[3], typecnt = c[4];
  size_t need = at + size_t(timecnt) * time_size + timecnt + size_t(typecnt) * 6;
  if (typecnt == 0 || data.size() < need) return bad();

  TimeZone tz;
  tz.name_ = std::string(name);
  const unsigned char* times = p + at;
  const unsigned char* idx = times + size_t(timecnt) * time_size;
  const unsigned char* types = idx + timecnt;
  auto type_offset = [&](uint32_t i) -> int32_t { return int32_t(ReadBe32(types + 6 * i)); };
  // Before the first transition: the first non-DST type (RFC 8536 section 3.2), else type 0.
  uint32_t initial = 0;
  for (uint32_t i = 0; i < typecnt; ++i) {
    if (types[6 * i + 4] == 0) { initial = i; break; }
  }
  tz.offsets_.push_back(type_offset(initial));
  for (uint32_t i = 0; i < timecnt; ++i) {
    int64_t t = time_size == 8 ? int64_t(ReadBe64(times + 8 * i)) : int64_t(int32_t(ReadBe32(times + 4 * i)));
    if (idx[i] >= typecnt) return bad();
    tz.transitions_.push_back(t);
    tz.offsets_.push_back(type_offset(idx[i]));
  }
  return tz;
}

int TimeZone::OffsetSecondsAt(TimeMs utc) const {
  int64_t seconds = FloorDiv(utc, 1000);
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), seconds);
  return offsets_[size_t(it - transitions_.begin())];
}

LocalDateTime TimeZone::ToLocal(TimeMs utc) const {
  int64_t local = FloorDiv(utc, 1000) + OffsetSecondsAt(utc);
  int64_t days = FloorDiv(local, 86400);
  int64_t secs = local - days * 86400;
  LocalDateTime out;
  out.date = CivilFromDays(days);
  out.hour = int(secs / 3600);
  out.minute = int(secs / 60 % 60);
  out.second = int(secs % 60);
  return out;
}

TimeMs TimeZone::FromLocal(const LocalDateTime& local) const {
  int64_t wall = DaysFromCivil(local.date) * 86400 + local.hour * 3600 + local.minute * 60 + local.second;
  // A transition changes the offset by less than a day: the offsets in force a day either side are the
  // only candidates. Prefer the earlier instant when both map back (a repeated hour).
  int before = OffsetSecondsAt((wall - 86400) * 1000);
  int after = OffsetSecondsAt((wall + 86400) * 1000);
  for (int offset : {before, after}) {
    if (OffsetSecondsAt((wall - offset) * 1000) == offset) return (wall - offset) * 1000;
  }
  return (wall - before) * 1000;  // a skipped wall time: read it with the offset before the gap
}

TimeMs TimeZone::StartOfDay(const LocalDate& date) const { return FromLocal({date, 0, 0, 0}); }

std::string TimeZone::FormatTime(TimeMs utc) const {
  LocalDateTime t = ToLocal(utc);
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", t.hour, t.minute);
  return buf;
}

std::string TimeZone::FormatDateTime(TimeMs utc) const {
  return ToLocal(utc).date.ToString() + " " + FormatTime(utc);
}

std::string TimeZone::FormatRfc3339(TimeMs utc) const {
  LocalDateTime t = ToLocal(utc);
  int offset = OffsetSecondsAt(utc);
  char sign = offset < 0 ? '-' : '+';
  offset = std::abs(offset);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d%c%02d:%02d", t.date.ToString().c_str(), t.hour, t.minute,
                t.second, sign, offset / 3600, offset / 60 % 60);
  return buf;
}

Result<TimeMs> ParseRfc3339(std::string_view text) {
  auto bad = [&] {
    return Status::InvalidArgument("'" + std::string(text) + "' is not an RFC 3339 time such as 2026-11-29T09:30:00+08:00");
  };
  if (text.size() < 20 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ')) return bad();
  auto date = ParseLocalDate(text.substr(0, 10));
  if (!date.ok()) return bad();
  int h, m, s;
  if (!ParseDigits(text, 11, 2, &h) || text[13] != ':' || !ParseDigits(text, 14, 2, &m) || text[16] != ':' ||
      !ParseDigits(text, 17, 2, &s) || h > 23 || m > 59 || s > 60) {
    return bad();
  }
  size_t pos = 19;
  int millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    size_t digits = 0;
    ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 3) millis = millis * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return bad();
    for (size_t i = digits; i < 3; ++i) millis *= 10;
  }
  int offset = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z') && pos + 1 == text.size()) {
    offset = 0;
  } else if (pos + 6 == text.size() && (text[pos] == '+' || text[pos] == '-') && text[pos + 3] == ':') {
    int oh, om;
    if (!ParseDigits(text, pos + 1, 2, &oh) || !ParseDigits(text, pos + 4, 2, &om) || oh > 23 || om > 59) return bad();
    offset = (oh * 3600 + om * 60) * (text[pos] == '-' ? -1 : 1);
  } else {
    return bad();
  }
  int64_t seconds = DaysFromCivil(*date) * 86400 + h * 3600 + m * 60 + std::min(s, 59) - offset;
  return seconds * 1000 + millis;
}

std::string FormatRfc3339Utc(TimeMs utc) {
  TimeZone utc_zone = TimeZone::Utc();
  LocalDateTime t = utc_zone.ToLocal(utc);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d.%03dZ", t.date.ToString().c_str(), t.hour, t.minute, t.second,
                int(utc - FloorDiv(utc, 1000) * 1000));
  return buf;
}

}  // namespace lk
