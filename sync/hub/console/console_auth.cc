#include "sync/hub/console/console_auth.h"

#include "kiosk/core/secret_hash.h"
#include "kiosk/core/time_zone.h"
#include "sync/hub/credentials.h"

namespace lk::hub::console {
namespace {

// Checked against unknown logins so that they take as long as known ones.
const std::string& DummyHash() {
  static const std::string hash = HashSecret("not a password of anyone").value_or("");
  return hash;
}

// Touching a session on every request would write on every page view; once a minute is enough for the
// idle timeout.
constexpr TimeMs kTouchEveryMs = kMsPerMinute;

}  // namespace

CentreFilter Viewer::Filter() const {
  switch (user.role) {
    case ConsoleRole::kCity: return CentreFilter::All();
    case ConsoleRole::kDistrict: return CentreFilter::District(user.district);
    case ConsoleRole::kCentre: return CentreFilter::OneCentre(user.centre_id);
  }
  return CentreFilter::OneCentre(user.centre_id);
}

bool Viewer::MaySee(const CentreRow& centre) const {
  switch (user.role) {
    case ConsoleRole::kCity: return true;
    case ConsoleRole::kDistrict: return !user.district.empty() && centre.district == user.district;
    case ConsoleRole::kCentre: return centre.centre.id == user.centre_id;
  }
  return false;
}

Status ConsoleAuth::Audit(const std::string& login, const std::string& action, const std::string& target,
                          const std::string& detail, const std::string& address) const {
  AuditEntry entry;
  entry.at = env_->WallNowMs();
  entry.login = login;
  entry.action = action;
  entry.target = target;
  entry.detail = detail;
  entry.address = address;
  return store_.AppendAudit(entry).status();
}

Result<LoginResult> ConsoleAuth::Login(const std::string& login, const std::string& password,
                                       const std::string& address) {
  const TimeMs now = env_->WallNowMs();
  const LockoutPolicy& policy = options_.lockout;
  auto state = store_.GetLoginState(login);
  if (!state.ok() && state.status().code() != StatusCode::kNotFound) return state.status();
  if (!state.ok() || state->user.disabled) {
    SecretMatches(DummyHash(), password);
    LK_RETURN_IF_ERROR(Audit(login, "console.login_failed", login, state.ok() ? "account disabled" : "unknown login", address));
    return LoginResult{};
  }
  bool lock_ended = false;
  LockoutCounters stored{state->failed_attempts, state->lockout_rounds, state->locked_until};
  LockoutCounters counters = CountersAt(policy, stored, now, &lock_ended);
  if (counters != stored) {
    LK_RETURN_IF_ERROR(store_.SetLockout(login, counters.failed_attempts, counters.lockout_rounds, counters.locked_until));
  }
  if (counters.locked(now)) {
    LK_RETURN_IF_ERROR(Audit(login, "console.login_refused", login,
                             "locked until " + FormatRfc3339Utc(counters.locked_until) + "; password not checked",
                             address));
    return LoginResult{LoginOutcome::kLocked, "", 0, counters.locked_until};
  }
  if (lock_ended) LK_RETURN_IF_ERROR(Audit(login, "console.login_unlocked", login, "lockout ended", address));

  LK_ASSIGN_OR_RETURN(LoginState counted, store_.CountLoginAttempt(login));
  counters.failed_attempts = counted.failed_attempts;
  const bool right = SecretMatches(counted.password_hash, password);
  const LockoutCounters after = AfterAttempt(policy, counters, right, now);
  LK_RETURN_IF_ERROR(store_.SetLockout(login, after.failed_attempts, after.lockout_rounds, after.locked_until));
  if (!right) {
    if (after.locked(now)) {
      LK_RETURN_IF_ERROR(Audit(login, "console.login_locked", login,
                               std::to_string(after.failed_attempts) + " wrong passwords in a row; locked until " +
                                   FormatRfc3339Utc(after.locked_until),
                               address));
      return LoginResult{LoginOutcome::kLocked, "", 0, after.locked_until};
    }
    LK_RETURN_IF_ERROR(Audit(login, "console.login_failed", login,
                             "wrong password, attempt " + std::to_string(after.failed_attempts) + " of " +
                                 std::to_string(policy.max_attempts),
                             address));
    return LoginResult{LoginOutcome::kWrong, "", policy.max_attempts - after.failed_attempts, 0};
  }
  ConsoleSession session;
  std::string token = NewToken();
  session.token_hash = HashToken(token);
  session.login = login;
  session.csrf_token = NewToken();
  session.address = address;
  session.created_at = session.last_seen_at = now;
  session.expires_at = now + options_.session_ms;
  LK_RETURN_IF_ERROR(store_.CreateSession(session));
  LK_RETURN_IF_ERROR(Audit(login, "console.login", login, "logged in", address));
  return LoginResult{LoginOutcome::kOk, token, 0, 0};
}

Result<std::optional<Viewer>> ConsoleAuth::Resolve(const std::string& token) {
  if (token.empty()) return std::optional<Viewer>{};
  const TimeMs now = env_->WallNowMs();
  auto session = store_.GetSession(HashToken(token));
  if (!session.ok()) {
    if (session.status().code() == StatusCode::kNotFound) return std::optional<Viewer>{};
    return session.status();
  }
  if (now >= session->expires_at || now - session->last_seen_at >= options_.idle_ms) {
    LK_RETURN_IF_ERROR(store_.DeleteSession(session->token_hash));
    return std::optional<Viewer>{};
  }
  auto state = store_.GetLoginState(session->login);
  if (!state.ok()) {
    if (state.status().code() == StatusCode::kNotFound) return std::optional<Viewer>{};
    return state.status();
  }
  if (state->user.disabled) return std::optional<Viewer>{};
  if (now - session->last_seen_at >= kTouchEveryMs) {
    LK_RETURN_IF_ERROR(store_.TouchSession(session->token_hash, now));
    session->last_seen_at = now;
  }
  return std::optional<Viewer>{Viewer{state->user, *session}};
}

Status ConsoleAuth::Logout(const Viewer& viewer, const std::string& address) {
  LK_RETURN_IF_ERROR(store_.DeleteSession(viewer.session.token_hash));
  return Audit(viewer.user.login, "console.logout", viewer.user.login, "logged out", address);
}

}  // namespace lk::hub::console
