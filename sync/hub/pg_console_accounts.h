// The PostgreSQL store's console records (console_store.h): accounts with their lockout counters, login
// sessions, and the audit log. The SQL is the SQLite store's (sqlite_console_accounts.cc), so both
// backends give the same answers in the same order.
//
// Each function runs on the connection it is given, in one transaction where it writes more than one
// row or reads before it writes; CountLoginAttempt is one UPDATE, so replicas counting attempts of one
// login at once never lose one. Thread-safety: the connection's owner thread. Ownership: borrows the
// connection for the call.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/core/status.h"
#include "sync/hub/console_store.h"
#include "sync/hub/pg_connection.h"

namespace lk::hub::pg {

Status AddConsoleUser(Connection& conn, const ConsoleUser& user, const std::string& password_hash, TimeMs now);
Result<std::vector<ConsoleUser>> ListConsoleUsers(Connection& conn);
Result<LoginState> ReadLoginState(Connection& conn, const std::string& login);
Result<LoginState> CountLoginAttempt(Connection& conn, const std::string& login);
Status SetLockout(Connection& conn, const std::string& login, int failed_attempts, int lockout_rounds,
                  TimeMs locked_until);
Status SetConsoleUserDisabled(Connection& conn, const std::string& login, bool disabled);

Status CreateConsoleSession(Connection& conn, const ConsoleSession& session);
Result<ConsoleSession> ReadConsoleSession(Connection& conn, const std::string& token_hash);
Status TouchConsoleSession(Connection& conn, const std::string& token_hash, TimeMs now);
Status DeleteConsoleSession(Connection& conn, const std::string& token_hash);
Result<int64_t> DeleteExpiredConsoleSessions(Connection& conn, TimeMs now);

Result<int64_t> AppendAudit(Connection& conn, const AuditEntry& entry);
Result<std::vector<AuditEntry>> ListAudit(Connection& conn, const AuditFilter& filter);

}  // namespace lk::hub::pg
