// The PostgreSQL hub schema and its stepped migrations. Migrate brings a database to this build's
// version: each step runs in its own transaction and records itself in `schema_migrations`; a database
// from a newer build is refused (kFailedPrecondition) and left untouched. Every step takes a
// transaction-level advisory lock first, so replicas starting together migrate once, in order.
//
// The tables mirror the SQLite schema (sqlite_hub_schema.cc) column for column, so both backends answer
// alike and `migrate-db` copies one into the other; ids are `text COLLATE "C"` so that they sort and
// compare bytewise, as in SQLite.
// Thread-safety: the connection's owner thread.
#pragma once

#include "kiosk/core/status.h"
#include "sync/hub/pg_connection.h"

namespace lk::hub::pg {

// The version this build migrates to.
int SchemaVersion();

[[nodiscard]] Status Migrate(Connection& conn);

// Advisory lock keys (the two-int form's first key): a schema migration, and one centre's ingest.
inline constexpr int kMigrationLock = 1;
inline constexpr int kCentreLock = 2;

}  // namespace lk::hub::pg
