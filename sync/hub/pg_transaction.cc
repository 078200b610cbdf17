#include "sync/hub/pg_transaction.h"

namespace lk::hub::pg {

Result<Transaction> Transaction::Begin(Connection& conn, TransactionMode mode) {
  LK_RETURN_IF_ERROR(conn.Exec(mode == TransactionMode::kSnapshot ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                                                                  : "BEGIN"));
  return Transaction(&conn);
}

Transaction::~Transaction() {
  if (conn_ && !conn_->broken()) conn_->Exec("ROLLBACK").IgnoreError();
}

Status Transaction::Commit() {
  Connection* conn = conn_;
  conn_ = nullptr;
  if (!conn) return Status::Internal("transaction already ended");
  LK_RETURN_IF_ERROR(conn->Exec("COMMIT"));
  // COMMIT of a transaction that failed earlier rolls back without an error: never take that as stored.
  if (conn->last_tag() != "COMMIT") return Status::IoError("the transaction was rolled back: " + conn->last_tag());
  return Status::Ok();
}

}  // namespace lk::hub::pg
