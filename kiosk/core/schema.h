// The kiosk database's schema and its migrations, stepped on `PRAGMA user_version`.
//
// Each migration runs in its own IMMEDIATE transaction together with the user_version bump, so a crash
// leaves the file at one version or the next, never between. A file whose user_version is newer than
// this build knows is refused with a clear message and not modified. Call from the thread that owns the
// Database.
#pragma once

#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"

namespace lk {

// The newest schema version this build writes.
int LatestSchemaVersion();
// Brings `db` up to LatestSchemaVersion(), or stops at `target_version` when given (for tests that
// build an old file and migrate it forward).
Status MigrateSchema(Database& db, int target_version = -1);
// PRAGMA user_version.
Result<int> SchemaVersion(Database& db);

}  // namespace lk
