// ConsoleAuth: who is asking. Password login with the staff PIN's escalating lockout (lockout.h),
// server-side sessions in the ConsoleStore (so every replica knows them), and the scope a user's role
// gives (city: everything; district: its centres; centre: one).
//
// - A login attempt is counted before the password is checked (Argon2id, ~0.1-0.3 s); unknown logins
//   cost the same check, and get the same answer as a wrong password. Every attempt is audited.
// - A session is 32 random bytes in an HttpOnly, SameSite=Strict cookie (Secure under TLS), stored
//   hashed; it ends at logout, after `session_ms`, after `idle_ms` without a request, or when the user
//   is disabled. Each session has its own CSRF token, which every form carries.
//
// Thread-safety: safe for concurrent use (state is in the store). Borrows the store and the env.
#pragma once

#include <optional>
#include <string>

#include "kiosk/core/env.h"
#include "kiosk/core/lockout.h"
#include "kiosk/core/status.h"
#include "sync/hub/console_store.h"

namespace lk::hub::console {

struct Viewer {
  ConsoleUser user;
  ConsoleSession session;
  CentreFilter Filter() const;
  bool MaySee(const CentreRow& centre) const;
  bool IsCity() const { return user.role == ConsoleRole::kCity; }
};

struct ConsoleAuthOptions {
  LockoutPolicy lockout;
  TimeMs session_ms = 12 * kMsPerHour;
  TimeMs idle_ms = 30 * kMsPerMinute;
};

enum class LoginOutcome { kOk, kWrong, kLocked };

struct LoginResult {
  LoginOutcome outcome = LoginOutcome::kWrong;
  std::string token;        // kOk: the session cookie's value
  int attempts_left = 0;    // kWrong, for a known login
  TimeMs locked_until = 0;  // kLocked
};

class ConsoleAuth {
 public:
  ConsoleAuth(ConsoleStore& store, ConsoleAuthOptions options, Env* env)
      : store_(store), options_(options), env_(env) {}

  Result<LoginResult> Login(const std::string& login, const std::string& password, const std::string& address);
  // The viewer of a session token; nullopt when it is unknown, expired, idle too long or its user disabled.
  Result<std::optional<Viewer>> Resolve(const std::string& token);
  Status Logout(const Viewer& viewer, const std::string& address);

  const ConsoleAuthOptions& options() const { return options_; }
  // One audit log entry, now (every entry the console writes goes through here).
  Status Audit(const std::string& login, const std::string& action, const std::string& target,
               const std::string& detail, const std::string& address) const;

 private:

  ConsoleStore& store_;
  ConsoleAuthOptions options_;
  Env* env_;
};

}  // namespace lk::hub::console
