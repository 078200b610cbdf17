#include "sync/protocol/catalog_messages.h"

#include "kiosk/core/catalog_json.h"
#include "kiosk/core/enum_names.h"
#include "sync/protocol/protocol.h"

namespace lk::sync {

using nlohmann::json;

namespace {
constexpr EnumName<ItemType> kItemTypeNames[] = {
    {ItemType::kCategory, "category"}, {ItemType::kCourse, "course"}, {ItemType::kSession, "session"}};
}  // namespace

const char* ItemTypeName(ItemType type) { return NameOf(kItemTypeNames, type); }
std::optional<ItemType> ParseItemType(std::string_view name) { return FromName(kItemTypeNames, name); }

json CentreToJson(const Centre& c) {
  return {{"id", c.id}, {"name", {{"zh", c.name.zh}, {"en", c.name.en}}}, {"time_zone", c.time_zone}};
}

Result<Centre> ParseCentreJson(const json& j) {
  try {
    Centre c;
    c.id = j.at("id").get<std::string>();
    const auto& name = j.at("name");
    c.name.zh = name.value("zh", "");
    c.name.en = name.value("en", "");
    c.time_zone = j.at("time_zone").get<std::string>();
    if (!IsValidId(c.id)) return Status::InvalidArgument("centre.id: not a valid id");
    return c;
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("centre: ") + e.what());
  }
}

json CatalogItemToJson(const CatalogItem& item) {
  json j = item.deleted ? json::object() : item.body;
  j["type"] = ItemTypeName(item.type);
  j["id"] = item.id;
  if (item.deleted) j["deleted"] = true;
  return j;
}

Result<CatalogItem> ParseCatalogItemJson(const json& j) {
  if (!j.is_object()) return Status::InvalidArgument("catalog item: expected an object");
  auto type = j.find("type");
  auto id = j.find("id");
  if (type == j.end() || !type->is_string() || !ParseItemType(type->get<std::string>())) {
    return Status::InvalidArgument("catalog item: type must be category, course or session");
  }
  if (id == j.end() || !id->is_string() || !IsValidId(id->get<std::string>())) {
    return Status::InvalidArgument("catalog item: missing or invalid id");
  }
  CatalogItem item;
  item.type = *ParseItemType(type->get<std::string>());
  item.id = id->get<std::string>();
  auto deleted = j.find("deleted");
  item.deleted = deleted != j.end() && deleted->is_boolean() && deleted->get<bool>();
  if (!item.deleted) {
    item.body = j;
    item.body.erase("type");
  }
  return item;
}

std::string CatalogPageToJson(const CatalogPage& page) {
  json items = json::array();
  for (const auto& item : page.items) items.push_back(CatalogItemToJson(item));
  json j = {{"full", page.full},
            {"centre", CentreToJson(page.centre)},
            {"catalog_version", page.catalog_version},
            {"items", std::move(items)},
            {"next_cursor", page.next_cursor},
            {"has_more", page.has_more}};
  return DumpJson(j);
}

Result<CatalogPage> ParseCatalogPage(std::string_view body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::InvalidArgument("catalog page: not a JSON object");
  CatalogPage page;
  try {
    page.full = j.at("full").get<bool>();
    LK_ASSIGN_OR_RETURN(page.centre, ParseCentreJson(j.at("centre")));
    page.catalog_version = j.at("catalog_version").get<std::string>();
    page.next_cursor = j.at("next_cursor").get<std::string>();
    page.has_more = j.at("has_more").get<bool>();
    for (const auto& item : j.at("items")) {
      LK_ASSIGN_OR_RETURN(CatalogItem parsed, ParseCatalogItemJson(item));
      page.items.push_back(std::move(parsed));
    }
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("catalog page: ") + e.what());
  }
  return page;
}

std::vector<CatalogItem> CatalogItems(const Catalog& catalog) {
  // Reuse the catalogue format's writer so items and files never drift apart.
  json all = json::parse(CatalogToJson(catalog));
  std::vector<CatalogItem> out;
  auto add = [&](const char* key, ItemType type) {
    for (auto& body : all.at(key)) {
      CatalogItem item;
      item.type = type;
      item.id = body.at("id").get<std::string>();
      item.body = std::move(body);
      out.push_back(std::move(item));
    }
  };
  add("categories", ItemType::kCategory);
  add("courses", ItemType::kCourse);
  add("sessions", ItemType::kSession);
  return out;
}

Result<Catalog> CatalogFromItems(const Centre& centre, const std::string& version,
                                 const std::vector<CatalogItem>& items) {
  json root = {{"format", kCatalogFormat},
               {"version", version.empty() ? std::string("hub") : version},
               {"centre", CentreToJson(centre)},
               {"categories", json::array()},
               {"courses", json::array()},
               {"sessions", json::array()}};
  for (const auto& item : items) {
    if (item.deleted) continue;
    json body = item.body;
    body["id"] = item.id;
    switch (item.type) {
      case ItemType::kCategory: root["categories"].push_back(std::move(body)); break;
      case ItemType::kCourse: root["courses"].push_back(std::move(body)); break;
      case ItemType::kSession: root["sessions"].push_back(std::move(body)); break;
    }
  }
  return ParseCatalogJson(root.dump(), /*load_time=*/0, "hub catalog");
}

CatalogAccumulator::CatalogAccumulator(const Catalog& current) : centre_(current.centre), version_(current.version) {
  for (auto& item : CatalogItems(current)) {
    items_[{int(item.type), item.id}] = std::move(item);
  }
}

void CatalogAccumulator::Apply(const CatalogPage& page) {
  if (page.full) items_.clear();
  centre_ = page.centre;
  version_ = page.catalog_version;
  for (const auto& item : page.items) {
    std::pair<int, std::string> key{int(item.type), item.id};
    if (item.deleted) {
      items_.erase(key);
    } else {
      items_[key] = item;
    }
  }
}

Result<Catalog> CatalogAccumulator::Build() const {
  std::vector<CatalogItem> items;
  items.reserve(items_.size());
  // Map order is (type, id): categories, then courses, then sessions, as ParseCatalogJson needs.
  for (const auto& [key, item] : items_) items.push_back(item);
  return CatalogFromItems(centre_, version_, items);
}

}  // namespace lk::sync
