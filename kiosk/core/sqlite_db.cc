#include "kiosk/core/sqlite_db.h"

#include <sqlite3.h>

#include <cerrno>

namespace lk {

Statement::Statement(Statement&& other) noexcept : stmt_(other.stmt_), needs_reset_(other.needs_reset_) {
  other.stmt_ = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = other.stmt_;
    needs_reset_ = other.needs_reset_;
    other.stmt_ = nullptr;
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  needs_reset_ = false;
}

// The first Bind after a completed use resets the statement, so callers never forget to.
#define LK_PREPARE_BIND() \
  if (needs_reset_) Reset()

Statement& Statement::Bind(int index, int64_t value) {
  LK_PREPARE_BIND();
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  LK_PREPARE_BIND();
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  LK_PREPARE_BIND();
  sqlite3_bind_text(stmt_, index, text.data(), int(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindNull(int index) {
  LK_PREPARE_BIND();
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Statement& Statement::BindOptional(int index, const std::string& text) {
  return text.empty() ? BindNull(index) : Bind(index, text);
}

#undef LK_PREPARE_BIND

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  needs_reset_ = true;
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Status status = SqliteError(sqlite3_db_handle(stmt_), rc, sqlite3_sql(stmt_));
  sqlite3_reset(stmt_);
  return status;
}

Status Statement::Run() {
  Result<bool> r = Step();
  Reset();
  return r.status();
}

int64_t Statement::ColumnInt(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::ColumnDouble(int col) const { return sqlite3_column_double(stmt_, col); }
std::string Statement::ColumnText(int col) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return text ? std::string(text, size_t(sqlite3_column_bytes(stmt_, col))) : std::string();
}
bool Statement::ColumnIsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

Transaction::Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }

Transaction::~Transaction() {
  if (db_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

Status Transaction::Commit() {
  if (!db_) return Status::Internal("transaction already finished");
  int rc = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, "COMMIT");  // the destructor rolls back
  db_ = nullptr;
  return Status::Ok();
}

Result<Database> Database::Open(const std::string& path, const OpenOptions& options) {
  int flags =
      SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI | (options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
  if (options.create_if_missing && !options.read_only) flags |= SQLITE_OPEN_CREATE;
  sqlite3* handle = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  Database db(handle, path);
  if (rc != SQLITE_OK) {
    if (!handle) return Status::ResourceExhausted("cannot open database " + path + ": out of memory");
    return SqliteError(handle, rc, "open", path);
  }
  sqlite3_extended_result_codes(handle, 1);
  sqlite3_busy_timeout(handle, options.busy_timeout_ms);
  if (!options.read_only) {
    // journal_mode is the first read of the file: a file that is not a database fails here.
    auto mode = db.QueryText("PRAGMA journal_mode=WAL");
    if (!mode.ok()) return mode.status();
  }
  LK_RETURN_IF_ERROR(db.Exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"));
  return db;
}

Database::Database(Database&& other) noexcept
    : db_(other.db_),
      path_(std::move(other.path_)),
      cache_(std::move(other.cache_)),
      wal_frames_(std::move(other.wal_frames_)) {
  other.db_ = nullptr;
}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    Close();
    db_ = other.db_;
    path_ = std::move(other.path_);
    cache_ = std::move(other.cache_);
    wal_frames_ = std::move(other.wal_frames_);
    other.db_ = nullptr;
  }
  return *this;
}

Database::~Database() { Close(); }

void Database::Close() {
  if (cache_) cache_->clear();  // statements first: sqlite3_close refuses while any are open
  if (db_) sqlite3_close(db_);
  db_ = nullptr;
}

Status SqliteError(sqlite3* db, int rc, std::string_view what, std::string_view path) {
  const char* file = db && path.empty() ? sqlite3_db_filename(db, "main") : nullptr;
  std::string name = !path.empty() ? std::string(path) : file && *file ? file : "(unknown)";
  std::string message =
      "database " + name + ": " + std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  // SQLite reports some out-of-space failures (the WAL index, a journal) as I/O errors: errno tells.
  if ((rc & 0xff) == SQLITE_FULL || (db && sqlite3_system_errno(db) == ENOSPC)) {
    return Status::ResourceExhausted(message + " (the disk is full)");
  }
  // A damaged header's schema format number comes back as a plain SQLITE_ERROR with this text.
  bool bad_format = (rc & 0xff) == SQLITE_ERROR && db && std::string_view(sqlite3_errmsg(db)) == "unsupported file format";
  switch (bad_format ? SQLITE_CORRUPT : rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::Corruption(message);
    case SQLITE_CONSTRAINT:
      return Status::AlreadyExists(message);
    default:
      return Status::IoError(message);
  }
}

Status Database::Exec(std::string_view sql) {
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? Status::Ok() : SqliteError(db_, rc, text);
}

Result<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, sql);
  return Statement(stmt);
}

Result<CachedStatement> Database::Cached(const std::string& sql) {
  auto it = cache_->find(sql);
  if (it == cache_->end()) {
    LK_ASSIGN_OR_RETURN(Statement stmt, Prepare(sql));
    it = cache_->emplace(sql, std::move(stmt)).first;
  }
  it->second.Reset();
  return CachedStatement(&it->second);
}

Result<Transaction> Database::Begin(TransactionMode mode) {
  LK_RETURN_IF_ERROR(Exec(mode == TransactionMode::kImmediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED"));
  return Transaction(db_);
}

int64_t Database::FullScanSteps() const {
  int64_t steps = 0;
  for (const auto& [sql, stmt] : *cache_) steps += sqlite3_stmt_status(stmt.stmt_, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0);
  return steps;
}

int64_t Database::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
int Database::Changes() const { return sqlite3_changes(db_); }

void Database::DeferCheckpoints() {
  if (!wal_frames_) wal_frames_ = std::make_unique<int>(0);
  // Replaces SQLite's autocheckpoint, which is itself a WAL hook.
  sqlite3_wal_hook(
      db_,
      [](void* frames, sqlite3*, const char*, int count) {
        *static_cast<int*>(frames) = count;
        return SQLITE_OK;
      },
      wal_frames_.get());
}

Status Database::CheckpointIfDue(int pages) {
  if (!wal_frames_ || *wal_frames_ < pages) return Status::Ok();
  *wal_frames_ = 0;
  return Exec("PRAGMA wal_checkpoint(PASSIVE)");
}

Result<int64_t> Database::QueryInt(std::string_view sql) {
  LK_ASSIGN_OR_RETURN(Statement stmt, Prepare(sql));
  LK_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::NotFound("no row for " + std::string(sql));
  return stmt.ColumnInt(0);
}

Result<std::string> Database::QueryText(std::string_view sql) {
  LK_ASSIGN_OR_RETURN(Statement stmt, Prepare(sql));
  LK_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::NotFound("no row for " + std::string(sql));
  return stmt.ColumnText(0);
}

}  // namespace lk
