// The SQLite store's attendance ingest: IngestStorage over the writer connection (the rules are
// hub_ingest.h's), and the group commit of several batches in one transaction.
//
// CommitBatches must be called under the store's write lock, on its one writer connection: it opens an
// IMMEDIATE transaction, applies each batch in its own savepoint (a batch that fails is rolled back alone
// and answered with its error) and commits them all with one fsync; when that commit fails, every batch
// gets the failure and nothing is stored. Within a batch, the storage looks up once, for the whole batch,
// which of its ids the centre has, which a stored record refers to and which of its (session, learner) pairs
// count, reads each session's row once and writes each session's count change once, before the batch's
// savepoint is released (exact because nothing else writes while the transaction is open).
// Ownership: borrows the connection and the group for the call.
#pragma once

#include <vector>

#include "kiosk/core/sqlite_db.h"
#include "sync/hub/group_commit.h"

namespace lk::hub::sqlite {

void CommitBatches(Database& writer, const std::vector<PendingBatch*>& group);

}  // namespace lk::hub::sqlite
