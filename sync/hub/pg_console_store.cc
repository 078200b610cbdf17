#include "sync/hub/pg_console_store.h"

#include "sync/hub/pg_change_marks.h"
#include "sync/hub/pg_console_accounts.h"
#include "sync/hub/pg_console_views.h"
#include "sync/hub/settled_checkins.h"

namespace lk::hub {

using pg::Connection;

Status PgConsoleStore::AddUser(const ConsoleUser& user, const std::string& password_hash, TimeMs now) {
  return pool_.Run([&](Connection& c) { return pg::AddConsoleUser(c, user, password_hash, now); });
}

Result<std::vector<ConsoleUser>> PgConsoleStore::ListUsers() {
  return pool_.Run([](Connection& c) { return pg::ListConsoleUsers(c); });
}

Result<LoginState> PgConsoleStore::GetLoginState(const std::string& login) {
  return pool_.Run([&](Connection& c) { return pg::ReadLoginState(c, login); });
}

Result<LoginState> PgConsoleStore::CountLoginAttempt(const std::string& login) {
  return pool_.Run([&](Connection& c) { return pg::CountLoginAttempt(c, login); });
}

Status PgConsoleStore::SetLockout(const std::string& login, int failed_attempts, int lockout_rounds,
                                      TimeMs locked_until) {
  return pool_.Run(
      [&](Connection& c) { return pg::SetLockout(c, login, failed_attempts, lockout_rounds, locked_until); });
}

Status PgConsoleStore::SetUserDisabled(const std::string& login, bool disabled) {
  return pool_.Run([&](Connection& c) { return pg::SetConsoleUserDisabled(c, login, disabled); });
}

Status PgConsoleStore::CreateSession(const ConsoleSession& session) {
  return pool_.Run([&](Connection& c) { return pg::CreateConsoleSession(c, session); });
}

Result<ConsoleSession> PgConsoleStore::GetSession(const std::string& token_hash) {
  return pool_.Run([&](Connection& c) { return pg::ReadConsoleSession(c, token_hash); });
}

Status PgConsoleStore::TouchSession(const std::string& token_hash, TimeMs now) {
  return pool_.Run([&](Connection& c) { return pg::TouchConsoleSession(c, token_hash, now); });
}

Status PgConsoleStore::DeleteSession(const std::string& token_hash) {
  return pool_.Run([&](Connection& c) { return pg::DeleteConsoleSession(c, token_hash); });
}

Result<int64_t> PgConsoleStore::DeleteExpiredSessions(TimeMs now) {
  return pool_.Run([&](Connection& c) { return pg::DeleteExpiredConsoleSessions(c, now); });
}

Result<int64_t> PgConsoleStore::AppendAudit(const AuditEntry& entry) {
  return pool_.Run([&](Connection& c) { return pg::AppendAudit(c, entry); });
}

Result<std::vector<AuditEntry>> PgConsoleStore::ListAudit(const AuditFilter& filter) {
  return pool_.Run([&](Connection& c) { return pg::ListAudit(c, filter); });
}

Result<std::vector<CentreRow>> PgConsoleStore::ListCentres(const CentreFilter& filter) {
  return pool_.Run([&](Connection& c) { return pg::ListCentres(c, filter); });
}

Status PgConsoleStore::SetCentreDistrict(const std::string& centre_id, const std::string& district) {
  return pool_.Run([&](Connection& c) { return pg::SetCentreDistrict(c, centre_id, district); });
}

Result<std::vector<DayCount>> PgConsoleStore::CheckinsPerDay(const CentreFilter& filter, TimeMs from, TimeMs to,
                                                                 TimeMs utc_offset_ms) {
  return pool_.Run([&](Connection& c) { return pg::CheckinsPerDay(c, filter, from, to, utc_offset_ms); });
}

Result<std::vector<DayTotal>> PgConsoleStore::DailyCheckins(const CentreFilter& filter, TimeMs from, TimeMs to,
                                                              TimeMs utc_offset_ms) {
  return pool_.Run([&](Connection& c) { return pg::DailyCheckins(c, filter, from, to, utc_offset_ms); });
}

Result<int64_t> PgConsoleStore::SettledCheckinsMark() {
  return pool_.Run([&](Connection& c) { return pg::ReadChangeMark(c, kSettledCheckinsMark); });
}

Result<std::vector<ConsoleSessionRow>> PgConsoleStore::Sessions(const CentreFilter& filter, TimeMs from,
                                                                    TimeMs to) {
  return pool_.Run([&](Connection& c) { return pg::Sessions(c, filter, from, to); });
}

Result<std::vector<ConsoleSessionRow>> PgConsoleStore::SessionsRunning(const CentreFilter& filter, TimeMs now) {
  return pool_.Run([&](Connection& c) { return pg::SessionsRunning(c, filter, now); });
}

Result<std::vector<ReportRow>> PgConsoleStore::SessionRoster(const std::string& centre_id,
                                                                 const std::string& session_id) {
  return pool_.Run([&](Connection& c) { return pg::SessionRoster(c, centre_id, session_id); });
}

Result<std::vector<CourseAttendance>> PgConsoleStore::AttendanceByCourse(const std::string& centre_id,
                                                                             TimeMs from, TimeMs to) {
  return pool_.Run([&](Connection& c) { return pg::AttendanceByCourse(c, centre_id, from, to); });
}

Result<std::vector<DeviceInfo>> PgConsoleStore::ListDevices(const CentreFilter& filter) {
  return pool_.Run([&](Connection& c) { return pg::ListDevices(c, filter); });
}

Result<CatalogPreview> PgConsoleStore::PreviewCatalog(const std::string& centre_id, const Catalog& catalog) {
  return pool_.Run([&](Connection& c) { return pg::PreviewCatalog(c, centre_id, catalog); });
}

}  // namespace lk::hub
