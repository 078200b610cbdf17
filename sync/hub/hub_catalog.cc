#include "sync/hub/hub_catalog.h"

#include <random>
#include <set>

namespace lk::hub {

CatalogDiff DiffCatalog(const std::map<CatalogItemKey, StoredCatalogItem>& stored, const Catalog& catalog) {
  CatalogDiff diff;
  std::set<CatalogItemKey> present;
  for (const auto& item : sync::CatalogItems(catalog)) {
    CatalogItemKey key{int(item.type), item.id};
    present.insert(key);
    std::string body = item.body.dump();
    auto it = stored.find(key);
    if (it != stored.end() && !it->second.deleted && it->second.body == body) {
      ++diff.stats.unchanged;
      continue;
    }
    (it == stored.end() || it->second.deleted) ? ++diff.stats.added : ++diff.stats.changed;
    diff.upserts.emplace_back(std::move(key), std::move(body));
  }
  for (const auto& [key, old] : stored) {
    if (old.deleted || present.count(key)) continue;
    ++diff.stats.removed;
    diff.tombstones.push_back(key);
  }
  return diff;
}

std::vector<AttendanceSession> AttendanceSessions(const Catalog& catalog) {
  std::map<std::string, const Course*> courses;
  for (const auto& c : catalog.courses) courses[c.id] = &c;
  std::vector<AttendanceSession> out;
  out.reserve(catalog.sessions.size());
  for (const auto& s : catalog.sessions) out.push_back({&s, courses.at(s.course_id)});
  return out;
}

std::string NewCatalogEpoch() {
  std::random_device rd;
  std::string out;
  static const char* kHex = "0123456789abcdef";
  for (int i = 0; i < 6; ++i) {
    unsigned v = rd() & 0xff;
    out += kHex[v >> 4];
    out += kHex[v & 15];
  }
  return out;
}

}  // namespace lk::hub
