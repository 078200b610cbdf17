#include "sync/hub/console/console_cli.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "kiosk/core/catalog_json.h"
#include "kiosk/core/secret_hash.h"
#include "sync/hub/console/console_auth.h"
#include "sync/hub/console_store.h"
#include "sync/protocol/protocol.h"

namespace lk::hub::console {
namespace {

int Fail(const std::string& message) {
  std::cerr << "learning-hub: " << message << "\n";
  return 1;
}

// One line from stdin; echo is off while a terminal types it.
std::string ReadPassword() {
  const bool tty = isatty(STDIN_FILENO);
  termios saved{};
  if (tty && tcgetattr(STDIN_FILENO, &saved) == 0) {
    std::fprintf(stderr, "password: ");
    termios quiet = saved;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::fprintf(stderr, "\n");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

ConsoleCli::ConsoleCli(CLI::App& app, CLI::App& center, std::string& db) {
  constexpr const char* kDb = "Hub database: a SQLite file or a postgresql:// URI";
  auto* user = app.add_subcommand("user", "Console accounts (password on stdin)");
  user->require_subcommand(1);
  user_add_ = user->add_subcommand("add", "Add a console account; its password is read from stdin");
  user_add_->add_option("--db", db, kDb)->required();
  user_add_->add_option("--login", login_, "Login name")->required();
  user_add_->add_option("--role", role_, "city, district or centre")
      ->required()
      ->check(CLI::IsMember({"city", "district", "centre"}));
  user_add_->add_option("--district", district_, "The district a district officer sees");
  user_add_->add_option("--centre,--center", centre_, "The centre a centre manager sees");
  user_list_ = user->add_subcommand("list", "List console accounts");
  user_list_->add_option("--db", db, kDb)->required();
  user_disable_ = user->add_subcommand("disable", "Disable an account (its sessions end at once)");
  user_disable_->add_option("--db", db, kDb)->required();
  user_disable_->add_option("--login", login_, "Login name")->required();
  user_disable_->add_flag("--enable", enable_, "Enable it again instead");

  set_district_ = center.add_subcommand("set-district", "Put a centre in a district (\"\" clears it)");
  set_district_->add_option("--db", db, kDb)->required();
  set_district_->add_option("--id", centre_, "Centre id")->required();
  set_district_->add_option("--district", district_, "District name")->required();
}

bool ConsoleCli::parsed() const {
  return user_add_->parsed() || user_list_->parsed() || user_disable_->parsed() || set_district_->parsed();
}

int ConsoleCli::Run(HubStore& hub, Env* env) {
  ConsoleStore& store = hub.Console();
  const TimeMs now = env->WallNowMs();
  if (user_add_->parsed()) {
    ConsoleUser user;
    user.login = login_;
    user.role = *ParseRole(role_);
    if (!sync::IsValidId(login_)) return Fail("--login: letters, digits, '-', '_' and '.' only");
    if (user.role == ConsoleRole::kDistrict) {
      if (district_.empty()) return Fail("--district is required for --role district");
      user.district = district_;
    }
    if (user.role == ConsoleRole::kCentre) {
      if (centre_.empty()) return Fail("--centre is required for --role centre");
      auto centre = hub.GetCentre(centre_);
      if (!centre.ok()) return Fail("--centre " + centre_ + ": " + centre.status().message());
      user.centre_id = centre_;
    }
    std::string password = ReadPassword();
    if (password.size() < kMinPasswordLength || !IsCleanUtf8(password)) {
      return Fail("the password (stdin) must be at least " + std::to_string(kMinPasswordLength) + " characters");
    }
    auto hash = HashSecret(password);
    std::fill(password.begin(), password.end(), '\0');
    if (!hash.ok()) return Fail(hash.status().message());
    Status added = store.AddUser(user, *hash, now);
    if (!added.ok()) return Fail(added.message());
    AuditEntry entry{0, now, "", "user.add", login_, std::string("role ") + RoleName(user.role), "command line"};
    Status audited = store.AppendAudit(entry).status();
    if (!audited.ok()) return Fail(audited.message());
    std::printf("user %s added (%s)\n", login_.c_str(), RoleName(user.role));
    return 0;
  }
  if (user_list_->parsed()) {
    auto users = store.ListUsers();
    if (!users.ok()) return Fail(users.status().message());
    for (const ConsoleUser& u : *users) {
      std::string scope = u.role == ConsoleRole::kDistrict ? u.district : u.role == ConsoleRole::kCentre ? u.centre_id : "";
      std::printf("%-24s %-9s %-24s %s\n", u.login.c_str(), RoleName(u.role), scope.c_str(),
                  u.disabled ? "disabled" : "active");
    }
    return 0;
  }
  if (user_disable_->parsed()) {
    Status done = store.SetUserDisabled(login_, !enable_);
    if (!done.ok()) return Fail(done.message());
    AuditEntry entry{0, now, "", enable_ ? "user.enable" : "user.disable", login_, "", "command line"};
    Status audited = store.AppendAudit(entry).status();
    if (!audited.ok()) return Fail(audited.message());
    std::printf("user %s %s\n", login_.c_str(), enable_ ? "enabled" : "disabled");
    return 0;
  }
  if (set_district_->parsed()) {
    Status done = store.SetCentreDistrict(centre_, district_);
    if (!done.ok()) return Fail(done.message());
    AuditEntry entry{0, now, "", "centre.set_district", centre_, "district \"" + district_ + "\"", "command line"};
    Status audited = store.AppendAudit(entry).status();
    if (!audited.ok()) return Fail(audited.message());
    std::printf("centre %s in district \"%s\"\n", centre_.c_str(), district_.c_str());
    return 0;
  }
  return 2;
}

}  // namespace lk::hub::console
