// The SQLite store's attendance ingest: IngestStorage over the writer connection (the rules are
// hub_ingest.h's), and the group commit of several batches in one transaction.
//
// CommitBatches must be called under the store's write lock, on its one writer connection: it opens an
// IMMEDIATE transaction, applies each batch in its own savepoint (a batch that fails is rolled back alone
// and answered with its error) and commits them all with one fsync; when that commit fails, every batch
// gets the failure and nothing is stored. Ownership: borrows the connection and the group for the call.
#pragma once

#include <vector>

#include "kiosk/core/sqlite_db.h"
#include "sync/hub/group_commit.h"

namespace lk::hub::sqlite {

void CommitBatches(Database& writer, const std::vector<PendingBatch*>& group);

}  // namespace lk::hub::sqlite
