// kioskctl: the command line over a kiosk's data directory, for staff, operators and tests.
#include <iostream>

#include "cli_context.h"

#ifdef LK_HAVE_SYNC
namespace lk::cli {
void AddSyncCommands(CLI::App& app, CliContext& ctx);  // cmd_sync.cc: enroll, sync
}
#endif

int main(int argc, char** argv) {
  using namespace lk::cli;
  CLI::App app{"kioskctl: manage a learning-kiosk data directory (catalogue, check-ins, sync, staff)"};
  app.require_subcommand(1);
  CliContext ctx;
  app.add_option("--data-dir", ctx.data_dir, "kiosk data directory")->capture_default_str();
  app.add_option_function<std::string>(
         "--config", [&](const std::string& path) { ctx.config_path = path, ctx.config_path_given = true; },
         "config file (default " + std::string(lk::kDefaultConfigPath) + ")");

  AddCatalogCommands(app, ctx);
  AddAttendanceCommands(app, ctx);
  AddStatusCommands(app, ctx);
#ifdef LK_HAVE_SYNC
  AddSyncCommands(app, ctx);  // kiosk/cli/cmd_sync.cc
#endif
  AddStaffCommands(app, ctx);
  AddSearchCommands(app, ctx);
  AddSpeechCommands(app, ctx);
  AddRecognizeCommands(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  } catch (const CommandFailed& failed) {
    return failed.exit_code;
  }
  return ctx.exit_code;
}
