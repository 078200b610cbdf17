// The learning-hub command line: `serve` and the admin commands (center add, enroll-code,
// import-catalog, report, devices, revoke), each working on the database given by --db (a SQLite file
// or a PostgreSQL URI: hub_store_open.h), and migrate-db (hub_migrate.h).
//
// RunHubCli parses argv with CLI11 and runs one command; it returns the process exit status
// (0 ok, 1 failure with a message on stderr, 2 usage error). Not reentrant: one call per process.
// `env` gives the server and the admin commands their clocks.
#pragma once

#include "kiosk/core/env.h"

namespace lk::hub {

int RunHubCli(int argc, char** argv, Env* env = Env::Default());

}  // namespace lk::hub
