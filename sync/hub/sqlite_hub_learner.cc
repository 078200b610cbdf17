#include "sync/hub/sqlite_hub_learner.h"

#include "sync/hub/sqlite_hub_reports.h"

namespace lk::hub::sqlite {

Result<hub::LearnerRecord> LearnerRecord(Database& reader, const std::string& learner_id, TimeMs from, TimeMs to,
                                         int recent_limit) {
  hub::LearnerRecord out;
  LK_ASSIGN_OR_RETURN(Transaction txn, reader.Begin(TransactionMode::kDeferred));  // one snapshot for all three
  LK_ASSIGN_OR_RETURN(sync::LearnerSummary summary, LearnerSummary(reader, learner_id, from, to));
  out.centres = std::move(summary.centres);
  LK_ASSIGN_OR_RETURN(auto courses, reader.Cached(
      "SELECT a.centre_id, s.course_id, MAX(s.course_title_zh), MAX(s.course_title_en), COUNT(*), "
      "TOTAL(s.credit_hours) AS hours "
      "FROM (SELECT DISTINCT centre_id, session_id FROM attendance WHERE learner_id=?) a "
      "JOIN sessions s ON s.centre_id=a.centre_id AND s.id=a.session_id "
      "WHERE s.starts_at>=? AND s.starts_at<? GROUP BY a.centre_id, s.course_id "
      "ORDER BY hours DESC, a.centre_id, s.course_id"));
  courses->Bind(1, learner_id).Bind(2, from).Bind(3, to);
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, courses->Step());
    if (!row) break;
    out.courses.push_back({courses->ColumnText(0), courses->ColumnText(1),
                           {courses->ColumnText(2), courses->ColumnText(3)}, courses->ColumnInt(4),
                           courses->ColumnDouble(5)});
  }
  LK_ASSIGN_OR_RETURN(auto recent, reader.Cached(
      "SELECT a.centre_id, c.name_zh, c.name_en, s.course_id, s.course_title_zh, s.course_title_en, s.starts_at, "
      "s.credit_hours "
      "FROM (SELECT DISTINCT centre_id, session_id FROM attendance WHERE learner_id=?) a "
      "JOIN sessions s ON s.centre_id=a.centre_id AND s.id=a.session_id "
      "JOIN centres c ON c.id=a.centre_id "
      "ORDER BY s.starts_at DESC, a.centre_id, a.session_id LIMIT ?"));
  recent->Bind(1, learner_id).Bind(2, int64_t(recent_limit));
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, recent->Step());
    if (!row) break;
    out.recent.push_back({recent->ColumnText(0), {recent->ColumnText(1), recent->ColumnText(2)},
                          recent->ColumnText(3), {recent->ColumnText(4), recent->ColumnText(5)},
                          recent->ColumnInt(6), recent->ColumnDouble(7)});
  }
  courses->Reset();
  recent->Reset();
  LK_RETURN_IF_ERROR(txn.Commit());
  return out;
}

Status CountRecordView(Database& writer, const std::string& learner_key, TimeMs now) {
  LK_ASSIGN_OR_RETURN(auto s, writer.Cached(
      "INSERT INTO record_page_views(learner_key, views, last_viewed_at) VALUES (?, 1, ?) "
      "ON CONFLICT(learner_key) DO UPDATE SET views=views+1, last_viewed_at=excluded.last_viewed_at"));
  s->Bind(1, learner_key).Bind(2, now);
  return s->Run();
}

Result<int64_t> RecordViews(Database& reader, const std::string& learner_key) {
  LK_ASSIGN_OR_RETURN(auto s, reader.Cached("SELECT views FROM record_page_views WHERE learner_key=?"));
  s->Bind(1, learner_key);
  LK_ASSIGN_OR_RETURN(bool row, s->Step());
  int64_t views = row ? s->ColumnInt(0) : 0;
  s->Reset();
  return views;
}

Result<CreditPage> CreditChanges(Database& reader, const CreditCursor& cursor, int limit) {
  // One writer commits in order: sequence numbers are the order of commits.
  LK_ASSIGN_OR_RETURN(auto s, reader.Cached(
      "SELECT j.seq, j.change, j.learner_id, j.centre_id, j.session_id, s.course_id, s.starts_at, s.credit_hours, "
      "j.record_id, j.at FROM credit_journal j JOIN sessions s ON s.centre_id=j.centre_id AND s.id=j.session_id "
      "WHERE j.seq>? ORDER BY j.seq LIMIT ?"));
  s->Bind(1, cursor.seq).Bind(2, int64_t(limit));
  CreditPage page;
  page.next_cursor = FormatCreditCursor(cursor);
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    CreditChange c{s->ColumnInt(0), int(s->ColumnInt(1)), s->ColumnText(2), s->ColumnText(3), s->ColumnText(4),
                   s->ColumnText(5), s->ColumnInt(6), s->ColumnDouble(7), s->ColumnText(8), s->ColumnInt(9), ""};
    c.cursor = page.next_cursor = FormatCreditCursor({0, c.entry});
    page.changes.push_back(std::move(c));
  }
  return page;
}

Result<std::string> EnsureSecret(Database& writer, const std::string& name, const std::string& candidate, TimeMs now) {
  LK_ASSIGN_OR_RETURN(auto insert, writer.Cached(
      "INSERT INTO hub_keys(name, secret, created_at) VALUES (?, ?, ?) ON CONFLICT(name) DO NOTHING"));
  insert->Bind(1, name).Bind(2, candidate).Bind(3, now);
  LK_RETURN_IF_ERROR(insert->Run());
  LK_ASSIGN_OR_RETURN(auto read, writer.Cached("SELECT secret FROM hub_keys WHERE name=?"));
  read->Bind(1, name);
  LK_ASSIGN_OR_RETURN(bool row, read->Step());
  std::string secret = row ? read->ColumnText(0) : "";
  read->Reset();
  if (!row) return Status::Internal("hub key " + name + " was not stored");
  return secret;
}

}  // namespace lk::hub::sqlite
