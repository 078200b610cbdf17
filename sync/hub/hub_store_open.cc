#include "sync/hub/hub_store_open.h"

#include "sync/hub/pg_hub_store.h"
#include "sync/hub/sqlite_hub_store.h"

namespace lk::hub {

bool IsPostgresUri(const std::string& db) {
  return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<HubStore>> OpenHubStore(const std::string& db, int connections) {
  if (db.empty()) return Status::InvalidArgument("--db: a SQLite file or a postgresql:// URI is required");
  if (IsPostgresUri(db)) {
    LK_ASSIGN_OR_RETURN(auto store, PgHubStore::Open(db, connections));
    return std::unique_ptr<HubStore>(std::move(store));
  }
  LK_ASSIGN_OR_RETURN(auto store, SqliteHubStore::Open(db));
  return std::unique_ptr<HubStore>(std::move(store));
}

std::string DescribeDatabase(const std::string& db) {
  if (!IsPostgresUri(db)) return db;
  // postgresql://user:secret@host/db -> postgresql://user@host/db; a password=... parameter likewise.
  std::string out = db;
  size_t scheme_end = out.find("://") + 3;
  size_t at = out.find('@', scheme_end);
  size_t slash = out.find('/', scheme_end);
  if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
    size_t colon = out.find(':', scheme_end);
    if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
  }
  for (size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    size_t end = out.find('&', p);
    out.replace(p + 9, (end == std::string::npos ? out.size() : end) - (p + 9), "***");
  }
  return out;
}

}  // namespace lk::hub
