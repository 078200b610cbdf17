#include "sync/hub/pg_hub_reports.h"

#include "sync/hub/flag_list.h"
#include "sync/hub/pg_hub_rows.h"
#include "sync/hub/pg_transaction.h"

namespace lk::hub::pg {
namespace {

// Both reports start with the session's columns: id, start, course id, course title (zh, en).
template <typename Row>
void ReadSessionColumns(const Rows& rows, int i, Row* row) {
  row->session_id = rows.Text(i, 0);
  row->session_start = rows.Int(i, 1);
  row->course_id = rows.Text(i, 2);
  row->course_title = {rows.Text(i, 3), rows.Text(i, 4)};
}

}  // namespace

Result<bool> LearnerKnownAt(Connection& conn, const std::string& centre_id, const std::string& learner_id) {
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query("SELECT 1 FROM attendance WHERE learner_id=$1 AND centre_id=$2 LIMIT 1",
                                            Params().Add(learner_id).Add(centre_id)));
  return !rows.empty();
}

Result<sync::LearnerSummary> LearnerSummary(Connection& conn, const std::string& learner_id, TimeMs from, TimeMs to) {
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(
      "SELECT a.centre_id, c.name_zh, c.name_en, COUNT(*), COALESCE(SUM(s.credit_hours), 0) "
      "FROM (SELECT DISTINCT centre_id, session_id FROM attendance WHERE learner_id=$1) a "
      "JOIN sessions s ON s.centre_id=a.centre_id AND s.id=a.session_id "
      "JOIN centres c ON c.id=a.centre_id "
      "WHERE s.starts_at>=$2 AND s.starts_at<$3 GROUP BY a.centre_id, c.name_zh, c.name_en ORDER BY a.centre_id",
      Params().Add(learner_id).Add(from).Add(to)));
  sync::LearnerSummary out;
  out.learner_id = learner_id;
  for (int i = 0; i < rows.size(); ++i) {
    sync::CentreCredit c;
    c.centre_id = rows.Text(i, 0);
    c.centre_name = {rows.Text(i, 1), rows.Text(i, 2)};
    c.checkins = rows.Int(i, 3);
    c.credit_hours = rows.Double(i, 4);
    out.checkins += c.checkins;
    out.credit_hours += c.credit_hours;
    out.centres.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<ReportRow>> Report(Connection& conn, const std::string& centre_id, TimeMs from, TimeMs to) {
  LK_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(conn, TransactionMode::kSnapshot));
  LK_RETURN_IF_ERROR(ReadCentre(conn, centre_id).status());
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(
      "SELECT r.session_id, s.starts_at, s.course_id, s.course_title_zh, s.course_title_en, r.id, r.seq, r.kind, "
      "r.learner_id, r.session_id, r.recorded_at, COALESCE(r.refers_to, ''), r.reason, r.source, r.device_id, "
      "r.flags, r.received_at, (SELECT v.kind FROM records v WHERE v.refers_to=r.id AND v.centre_id=r.centre_id "
      "ORDER BY v.id LIMIT 1) "
      "FROM records r JOIN sessions s ON s.centre_id=r.centre_id AND s.id=r.session_id "
      "WHERE r.centre_id=$1 AND s.starts_at>=$2 AND s.starts_at<$3 ORDER BY s.starts_at, r.session_id, r.id",
      Params().Add(centre_id).Add(from).Add(to)));
  LK_RETURN_IF_ERROR(txn.Commit());
  std::vector<ReportRow> out;
  out.reserve(size_t(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    ReportRow r;
    ReadSessionColumns(rows, i, &r);
    r.record = ReadRecord(rows, i, 5);
    r.device_id = rows.Text(i, 14);
    r.flags = SplitFlags(rows.Text(i, 15));
    r.received_at = rows.Int(i, 16);
    if (!rows.IsNull(i, 17)) r.flags.push_back(rows.Text(i, 17) == "void" ? "voided" : "replaced");
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<SessionSummary>> ReportSummary(Connection& conn, const std::string& centre_id, TimeMs from,
                                                  TimeMs to) {
  LK_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(conn, TransactionMode::kSnapshot));
  LK_RETURN_IF_ERROR(ReadCentre(conn, centre_id).status());
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(
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
      "FROM sessions s WHERE s.centre_id=$1 AND s.starts_at>=$2 AND s.starts_at<$3 ORDER BY s.starts_at, s.id",
      Params().Add(centre_id).Add(from).Add(to)));
  LK_RETURN_IF_ERROR(txn.Commit());
  std::vector<SessionSummary> out;
  out.reserve(size_t(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    SessionSummary m;
    ReadSessionColumns(rows, i, &m);
    m.capacity = int(rows.Int(i, 5));
    m.credit_hours = rows.Double(i, 6);
    m.removed = rows.Bool(i, 7);
    m.records = rows.Int(i, 8);
    m.checkins = rows.Int(i, 9);
    m.voided = rows.Int(i, 10);
    m.over_capacity = rows.Int(i, 11);
    m.conflicts = rows.Int(i, 12);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace lk::hub::pg
