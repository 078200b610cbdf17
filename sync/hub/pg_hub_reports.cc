#include "sync/hub/pg_hub_reports.h"

#include "sync/hub/pg_hub_rows.h"
#include "sync/hub/pg_transaction.h"

namespace lk::hub::pg {

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
      std::string("SELECT ") + kReportRowColumns +
      " FROM records r JOIN sessions s ON s.centre_id=r.centre_id AND s.id=r.session_id "
      "WHERE r.centre_id=$1 AND s.starts_at>=$2 AND s.starts_at<$3 ORDER BY s.starts_at, r.session_id, r.id",
      Params().Add(centre_id).Add(from).Add(to)));
  LK_RETURN_IF_ERROR(txn.Commit());
  std::vector<ReportRow> out;
  out.reserve(size_t(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    out.push_back(ReadReportRow(rows, i));
  }
  return out;
}

Result<std::vector<SessionSummary>> ReportSummary(Connection& conn, const std::string& centre_id, TimeMs from,
                                                  TimeMs to) {
  LK_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(conn, TransactionMode::kSnapshot));
  LK_RETURN_IF_ERROR(ReadCentre(conn, centre_id).status());
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(
      std::string("SELECT ") + kSessionSummaryColumns +
      " FROM sessions s WHERE s.centre_id=$1 AND s.starts_at>=$2 AND s.starts_at<$3 ORDER BY s.starts_at, s.id",
      Params().Add(centre_id).Add(from).Add(to)));
  LK_RETURN_IF_ERROR(txn.Commit());
  std::vector<SessionSummary> out;
  out.reserve(size_t(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    out.push_back(ReadSessionSummary(rows, i, 0));
  }
  return out;
}

}  // namespace lk::hub::pg
