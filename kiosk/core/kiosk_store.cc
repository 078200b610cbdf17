#include "kiosk/core/kiosk_store.h"

#include <filesystem>

#include "kiosk/core/schema.h"

namespace lk {

Result<KioskStore> KioskStore::Open(const std::string& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return Status::IoError("cannot create data directory " + data_dir + ": " + ec.message());
  LK_ASSIGN_OR_RETURN(Database db, Database::Open(data_dir + "/" + kDatabaseFileName));
  LK_RETURN_IF_ERROR(MigrateSchema(db));
  return KioskStore(data_dir, std::move(db));
}

}  // namespace lk
