// Statement resets for the hub's SQLite connections. A cached statement left mid-result keeps its read
// transaction, and with it an old snapshot, open on its connection: a pooled reader would then serve
// stale data and the WAL could not be checkpointed past it. Free functions; call from the thread that
// uses the connection.
#pragma once

#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"

namespace lk::hub::sqlite {

// Resets every prepared statement of the connection.
void ResetStatements(Database& db);
// Commits a transaction after resetting the connection's statements.
Status ResetAndCommit(Database& db, Transaction& txn);

}  // namespace lk::hub::sqlite
