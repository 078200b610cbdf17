// pg::Transaction: RAII for one PostgreSQL transaction on a pg::Connection. Begin opens it (READ
// COMMITTED read-write by default, or a REPEATABLE READ READ ONLY snapshot for reads that must agree
// with each other); Commit ends it and reports whether COMMIT succeeded; destroying it uncommitted rolls
// back. A reply that depends on the transaction is sent only after Commit returned ok.
// Thread-safety: the thread that owns the connection. Ownership: borrows the connection, which must
// outlive it.
#pragma once

#include "kiosk/core/status.h"
#include "sync/hub/pg_connection.h"

namespace lk::hub::pg {

enum class TransactionMode { kReadWrite, kSnapshot };

class Transaction {
 public:
  static Result<Transaction> Begin(Connection& conn, TransactionMode mode = TransactionMode::kReadWrite);
  Transaction(Transaction&& other) noexcept : conn_(other.conn_) { other.conn_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  [[nodiscard]] Status Commit();

 private:
  explicit Transaction(Connection* conn) : conn_(conn) {}
  Connection* conn_;  // null once committed, rolled back or moved from
};

}  // namespace lk::hub::pg
