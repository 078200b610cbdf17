// Catalogue pull: fetches the centre's catalogue from the hub incrementally, GET /v1/catalog?since=CURSOR
// (sync/PROTOCOL.md §4), with If-None-Match carrying the stored ETag (304: nothing to do).
//
// All pages of one pull are gathered (sync::CatalogAccumulator, starting from the kiosk's catalogue, or
// from nothing for a `full` resync), validated as a whole catalogue, and written through
// CatalogStore::Apply together with the last page's cursor and ETag in one transaction: the kiosk
// switches catalogues only after the last page (PROTOCOL.md §4), so a crash mid-pull leaves the old
// catalogue and the next pull starts again from the stored cursor.
// Borrows the Database and the HubClient; one thread.
#pragma once

#include <string>

#include "kiosk/core/domain.h"
#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"
#include "sync/client/hub_client.h"

namespace lk::sync {

constexpr const char* kCatalogPath = "/v1/catalog";

struct PullResult {
  bool not_modified = false;  // 304 on the first request
  bool changed = false;       // the local catalogue was written
  int pages = 0;
  std::string version;        // the catalogue version the kiosk holds afterwards
};

class CatalogPuller {
 public:
  CatalogPuller(Database& db, HubClient& client) : db_(db), client_(client) {}
  Result<PullResult> Pull(TimeMs now);

 private:
  Database& db_;
  HubClient& client_;
};

}  // namespace lk::sync
