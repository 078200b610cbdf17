// OpenHubStore: the one place that picks the hub's backend from `--db`. A libpq connection URI
// ("postgresql://..." or "postgres://...") opens PostgreSQL (pg_hub_store.h); anything else is the path of
// a SQLite file (sqlite_hub_store.h), the embedded default. Both are migrated to this build's schema on
// open and refuse a database from a newer build.
// Thread-safety: OpenHubStore may be called from any thread; the store it returns is thread-safe.
#pragma once

#include <memory>
#include <string>

#include "kiosk/core/status.h"
#include "sync/hub/hub_store.h"

namespace lk::hub {

// Whether `db` names a PostgreSQL database (a libpq connection URI) rather than a SQLite file.
bool IsPostgresUri(const std::string& db);

// `connections`: the most database connections the store opens at once (PostgreSQL; SQLite keeps one
// writer and a reader per concurrent call). Passwords come from libpq's usual places (PGPASSFILE,
// ~/.pgpass, a service file), never from `db` in a log: errors name the database without its password.
Result<std::unique_ptr<HubStore>> OpenHubStore(const std::string& db, int connections = 4);

// `db` as it may be printed: the URI without a password.
std::string DescribeDatabase(const std::string& db);

}  // namespace lk::hub
