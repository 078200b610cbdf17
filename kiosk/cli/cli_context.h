// CliContext: what every kioskctl command shares: the global options, the config, the data directory's
// store, the time zone, and one way to report an error (one line on stderr, a non-zero exit code).
// Lazily opens what a command asks for; single-threaded.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "kiosk/core/config.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/status.h"
#include "kiosk/core/time_zone.h"

namespace lk::cli {

// Exit codes: 0 ok; 1 a rule refused the request (invalid id, session not open, nothing to do);
// 2 bad usage or config; 3 I/O, database or network failure.
enum ExitCode { kExitOk = 0, kExitRefused = 1, kExitUsage = 2, kExitFailure = 3 };

class CliContext {
 public:
  std::string data_dir = kDefaultDataDir;
  std::string config_path = kDefaultConfigPath;
  bool config_path_given = false;
  int exit_code = kExitOk;

  const KioskConfig& config();      // exits via Fail on error
  KioskStore& store();
  const TimeZone& zone();
  // Prints "kioskctl: <message>" to stderr, sets the exit code from the status, and ends the command.
  [[noreturn]] void Fail(const Status& status);
  // Unwraps a Result or fails with its status.
  template <typename T>
  T Check(Result<T> result) {
    if (!result.ok()) Fail(result.status());
    return std::move(result).value();
  }
  void Check(const Status& status) {
    if (!status.ok()) Fail(status);
  }

 private:
  std::optional<KioskConfig> config_;
  std::optional<KioskStore> store_;
  std::optional<TimeZone> zone_;
};

// Thrown by Fail to unwind out of a command; caught in main.
struct CommandFailed {
  int exit_code;
};

// Each command family registers its subcommands; main.cc calls every one.
void AddCatalogCommands(CLI::App& app, CliContext& ctx);
void AddAttendanceCommands(CLI::App& app, CliContext& ctx);
void AddStatusCommands(CLI::App& app, CliContext& ctx);
void AddStaffCommands(CLI::App& app, CliContext& ctx);  // cmd_staff.cc
void AddSearchCommands(CLI::App& app, CliContext& ctx);  // cmd_search.cc
void AddSpeechCommands(CLI::App& app, CliContext& ctx);  // cmd_speech.cc: pinyin, say
void AddRecognizeCommands(CLI::App& app, CliContext& ctx);  // cmd_recognize.cc

}  // namespace lk::cli
