// PgConsoleStore: the ConsoleStore of a PgHubStore, over that store's connection pool. This class only
// wires the parts together: accounts, login sessions and the audit log (pg_console_accounts.h),
// centres' districts and the pages' views (pg_console_views.h). Like the rest of the PostgreSQL store it
// keeps nothing in memory: every replica reads and counts the same accounts, sessions and lockouts.
//
// Thread-safety: safe for concurrent use from many threads and processes; each call takes a pooled
// connection. Ownership: borrows the pool; the PgHubStore that owns it owns this object too.
#pragma once

#include <string>
#include <vector>

#include "sync/hub/console_store.h"
#include "sync/hub/pg_pool.h"

namespace lk::hub {

class PgConsoleStore : public ConsoleStore {
 public:
  explicit PgConsoleStore(pg::ConnectionPool& pool) : pool_(pool) {}

  Status AddUser(const ConsoleUser& user, const std::string& password_hash, TimeMs now) override;
  Result<std::vector<ConsoleUser>> ListUsers() override;
  Result<LoginState> GetLoginState(const std::string& login) override;
  Result<LoginState> CountLoginAttempt(const std::string& login) override;
  Status SetLockout(const std::string& login, int failed_attempts, int lockout_rounds, TimeMs locked_until) override;
  Status SetUserDisabled(const std::string& login, bool disabled) override;

  Status CreateSession(const ConsoleSession& session) override;
  Result<ConsoleSession> GetSession(const std::string& token_hash) override;
  Status TouchSession(const std::string& token_hash, TimeMs now) override;
  Status DeleteSession(const std::string& token_hash) override;
  Result<int64_t> DeleteExpiredSessions(TimeMs now) override;

  Result<int64_t> AppendAudit(const AuditEntry& entry) override;
  Result<std::vector<AuditEntry>> ListAudit(const AuditFilter& filter) override;

  Result<std::vector<CentreRow>> ListCentres(const CentreFilter& filter) override;
  Status SetCentreDistrict(const std::string& centre_id, const std::string& district) override;

  Result<std::vector<DayCount>> CheckinsPerDay(const CentreFilter& filter, TimeMs from, TimeMs to,
                                               TimeMs utc_offset_ms) override;
  Result<std::vector<DayTotal>> DailyCheckins(const CentreFilter& filter, TimeMs from, TimeMs to,
                                              TimeMs utc_offset_ms) override;
  Result<int64_t> SettledCheckinsMark() override;
  Result<std::vector<ConsoleSessionRow>> Sessions(const CentreFilter& filter, TimeMs from, TimeMs to) override;
  Result<std::vector<ConsoleSessionRow>> SessionsRunning(const CentreFilter& filter, TimeMs now) override;
  Result<std::vector<ReportRow>> SessionRoster(const std::string& centre_id, const std::string& session_id) override;
  Result<std::vector<CourseAttendance>> AttendanceByCourse(const std::string& centre_id, TimeMs from,
                                                           TimeMs to) override;
  Result<std::vector<DeviceInfo>> ListDevices(const CentreFilter& filter) override;
  Result<CatalogPreview> PreviewCatalog(const std::string& centre_id, const Catalog& catalog) override;

 private:
  pg::ConnectionPool& pool_;
};

}  // namespace lk::hub
