#include "sync/hub/sqlite_console_views.h"

#include <functional>
#include <initializer_list>

#include "kiosk/core/catalog_json.h"
#include "sync/hub/settled_checkins.h"
#include "sync/hub/sqlite_change_marks.h"
#include "sync/hub/sqlite_hub_catalog.h"
#include "sync/hub/sqlite_hub_rows.h"
#include "sync/hub/sqlite_reset.h"

namespace lk::hub::sqlite {
namespace {

// A CentreFilter as SQL: conditions to append to a WHERE over `centres c` (joined to the view's rows)
// and the values to bind, in order, after the view's own. The centre condition is on `centre_column`,
// the view's own table, so the planner reaches its rows through that table's centre index. Each shape
// of filter is its own statement (cached apart), with no "? IS NULL OR" for the planner to see through.
struct FilterSql {
  std::string where;
  std::vector<std::string> values;
};

FilterSql CentreFilterSql(const CentreFilter& filter, const std::string& centre_column) {
  FilterSql out;
  if (filter.district) {
    out.where += " AND c.district=? AND c.district<>''";  // an empty district sees nothing
    out.values.push_back(*filter.district);
  }
  if (filter.centre_id) {
    out.where += " AND " + centre_column + "=?";
    out.values.push_back(*filter.centre_id);
  }
  return out;
}

void BindFilter(Statement& s, int first, const FilterSql& filter) {
  for (const std::string& value : filter.values) s.Bind(first++, value);
}

// `columns` (kSessionSummaryColumns or kSessionCountColumns) of the sessions `where_times` (over its
// values `times`) picks, of the centres `filter` lets through.
Result<std::vector<ConsoleSessionRow>> SessionRows(Database& reader, const std::string& columns,
                                                   const std::string& where_times, std::initializer_list<TimeMs> times,
                                                   const CentreFilter& filter) {
  FilterSql f = CentreFilterSql(filter, "s.centre_id");
  LK_ASSIGN_OR_RETURN(auto s, reader.Cached(
      "SELECT s.centre_id, " + columns + " FROM sessions s JOIN centres c ON c.id=s.centre_id WHERE " +
      where_times + f.where + " ORDER BY s.centre_id, s.starts_at, s.id"));
  int next = 1;
  for (TimeMs t : times) s->Bind(next++, t);
  BindFilter(*s, next, f);
  std::vector<ConsoleSessionRow> out;
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back({s->ColumnText(0), ReadSessionSummary(*s, 1)});
  }
  return out;
}

// The sessions' counts (kSessionCheckins) summed per local day (and per centre with `per_centre`), of
// sessions starting in [from, to), days with no check-in left out; `row` gets (day number, sum, centre).
// Centres are joined only for a district, so the city's view reads the by-time index alone.
Status SumCountsByDay(Database& reader, const CentreFilter& filter, TimeMs from, TimeMs to, TimeMs utc_offset_ms,
                      bool per_centre, const std::function<void(Statement&)>& row) {
  FilterSql f = CentreFilterSql(filter, "s.centre_id");
  const std::string centre = per_centre ? ", s.centre_id" : "";
  // Session starts are after 1970, so integer division is the floor.
  LK_ASSIGN_OR_RETURN(auto s, reader.Cached(
      "SELECT (s.starts_at + ?) / 86400000 AS day, SUM(" + kSessionCheckins + ")" + centre + " FROM sessions s" +
      (filter.district ? " JOIN centres c ON c.id=s.centre_id" : "") + " WHERE s.starts_at>=? AND s.starts_at<?" +
      f.where + " GROUP BY day" + centre + " HAVING SUM(" + kSessionCheckins + ")>0 ORDER BY" +
      (per_centre ? " s.centre_id," : "") + " day"));
  s->Bind(1, utc_offset_ms).Bind(2, from).Bind(3, to);
  BindFilter(*s, 4, f);
  while (true) {
    LK_ASSIGN_OR_RETURN(bool more, s->Step());
    if (!more) return Status::Ok();
    row(*s);
  }
}

TimeMs DayStart(int64_t day_number, TimeMs utc_offset_ms) { return day_number * kMsPerDay - utc_offset_ms; }

}  // namespace

Result<std::vector<CentreRow>> ListCentres(Database& reader, const CentreFilter& filter) {
  FilterSql f = CentreFilterSql(filter, "c.id");
  LK_ASSIGN_OR_RETURN(auto s, reader.Cached(
      "SELECT c.id, c.name_zh, c.name_en, c.time_zone, c.district FROM centres c WHERE 1" + f.where +
      " ORDER BY c.id"));
  BindFilter(*s, 1, f);
  std::vector<CentreRow> out;
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back({CentreFromRow(*s, 0), s->ColumnText(4)});
  }
  return out;
}

// A district's figures change with its centres: the settled-checkins mark is bumped (settled_checkins.h).
Status SetCentreDistrict(Database& writer, const std::string& centre_id, const std::string& district) {
  LK_ASSIGN_OR_RETURN(Transaction txn, writer.Begin(TransactionMode::kImmediate));
  {
    LK_ASSIGN_OR_RETURN(auto s, writer.Cached("UPDATE centres SET district=? WHERE id=?"));
    s->Bind(1, district).Bind(2, centre_id);
    LK_RETURN_IF_ERROR(s->Run());
  }
  if (writer.Changes() == 0) return Status::NotFound("no centre \"" + centre_id + "\"");
  LK_RETURN_IF_ERROR(BumpChangeMark(writer, kSettledCheckinsMark));
  return ResetAndCommit(writer, txn);
}

Result<std::vector<DayCount>> CheckinsPerDay(Database& reader, const CentreFilter& filter, TimeMs from, TimeMs to,
                                             TimeMs utc_offset_ms) {
  std::vector<DayCount> out;
  LK_RETURN_IF_ERROR(SumCountsByDay(reader, filter, from, to, utc_offset_ms, /*per_centre=*/true,
                                    [&](Statement& s) {
                                      out.push_back({s.ColumnText(2), DayStart(s.ColumnInt(0), utc_offset_ms),
                                                     s.ColumnInt(1)});
                                    }));
  return out;
}

Result<std::vector<DayTotal>> DailyCheckins(Database& reader, const CentreFilter& filter, TimeMs from, TimeMs to,
                                            TimeMs utc_offset_ms) {
  std::vector<DayTotal> out;
  LK_RETURN_IF_ERROR(SumCountsByDay(reader, filter, from, to, utc_offset_ms, /*per_centre=*/false,
                                    [&](Statement& s) {
                                      out.push_back({DayStart(s.ColumnInt(0), utc_offset_ms), s.ColumnInt(1)});
                                    }));
  return out;
}

Result<std::vector<ConsoleSessionRow>> Sessions(Database& reader, const CentreFilter& filter, TimeMs from, TimeMs to) {
  return SessionRows(reader, kSessionSummaryColumns, "s.starts_at>=? AND s.starts_at<?", {from, to}, filter);
}

Result<std::vector<ConsoleSessionRow>> SessionsRunning(Database& reader, const CentreFilter& filter, TimeMs now) {
  // The lower bound (no session is longer) keeps the city's by-time scan to one day, not the history.
  return SessionRows(reader, kSessionCountColumns, "s.starts_at>? AND s.starts_at<=? AND s.ends_at>?",
                     {now - kMaxSessionLength, now, now}, filter);
}

Result<std::vector<ReportRow>> SessionRoster(Database& reader, const std::string& centre_id,
                                             const std::string& session_id) {
  LK_ASSIGN_OR_RETURN(Transaction txn, reader.Begin(TransactionMode::kDeferred));  // one snapshot
  {
    LK_ASSIGN_OR_RETURN(auto known, reader.Cached("SELECT 1 FROM sessions WHERE centre_id=? AND id=?"));
    known->Bind(1, centre_id).Bind(2, session_id);
    LK_ASSIGN_OR_RETURN(bool row, known->Step());
    if (!row) return Status::NotFound("centre \"" + centre_id + "\" has no session \"" + session_id + "\"");
  }
  LK_ASSIGN_OR_RETURN(auto s, reader.Cached(
      std::string("SELECT ") + kReportRowColumns +
      " FROM records r JOIN sessions s ON s.centre_id=r.centre_id AND s.id=r.session_id "
      "WHERE r.centre_id=? AND r.session_id=? ORDER BY r.id"));
  s->Bind(1, centre_id).Bind(2, session_id);
  std::vector<ReportRow> out;
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back(ReadReportRow(*s));
  }
  LK_RETURN_IF_ERROR(ResetAndCommit(reader, txn));
  return out;
}

Result<std::vector<CourseAttendance>> AttendanceByCourse(Database& reader, const std::string& centre_id, TimeMs from,
                                                         TimeMs to) {
  LK_ASSIGN_OR_RETURN(Transaction txn, reader.Begin(TransactionMode::kDeferred));  // one snapshot
  LK_RETURN_IF_ERROR(ReadCentre(reader, centre_id).status());
  // From the period's sessions with check-ins: their counts (kSessionCheckins) summed per course, and the
  // course's distinct learners from attendance. The course's category comes from its catalogue item
  // (kept as a tombstone when the course was removed).
  LK_ASSIGN_OR_RETURN(auto s, reader.Cached(
      "WITH period AS (SELECT s.id, s.course_id, s.course_title_zh, s.course_title_en, s.credit_hours, " +
      kSessionCheckins + " AS checkins FROM sessions s "
      "  WHERE s.centre_id=?1 AND s.starts_at>=?2 AND s.starts_at<?3 AND " + kSessionCheckins + ">0), "
      "learners AS (SELECT p.course_id, COUNT(DISTINCT a.learner_id) AS n FROM period p "
      "  JOIN attendance a ON a.centre_id=?1 AND a.session_id=p.id GROUP BY p.course_id), "
      "totals AS (SELECT course_id, MAX(course_title_zh) AS title_zh, MAX(course_title_en) AS title_en, "
      "  SUM(checkins) AS checkins, TOTAL(checkins * credit_hours) AS hours FROM period GROUP BY course_id) "
      "SELECT t.course_id, t.title_zh, t.title_en, IFNULL(json_extract(course.body, '$.category'), ''), "
      "IFNULL(json_extract(category.body, '$.name.zh'), ''), IFNULL(json_extract(category.body, '$.name.en'), ''), "
      "t.checkins, l.n, t.hours FROM totals t JOIN learners l ON l.course_id=t.course_id "
      "LEFT JOIN catalog_items course ON course.centre_id=?1 AND course.type=?4 AND course.id=t.course_id "
      "LEFT JOIN catalog_items category ON category.centre_id=?1 AND category.type=?5 "
      "  AND category.id=json_extract(course.body, '$.category') "
      "ORDER BY t.checkins DESC, t.course_id"));
  s->Bind(1, centre_id).Bind(2, from).Bind(3, to).Bind(4, int(sync::ItemType::kCourse))
      .Bind(5, int(sync::ItemType::kCategory));
  std::vector<CourseAttendance> out;
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    CourseAttendance c;
    c.course_id = s->ColumnText(0);
    c.course_title = {s->ColumnText(1), s->ColumnText(2)};
    c.category_id = s->ColumnText(3);
    c.category_name = {s->ColumnText(4), s->ColumnText(5)};
    c.checkins = s->ColumnInt(6);
    c.learners = s->ColumnInt(7);
    c.credit_hours = s->ColumnDouble(8);
    out.push_back(std::move(c));
  }
  LK_RETURN_IF_ERROR(ResetAndCommit(reader, txn));
  return out;
}

Result<std::vector<DeviceInfo>> ListDevices(Database& reader, const CentreFilter& filter) {
  FilterSql f = CentreFilterSql(filter, "d.centre_id");
  LK_ASSIGN_OR_RETURN(auto s, reader.Cached(
      std::string("SELECT ") + kDeviceColumns + " FROM devices d JOIN centres c ON c.id=d.centre_id WHERE 1" +
      f.where + " ORDER BY d.centre_id, d.id"));
  BindFilter(*s, 1, f);
  std::vector<DeviceInfo> out;
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back(ReadDevice(*s, 0));
  }
  return out;
}

Result<CatalogPreview> PreviewCatalog(Database& reader, const std::string& centre_id, const Catalog& catalog) {
  LK_ASSIGN_OR_RETURN(Transaction txn, reader.Begin(TransactionMode::kDeferred));  // one snapshot
  LK_RETURN_IF_ERROR(ReadCentre(reader, centre_id).status());
  LK_ASSIGN_OR_RETURN(auto stored, ReadStoredItems(reader, centre_id));
  LK_RETURN_IF_ERROR(ResetAndCommit(reader, txn));
  return PreviewCatalogDiff(stored, catalog);
}

}  // namespace lk::hub::sqlite
