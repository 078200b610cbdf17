// The SQLite store's change marks (table change_marks; what they promise: settled_checkins.h): bump one
// inside a writer's transaction, read one on a reader.
// Free functions; a Database is used by one thread at a time.
#pragma once

#include <string>

#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"

namespace lk::hub::sqlite {

[[nodiscard]] Status BumpChangeMark(Database& writer, const std::string& name);
// kNotFound for an unknown mark.
[[nodiscard]] Result<int64_t> ReadChangeMark(Database& reader, const std::string& name);

}  // namespace lk::hub::sqlite
