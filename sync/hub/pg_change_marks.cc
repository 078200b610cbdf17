#include "sync/hub/pg_change_marks.h"

namespace lk::hub::pg {

Status BumpChangeMark(Connection& conn, const std::string& name) {
  return conn.Query("UPDATE change_marks SET version=version+1 WHERE name=$1", Params().Add(name)).status();
}

Result<int64_t> ReadChangeMark(Connection& conn, const std::string& name) {
  LK_ASSIGN_OR_RETURN(Rows rows, conn.Query("SELECT version FROM change_marks WHERE name=$1", Params().Add(name)));
  if (rows.empty()) return Status::NotFound("no change mark \"" + name + "\"");
  return rows.Int(0, 0);
}

}  // namespace lk::hub::pg
