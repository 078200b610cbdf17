// The kiosk's data model: the course catalogue and attendance records, as plain values.
//
// Shared by the kiosk, kioskctl, the sync client and learning-hub. Times are UTC milliseconds since the
// Unix epoch everywhere in the model; only presentation converts them to the centre's time zone.
// Plain structs: copyable, no invariants beyond those the parsers and the store enforce.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lk {

using TimeMs = int64_t;  // milliseconds since 1970-01-01T00:00:00Z

constexpr TimeMs kMsPerSecond = 1000;
constexpr TimeMs kMsPerMinute = 60 * kMsPerSecond;
constexpr TimeMs kMsPerHour = 60 * kMsPerMinute;
constexpr TimeMs kMsPerDay = 24 * kMsPerHour;

enum class Language { kZh, kEn };
const char* LanguageCode(Language language);  // "zh", "en"
std::optional<Language> ParseLanguageCode(std::string_view code);

// A text in both languages; `Get` falls back to the other language when one is empty.
struct LocalizedText {
  std::string zh;
  std::string en;
  const std::string& Get(Language lang) const {
    const std::string& preferred = lang == Language::kZh ? zh : en;
    return preferred.empty() ? (lang == Language::kZh ? en : zh) : preferred;
  }
  bool operator==(const LocalizedText&) const = default;
};

struct Centre {
  std::string id;
  LocalizedText name;
  std::string time_zone = "Asia/Shanghai";
  bool operator==(const Centre&) const = default;
};

struct Category {
  std::string id;
  LocalizedText name;
  int sort_order = 0;
  bool operator==(const Category&) const = default;
};

struct Course {
  std::string id;
  std::string category_id;
  LocalizedText title;
  LocalizedText summary;
  LocalizedText teacher;
  double credit_hours = 0;
  bool operator==(const Course&) const = default;
};

struct Session {
  std::string id;
  std::string course_id;
  TimeMs starts_at = 0;
  TimeMs ends_at = 0;
  LocalizedText room;
  int capacity = 0;  // 0: unlimited
  bool operator==(const Session&) const = default;
};

struct Catalog {
  std::string version;  // opaque; changes whenever the content changes
  Centre centre;
  std::vector<Category> categories;
  std::vector<Course> courses;
  std::vector<Session> sessions;
};

enum class RecordKind {
  kCheckIn,     // a resident checked in at the kiosk
  kVoid,        // staff cancelled the record `refers_to`
  kCorrection,  // staff added a check-in by hand (refers_to empty) or replaced `refers_to`
};
const char* RecordKindName(RecordKind kind);  // "checkin", "void", "correction"
std::optional<RecordKind> ParseRecordKind(const std::string& name);

enum class RecordSource { kKeypad, kScanner, kStaff, kCli };
const char* RecordSourceName(RecordSource source);
std::optional<RecordSource> ParseRecordSource(const std::string& name);

// One attendance record. Append-only: a record is never changed once written.
struct AttendanceRecord {
  std::string id;          // UUIDv7, made on the kiosk
  int64_t seq = 0;         // the kiosk's sequence number (assigned by the store)
  RecordKind kind = RecordKind::kCheckIn;
  std::string learner_id;
  std::string session_id;
  TimeMs recorded_at = 0;  // kiosk clock
  std::string refers_to;   // void/correction: the record it acts on
  std::string reason;      // void/correction: why (staff's words)
  RecordSource source = RecordSource::kKeypad;
  bool operator==(const AttendanceRecord&) const = default;
};

}  // namespace lk
