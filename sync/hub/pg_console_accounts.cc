#include "sync/hub/pg_console_accounts.h"

#include "sync/hub/pg_transaction.h"

namespace lk::hub::pg {
namespace {

constexpr const char* kUserColumns =
    "login, role, district, centre_id, disabled, created_at, password_hash, failed_attempts, lockout_rounds, "
    "locked_until";

LoginState LoginStateFromRow(const Rows& rows, int i) {
  LoginState state;
  state.user.login = rows.Text(i, 0);
  // An unknown role (a newer writer) reads as the narrowest one.
  state.user.role = ParseRole(rows.Text(i, 1)).value_or(ConsoleRole::kCentre);
  state.user.district = rows.Text(i, 2);
  state.user.centre_id = rows.Text(i, 3);
  state.user.disabled = rows.Bool(i, 4);
  state.user.created_at = rows.Int(i, 5);
  state.password_hash = rows.Text(i, 6);
  state.failed_attempts = int(rows.Int(i, 7));
  state.lockout_rounds = int(rows.Int(i, 8));
  state.locked_until = rows.Int(i, 9);
  return state;
}

Status NoUser(const std::string& login) { return Status::NotFound("no console user \"" + login + "\""); }
Status NoSession() { return Status::NotFound("no such console session"); }

// `prefix` as a LIKE pattern matching the strings that start with it.
std::string PrefixPattern(const std::string& prefix) {
  std::string out;
  for (char c : prefix) {
    if (c == '\\' || c == '%' || c == '_') out += '\\';
    out += c;
  }
  return out + '%';
}

}  // namespace

Status AddConsoleUser(Connection& conn, const ConsoleUser& user, const std::string& password_hash, TimeMs now) {
  LK_ASSIGN_OR_RETURN(Rows added, conn.Query(
      "INSERT INTO console_users(login, role, district, centre_id, disabled, created_at, password_hash) "
      "VALUES($1, $2, $3, $4, $5, $6, $7) ON CONFLICT(login) DO NOTHING",
      Params().Add(user.login).Add(RoleName(user.role)).Add(user.district).Add(user.centre_id)
          .Add(user.disabled).Add(now).Add(password_hash)));
  if (added.affected() == 0) return Status::AlreadyExists("console user \"" + user.login + "\" already exists");
  return Status::Ok();
}

Result<std::vector<ConsoleUser>> ListConsoleUsers(Connection& conn) {
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(std::string("SELECT ") + kUserColumns +
                                            " FROM console_users ORDER BY login"));
  std::vector<ConsoleUser> out;
  out.reserve(size_t(rows.size()));
  for (int i = 0; i < rows.size(); ++i) out.push_back(LoginStateFromRow(rows, i).user);
  return out;
}

Result<LoginState> ReadLoginState(Connection& conn, const std::string& login) {
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(std::string("SELECT ") + kUserColumns +
                                            " FROM console_users WHERE login=$1", Params().Add(login)));
  if (rows.empty()) return NoUser(login);
  return LoginStateFromRow(rows, 0);
}

Result<LoginState> CountLoginAttempt(Connection& conn, const std::string& login) {
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(
      std::string("UPDATE console_users SET failed_attempts=failed_attempts+1 WHERE login=$1 RETURNING ") +
          kUserColumns,
      Params().Add(login)));
  if (rows.empty()) return NoUser(login);
  return LoginStateFromRow(rows, 0);
}

Status SetLockout(Connection& conn, const std::string& login, int failed_attempts, int lockout_rounds,
                  TimeMs locked_until) {
  LK_ASSIGN_OR_RETURN(Rows set, conn.Query(
      "UPDATE console_users SET failed_attempts=$1, lockout_rounds=$2, locked_until=$3 WHERE login=$4",
      Params().Add(failed_attempts).Add(lockout_rounds).Add(locked_until).Add(login)));
  return set.affected() == 0 ? NoUser(login) : Status::Ok();
}

Status SetConsoleUserDisabled(Connection& conn, const std::string& login, bool disabled) {
  LK_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(conn));
  LK_ASSIGN_OR_RETURN(Rows set, conn.Query("UPDATE console_users SET disabled=$1 WHERE login=$2",
                                           Params().Add(disabled).Add(login)));
  if (set.affected() == 0) return NoUser(login);
  if (disabled) {
    LK_RETURN_IF_ERROR(conn.Query("DELETE FROM console_sessions WHERE login=$1", Params().Add(login)).status());
  }
  return txn.Commit();
}

Status CreateConsoleSession(Connection& conn, const ConsoleSession& session) {
  LK_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(conn));
  LK_RETURN_IF_ERROR(ReadLoginState(conn, session.login).status());
  LK_ASSIGN_OR_RETURN(Rows added, conn.Query(
      "INSERT INTO console_sessions(token_hash, login, csrf_token, address, created_at, last_seen_at, expires_at) "
      "VALUES($1, $2, $3, $4, $5, $6, $7) ON CONFLICT(token_hash) DO NOTHING",
      Params().Add(session.token_hash).Add(session.login).Add(session.csrf_token).Add(session.address)
          .Add(session.created_at).Add(session.last_seen_at).Add(session.expires_at)));
  if (added.affected() == 0) return Status::AlreadyExists("a session with this token already exists");
  return txn.Commit();
}

Result<ConsoleSession> ReadConsoleSession(Connection& conn, const std::string& token_hash) {
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(
      "SELECT token_hash, login, csrf_token, address, created_at, last_seen_at, expires_at FROM console_sessions "
      "WHERE token_hash=$1",
      Params().Add(token_hash)));
  if (rows.empty()) return NoSession();
  return ConsoleSession{rows.Text(0, 0), rows.Text(0, 1), rows.Text(0, 2), rows.Text(0, 3),
                        rows.Int(0, 4),  rows.Int(0, 5),  rows.Int(0, 6)};
}

Status TouchConsoleSession(Connection& conn, const std::string& token_hash, TimeMs now) {
  LK_ASSIGN_OR_RETURN(Rows set, conn.Query("UPDATE console_sessions SET last_seen_at=$1 WHERE token_hash=$2",
                                           Params().Add(now).Add(token_hash)));
  return set.affected() == 0 ? NoSession() : Status::Ok();
}

Status DeleteConsoleSession(Connection& conn, const std::string& token_hash) {
  LK_ASSIGN_OR_RETURN(Rows gone, conn.Query("DELETE FROM console_sessions WHERE token_hash=$1",
                                            Params().Add(token_hash)));
  return gone.affected() == 0 ? NoSession() : Status::Ok();
}

Result<int64_t> DeleteExpiredConsoleSessions(Connection& conn, TimeMs now) {
  LK_ASSIGN_OR_RETURN(Rows gone, conn.Query("DELETE FROM console_sessions WHERE expires_at<$1", Params().Add(now)));
  return gone.affected();
}

Result<int64_t> AppendAudit(Connection& conn, const AuditEntry& e) {
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(
      "INSERT INTO audit_log(at, login, action, target, detail, address) VALUES($1, $2, $3, $4, $5, $6) RETURNING id",
      Params().Add(e.at).Add(e.login).Add(e.action).Add(e.target).Add(e.detail).Add(e.address)));
  return rows.Int(0, 0);
}

Result<std::vector<AuditEntry>> ListAudit(Connection& conn, const AuditFilter& f) {
  // One statement per combination of the filters set, so each finds its rows through its index
  // (newest first by id; by login; by action, whose "C" collation lets LIKE 'prefix%' use it).
  Params params;
  params.Add(f.from).Add(f.to);
  std::string sql = "SELECT id, at, login, action, target, detail, address FROM audit_log WHERE at>=$1 AND at<$2";
  auto param = [&params](const auto& value) {  // adds a parameter; its placeholder
    params.Add(value);
    return "$" + std::to_string(params.size());
  };
  if (!f.login.empty()) sql += " AND login=" + param(f.login);
  if (!f.action_prefix.empty()) sql += " AND action LIKE " + param(PrefixPattern(f.action_prefix));
  if (f.before_id > 0) sql += " AND id<" + param(f.before_id);
  sql += " ORDER BY id DESC LIMIT " + param(int64_t(f.limit));
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query(sql, params));
  std::vector<AuditEntry> out;
  out.reserve(size_t(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    out.push_back({rows.Int(i, 0), rows.Int(i, 1), rows.Text(i, 2), rows.Text(i, 3), rows.Text(i, 4),
                   rows.Text(i, 5), rows.Text(i, 6)});
  }
  return out;
}

}  // namespace lk::hub::pg
