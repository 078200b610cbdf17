#include "sync/hub/sqlite_console_accounts.h"

#include "sync/hub/sqlite_reset.h"

namespace lk::hub::sqlite {
namespace {

constexpr const char* kUserColumns =
    "login, role, district, centre_id, disabled, created_at, password_hash, failed_attempts, lockout_rounds, "
    "locked_until";

LoginState LoginStateFromRow(const Statement& s) {
  LoginState state;
  state.user.login = s.ColumnText(0);
  // An unknown role (a newer writer) reads as the narrowest one.
  state.user.role = ParseRole(s.ColumnText(1)).value_or(ConsoleRole::kCentre);
  state.user.district = s.ColumnText(2);
  state.user.centre_id = s.ColumnText(3);
  state.user.disabled = s.ColumnInt(4) != 0;
  state.user.created_at = s.ColumnInt(5);
  state.password_hash = s.ColumnText(6);
  state.failed_attempts = int(s.ColumnInt(7));
  state.lockout_rounds = int(s.ColumnInt(8));
  state.locked_until = s.ColumnInt(9);
  return state;
}

Status NoUser(const std::string& login) { return Status::NotFound("no console user \"" + login + "\""); }
Status NoSession() { return Status::NotFound("no such console session"); }

// kAlreadyExists when `found` is a row, ok when it is kNotFound, its error otherwise.
template <typename T>
Status Absent(const Result<T>& found, const std::string& what) {
  if (found.ok()) return Status::AlreadyExists(what + " already exists");
  return found.status().code() == StatusCode::kNotFound ? Status::Ok() : found.status();
}

}  // namespace

Status AddConsoleUser(Database& writer, const ConsoleUser& user, const std::string& password_hash, TimeMs now) {
  LK_ASSIGN_OR_RETURN(Transaction txn, writer.Begin());
  LK_RETURN_IF_ERROR(Absent(ReadLoginState(writer, user.login), "console user \"" + user.login + "\""));
  LK_ASSIGN_OR_RETURN(auto s, writer.Cached(
      "INSERT INTO console_users(login, role, district, centre_id, disabled, created_at, password_hash) "
      "VALUES(?,?,?,?,?,?,?)"));
  s->Bind(1, user.login).Bind(2, RoleName(user.role)).Bind(3, user.district).Bind(4, user.centre_id)
      .Bind(5, user.disabled ? 1 : 0).Bind(6, now).Bind(7, password_hash);
  LK_RETURN_IF_ERROR(s->Run());
  return ResetAndCommit(writer, txn);
}

Result<std::vector<ConsoleUser>> ListConsoleUsers(Database& reader) {
  LK_ASSIGN_OR_RETURN(auto s, reader.Cached(std::string("SELECT ") + kUserColumns +
                                            " FROM console_users ORDER BY login"));
  std::vector<ConsoleUser> out;
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back(LoginStateFromRow(*s).user);
  }
  return out;
}

Result<LoginState> ReadLoginState(Database& db, const std::string& login) {
  LK_ASSIGN_OR_RETURN(auto s, db.Cached(std::string("SELECT ") + kUserColumns + " FROM console_users WHERE login=?"));
  s->Bind(1, login);
  LK_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NoUser(login);
  return LoginStateFromRow(*s);
}

Result<LoginState> CountLoginAttempt(Database& writer, const std::string& login) {
  LK_ASSIGN_OR_RETURN(Transaction txn, writer.Begin());
  LK_ASSIGN_OR_RETURN(auto s, writer.Cached(
      "UPDATE console_users SET failed_attempts=failed_attempts+1 WHERE login=?"));
  s->Bind(1, login);
  LK_RETURN_IF_ERROR(s->Run());
  if (writer.Changes() == 0) return NoUser(login);
  LK_ASSIGN_OR_RETURN(LoginState state, ReadLoginState(writer, login));
  LK_RETURN_IF_ERROR(ResetAndCommit(writer, txn));
  return state;
}

Status SetLockout(Database& writer, const std::string& login, int failed_attempts, int lockout_rounds,
                  TimeMs locked_until) {
  LK_ASSIGN_OR_RETURN(auto s, writer.Cached(
      "UPDATE console_users SET failed_attempts=?, lockout_rounds=?, locked_until=? WHERE login=?"));
  s->Bind(1, failed_attempts).Bind(2, lockout_rounds).Bind(3, locked_until).Bind(4, login);
  LK_RETURN_IF_ERROR(s->Run());
  return writer.Changes() == 0 ? NoUser(login) : Status::Ok();
}

Status SetConsoleUserDisabled(Database& writer, const std::string& login, bool disabled) {
  LK_ASSIGN_OR_RETURN(Transaction txn, writer.Begin());
  LK_ASSIGN_OR_RETURN(auto set, writer.Cached("UPDATE console_users SET disabled=? WHERE login=?"));
  set->Bind(1, disabled ? 1 : 0).Bind(2, login);
  LK_RETURN_IF_ERROR(set->Run());
  if (writer.Changes() == 0) return NoUser(login);
  if (disabled) {
    LK_ASSIGN_OR_RETURN(auto end, writer.Cached("DELETE FROM console_sessions WHERE login=?"));
    end->Bind(1, login);
    LK_RETURN_IF_ERROR(end->Run());
  }
  return ResetAndCommit(writer, txn);
}

Status CreateConsoleSession(Database& writer, const ConsoleSession& session) {
  LK_ASSIGN_OR_RETURN(Transaction txn, writer.Begin());
  LK_RETURN_IF_ERROR(ReadLoginState(writer, session.login).status());
  LK_RETURN_IF_ERROR(Absent(ReadConsoleSession(writer, session.token_hash), "a session with this token"));
  LK_ASSIGN_OR_RETURN(auto s, writer.Cached(
      "INSERT INTO console_sessions(token_hash, login, csrf_token, address, created_at, last_seen_at, expires_at) "
      "VALUES(?,?,?,?,?,?,?)"));
  s->Bind(1, session.token_hash).Bind(2, session.login).Bind(3, session.csrf_token).Bind(4, session.address)
      .Bind(5, session.created_at).Bind(6, session.last_seen_at).Bind(7, session.expires_at);
  LK_RETURN_IF_ERROR(s->Run());
  return ResetAndCommit(writer, txn);
}

Result<ConsoleSession> ReadConsoleSession(Database& reader, const std::string& token_hash) {
  LK_ASSIGN_OR_RETURN(auto s, reader.Cached(
      "SELECT token_hash, login, csrf_token, address, created_at, last_seen_at, expires_at FROM console_sessions "
      "WHERE token_hash=?"));
  s->Bind(1, token_hash);
  LK_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return NoSession();
  return ConsoleSession{s->ColumnText(0), s->ColumnText(1), s->ColumnText(2), s->ColumnText(3),
                        s->ColumnInt(4),  s->ColumnInt(5),  s->ColumnInt(6)};
}

Status TouchConsoleSession(Database& writer, const std::string& token_hash, TimeMs now) {
  LK_ASSIGN_OR_RETURN(auto s, writer.Cached("UPDATE console_sessions SET last_seen_at=? WHERE token_hash=?"));
  s->Bind(1, now).Bind(2, token_hash);
  LK_RETURN_IF_ERROR(s->Run());
  return writer.Changes() == 0 ? NoSession() : Status::Ok();
}

Status DeleteConsoleSession(Database& writer, const std::string& token_hash) {
  LK_ASSIGN_OR_RETURN(auto s, writer.Cached("DELETE FROM console_sessions WHERE token_hash=?"));
  s->Bind(1, token_hash);
  LK_RETURN_IF_ERROR(s->Run());
  return writer.Changes() == 0 ? NoSession() : Status::Ok();
}

Result<int64_t> DeleteExpiredConsoleSessions(Database& writer, TimeMs now) {
  LK_ASSIGN_OR_RETURN(auto s, writer.Cached("DELETE FROM console_sessions WHERE expires_at<?"));
  s->Bind(1, now);
  LK_RETURN_IF_ERROR(s->Run());
  return int64_t(writer.Changes());
}

Result<int64_t> AppendAudit(Database& writer, const AuditEntry& e) {
  LK_ASSIGN_OR_RETURN(auto s, writer.Cached(
      "INSERT INTO audit_log(at, login, action, target, detail, address) VALUES(?,?,?,?,?,?)"));
  s->Bind(1, e.at).Bind(2, e.login).Bind(3, e.action).Bind(4, e.target).Bind(5, e.detail).Bind(6, e.address);
  LK_RETURN_IF_ERROR(s->Run());
  return writer.LastInsertRowId();
}

Result<std::vector<AuditEntry>> ListAudit(Database& reader, const AuditFilter& f) {
  // One statement per combination of the filters set, so each finds its rows through its index
  // (newest first by id; by login) rather than testing "? = '' OR ...".
  std::string sql = "SELECT id, at, login, action, target, detail, address FROM audit_log WHERE at>=? AND at<?";
  if (!f.login.empty()) sql += " AND login=?";
  if (!f.action_prefix.empty()) sql += " AND substr(action, 1, length(?))=?";
  if (f.before_id > 0) sql += " AND id<?";
  sql += " ORDER BY id DESC LIMIT ?";
  LK_ASSIGN_OR_RETURN(auto s, reader.Cached(sql));
  int n = 0;
  s->Bind(++n, f.from);
  s->Bind(++n, f.to);
  if (!f.login.empty()) s->Bind(++n, f.login);
  for (int i = 0; i < (f.action_prefix.empty() ? 0 : 2); ++i) s->Bind(++n, f.action_prefix);
  if (f.before_id > 0) s->Bind(++n, f.before_id);
  s->Bind(++n, int64_t(f.limit));
  std::vector<AuditEntry> out;
  while (true) {
    LK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    out.push_back({s->ColumnInt(0), s->ColumnInt(1), s->ColumnText(2), s->ColumnText(3), s->ColumnText(4),
                   s->ColumnText(5), s->ColumnText(6)});
  }
  return out;
}

}  // namespace lk::hub::sqlite
