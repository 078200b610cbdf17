#include "sync/hub/console_store.h"

#include <algorithm>

#include "kiosk/core/enum_names.h"

namespace lk::hub {
namespace {

constexpr EnumName<ConsoleRole> kRoleNames[] = {
    {ConsoleRole::kCentre, "centre"}, {ConsoleRole::kDistrict, "district"}, {ConsoleRole::kCity, "city"}};

}  // namespace

const char* RoleName(ConsoleRole role) { return NameOf(kRoleNames, role); }
std::optional<ConsoleRole> ParseRole(const std::string& name) { return FromName(kRoleNames, name); }

CatalogPreview PreviewCatalogDiff(const std::map<CatalogItemKey, StoredCatalogItem>& stored, const Catalog& catalog) {
  CatalogDiff diff = DiffCatalog(stored, catalog);
  CatalogPreview preview;
  for (const auto& [key, body] : diff.upserts) {
    auto it = stored.find(key);
    // As the import counts them: a revived tombstone is added again.
    (it == stored.end() || it->second.deleted ? preview.added : preview.changed).push_back(key);
  }
  preview.removed = std::move(diff.tombstones);
  for (auto* keys : {&preview.added, &preview.changed, &preview.removed}) std::sort(keys->begin(), keys->end());
  preview.unchanged = diff.stats.unchanged;
  return preview;
}

}  // namespace lk::hub
