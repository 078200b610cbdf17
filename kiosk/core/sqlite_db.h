// Move-only RAII owners of SQLite handles: Database (a connection), Statement (a prepared statement,
// reset on reuse) and Transaction (BEGIN IMMEDIATE/DEFERRED ... COMMIT, rolled back when destroyed
// uncommitted).
//
// Thread-safety: one Database per thread (SQLite is opened with SQLITE_OPEN_NOMUTEX); none of these
// types may be used from two threads at once. Statements borrow their Database and must not outlive it.
// Errors come back as Status with the database path and SQLite's message; SQLITE_FULL maps to
// kResourceExhausted and SQLITE_CORRUPT/NOTADB to kCorruption so callers can tell a person what happened.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "kiosk/core/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace lk {

class Database;

// Maps a connection's current error (after result code `rc`) to a Status naming `what` and the file
// (`path`, or the connection's own file name when empty).
Status SqliteError(sqlite3* db, int rc, std::string_view what, std::string_view path = {});

class Statement {
 public:
  Statement() = default;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binds by 1-based index. Text and blobs are copied by SQLite (SQLITE_TRANSIENT).
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, int64_t{value}); }
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, const std::string& text) { return Bind(index, std::string_view(text)); }
  Statement& BindNull(int index);
  Statement& BindOptional(int index, const std::string& text);  // NULL when empty

  // Advances: true when a row is available, false when done; errors as Status.
  Result<bool> Step();
  // Runs a statement that returns no rows (or ignores them) and resets it for reuse.
  Status Run();
  void Reset();

  int64_t ColumnInt(int col) const;
  double ColumnDouble(int col) const;
  std::string ColumnText(int col) const;
  bool ColumnIsNull(int col) const;

 private:
  friend class Database;
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  sqlite3_stmt* stmt_ = nullptr;
  bool needs_reset_ = false;
};

// A cached statement on loan: resets it when the loan ends, so a statement that stopped early (after
// reading one row) never holds a read transaction open and pins an old snapshot of the database.
class CachedStatement {
 public:
  explicit CachedStatement(Statement* stmt) : stmt_(stmt) {}
  CachedStatement(CachedStatement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  CachedStatement& operator=(CachedStatement&&) = delete;
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;
  ~CachedStatement() {
    if (stmt_) stmt_->Reset();
  }
  Statement* operator->() const { return stmt_; }
  Statement& operator*() const { return *stmt_; }

 private:
  Statement* stmt_;
};

enum class TransactionMode { kDeferred, kImmediate };

class Transaction {
 public:
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();  // rolls back when not committed

  Status Commit();

 private:
  friend class Database;
  explicit Transaction(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

struct OpenOptions {
  bool create_if_missing = true;
  bool read_only = false;
  int busy_timeout_ms = 5000;
};

class Database {
 public:
  // Opens `path` with WAL, synchronous=FULL, foreign keys on and a busy timeout.
  static Result<Database> Open(const std::string& path, const OpenOptions& options = {});

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs one or more SQL statements without results.
  Status Exec(std::string_view sql);
  // A fresh prepared statement (for one-off or dynamic SQL).
  Result<Statement> Prepare(std::string_view sql);
  // A statement cached by its SQL text: prepared once, reset when each loan ends. Loans must end
  // before the Database is destroyed; two loans of the same SQL must not overlap.
  Result<CachedStatement> Cached(const std::string& sql);
  Result<Transaction> Begin(TransactionMode mode = TransactionMode::kImmediate);

  int64_t LastInsertRowId() const;
  int Changes() const;
  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }

  // Rows stepped through in full table scans by the cached statements since they were prepared
  // (SQLITE_STMTSTATUS_FULLSCAN_STEP): how a test sees, whatever the machine's speed, that a query found
  // its rows through an index rather than by reading a whole table.
  int64_t FullScanSteps() const;

  // Single-value queries, for PRAGMAs and counts.
  Result<int64_t> QueryInt(std::string_view sql);
  Result<std::string> QueryText(std::string_view sql);

  // For the connection a resident waits on: a commit never checkpoints (copies the WAL into the
  // database and fsyncs it, which is what made the slowest check-ins slow); CheckpointIfDue does, when
  // called once the resident has their answer.
  void DeferCheckpoints();
  // A PASSIVE checkpoint if the WAL has reached `pages` frames since the last one (SQLite's own
  // autocheckpoint threshold by default). Only after DeferCheckpoints; otherwise does nothing.
  Status CheckpointIfDue(int pages = 1000);

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  void Close();
  sqlite3* db_ = nullptr;
  std::string path_;
  std::unique_ptr<std::unordered_map<std::string, Statement>> cache_ =
      std::make_unique<std::unordered_map<std::string, Statement>>();
  // WAL frames after the last commit, set by SQLite's WAL hook (heap-held so that a move keeps the
  // hook's pointer valid); null until DeferCheckpoints.
  std::unique_ptr<int> wal_frames_;
};

}  // namespace lk
