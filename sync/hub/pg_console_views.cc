#include "sync/hub/pg_console_views.h"

#include "sync/hub/pg_change_marks.h"
#include "sync/hub/pg_hub_catalog.h"
#include "sync/hub/pg_hub_rows.h"
#include "sync/hub/pg_transaction.h"
#include "sync/hub/settled_checkins.h"

namespace lk::hub::pg {
namespace {

// A CentreFilter as SQL: conditions to append to a WHERE over `centres c` (joined to the view's rows),
// their values added to `params` after the view's own. The centre condition is on `centre_column`, the
// view's own table, so the planner reaches its rows through that table's centre index. Each shape of
// filter is its own prepared statement, with no "$n IS NULL OR" for a generic plan to stumble on.
std::string CentreFilterSql(const CentreFilter& filter, const std::string& centre_column, Params& params) {
  std::string where;
  if (filter.district) {
    params.Add(*filter.district);
    const std::string n = "$" + std::to_string(params.size());
    where += " AND c.district=" + n + " AND c.district<>''";  // an empty district sees nothing
  }
  if (filter.centre_id) {
    params.Add(*filter.centre_id);
    where += " AND " + centre_column + "=$" + std::to_string(params.size());
  }
  return where;
}

// `columns` (kSessionSummaryColumns or kSessionCountColumns) of the sessions `where_times` (over `params`, its values) picks, of the centres `filter` lets through.
Result<std::vector<ConsoleSessionRow>> SessionRows(Connection& conn, const std::string& columns,
                                                   const std::string& where_times, Params params,
                                                   const CentreFilter& filter) {
  const std::string where = CentreFilterSql(filter, "s.centre_id", params);
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(
      "SELECT s.centre_id, " + columns + " FROM sessions s JOIN centres c ON c.id=s.centre_id WHERE " +
          where_times + where + " ORDER BY s.centre_id, s.starts_at, s.id",
      params));
  std::vector<ConsoleSessionRow> out;
  out.reserve(size_t(rows.size()));
  for (int i = 0; i < rows.size(); ++i) out.push_back({rows.Text(i, 0), ReadSessionSummary(rows, i, 1)});
  return out;
}

// The sessions' counts (kSessionCheckins) summed per local day (and per centre with `per_centre`), of
// sessions starting in [from, to), days with no check-in left out: rows of (day number, sum[, centre]).
// Centres are joined only for a district, so the city's view reads the by-time index alone.
Result<Rows> SumCountsByDay(Connection& conn, const CentreFilter& filter, TimeMs from, TimeMs to,
                            TimeMs utc_offset_ms, bool per_centre) {
  Params params;
  params.Add(utc_offset_ms).Add(from).Add(to);
  const std::string where = CentreFilterSql(filter, "s.centre_id", params);
  const std::string centre = per_centre ? ", s.centre_id" : "";
  // Session starts are after 1970, so integer division is the floor.
  return conn.Query("SELECT (s.starts_at + $1) / 86400000 AS day, SUM(" + kSessionCheckins + ")" + centre +
                        " FROM sessions s" + (filter.district ? " JOIN centres c ON c.id=s.centre_id" : "") +
                        " WHERE s.starts_at>=$2 AND s.starts_at<$3" + where + " GROUP BY day" + centre +
                        " HAVING SUM(" + kSessionCheckins + ")>0 ORDER BY" + (per_centre ? " s.centre_id," : "") +
                        " day",
                    params);
}

TimeMs DayStart(int64_t day_number, TimeMs utc_offset_ms) { return day_number * kMsPerDay - utc_offset_ms; }

}  // namespace

Result<std::vector<CentreRow>> ListCentres(Connection& conn, const CentreFilter& filter) {
  Params params;
  const std::string where = CentreFilterSql(filter, "c.id", params);
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(std::string("SELECT ") + kCentreColumns +
                                                ", district FROM centres c WHERE true" + where + " ORDER BY c.id",
                                            params));
  std::vector<CentreRow> out;
  out.reserve(size_t(rows.size()));
  for (int i = 0; i < rows.size(); ++i) out.push_back({CentreFromRow(rows, i), rows.Text(i, 4)});
  return out;
}

// A district's figures change with its centres: the settled-checkins mark is bumped (settled_checkins.h).
Status SetCentreDistrict(Connection& conn, const std::string& centre_id, const std::string& district) {
  LK_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(conn));
  LK_ASSIGN_OR_RETURN(Rows set, conn.Query("UPDATE centres SET district=$1 WHERE id=$2",
                                           Params().Add(district).Add(centre_id)));
  if (set.affected() == 0) return Status::NotFound("no centre \"" + centre_id + "\"");
  LK_RETURN_IF_ERROR(BumpChangeMark(conn, kSettledCheckinsMark));
  return txn.Commit();
}

Result<std::vector<DayCount>> CheckinsPerDay(Connection& conn, const CentreFilter& filter, TimeMs from, TimeMs to,
                                             TimeMs utc_offset_ms) {
  LK_ASSIGN_OR_RETURN(Rows rows, SumCountsByDay(conn, filter, from, to, utc_offset_ms, /*per_centre=*/true));
  std::vector<DayCount> out;
  out.reserve(size_t(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    out.push_back({rows.Text(i, 2), DayStart(rows.Int(i, 0), utc_offset_ms), rows.Int(i, 1)});
  }
  return out;
}

Result<std::vector<DayTotal>> DailyCheckins(Connection& conn, const CentreFilter& filter, TimeMs from, TimeMs to,
                                            TimeMs utc_offset_ms) {
  LK_ASSIGN_OR_RETURN(Rows rows, SumCountsByDay(conn, filter, from, to, utc_offset_ms, /*per_centre=*/false));
  std::vector<DayTotal> out;
  out.reserve(size_t(rows.size()));
  for (int i = 0; i < rows.size(); ++i) out.push_back({DayStart(rows.Int(i, 0), utc_offset_ms), rows.Int(i, 1)});
  return out;
}

Result<std::vector<ConsoleSessionRow>> Sessions(Connection& conn, const CentreFilter& filter, TimeMs from, TimeMs to) {
  return SessionRows(conn, kSessionSummaryColumns, "s.starts_at>=$1 AND s.starts_at<$2", Params().Add(from).Add(to), filter);
}

Result<std::vector<ConsoleSessionRow>> SessionsRunning(Connection& conn, const CentreFilter& filter, TimeMs now) {
  // The expression of the sessions_running index (pg_hub_schema.cc): start <= now < end.
  return SessionRows(conn, kSessionCountColumns, "int8range(s.starts_at, GREATEST(s.starts_at, s.ends_at)) @> $1::bigint",
                     Params().Add(now), filter);
}

Result<std::vector<ReportRow>> SessionRoster(Connection& conn, const std::string& centre_id,
                                             const std::string& session_id) {
  LK_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(conn, TransactionMode::kSnapshot));
  LK_ASSIGN_OR_RETURN(Rows known, conn.Query("SELECT 1 FROM sessions WHERE centre_id=$1 AND id=$2",
                                             Params().Add(centre_id).Add(session_id)));
  if (known.empty()) return Status::NotFound("centre \"" + centre_id + "\" has no session \"" + session_id + "\"");
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(
      std::string("SELECT ") + kReportRowColumns +
          " FROM records r JOIN sessions s ON s.centre_id=r.centre_id AND s.id=r.session_id "
          "WHERE r.centre_id=$1 AND r.session_id=$2 ORDER BY r.id",
      Params().Add(centre_id).Add(session_id)));
  LK_RETURN_IF_ERROR(txn.Commit());
  std::vector<ReportRow> out;
  out.reserve(size_t(rows.size()));
  for (int i = 0; i < rows.size(); ++i) out.push_back(ReadReportRow(rows, i));
  return out;
}

Result<std::vector<CourseAttendance>> AttendanceByCourse(Connection& conn, const std::string& centre_id, TimeMs from,
                                                         TimeMs to) {
  LK_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(conn, TransactionMode::kSnapshot));
  LK_RETURN_IF_ERROR(ReadCentre(conn, centre_id).status());
  // From the period's sessions with check-ins: their counts (kSessionCheckins) summed per course, and the
  // course's distinct learners from attendance, read per session through its primary key (LATERAL: left
  // to a join, the planner hashes the sessions and scans the whole city's attendance). The course's
  // category comes from its catalogue item (kept as a tombstone when the course was removed).
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(
      "WITH period AS (SELECT s.id, s.course_id, s.course_title_zh, s.course_title_en, s.credit_hours, " +
          kSessionCheckins + " AS checkins FROM sessions s "
      "  WHERE s.centre_id=$1 AND s.starts_at>=$2 AND s.starts_at<$3 AND " + kSessionCheckins + ">0), "
      "learners AS (SELECT p.course_id, COUNT(DISTINCT a.learner_id) AS n FROM period p CROSS JOIN LATERAL "
      "  (SELECT learner_id FROM attendance WHERE centre_id=$1 AND session_id=p.id) a GROUP BY p.course_id), "
      "totals AS (SELECT course_id, MAX(course_title_zh) AS title_zh, MAX(course_title_en) AS title_en, "
      "  SUM(checkins) AS checkins, SUM(checkins * credit_hours) AS hours FROM period GROUP BY course_id) "
      "SELECT t.course_id, t.title_zh, t.title_en, COALESCE(course.body::jsonb->>'category', ''), "
      "COALESCE(category.body::jsonb#>>'{name,zh}', ''), COALESCE(category.body::jsonb#>>'{name,en}', ''), "
      "t.checkins, l.n, t.hours FROM totals t JOIN learners l ON l.course_id=t.course_id "
      "LEFT JOIN catalog_items course ON course.centre_id=$1 AND course.type=$4 AND course.id=t.course_id "
      "LEFT JOIN catalog_items category ON category.centre_id=$1 AND category.type=$5 "
      "  AND category.id=course.body::jsonb->>'category' "
      "ORDER BY t.checkins DESC, t.course_id",
      Params().Add(centre_id).Add(from).Add(to).Add(int(sync::ItemType::kCourse)).Add(int(sync::ItemType::kCategory))));
  LK_RETURN_IF_ERROR(txn.Commit());
  std::vector<CourseAttendance> out;
  out.reserve(size_t(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    CourseAttendance c;
    c.course_id = rows.Text(i, 0);
    c.course_title = {rows.Text(i, 1), rows.Text(i, 2)};
    c.category_id = rows.Text(i, 3);
    c.category_name = {rows.Text(i, 4), rows.Text(i, 5)};
    c.checkins = rows.Int(i, 6);
    c.learners = rows.Int(i, 7);
    c.credit_hours = rows.Double(i, 8);
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<DeviceInfo>> ListDevices(Connection& conn, const CentreFilter& filter) {
  Params params;
  const std::string where = CentreFilterSql(filter, "d.centre_id", params);
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(std::string("SELECT ") + kDeviceColumns +
                                                " FROM devices d JOIN centres c ON c.id=d.centre_id WHERE true" +
                                                where + " ORDER BY d.centre_id, d.id",
                                            params));
  std::vector<DeviceInfo> out;
  out.reserve(size_t(rows.size()));
  for (int i = 0; i < rows.size(); ++i) out.push_back(ReadDevice(rows, i, 0));
  return out;
}

Result<CatalogPreview> PreviewCatalog(Connection& conn, const std::string& centre_id, const Catalog& catalog) {
  LK_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(conn, TransactionMode::kSnapshot));
  LK_RETURN_IF_ERROR(ReadCentre(conn, centre_id).status());
  LK_ASSIGN_OR_RETURN(auto stored, ReadStoredItems(conn, centre_id));
  LK_RETURN_IF_ERROR(txn.Commit());
  return PreviewCatalogDiff(stored, catalog);
}

}  // namespace lk::hub::pg
