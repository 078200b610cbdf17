// The PostgreSQL store's centres and catalogues: adding a centre, importing a catalogue as a diff with
// change sequence numbers and tombstones (the rules are hub_catalog.h's), and reading the change feed.
// Sequence numbers live in the database, so a cursor from one replica is valid on every other.
//
// Each function runs in its own transaction on the connection it is given. ImportCatalog locks the
// centre's row first (SELECT ... FOR UPDATE), so two imports for one centre never hand out the same
// sequence numbers; ListCatalogChanges reads the state and the changes in one REPEATABLE READ snapshot.
// Thread-safety: the connection's owner thread. Ownership: borrows the connection for the call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"
#include "sync/hub/hub_catalog.h"
#include "sync/hub/hub_store.h"
#include "sync/hub/pg_connection.h"

namespace lk::hub::pg {

// The centre's catalogue items as stored, tombstones included (what an import diffs against).
Result<std::map<CatalogItemKey, StoredCatalogItem>> ReadStoredItems(Connection& conn, const std::string& centre_id);
Status AddCentre(Connection& conn, const Centre& centre, TimeMs now);
Result<ImportStats> ImportCatalog(Connection& conn, const std::string& centre_id, const Catalog& catalog, TimeMs now,
                                  TimeMs tombstone_retention_ms);
Status ListCatalogChanges(Connection& conn, const std::string& centre_id, int64_t after_seq, bool live_only,
                          size_t limit, CatalogState* state, std::vector<CatalogChange>* changes);

}  // namespace lk::hub::pg
