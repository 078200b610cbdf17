// SqliteConsoleStore: the ConsoleStore of a SqliteHubStore, over that store's connections. This class
// only wires the parts together: accounts, login sessions and the audit log
// (sqlite_console_accounts.h), centres' districts and the pages' views (sqlite_console_views.h).
//
// Thread-safety: safe for concurrent use, by the SqliteHubStore's rules: every write goes through its
// one writer connection under its write mutex, reads through its reader pool. Ownership: borrows the
// mutex, the writer and the pool; the SqliteHubStore that owns them owns this object too.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "kiosk/core/sqlite_db.h"
#include "sync/hub/console_store.h"
#include "sync/hub/sqlite_reader_pool.h"

namespace lk::hub {

class SqliteConsoleStore : public ConsoleStore {
 public:
  SqliteConsoleStore(std::mutex& write_mutex, Database& writer, sqlite::ReaderPool& readers)
      : write_mutex_(write_mutex), writer_(writer), readers_(readers) {}

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
  // fn(Database&) on the writer, under the write mutex.
  template <typename Fn>
  auto Write(Fn&& fn) {
    std::lock_guard lock(write_mutex_);
    return fn(writer_);
  }
  // fn(Database&) on a pooled reader.
  template <typename Fn>
  auto Read(Fn&& fn) -> decltype(fn(std::declval<Database&>())) {
    auto reader = readers_.Acquire();
    if (!reader.ok()) return reader.status();
    return fn(**reader);
  }

  std::mutex& write_mutex_;
  Database& writer_;
  sqlite::ReaderPool& readers_;
};

}  // namespace lk::hub
