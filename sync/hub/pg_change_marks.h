// The PostgreSQL store's change marks (table change_marks; what they promise: settled_checkins.h): bump
// one inside a writer's transaction, read one.
// Free functions; a Connection is used by one thread at a time.
#pragma once

#include <string>

#include "kiosk/core/status.h"
#include "sync/hub/pg_connection.h"

namespace lk::hub::pg {

[[nodiscard]] Status BumpChangeMark(Connection& conn, const std::string& name);
// kNotFound for an unknown mark.
[[nodiscard]] Result<int64_t> ReadChangeMark(Connection& conn, const std::string& name);

}  // namespace lk::hub::pg
