// Catalogue pull messages: the pages of GET /v1/catalog?since=CURSOR (sync/PROTOCOL.md §4), and the
// conversion between a Catalog and the items pages carry.
//
// An item is one category, course or session in the catalogue format of kiosk/core/CATALOG.md (as
// CatalogToJson writes it) plus its "type"; a tombstone is {"type", "id", "deleted": true}. Cursors are
// opaque strings minted by the hub. CatalogAccumulator is the client side: it applies pages in order and
// builds a validated Catalog (through ParseCatalogJson) once `has_more` is false. Plain values, not
// synchronized: one thread at a time per object.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"

namespace lk::sync {

enum class ItemType { kCategory, kCourse, kSession };
const char* ItemTypeName(ItemType type);  // "category", "course", "session"
std::optional<ItemType> ParseItemType(std::string_view name);

struct CatalogItem {
  ItemType type = ItemType::kCategory;
  std::string id;
  bool deleted = false;
  // The item's fields in catalogue format (without "type"); empty object for tombstones.
  nlohmann::json body = nlohmann::json::object();
};

struct CatalogPage {
  bool full = false;  // replace the whole local catalogue with the items of this and the following pages
  Centre centre;
  std::string catalog_version;  // the version of the catalogue the hub holds now
  std::vector<CatalogItem> items;
  std::string next_cursor;  // pass as `since` for the next page or the next poll
  bool has_more = false;
};

nlohmann::json CentreToJson(const Centre& centre);
Result<Centre> ParseCentreJson(const nlohmann::json& j);

nlohmann::json CatalogItemToJson(const CatalogItem& item);
Result<CatalogItem> ParseCatalogItemJson(const nlohmann::json& j);

std::string CatalogPageToJson(const CatalogPage& page);
Result<CatalogPage> ParseCatalogPage(std::string_view body);

// A catalogue's items in dependency order (categories, courses, sessions), each body as CatalogToJson
// writes it.
std::vector<CatalogItem> CatalogItems(const Catalog& catalog);
// Assembles and validates a catalogue from live items with ParseCatalogJson.
Result<Catalog> CatalogFromItems(const Centre& centre, const std::string& version,
                                 const std::vector<CatalogItem>& items);

// Client-side page application. Start from the items of the catalogue the kiosk has (or none).
class CatalogAccumulator {
 public:
  CatalogAccumulator() = default;
  explicit CatalogAccumulator(const Catalog& current);
  // Applies one page: a `full` page first forgets every item; items replace, tombstones remove.
  void Apply(const CatalogPage& page);
  // The catalogue as of the pages applied (validated). Call once a page says has_more == false.
  Result<Catalog> Build() const;
  size_t size() const { return items_.size(); }

 private:
  Centre centre_;
  std::string version_;
  std::map<std::pair<int, std::string>, CatalogItem> items_;  // (type, id)
};

}  // namespace lk::sync
