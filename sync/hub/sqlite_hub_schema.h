// The hub's SQLite schema: stepped migrations on `PRAGMA user_version`, append only. Version N is the
// N-th migration; each is applied in its own transaction together with its version bump, so a crash
// leaves the file at one version or the next. A file newer than this build knows is refused and not
// modified. Free functions; Migrate is called from the thread that owns the connection.
#pragma once

#include <string>

#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"

namespace lk::hub::sqlite {

// The newest schema version this build writes.
int SchemaVersion();
// The migration to `version` (1..SchemaVersion()).
const char* MigrationSql(int version);
// Every migration in order: the current schema, for tools that need the same tables.
const std::string& SchemaSql();
// Brings `db` (the file at `path`) up to SchemaVersion(); kFailedPrecondition when it is newer.
Status Migrate(Database& db, const std::string& path);

}  // namespace lk::hub::sqlite
