#include "sync/hub/sqlite_hub_reports.h"

#include "kiosk/core/record_columns.h"
#include "sync/hub/sqlite_hub_rows.h"

namespace lk::hub::sqlite {
namespace {

// Both reports start with the session's columns: id, start, course id, course title (zh, en).
template <typename Row>
void ReadSessionColumns(const Statement& s, Row* row) {
  row->session_id = s.ColumnText(0);
  row->session_start = s.ColumnInt(1);
  row->course_id = s.ColumnText(2);
  row->course_title = {s.ColumnText(3), s.ColumnText(4)};
}

}  // namespace

Result<bool> LearnerKnownAt(Database& reader, const std::string& centre_id, const std::string& learner_id) {
  LK_ASSIGN_OR_RETURN(auto s, reader.Cached("SELECT 1 FROM attendance WHERE learner_id=? AND centre_id=? LIMIT 1"));
  s->Bind(1, learner_id).Bind(2, centre_id);
  LK_ASSIGN_OR_RETURN(bool row, s->Step());
  s->Reset();
  return row;
}

Result<sync::LearnerSummary> LearnerSummary(Database& reader, const std::string& learner_id, TimeMs from, TimeMs to) {
  LK_ASSIGN_OR_RETURN(auto s, reader.Cached(
      "SELECT a.centre_id, c.name_zh, c.name_en, COUNT(*), TOTAL(s.credit_hours) "
      "FROM (SELECT DISTINCT centre_id, session_id FROM attendance WHERE learner_id=?) a "
      "JOIN sessions s ON s.centre_id=a.centre_id AND s.id=a.session_id "
      "JOIN centres c ON c.id=a.centre_id "
      "WHERE s.starts_at>=? AND s.starts_at<? GROUP BY a.centre_id ORDER BY a.centre_id"));
  s->Bind(1, learner_id).Bind(2, from).Bind(3, to);
  sync::LearnerSummary out;
  out.learner_id = learner_id;
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    sync::CentreCredit c;
    c.centre_id = s->ColumnText(0);
    c.centre_name = {s->ColumnText(1), s->ColumnText(2)};
    c.checkins = s->ColumnInt(3);
    c.credit_hours = s->ColumnDouble(4);
    out.checkins += c.checkins;
    out.credit_hours += c.credit_hours;
    out.centres.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<ReportRow>> Report(Database& reader, const std::string& centre_id, TimeMs from, TimeMs to) {
  LK_RETURN_IF_ERROR(ReadCentre(reader, centre_id).status());
  // INDEXED BY: left to itself SQLite's planner answers "what acts on r" by scanning all of the centre's
  // records (its primary key) for every row, so a report took minutes at 50,000 records.
  LK_ASSIGN_OR_RETURN(auto s, reader.Cached(
      "SELECT r.session_id, s.starts_at, s.course_id, s.course_title_zh, s.course_title_en, r.id, r.seq, r.kind, "
      "r.learner_id, r.session_id, r.recorded_at, IFNULL(r.refers_to,''), r.reason, r.source, r.device_id, r.flags, "
      "r.received_at, (SELECT v.kind FROM records v INDEXED BY records_by_refers_to "
      "WHERE v.refers_to=r.id AND v.centre_id=r.centre_id "
      "ORDER BY v.id LIMIT 1) "
      "FROM records r JOIN sessions s ON s.centre_id=r.centre_id AND s.id=r.session_id "
      "WHERE r.centre_id=? AND s.starts_at>=? AND s.starts_at<? ORDER BY s.starts_at, r.session_id, r.id"));
  s->Bind(1, centre_id).Bind(2, from).Bind(3, to);
  std::vector<ReportRow> out;
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    ReportRow r;
    ReadSessionColumns(*s, &r);
    r.record = ReadRecordColumns(*s, 5);
    r.device_id = s->ColumnText(14);
    r.flags = SplitFlags(s->ColumnText(15));
    r.received_at = s->ColumnInt(16);
    if (!s->ColumnIsNull(17)) r.flags.push_back(s->ColumnText(17) == "void" ? "voided" : "replaced");
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<SessionSummary>> ReportSummary(Database& reader, const std::string& centre_id, TimeMs from,
                                                  TimeMs to) {
  LK_RETURN_IF_ERROR(ReadCentre(reader, centre_id).status());
  LK_ASSIGN_OR_RETURN(auto s, reader.Cached(
      "SELECT s.id, s.starts_at, s.course_id, s.course_title_zh, s.course_title_en, s.capacity, s.credit_hours, "
      "s.deleted, "
      "(SELECT COUNT(*) FROM records r WHERE r.centre_id=s.centre_id AND r.session_id=s.id), "
      "(SELECT COUNT(DISTINCT learner_id) FROM attendance a WHERE a.centre_id=s.centre_id AND a.session_id=s.id), "
      "(SELECT COUNT(*) FROM records r WHERE r.centre_id=s.centre_id AND r.session_id=s.id "
      "   AND EXISTS (SELECT 1 FROM records v WHERE v.refers_to=r.id AND v.centre_id=r.centre_id)), "
      "(SELECT COUNT(*) FROM records r WHERE r.centre_id=s.centre_id AND r.session_id=s.id "
      "   AND (',' || r.flags || ',') LIKE '%,over_capacity,%'), "
      "(SELECT COUNT(*) FROM conflicts k JOIN records r ON r.centre_id=k.centre_id AND r.id=k.record_id "
      "   WHERE r.centre_id=s.centre_id AND r.session_id=s.id) "
      "FROM sessions s WHERE s.centre_id=? AND s.starts_at>=? AND s.starts_at<? ORDER BY s.starts_at, s.id"));
  s->Bind(1, centre_id).Bind(2, from).Bind(3, to);
  std::vector<SessionSummary> out;
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    SessionSummary m;
    ReadSessionColumns(*s, &m);
    m.capacity = int(s->ColumnInt(5));
    m.credit_hours = s->ColumnDouble(6);
    m.removed = s->ColumnInt(7) != 0;
    m.records = s->ColumnInt(8);
    m.checkins = s->ColumnInt(9);
    m.voided = s->ColumnInt(10);
    m.over_capacity = s->ColumnInt(11);
    m.conflicts = s->ColumnInt(12);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace lk::hub::sqlite
