// CatalogStore: the course catalogue in the kiosk database.
//
// Writes replace or patch the catalogue in one IMMEDIATE transaction together with its version/cursor,
// so a reader (or a crash) sees the old catalogue or the new one, never a mix. Reads return plain values.
// Borrows a Database; use from the thread that owns it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"

namespace lk {

// Where the kiosk's copy of the catalogue stands relative to its source.
struct CatalogState {
  std::string version;  // "" when no catalogue was ever loaded
  std::string cursor;   // the hub's cursor after the last applied page
  std::string etag;
  TimeMs updated_at = 0;
};

// A set of catalogue changes applied atomically. `full` replaces everything (items absent from the
// page are removed); otherwise items are upserted and the listed ids deleted.
struct CatalogChanges {
  bool full = false;
  std::optional<Centre> centre;
  std::vector<Category> categories;
  std::vector<Course> courses;
  std::vector<Session> sessions;
  std::vector<std::string> deleted_categories, deleted_courses, deleted_sessions;
  std::string version, cursor, etag;
};

// The changes that replace the whole catalogue with `catalog` (full, every item, its version).
CatalogChanges FullCatalogChanges(const Catalog& catalog, std::string cursor = "", std::string etag = "");

class CatalogStore {
 public:
  explicit CatalogStore(Database& db) : db_(db) {}

  // Replaces the whole catalogue (import, demo).
  Status Replace(const Catalog& catalog, TimeMs now);
  Status Apply(const CatalogChanges& changes, TimeMs now);

  Result<CatalogState> State();
  Result<Catalog> Load();
  Result<std::optional<Session>> FindSession(const std::string& id);
  Result<std::optional<Course>> FindCourse(const std::string& id);
  // Sessions whose start lies in [from, to), ordered by start then id.
  Result<std::vector<Session>> SessionsStartingBetween(TimeMs from, TimeMs to);

 private:
  Status Upsert(const CatalogChanges& changes);
  Database& db_;
};

}  // namespace lk
