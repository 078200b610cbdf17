// The console's commands of `learning-hub`: `user add|list|disable` (accounts; the password is read
// from stdin, without echo on a terminal) and `center set-district`. Each is registered on the app and
// run after parsing, over an open HubStore.
//
// Not thread-safe (a command line runs once). Borrows the app and the store.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "kiosk/core/env.h"
#include "sync/hub/hub_store.h"

namespace lk::hub::console {

class ConsoleCli {
 public:
  // Adds `user ...` to `app` and `set-district` to `center`; `db` is the shared --db value.
  ConsoleCli(CLI::App& app, CLI::App& center, std::string& db);

  bool parsed() const;
  // Runs the parsed command; the process exit code.
  int Run(HubStore& hub, Env* env);

 private:
  CLI::App* user_add_ = nullptr;
  CLI::App* user_list_ = nullptr;
  CLI::App* user_disable_ = nullptr;
  CLI::App* set_district_ = nullptr;
  std::string login_, role_, district_, centre_;
  bool enable_ = false;
};

// The minimum length of a console password.
constexpr size_t kMinPasswordLength = 10;

}  // namespace lk::hub::console
