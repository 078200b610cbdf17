// The SQLite store's console records (console_store.h): accounts with their lockout counters, login
// sessions, and the audit log.
//
// Writers take the store's one writer connection and must be called under its write lock (each runs
// in one IMMEDIATE transaction where it reads before it writes, so a second process on the same file,
// an admin command, is serialised by SQLite's lock); readers take a pooled reader. Ownership: borrows
// the connection for the call.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"
#include "sync/hub/console_store.h"

namespace lk::hub::sqlite {

Status AddConsoleUser(Database& writer, const ConsoleUser& user, const std::string& password_hash, TimeMs now);
Result<std::vector<ConsoleUser>> ListConsoleUsers(Database& reader);
Result<LoginState> ReadLoginState(Database& db, const std::string& login);
Result<LoginState> CountLoginAttempt(Database& writer, const std::string& login);
Status SetLockout(Database& writer, const std::string& login, int failed_attempts, int lockout_rounds,
                  TimeMs locked_until);
Status SetConsoleUserDisabled(Database& writer, const std::string& login, bool disabled);

Status CreateConsoleSession(Database& writer, const ConsoleSession& session);
Result<ConsoleSession> ReadConsoleSession(Database& reader, const std::string& token_hash);
Status TouchConsoleSession(Database& writer, const std::string& token_hash, TimeMs now);
Status DeleteConsoleSession(Database& writer, const std::string& token_hash);
Result<int64_t> DeleteExpiredConsoleSessions(Database& writer, TimeMs now);

Result<int64_t> AppendAudit(Database& writer, const AuditEntry& entry);
Result<std::vector<AuditEntry>> ListAudit(Database& reader, const AuditFilter& filter);

}  // namespace lk::hub::sqlite
