#include "sync/hub/pg_hub_learner.h"

#include "sync/hub/pg_hub_reports.h"
#include "sync/hub/pg_transaction.h"

namespace lk::hub::pg {

Result<hub::LearnerRecord> LearnerRecord(Connection& conn, const std::string& learner_id, TimeMs from, TimeMs to,
                                         int recent_limit) {
  hub::LearnerRecord out;
  LK_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(conn, TransactionMode::kSnapshot));
  LK_ASSIGN_OR_RETURN(sync::LearnerSummary summary, LearnerSummary(conn, learner_id, from, to));
  out.centres = std::move(summary.centres);
  LK_ASSIGN_OR_RETURN(Rows courses, conn.Query(
      "SELECT a.centre_id, s.course_id, MAX(s.course_title_zh), MAX(s.course_title_en), COUNT(*), "
      "COALESCE(SUM(s.credit_hours), 0) AS hours "
      "FROM (SELECT DISTINCT centre_id, session_id FROM attendance WHERE learner_id=$1) a "
      "JOIN sessions s ON s.centre_id=a.centre_id AND s.id=a.session_id "
      "WHERE s.starts_at>=$2 AND s.starts_at<$3 GROUP BY a.centre_id, s.course_id "
      "ORDER BY hours DESC, a.centre_id, s.course_id",
      Params().Add(learner_id).Add(from).Add(to)));
  for (int i = 0; i < courses.size(); ++i) {
    out.courses.push_back({courses.Text(i, 0), courses.Text(i, 1), {courses.Text(i, 2), courses.Text(i, 3)},
                           courses.Int(i, 4), courses.Double(i, 5)});
  }
  LK_ASSIGN_OR_RETURN(Rows recent, conn.Query(
      "SELECT a.centre_id, c.name_zh, c.name_en, s.course_id, s.course_title_zh, s.course_title_en, s.starts_at, "
      "s.credit_hours "
      "FROM (SELECT DISTINCT centre_id, session_id FROM attendance WHERE learner_id=$1) a "
      "JOIN sessions s ON s.centre_id=a.centre_id AND s.id=a.session_id "
      "JOIN centres c ON c.id=a.centre_id "
      "ORDER BY s.starts_at DESC, a.centre_id, a.session_id LIMIT $2",
      Params().Add(learner_id).Add(int64_t(recent_limit))));
  for (int i = 0; i < recent.size(); ++i) {
    out.recent.push_back({recent.Text(i, 0), {recent.Text(i, 1), recent.Text(i, 2)}, recent.Text(i, 3),
                          {recent.Text(i, 4), recent.Text(i, 5)}, recent.Int(i, 6), recent.Double(i, 7)});
  }
  LK_RETURN_IF_ERROR(txn.Commit());
  return out;
}

Status CountRecordView(Connection& conn, const std::string& learner_key, TimeMs now) {
  return conn.Query(
                 "INSERT INTO record_page_views(learner_key, views, last_viewed_at) VALUES ($1, 1, $2) "
                 "ON CONFLICT(learner_key) DO UPDATE SET views=record_page_views.views+1, "
                 "last_viewed_at=excluded.last_viewed_at",
                 Params().Add(learner_key).Add(now))
      .status();
}

Result<int64_t> RecordViews(Connection& conn, const std::string& learner_key) {
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query("SELECT views FROM record_page_views WHERE learner_key=$1",
                                            Params().Add(learner_key)));
  return rows.empty() ? int64_t{0} : rows.Int(0, 0);
}

Result<CreditPage> CreditChanges(Connection& conn, const CreditCursor& cursor, int limit) {
  // Only entries of transactions older than every one still running: none can commit behind them later.
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(
      "SELECT j.seq, j.change, j.learner_id, j.centre_id, j.session_id, s.course_id, s.starts_at, s.credit_hours, "
      "j.record_id, j.at, j.txid FROM credit_journal j "
      "JOIN sessions s ON s.centre_id=j.centre_id AND s.id=j.session_id "
      "WHERE (j.txid, j.seq) > ($1, $2) AND j.txid < txid_snapshot_xmin(txid_current_snapshot()) "
      "ORDER BY j.txid, j.seq LIMIT $3",
      Params().Add(cursor.txid).Add(cursor.seq).Add(int64_t(limit))));
  CreditPage page;
  page.next_cursor = FormatCreditCursor(cursor);
  for (int i = 0; i < rows.size(); ++i) {
    CreditChange c{rows.Int(i, 0), int(rows.Int(i, 1)), rows.Text(i, 2), rows.Text(i, 3), rows.Text(i, 4),
                   rows.Text(i, 5), rows.Int(i, 6), rows.Double(i, 7), rows.Text(i, 8), rows.Int(i, 9), ""};
    c.cursor = page.next_cursor = FormatCreditCursor({rows.Int(i, 10), c.entry});
    page.changes.push_back(std::move(c));
  }
  return page;
}

Result<std::string> EnsureSecret(Connection& conn, const std::string& name, const std::string& candidate, TimeMs now) {
  LK_RETURN_IF_ERROR(conn.Query("INSERT INTO hub_keys(name, secret, created_at) VALUES ($1, $2, $3) "
                                "ON CONFLICT(name) DO NOTHING",
                                Params().Add(name).Add(candidate).Add(now))
                         .status());
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query("SELECT secret FROM hub_keys WHERE name=$1", Params().Add(name)));
  if (rows.empty()) return Status::Internal("hub key " + name + " was not stored");
  return rows.Text(0, 0);
}

}  // namespace lk::hub::pg
