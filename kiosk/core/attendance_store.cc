#include "kiosk/core/attendance_store.h"

#include "kiosk/core/catalog_store.h"
#include "kiosk/core/record_columns.h"
#include "kiosk/core/record_rules.h"
#include "kiosk/core/uuid.h"

namespace lk {
namespace {

constexpr const char* kRecordColumns =
    "a.id, a.seq, a.kind, a.learner_id, a.session_id, a.recorded_at, a.refers_to, a.reason, a.source";

// A record counts while no void record points at it.
constexpr const char* kIsActive =
    "a.kind IN ('checkin', 'correction') AND NOT EXISTS "
    "(SELECT 1 FROM attendance v WHERE v.kind = 'void' AND v.refers_to = a.id)";

}  // namespace

Result<std::optional<std::string>> AttendanceStore::ActiveRecordId(const std::string& learner_id,
                                                                   const std::string& session_id) {
  LK_ASSIGN_OR_RETURN(auto s, db_.Cached(std::string("SELECT a.id FROM attendance a WHERE a.session_id = ? "
                                                           "AND a.learner_id = ? AND ") + kIsActive +
                                               " ORDER BY a.seq LIMIT 1"));
  s->Bind(1, session_id).Bind(2, learner_id);
  LK_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(s->ColumnText(0));
}

Status AttendanceStore::Append(const AttendanceRecord& r, double credit_hours, TimeMs session_starts_at) {
  // Refused here, not at sync time: a stored record that the protocol cannot carry would never leave.
  LK_RETURN_IF_ERROR(CheckRecordTexts(r));
  LK_ASSIGN_OR_RETURN(auto insert, db_.Cached(
      "INSERT INTO attendance(id, kind, learner_id, session_id, recorded_at, refers_to, reason, source, "
      "credit_hours, session_starts_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  LK_RETURN_IF_ERROR(insert->Bind(1, r.id).Bind(2, RecordKindName(r.kind)).Bind(3, r.learner_id)
                         .Bind(4, r.session_id).Bind(5, r.recorded_at).BindOptional(6, r.refers_to)
                         .Bind(7, r.reason).Bind(8, RecordSourceName(r.source)).Bind(9, credit_hours)
                         .Bind(10, session_starts_at).Run());
  LK_ASSIGN_OR_RETURN(auto queue, db_.Cached(
      "INSERT INTO outbox(record_id, state, changed_at) VALUES (?, 'pending', ?)"));
  return queue->Bind(1, r.id).Bind(2, r.recorded_at).Run();
}

Result<CheckInResult> AttendanceStore::Write(const std::string& learner_id, const std::string& session_id,
                                             TimeMs now, RecordKind kind, RecordSource source,
                                             const std::string& reason, bool enforce_window) {
  if (!policy_.IsValidLearnerId(learner_id)) {
    return Status::InvalidArgument("learner id '" + learner_id + "' is not valid");
  }
  CatalogStore catalog(db_);
  LK_ASSIGN_OR_RETURN(Transaction txn, db_.Begin(TransactionMode::kImmediate));
  LK_ASSIGN_OR_RETURN(std::optional<Session> session, catalog.FindSession(session_id));
  if (!session) return Status::NotFound("no session '" + session_id + "' in the catalogue");
  if (enforce_window) {
    switch (policy_.Window(*session, now)) {
      case WindowState::kNotOpenYet:
        return Status::FailedPrecondition("check-in for session '" + session_id + "' is not open yet");
      case WindowState::kClosed:
        return Status::FailedPrecondition("session '" + session_id + "' has ended");
      case WindowState::kOpen: break;
    }
  }
  LK_ASSIGN_OR_RETURN(std::optional<Course> course, catalog.FindCourse(session->course_id));
  CheckInResult result;
  result.session = *session;
  if (course) result.course = *course;

  LK_ASSIGN_OR_RETURN(std::optional<std::string> existing, ActiveRecordId(learner_id, session_id));
  if (existing) {
    LK_ASSIGN_OR_RETURN(std::optional<AttendanceRecord> record, Find(*existing));
    result.outcome = CheckInOutcome::kAlreadyCheckedIn;
    result.record = std::move(*record);
  } else {
    AttendanceRecord& r = result.record;
    r.id = NewUuid7(now);
    r.kind = kind;
    r.learner_id = learner_id;
    r.session_id = session_id;
    r.recorded_at = now;
    r.reason = reason;
    r.source = source;
    LK_RETURN_IF_ERROR(Append(r, result.course.credit_hours, session->starts_at));
    r.seq = db_.LastInsertRowId();
  }
  LK_ASSIGN_OR_RETURN(result.active_count, ActiveCount(session_id));
  result.over_capacity = session->capacity > 0 && result.active_count > session->capacity;
  if (result.outcome == CheckInOutcome::kCheckedIn) LK_RETURN_IF_ERROR(txn.Commit());
  return result;
}

Result<CheckInResult> AttendanceStore::CheckIn(const std::string& learner_id, const std::string& session_id,
                                               TimeMs now, RecordSource source) {
  return Write(learner_id, session_id, now, RecordKind::kCheckIn, source, "", /*enforce_window=*/true);
}

Result<CheckInResult> AttendanceStore::AddManualCheckIn(const std::string& learner_id, const std::string& session_id,
                                                        const std::string& reason, TimeMs now) {
  return Write(learner_id, session_id, now, RecordKind::kCorrection, RecordSource::kStaff, reason,
               /*enforce_window=*/false);
}

Result<AttendanceRecord> AttendanceStore::Void(const std::string& record_id, const std::string& reason, TimeMs now) {
  if (reason.empty()) return Status::InvalidArgument("a void needs a reason");
  LK_ASSIGN_OR_RETURN(Transaction txn, db_.Begin(TransactionMode::kImmediate));
  LK_ASSIGN_OR_RETURN(std::optional<AttendanceRecord> target, Find(record_id));
  if (!target || target->kind == RecordKind::kVoid) return Status::NotFound("no check-in record '" + record_id + "'");
  LK_ASSIGN_OR_RETURN(auto voided, db_.Cached(
      "SELECT 1 FROM attendance WHERE kind = 'void' AND refers_to = ?"));
  voided->Bind(1, record_id);
  LK_ASSIGN_OR_RETURN(bool already, voided->Step());
  if (already) return Status::AlreadyExists("record '" + record_id + "' is already voided");
  LK_ASSIGN_OR_RETURN(auto starts, db_.Cached("SELECT session_starts_at FROM attendance WHERE id = ?"));
  starts->Bind(1, record_id);
  LK_ASSIGN_OR_RETURN(bool row, starts->Step());
  TimeMs session_starts_at = row ? starts->ColumnInt(0) : 0;

  AttendanceRecord r;
  r.id = NewUuid7(now);
  r.kind = RecordKind::kVoid;
  r.learner_id = target->learner_id;
  r.session_id = target->session_id;
  r.recorded_at = now;
  r.refers_to = record_id;
  r.reason = reason;
  r.source = RecordSource::kStaff;
  LK_RETURN_IF_ERROR(Append(r, 0, session_starts_at));
  r.seq = db_.LastInsertRowId();
  LK_RETURN_IF_ERROR(txn.Commit());
  return r;
}

Result<std::optional<AttendanceRecord>> AttendanceStore::Find(const std::string& record_id) {
  LK_ASSIGN_OR_RETURN(auto s, db_.Cached(std::string("SELECT ") + kRecordColumns +
                                               " FROM attendance a WHERE a.id = ?"));
  s->Bind(1, record_id);
  LK_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return std::optional<AttendanceRecord>();
  return std::optional<AttendanceRecord>(ReadRecordColumns(*s));
}

Result<std::vector<RosterEntry>> AttendanceStore::Roster(TimeMs from, TimeMs to) {
  LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
      std::string("SELECT ") + kRecordColumns + ", a.session_starts_at, COALESCE(c.title_zh, ''), "
      "COALESCE(c.title_en, ''), v.reason IS NOT NULL, COALESCE(v.reason, '') "
      "FROM attendance a LEFT JOIN session s ON s.id = a.session_id LEFT JOIN course c ON c.id = s.course_id "
      "LEFT JOIN attendance v ON v.kind = 'void' AND v.refers_to = a.id "
      "WHERE a.kind IN ('checkin', 'correction') AND a.session_starts_at >= ? AND a.session_starts_at < ? "
      "ORDER BY a.session_starts_at, a.session_id, a.recorded_at, a.seq"));
  s->Bind(1, from).Bind(2, to);
  std::vector<RosterEntry> entries;
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    RosterEntry e;
    e.record = ReadRecordColumns(*s);
    e.session_starts_at = s->ColumnInt(9);
    e.course_title_zh = s->ColumnText(10);
    e.course_title_en = s->ColumnText(11);
    e.voided = s->ColumnInt(12) != 0;
    e.void_reason = s->ColumnText(13);
    entries.push_back(std::move(e));
  }
  return entries;
}

Result<int> AttendanceStore::ActiveCount(const std::string& session_id) {
  LK_ASSIGN_OR_RETURN(auto s, db_.Cached(std::string("SELECT COUNT(*) FROM attendance a WHERE a.session_id = ? AND ") +
                                               kIsActive));
  s->Bind(1, session_id);
  LK_ASSIGN_OR_RETURN(bool row, s->Step());
  return row ? int(s->ColumnInt(0)) : 0;
}

Result<LearnerSummary> AttendanceStore::Summary(const std::string& learner_id, TimeMs from, TimeMs to) {
  LK_ASSIGN_OR_RETURN(auto s, db_.Cached(
      std::string("SELECT COUNT(*), COALESCE(SUM(a.credit_hours), 0) FROM attendance a WHERE a.learner_id = ? "
                  "AND a.session_starts_at >= ? AND a.session_starts_at < ? AND ") + kIsActive));
  s->Bind(1, learner_id).Bind(2, from).Bind(3, to);
  LK_ASSIGN_OR_RETURN(bool row, s->Step());
  LearnerSummary summary;
  if (row) summary = {int(s->ColumnInt(0)), s->ColumnDouble(1)};
  return summary;
}

}  // namespace lk
