// City data for city_bench: a synthetic city (centres of very different sizes, their kiosks and
// catalogues, learners who attend one centre and sometimes a few others, months of attendance with
// repeat check-ins, voids and staff corrections), generated as the rows learning-hub's store would hold
// had those kiosks pushed that history through it: the same tables and columns (both backends have the
// same ones), records with the flags the ingest rules would have given them, an attendance row for every
// effective check-in or correction, one batches row per push, enrolment codes used by the devices.
//
// GenerateCity writes every row through a RowSink (city_load.h: PostgreSQL COPY, SQLite inserts) and
// returns what the benchmark needs to talk to the hub afterwards (CityFacts: device tokens, each centre's
// sessions and some of its learners, a sample of learner visits). The shape is deterministic for a seed;
// ids and tokens are random. Not generated: catalogue tombstones of sessions that left the catalogue (no
// measured path reads them) and conflicts.
//
// Thread-safety: GenerateCity runs on one thread and calls the sink from it only.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/time_zone.h"

namespace lk::bench {

struct CityShape {
  int centres = 3000;
  int64_t learners = 1'000'000;
  int64_t records = 10'000'000;  // rows of `records`: check-ins, voids and corrections
  int kiosks = 5000;             // devices; at least one per centre
  int days = 90;                 // of history, ending yesterday; today's sessions start empty
  uint64_t seed = 1;

  // The city (3,000 centres, 1,000,000 learners, 10,000,000 records) times `scale`: more or fewer
  // centres of the same sizes. `kiosks` is not scaled.
  static CityShape Scaled(double scale, int kiosks);
  // A district: `fraction` of this city (centres, learners, records, kiosks), same days and seed.
  CityShape Fraction(double fraction) const;
  std::string Describe() const;  // "3000 centres, 1000000 learners, ..."
};

enum class Table { kCentres, kDevices, kEnrollCodes, kCatalogItems, kSessions, kBatches, kRecords, kAttendance };
inline constexpr Table kAllTables[] = {Table::kCentres,      Table::kDevices,  Table::kEnrollCodes,
                                       Table::kCatalogItems, Table::kSessions, Table::kBatches,
                                       Table::kRecords,      Table::kAttendance};
const char* TableName(Table table);
// The columns GenerateCity fills, in the order of the fields it passes.
const std::vector<const char*>& TableColumns(Table table);

// One column value of a generated row. Text is borrowed for the RowSink::Row call only.
struct Field {
  enum class Kind { kNull, kText, kInt, kReal, kBool };
  Kind kind = Kind::kNull;
  std::string_view text;
  int64_t integer = 0;
  double real = 0;

  Field() = default;  // NULL
  Field(std::string_view t) : kind(Kind::kText), text(t) {}
  Field(const std::string& t) : kind(Kind::kText), text(t) {}
  Field(const char* t) : kind(Kind::kText), text(t) {}
  Field(int64_t v) : kind(Kind::kInt), integer(v) {}
  Field(int v) : kind(Kind::kInt), integer(v) {}
  Field(double v) : kind(Kind::kReal), real(v) {}
  static Field Bool(bool v) {
    Field f;
    f.kind = Kind::kBool;
    f.integer = v;
    return f;
  }
};

// Where generated rows go. Rows of one table arrive in no particular relation to other tables' rows,
// except that every centres row comes first, followed by TableDone(kCentres) (other tables refer to it).
class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual void Row(Table table, std::initializer_list<Field> fields) = 0;
  virtual void TableDone(Table table) = 0;
};

struct CityDevice {
  std::string id;
  int centre = 0;  // index into CityFacts::centres
  std::string token;
};

struct CityCentre {
  std::string id;
  std::vector<std::string> today_sessions;   // today's sessions (no records yet)
  std::vector<std::string> recent_sessions;  // sessions of the last 14 days
  std::vector<int64_t> learners;             // some learners of this centre's pool (learner numbers)
  std::vector<int> devices;                  // indexes into CityFacts::devices
  int64_t records = 0;
};

// A learner with an effective attendance at a centre: sampled uniformly among attendance rows, which
// is how kiosks ask for summaries (right after a check-in).
struct LearnerVisit {
  int64_t learner = 0;
  int centre = 0;
};

struct CityFacts {
  std::string time_zone;  // every centre's
  LocalDate today;
  std::vector<LocalDate> history;  // the days with attendance, oldest first
  std::vector<CityCentre> centres;
  std::vector<CityDevice> devices;
  std::vector<LearnerVisit> visits;
  std::vector<std::pair<Table, int64_t>> rows;  // rows written per table
  int64_t learners_with_attendance = 0;
  int64_t largest_centre_day = 0;  // records of the busiest centre-day
};

// The learner id (an 18-digit national id number, as real cards carry) of learner number `n`; distinct
// for distinct n < 10^16.
std::string LearnerId(int64_t n);

// Generates `shape` as of `now` (today in Asia/Shanghai) into `sink`.
CityFacts GenerateCity(const CityShape& shape, TimeMs now, RowSink& sink);

}  // namespace lk::bench
