// How hub values sit in the SQLite schema's columns, for the store's parts that share them: a centre
// (with its catalogue feed state) read by id. (Record flags are sync/hub/flag_list.h; a record's own
// columns are read with kiosk/core/record_columns.h.)
// Free functions; a Database is used by one thread at a time.
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"
#include "sync/hub/flag_list.h"
#include "sync/hub/hub_store.h"

namespace lk::hub::sqlite {

// kNotFound when the centre is unknown.
Result<Centre> ReadCentre(Database& db, const std::string& centre_id);
Result<CatalogState> ReadCatalogState(Database& db, const std::string& centre_id);

}  // namespace lk::hub::sqlite
