// AttendanceStore: attendance records in the kiosk database, and the check-in rules applied to them.
//
// Every write is one IMMEDIATE transaction that appends the record and queues it in the outbox for
// sync, committed with synchronous=FULL before the call returns: a record reported written survives a
// crash or power cut. Records are never updated; a void or correction is a new record pointing at the
// old one. Borrows a Database; use from the thread that owns it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/checkin_policy.h"
#include "kiosk/core/domain.h"
#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"

namespace lk {

enum class CheckInOutcome {
  kCheckedIn,         // a new record was written
  kAlreadyCheckedIn,  // the learner already has an active check-in for the session; nothing written
};

struct CheckInResult {
  CheckInOutcome outcome = CheckInOutcome::kCheckedIn;
  AttendanceRecord record;  // the new record, or the existing one
  Session session;
  Course course;
  int active_count = 0;     // active check-ins for the session, this one included
  bool over_capacity = false;
};

// What the confirmation screen shows: this learner's active check-ins on this kiosk in a period.
struct LearnerSummary {
  int check_ins = 0;
  double credit_hours = 0;
};

struct RosterEntry {
  AttendanceRecord record;
  std::string course_title_zh, course_title_en;
  TimeMs session_starts_at = 0;
  bool voided = false;            // a later void record points at this one
  std::string void_reason;
};

class AttendanceStore {
 public:
  AttendanceStore(Database& db, CheckInPolicy policy) : db_(db), policy_(std::move(policy)) {}

  // A resident's check-in. Errors: InvalidArgument (learner id), NotFound (session),
  // FailedPrecondition (session not open yet / over), ResourceExhausted (disk full).
  Result<CheckInResult> CheckIn(const std::string& learner_id, const std::string& session_id, TimeMs now,
                                RecordSource source);
  // Staff adds a check-in by hand: no time window, but the learner id and session must be valid.
  Result<CheckInResult> AddManualCheckIn(const std::string& learner_id, const std::string& session_id,
                                         const std::string& reason, TimeMs now);
  // Staff voids `record_id` with a reason. NotFound for an unknown id; AlreadyExists if already voided.
  Result<AttendanceRecord> Void(const std::string& record_id, const std::string& reason, TimeMs now);

  Result<std::optional<AttendanceRecord>> Find(const std::string& record_id);
  // Check-ins and corrections for sessions starting in [from, to), oldest first, with void status.
  Result<std::vector<RosterEntry>> Roster(TimeMs from, TimeMs to);
  // Active check-ins for one session.
  Result<int> ActiveCount(const std::string& session_id);
  // Active check-ins of `learner_id` for sessions starting in [from, to).
  Result<LearnerSummary> Summary(const std::string& learner_id, TimeMs from, TimeMs to);

  const CheckInPolicy& policy() const { return policy_; }

 private:
  Result<CheckInResult> Write(const std::string& learner_id, const std::string& session_id, TimeMs now,
                              RecordKind kind, RecordSource source, const std::string& reason, bool enforce_window);
  Result<std::optional<std::string>> ActiveRecordId(const std::string& learner_id, const std::string& session_id);
  Status Append(const AttendanceRecord& record, double credit_hours, TimeMs session_starts_at);

  Database& db_;
  CheckInPolicy policy_;
};

}  // namespace lk
