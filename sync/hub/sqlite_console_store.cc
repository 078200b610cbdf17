#include "sync/hub/sqlite_console_store.h"

#include "sync/hub/sqlite_change_marks.h"
#include "sync/hub/sqlite_console_accounts.h"
#include "sync/hub/sqlite_console_views.h"
#include "sync/hub/settled_checkins.h"

namespace lk::hub {

Status SqliteConsoleStore::AddUser(const ConsoleUser& user, const std::string& password_hash, TimeMs now) {
  return Write([&](Database& db) { return sqlite::AddConsoleUser(db, user, password_hash, now); });
}

Result<std::vector<ConsoleUser>> SqliteConsoleStore::ListUsers() {
  return Read([](Database& db) { return sqlite::ListConsoleUsers(db); });
}

Result<LoginState> SqliteConsoleStore::GetLoginState(const std::string& login) {
  return Read([&](Database& db) { return sqlite::ReadLoginState(db, login); });
}

Result<LoginState> SqliteConsoleStore::CountLoginAttempt(const std::string& login) {
  return Write([&](Database& db) { return sqlite::CountLoginAttempt(db, login); });
}

Status SqliteConsoleStore::SetLockout(const std::string& login, int failed_attempts, int lockout_rounds,
                                      TimeMs locked_until) {
  return Write(
      [&](Database& db) { return sqlite::SetLockout(db, login, failed_attempts, lockout_rounds, locked_until); });
}

Status SqliteConsoleStore::SetUserDisabled(const std::string& login, bool disabled) {
  return Write([&](Database& db) { return sqlite::SetConsoleUserDisabled(db, login, disabled); });
}

Status SqliteConsoleStore::CreateSession(const ConsoleSession& session) {
  return Write([&](Database& db) { return sqlite::CreateConsoleSession(db, session); });
}

Result<ConsoleSession> SqliteConsoleStore::GetSession(const std::string& token_hash) {
  return Read([&](Database& db) { return sqlite::ReadConsoleSession(db, token_hash); });
}

Status SqliteConsoleStore::TouchSession(const std::string& token_hash, TimeMs now) {
  return Write([&](Database& db) { return sqlite::TouchConsoleSession(db, token_hash, now); });
}

Status SqliteConsoleStore::DeleteSession(const std::string& token_hash) {
  return Write([&](Database& db) { return sqlite::DeleteConsoleSession(db, token_hash); });
}

Result<int64_t> SqliteConsoleStore::DeleteExpiredSessions(TimeMs now) {
  return Write([&](Database& db) { return sqlite::DeleteExpiredConsoleSessions(db, now); });
}

Result<int64_t> SqliteConsoleStore::AppendAudit(const AuditEntry& entry) {
  return Write([&](Database& db) { return sqlite::AppendAudit(db, entry); });
}

Result<std::vector<AuditEntry>> SqliteConsoleStore::ListAudit(const AuditFilter& filter) {
  return Read([&](Database& db) { return sqlite::ListAudit(db, filter); });
}

Result<std::vector<CentreRow>> SqliteConsoleStore::ListCentres(const CentreFilter& filter) {
  return Read([&](Database& db) { return sqlite::ListCentres(db, filter); });
}

Status SqliteConsoleStore::SetCentreDistrict(const std::string& centre_id, const std::string& district) {
  return Write([&](Database& db) { return sqlite::SetCentreDistrict(db, centre_id, district); });
}

Result<std::vector<DayCount>> SqliteConsoleStore::CheckinsPerDay(const CentreFilter& filter, TimeMs from, TimeMs to,
                                                                 TimeMs utc_offset_ms) {
  return Read([&](Database& db) { return sqlite::CheckinsPerDay(db, filter, from, to, utc_offset_ms); });
}

Result<std::vector<DayTotal>> SqliteConsoleStore::DailyCheckins(const CentreFilter& filter, TimeMs from, TimeMs to,
                                                              TimeMs utc_offset_ms) {
  return Read([&](Database& db) { return sqlite::DailyCheckins(db, filter, from, to, utc_offset_ms); });
}

Result<int64_t> SqliteConsoleStore::SettledCheckinsMark() {
  return Read([&](Database& db) { return sqlite::ReadChangeMark(db, kSettledCheckinsMark); });
}

Result<std::vector<ConsoleSessionRow>> SqliteConsoleStore::Sessions(const CentreFilter& filter, TimeMs from,
                                                                    TimeMs to) {
  return Read([&](Database& db) { return sqlite::Sessions(db, filter, from, to); });
}

Result<std::vector<ConsoleSessionRow>> SqliteConsoleStore::SessionsRunning(const CentreFilter& filter, TimeMs now) {
  return Read([&](Database& db) { return sqlite::SessionsRunning(db, filter, now); });
}

Result<std::vector<ReportRow>> SqliteConsoleStore::SessionRoster(const std::string& centre_id,
                                                                 const std::string& session_id) {
  return Read([&](Database& db) { return sqlite::SessionRoster(db, centre_id, session_id); });
}

Result<std::vector<CourseAttendance>> SqliteConsoleStore::AttendanceByCourse(const std::string& centre_id,
                                                                             TimeMs from, TimeMs to) {
  return Read([&](Database& db) { return sqlite::AttendanceByCourse(db, centre_id, from, to); });
}

Result<std::vector<DeviceInfo>> SqliteConsoleStore::ListDevices(const CentreFilter& filter) {
  return Read([&](Database& db) { return sqlite::ListDevices(db, filter); });
}

Result<CatalogPreview> SqliteConsoleStore::PreviewCatalog(const std::string& centre_id, const Catalog& catalog) {
  return Read([&](Database& db) { return sqlite::PreviewCatalog(db, centre_id, catalog); });
}

}  // namespace lk::hub
