// The catalogue import rules every HubStore backend shares: how a new catalogue is diffed against the
// items a centre has stored (which items get new change sequence numbers, which become tombstones), the
// denormalised sessions attendance is validated, counted and reported against, and the feed's epoch.
// Stateless functions on plain values: thread-safe.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/domain.h"
#include "sync/hub/hub_store.h"
#include "sync/protocol/catalog_messages.h"

namespace lk::hub {

// (int(sync::ItemType), id): an item's identity within one centre's catalogue.
using CatalogItemKey = std::pair<int, std::string>;

// An item as stored: tombstone or live, with its body as the JSON text CatalogItem::body dumps to.
struct StoredCatalogItem {
  bool deleted = false;
  std::string body;
};

struct CatalogDiff {
  // New, changed or revived items with their body text, in CatalogItems order: each gets the next seq.
  std::vector<std::pair<CatalogItemKey, std::string>> upserts;
  // Live items the catalogue no longer has, in key order: each gets the next seq after the upserts.
  std::vector<CatalogItemKey> tombstones;
  ImportStats stats;  // added, changed, removed, unchanged; max_seq is the backend's to set
};

// What importing `catalog` changes against `stored` (the centre's items, tombstones included).
// An item whose body is unchanged keeps its sequence number.
CatalogDiff DiffCatalog(const std::map<CatalogItemKey, StoredCatalogItem>& stored, const Catalog& catalog);

// A session with what attendance needs of its course.
struct AttendanceSession {
  const Session* session;
  const Course* course;
};
// The catalogue's sessions, each with its course (ParseCatalogJson checked every reference); pointers
// into `catalog`.
std::vector<AttendanceSession> AttendanceSessions(const Catalog& catalog);

// A new random feed epoch for a centre: cursors from another centre or another hub database never match.
std::string NewCatalogEpoch();

}  // namespace lk::hub
