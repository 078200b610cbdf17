#include "sync/hub/sqlite_change_marks.h"

namespace lk::hub::sqlite {

Status BumpChangeMark(Database& writer, const std::string& name) {
  LK_ASSIGN_OR_RETURN(auto s, writer.Cached("UPDATE change_marks SET version=version+1 WHERE name=?"));
  s->Bind(1, name);
  return s->Run();
}

Result<int64_t> ReadChangeMark(Database& reader, const std::string& name) {
  LK_ASSIGN_OR_RETURN(auto s, reader.Cached("SELECT version FROM change_marks WHERE name=?"));
  s->Bind(1, name);
  LK_ASSIGN_OR_RETURN(bool row, s->Step());
  if (!row) return Status::NotFound("no change mark \"" + name + "\"");
  return s->ColumnInt(0);
}

}  // namespace lk::hub::sqlite
