// The SQLite store's centres and catalogues: adding a centre, importing a catalogue as a diff with change
// sequence numbers and tombstones (the rules are hub_catalog.h's), and reading the change feed.
//
// Each function runs in its own transaction on the connection it is given. Writers take the store's one
// writer connection and must be called under its write lock; ListCatalogChanges takes a reader and
// reads the state and the changes in one snapshot. Ownership: borrows the connection for the call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"
#include "sync/hub/hub_catalog.h"
#include "sync/hub/hub_store.h"

namespace lk::hub::sqlite {

// The centre's catalogue items as stored, tombstones included (what an import diffs against).
Result<std::map<CatalogItemKey, StoredCatalogItem>> ReadStoredItems(Database& db, const std::string& centre_id);
Status AddCentre(Database& writer, const Centre& centre, TimeMs now);
Result<ImportStats> ImportCatalog(Database& writer, const std::string& centre_id, const Catalog& catalog, TimeMs now,
                                  TimeMs tombstone_retention_ms);
Status ListCatalogChanges(Database& reader, const std::string& centre_id, int64_t after_seq, bool live_only,
                          size_t limit, CatalogState* state, std::vector<CatalogChange>* changes);

}  // namespace lk::hub::sqlite
