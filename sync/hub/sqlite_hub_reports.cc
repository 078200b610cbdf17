#include "sync/hub/sqlite_hub_reports.h"

#include "sync/hub/sqlite_hub_rows.h"

namespace lk::hub::sqlite {

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
  LK_ASSIGN_OR_RETURN(auto s, reader.Cached(
      std::string("SELECT ") + kReportRowColumns +
      " FROM records r JOIN sessions s ON s.centre_id=r.centre_id AND s.id=r.session_id "
      "WHERE r.centre_id=? AND s.starts_at>=? AND s.starts_at<? ORDER BY s.starts_at, r.session_id, r.id"));
  s->Bind(1, centre_id).Bind(2, from).Bind(3, to);
  std::vector<ReportRow> out;
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back(ReadReportRow(*s));
  }
  return out;
}

Result<std::vector<SessionSummary>> ReportSummary(Database& reader, const std::string& centre_id, TimeMs from,
                                                  TimeMs to) {
  LK_RETURN_IF_ERROR(ReadCentre(reader, centre_id).status());
  LK_ASSIGN_OR_RETURN(auto s, reader.Cached(
      std::string("SELECT ") + kSessionSummaryColumns +
      " FROM sessions s WHERE s.centre_id=? AND s.starts_at>=? AND s.starts_at<? ORDER BY s.starts_at, s.id"));
  s->Bind(1, centre_id).Bind(2, from).Bind(3, to);
  std::vector<SessionSummary> out;
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back(ReadSessionSummary(*s, 0));
  }
  return out;
}

}  // namespace lk::hub::sqlite
