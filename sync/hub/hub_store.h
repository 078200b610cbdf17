// HubStore: everything learning-hub keeps (centres, catalogues with change sequence numbers, enrolment
// codes, devices, attendance records, conflicts, batches), behind an interface so that a PostgreSQL
// backend can follow the SQLite one (sqlite_hub_store.h). The interface speaks only in the hub's own
// values (kiosk/core/domain.h, sync/protocol); no backend type crosses it. The rules a backend must keep
// are shared code: attendance ingest (hub_ingest.h), catalogue diffs (hub_catalog.h) and the group commit
// (group_commit.h).
//
// Contract for every implementation:
// - Thread-safety: all methods may be called from many threads at once, on one store object; several
//   processes (learning-hub and its admin commands) may use the same database at once.
// - Ownership: arguments are borrowed for the call only; results are plain values the caller owns. The
//   store owns its connections and releases them when destroyed, which may happen only once every call
//   on it has returned.
// - Durability: a method that changes state returns only after the change is committed durably;
//   PushBatch in particular commits the whole batch in one transaction before it returns, so the
//   server's reply is an acknowledgement. Reads see the last committed state.
// - Idempotency: attendance is keyed by unique ids, and resending is how kiosks recover from a lost
//   reply. An identical resend succeeds and changes no attendance: a record id the centre holds with
//   the same content answers `duplicate` (`accepted`, with the first answer's flags, when it is the
//   same device's same batch), and a batch id the device sent before answers `resent`. A different
//   record under a taken id is never applied: `conflict`, its copy kept once for review. Record ids are
//   unique per centre: another centre's record with the same id is another record.
// - Errors: kNotFound for unknown ids (centre, device, code), kAlreadyExists for duplicates on admin
//   commands, kFailedPrecondition for a database newer than this build, kIoError/kResourceExhausted/
//   kCorruption for storage failures. A failed call changes nothing.
// Secrets never reach the store in clear: it sees hashes of tokens and enrolment codes only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"
#include "sync/protocol/attendance_messages.h"
#include "sync/protocol/catalog_messages.h"
#include "sync/protocol/device_messages.h"
#include "sync/protocol/learner_summary.h"

namespace lk::hub {

struct DeviceIdentity {
  std::string device_id;
  std::string centre_id;
  bool revoked = false;
};

struct DeviceInfo {
  std::string device_id;
  std::string centre_id;
  std::string name;
  TimeMs enrolled_at = 0;
  std::optional<TimeMs> revoked_at;
  std::optional<TimeMs> last_seen_at;       // last push or heartbeat
  std::optional<TimeMs> last_heartbeat_at;
  int64_t queue_depth = 0;
  int64_t oldest_pending_age_s = 0;
  std::string app_version;
  int64_t clock_skew_ms = 0;
};

// The catalogue feed's state for one centre. Change sequence numbers start at 1; `max_seq` is the
// highest assigned; cursors below `horizon_seq` point at tombstones no longer served.
struct CatalogState {
  Centre centre;
  std::string catalog_version;
  std::string epoch;  // random per centre: cursors from another centre or another hub database never match
  int64_t max_seq = 0;
  int64_t horizon_seq = 0;
};

struct CatalogChange {
  sync::CatalogItem item;
  int64_t seq = 0;
};

struct ImportStats {
  int added = 0, changed = 0, removed = 0, unchanged = 0;
  int64_t max_seq = 0;
};

// One row of `learning-hub report`.
struct ReportRow {
  std::string session_id;
  TimeMs session_start = 0;
  std::string course_id;
  LocalizedText course_title;
  AttendanceRecord record;
  std::string device_id;
  std::vector<std::string> flags;  // stored record flags, plus "voided"/"replaced" when a later record acts on it
  TimeMs received_at = 0;
};

// One row of `learning-hub report --summary`.
struct SessionSummary {
  std::string session_id;
  TimeMs session_start = 0;
  std::string course_id;
  LocalizedText course_title;
  int capacity = 0;
  double credit_hours = 0;
  bool removed = false;        // deleted from the catalogue since
  int64_t records = 0;         // every record for the session
  int64_t checkins = 0;        // distinct learners with an effective attendance
  int64_t voided = 0;          // records voided or replaced
  int64_t over_capacity = 0;   // records flagged over_capacity
  int64_t conflicts = 0;       // conflicting copies kept for review
};

class ConsoleStore;

// One attended session on the learner's record page (/me/TOKEN).
struct AttendedSession {
  std::string centre_id;
  LocalizedText centre_name;
  std::string course_id;
  LocalizedText course_title;
  TimeMs starts_at = 0;
  double credit_hours = 0;
};

// What the learner's record page shows: hours per centre (as the summary) and per course, and the last
// attendances, newest first.
struct LearnerRecord {
  std::vector<sync::CentreCredit> centres;  // by centre id
  struct Course {
    std::string centre_id;
    std::string course_id;
    LocalizedText title;
    int64_t sessions = 0;
    double credit_hours = 0;
  };
  std::vector<Course> courses;          // most hours first, then centre and course id
  std::vector<AttendedSession> recent;  // newest first, at most the limit asked for
};

// One credit journal entry as credit-export writes it (sync/CREDIT_EXPORT.md).
struct CreditChange {
  int64_t entry = 0;            // the journal's sequence number: unique on this hub, the importer's key
  int change = 0;               // +1: credited, -1: withdrawn
  std::string learner_id;
  std::string centre_id;
  std::string session_id;
  std::string course_id;
  TimeMs session_starts_at = 0;
  double credit_hours = 0;      // the session's, unsigned (the change says which way)
  std::string record_id;        // the check-in that earned it, or the void/correction that withdrew it
  TimeMs at = 0;                // when the hub received that record (0: journalled from older attendance)
  std::string cursor;           // resume after this entry
};

struct CreditPage {
  std::vector<CreditChange> changes;  // oldest first
  std::string next_cursor;            // the last entry's cursor, or the one asked for when none
};

// Credit cursors: "TXID:SEQ" (TXID 0 on SQLite); "0" or "" is the start. InvalidArgument otherwise.
struct CreditCursor {
  int64_t txid = 0;
  int64_t seq = 0;
};
Result<CreditCursor> ParseCreditCursor(const std::string& text);
std::string FormatCreditCursor(const CreditCursor& cursor);

class HubStore {
 public:
  virtual ~HubStore() = default;

  // The console's accounts, sessions, audit log and views, over this store's database (console_store.h).
  virtual ConsoleStore& Console() = 0;

  // --- centres and catalogues (admin) ---
  virtual Status AddCentre(const Centre& centre, TimeMs now) = 0;
  virtual Result<Centre> GetCentre(const std::string& centre_id) = 0;
  // Replaces the centre's catalogue with `catalog` as a diff: unchanged items keep their sequence
  // number, changed/new items get new ones, missing items become tombstones (sessions stay known for
  // attendance). Tombstones older than `tombstone_retention_ms` stop being served: cursors from before
  // them get a full resync.
  virtual Result<ImportStats> ImportCatalog(const std::string& centre_id, const Catalog& catalog, TimeMs now,
                                            TimeMs tombstone_retention_ms) = 0;
  virtual Result<CatalogState> GetCatalogState(const std::string& centre_id) = 0;
  // Changes with seq > after_seq in seq order, at most `limit`. `live_only` leaves out tombstones (for a
  // full resync). `state` is read in the same snapshot.
  virtual Status ListCatalogChanges(const std::string& centre_id, int64_t after_seq, bool live_only, size_t limit,
                                    CatalogState* state, std::vector<CatalogChange>* changes) = 0;

  // --- enrolment and devices ---
  virtual Status AddEnrollCode(const std::string& centre_id, const std::string& code_hash, TimeMs now,
                               TimeMs expires_at) = 0;
  // Consumes the code (kNotFound when unknown, used or expired) and creates the device, atomically.
  virtual Result<Centre> Enroll(const std::string& code_hash, const std::string& device_id,
                                const std::string& token_hash, const sync::EnrollRequest& request, TimeMs now) = 0;
  // kNotFound when no device has this token.
  virtual Result<DeviceIdentity> Authenticate(const std::string& token_hash) = 0;
  // For an authenticated device (an unknown id changes nothing and is not an error).
  virtual Status RecordHeartbeat(const std::string& device_id, const sync::HeartbeatRequest& heartbeat,
                                 int64_t clock_skew_ms, TimeMs now) = 0;
  virtual Result<std::vector<DeviceInfo>> ListDevices() = 0;
  // Revoking a revoked device keeps the first revocation time.
  virtual Status RevokeDevice(const std::string& device_id, TimeMs now) = 0;

  // --- attendance ---
  // Applies a parsed batch for `device` in one transaction and returns one result per record, in request
  // order, by the rules of hub_ingest.h. A non-ok Result (a storage failure) stored nothing of the batch.
  virtual Result<sync::BatchResponse> PushBatch(const DeviceIdentity& device, const sync::ParsedBatch& batch,
                                                TimeMs now) = 0;
  // Whether `learner_id` has an effective attendance at `centre_id` (the need-to-know test of the
  // learner summary: a device may ask only about learners its centre has seen).
  virtual Result<bool> LearnerKnownAt(const std::string& centre_id, const std::string& learner_id) = 0;
  // Effective attendances of `learner_id` in sessions starting in [from, to), across all centres.
  virtual Result<sync::LearnerSummary> LearnerSummary(const std::string& learner_id, TimeMs from, TimeMs to) = 0;
  // The learner's record page: effective attendances in sessions starting in [from, to) per centre and
  // per course, and the last `recent_limit` of them (of any year) newest first.
  virtual Result<hub::LearnerRecord> LearnerRecord(const std::string& learner_id, TimeMs from, TimeMs to,
                                                   int recent_limit) = 0;
  // One more view of a learner's record page; `learner_key` is a keyed hash, never the id in clear.
  virtual Status CountRecordView(const std::string& learner_key, TimeMs now) = 0;
  // The views counted for `learner_key` (0 when none).
  virtual Result<int64_t> RecordViews(const std::string& learner_key) = 0;

  // Credit journal entries after `cursor`, oldest first, at most `limit`; only entries no transaction
  // still running can precede (see pg_hub_schema.cc), so a later call from the returned cursor misses none.
  virtual Result<CreditPage> CreditChanges(const CreditCursor& cursor, int limit) = 0;

  // --- the hub's own keys ---
  // The secret stored under `name`; the first call stores `candidate` (every later one, from any replica,
  // gets that first value back).
  virtual Result<std::string> EnsureSecret(const std::string& name, const std::string& candidate, TimeMs now) = 0;

  // Records of the centre's sessions starting in [from, to), by session start, session, record id.
  virtual Result<std::vector<ReportRow>> Report(const std::string& centre_id, TimeMs from, TimeMs to) = 0;
  virtual Result<std::vector<SessionSummary>> ReportSummary(const std::string& centre_id, TimeMs from, TimeMs to) = 0;
};

}  // namespace lk::hub
