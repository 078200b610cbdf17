// ConsoleStore: what the hub console (sync/hub/console/) keeps and reads beyond the kiosks' protocol:
// console accounts with their login lockout state, server-side login sessions, the audit log, centres'
// districts, and the aggregate views its pages show. Each HubStore backend provides one over its own
// connections (HubStore::Console()), so the console works the same on SQLite and PostgreSQL.
//
// Contract (as HubStore's): every method may be called from many threads and processes at once; results
// are plain values; a method that changes state returns after the change is committed; a failed call
// changes nothing. kNotFound for unknown logins, sessions and centres, kAlreadyExists for a taken login.
//
// Scope: every read that lists centres' data takes a CentreFilter, and the backend applies it in its
// query, so a page never fetches what its user may not see. Passwords and session tokens reach the
// store only as hashes (an Argon2id string; credentials.h HashToken).
//
// "Effective check-in": an attendance record of kind check-in or correction that no later void or
// correction acts on, counted once per (session, learner), exactly as `learning-hub report --summary`
// counts a session's check-ins.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"
#include "sync/hub/hub_catalog.h"
#include "sync/hub/hub_store.h"

namespace lk::hub {

enum class ConsoleRole { kCity, kDistrict, kCentre };
// "city" / "district" / "centre" (as stored and typed on the command line), and back.
const char* RoleName(ConsoleRole role);
std::optional<ConsoleRole> ParseRole(const std::string& name);

// Which centres a request may see: all (city), those of one district, or one centre (both set: the
// centre, if it is in the district). An empty district sees no centre (not the centres without one).
struct CentreFilter {
  std::optional<std::string> district;
  std::optional<std::string> centre_id;
  static CentreFilter All() { return {}; }
  static CentreFilter District(std::string d) { return {std::move(d), std::nullopt}; }
  static CentreFilter OneCentre(std::string c) { return {std::nullopt, std::move(c)}; }
};

struct ConsoleUser {
  std::string login;
  ConsoleRole role = ConsoleRole::kCentre;
  std::string district;   // kDistrict: the district seen
  std::string centre_id;  // kCentre: the centre seen
  bool disabled = false;
  TimeMs created_at = 0;
};

// A user with what login needs: the password hash and the lockout counters (the rules are in
// kiosk/core/lockout.h, shared with the kiosk's staff PIN).
struct LoginState {
  ConsoleUser user;
  std::string password_hash;  // crypto_pwhash_str (Argon2id)
  int failed_attempts = 0;    // consecutive wrong passwords since the last right one or lock
  int lockout_rounds = 0;     // locks since the last right password
  TimeMs locked_until = 0;
};

struct ConsoleSession {
  std::string token_hash;  // HashToken of the cookie's token
  std::string login;
  std::string csrf_token;  // the forms' token (random, per session)
  std::string address;     // where the login came from
  TimeMs created_at = 0;
  TimeMs last_seen_at = 0;
  TimeMs expires_at = 0;   // absolute expiry
};

struct AuditEntry {
  int64_t id = 0;        // assigned by AppendAudit, increasing
  TimeMs at = 0;
  std::string login;     // who ("" before a login succeeded, e.g. a failed attempt names the login tried)
  std::string action;    // dotted name, e.g. "console.login_failed", "device.revoke", "learner.reveal"
  std::string target;    // what it acted on: a device id, a centre id, a login, ...
  std::string detail;    // human-readable, never a password, token or learner id in clear
  std::string address;   // the client address
};

struct AuditFilter {
  std::string login;          // exact; empty: any
  std::string action_prefix;  // e.g. "device."; empty: any
  TimeMs from = 0, to = std::numeric_limits<TimeMs>::max();
  int64_t before_id = 0;      // paging: entries with id < before_id; 0: from the newest
  size_t limit = 100;
};

struct CentreRow {
  Centre centre;
  std::string district;  // "" when none
};

// Effective check-ins of one centre on one local day.
struct DayCount {
  std::string centre_id;
  TimeMs day_start = 0;  // the local midnight starting the day, as UTC ms
  int64_t checkins = 0;
};

// Effective check-ins of all the visible centres on one local day.
struct DayTotal {
  TimeMs day_start = 0;  // the local midnight starting the day, as UTC ms
  int64_t checkins = 0;
};

// One session of a visible centre, with its live count.
struct ConsoleSessionRow {
  std::string centre_id;
  SessionSummary summary;
};

// Attendance of one course at one centre over a period.
struct CourseAttendance {
  std::string course_id;
  LocalizedText course_title;
  std::string category_id;
  LocalizedText category_name;
  int64_t checkins = 0;     // effective check-ins
  int64_t learners = 0;     // distinct learners among them
  double credit_hours = 0;  // sum of the courses' credit hours over the effective check-ins
};

// What importing a catalogue would change, without changing it (the catalogue page's preview).
struct CatalogPreview {
  std::vector<CatalogItemKey> added, changed, removed;  // in (type, id) order
  int unchanged = 0;
};

class ConsoleStore {
 public:
  virtual ~ConsoleStore() = default;

  // --- accounts ---
  virtual Status AddUser(const ConsoleUser& user, const std::string& password_hash, TimeMs now) = 0;
  virtual Result<std::vector<ConsoleUser>> ListUsers() = 0;
  virtual Result<LoginState> GetLoginState(const std::string& login) = 0;
  // Counts one more failed attempt BEFORE the password is checked (so a crash mid-check still spends it):
  // failed_attempts + 1, atomically across replicas; returns the state after the increment.
  virtual Result<LoginState> CountLoginAttempt(const std::string& login) = 0;
  // Sets the lockout counters (a right password resets them; a lock sets locked_until and rounds).
  virtual Status SetLockout(const std::string& login, int failed_attempts, int lockout_rounds,
                            TimeMs locked_until) = 0;
  // Disabling also ends the user's sessions.
  virtual Status SetUserDisabled(const std::string& login, bool disabled) = 0;

  // --- login sessions ---
  virtual Status CreateSession(const ConsoleSession& session) = 0;
  virtual Result<ConsoleSession> GetSession(const std::string& token_hash) = 0;
  virtual Status TouchSession(const std::string& token_hash, TimeMs now) = 0;
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  // Drops sessions expired before `now` (housekeeping; returns how many).
  virtual Result<int64_t> DeleteExpiredSessions(TimeMs now) = 0;

  // --- audit log ---
  virtual Result<int64_t> AppendAudit(const AuditEntry& entry) = 0;
  // Newest first.
  virtual Result<std::vector<AuditEntry>> ListAudit(const AuditFilter& filter) = 0;

  // --- centres ---
  virtual Result<std::vector<CentreRow>> ListCentres(const CentreFilter& filter) = 0;
  // kNotFound for an unknown centre; "" clears the district.
  virtual Status SetCentreDistrict(const std::string& centre_id, const std::string& district) = 0;

  // --- the pages' views ---
  // Effective check-ins per centre and local day, for sessions starting in [from, to), days cut at
  // local midnight with the fixed `utc_offset_ms` (the centres' zone has no DST: Asia/Shanghai). Only
  // (centre, day) pairs with check-ins are returned, by centre then day.
  virtual Result<std::vector<DayCount>> CheckinsPerDay(const CentreFilter& filter, TimeMs from, TimeMs to,
                                                       TimeMs utc_offset_ms) = 0;
  // The same summed over the visible centres: one row per local day with check-ins, by day.
  virtual Result<std::vector<DayTotal>> DailyCheckins(const CentreFilter& filter, TimeMs from, TimeMs to,
                                                      TimeMs utc_offset_ms) = 0;
  // The settled-checkins change mark (settled_checkins.h): read it BEFORE a settled figure it vouches for.
  virtual Result<int64_t> SettledCheckinsMark() = 0;
  // Sessions starting in [from, to) of the visible centres, with their counts (as ReportSummary), by
  // centre, start, session id. Sessions removed from the catalogue are included (removed = true).
  virtual Result<std::vector<ConsoleSessionRow>> Sessions(const CentreFilter& filter, TimeMs from, TimeMs to) = 0;
  // Sessions that overlap `now` (start <= now < end) of the visible centres, with their check-ins and
  // capacity only (summary.records, voided, over_capacity and conflicts are 0): the city's list is long.
  virtual Result<std::vector<ConsoleSessionRow>> SessionsRunning(const CentreFilter& filter, TimeMs now) = 0;
  // One session's records (its roster), by record id; kNotFound when the centre has no such session.
  virtual Result<std::vector<ReportRow>> SessionRoster(const std::string& centre_id,
                                                       const std::string& session_id) = 0;
  // Per course of the centre, for sessions starting in [from, to), courses with no check-in left out;
  // by checkins descending, then course id.
  virtual Result<std::vector<CourseAttendance>> AttendanceByCourse(const std::string& centre_id, TimeMs from,
                                                                   TimeMs to) = 0;
  virtual Result<std::vector<DeviceInfo>> ListDevices(const CentreFilter& filter) = 0;
  virtual Result<CatalogPreview> PreviewCatalog(const std::string& centre_id, const Catalog& catalog) = 0;
};

// For the backends: the preview of importing `catalog` over a centre's stored items (tombstones
// included), by the import's own diff (hub_catalog.h).
CatalogPreview PreviewCatalogDiff(const std::map<CatalogItemKey, StoredCatalogItem>& stored, const Catalog& catalog);

}  // namespace lk::hub
