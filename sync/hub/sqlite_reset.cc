#include "sync/hub/sqlite_reset.h"

#include <sqlite3.h>

namespace lk::hub::sqlite {

void ResetStatements(Database& db) {
  for (sqlite3_stmt* s = sqlite3_next_stmt(db.handle(), nullptr); s; s = sqlite3_next_stmt(db.handle(), s)) {
    sqlite3_reset(s);
  }
}

Status ResetAndCommit(Database& db, Transaction& txn) {
  ResetStatements(db);
  return txn.Commit();
}

}  // namespace lk::hub::sqlite
