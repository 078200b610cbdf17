// pg::Connection: one libpq connection of the PostgreSQL hub store, with RAII for PGconn and PGresult,
// prepared statements cached per connection, text-format parameters and rows, and one mapping from
// PostgreSQL errors to the store's Status codes.
//
// Every statement run through Query is prepared on its first use on this connection (keyed by its SQL
// text) and executed as a prepared statement afterwards. Errors map as the HubStore contract says:
// connection loss, server shutdown, a statement timeout or too many connections -> kUnavailable (the
// hub answers 503 and kiosks retry); a unique violation -> kAlreadyExists; disk full -> kResourceExhausted;
// data corruption -> kCorruption; anything else -> kIoError. Messages name the database without its
// password.
//
// Each connection sets statement_timeout and idle_in_transaction_session_timeout (before the URI's own
// `options`, which win), so no request waits forever on a lock or a stuck peer, and turns JIT off (the
// hub's queries are short; compiling a plan costs more than it saves).
//
// Thread-safety: a Connection is used by one thread at a time (the pool lends it out). Ownership: owns its
// PGconn; Rows owns its PGresult.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "kiosk/core/status.h"

namespace lk::hub::pg {

struct ConnDeleter {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ConnHandle = std::unique_ptr<PGconn, ConnDeleter>;
using ResultHandle = std::unique_ptr<PGresult, ResultDeleter>;

// The statement timeout every hub connection sets: longer than any healthy statement, shorter than a
// kiosk's request timeout.
inline constexpr int kStatementTimeoutMs = 10000;

// `value` as text that PostgreSQL reads back as the very same double (17 significant digits).
std::string DoubleText(double value);

// A statement's result rows, in text format.
class Rows {
 public:
  explicit Rows(ResultHandle result) : result_(std::move(result)) {}
  int size() const { return PQntuples(result_.get()); }
  bool empty() const { return size() == 0; }
  bool IsNull(int row, int col) const { return PQgetisnull(result_.get(), row, col) != 0; }
  std::string Text(int row, int col) const;
  int64_t Int(int row, int col) const;  // 0 for NULL
  double Double(int row, int col) const;
  bool Bool(int row, int col) const;    // a boolean column: "t"
  std::optional<int64_t> OptionalInt(int row, int col) const;
  int64_t affected() const;              // rows an INSERT/UPDATE/DELETE touched

 private:
  ResultHandle result_;
};

// A statement's parameters, as text (NULL where asked). Arrays are written as PostgreSQL array literals,
// for `= ANY($n)` and `unnest($n::text[])`.
class Params {
 public:
  Params& Add(const std::string& text);
  Params& Add(const char* text) { return Add(std::string(text)); }
  Params& Add(int64_t value);
  Params& Add(int value) { return Add(int64_t(value)); }
  Params& Add(double value);
  Params& Add(bool value);
  Params& AddNull();
  Params& AddOptional(const std::optional<int64_t>& value);
  Params& AddNullIfEmpty(const std::string& text);
  Params& AddArray(const std::vector<std::string>& values);
  Params& AddArray(const std::vector<int64_t>& values);
  Params& AddArray(const std::vector<double>& values);

  int size() const { return int(values_.size()); }
  // Pointers into this object, valid while it lives and is not changed.
  std::vector<const char*> Pointers() const;

 private:
  std::vector<std::optional<std::string>> values_;
};

// Appends one field of a COPY text-format line: a tab before every field but the first, NULL as \N,
// backslash, tab, newline and carriage return escaped.
void AppendCopyField(std::string* line, const std::optional<std::string>& value, bool first);

class Connection {
 public:
  // Connects to `uri` (a libpq connection URI); kUnavailable when the server cannot be reached.
  static Result<std::unique_ptr<Connection>> Open(const std::string& uri);

  // Runs one statement with parameters $1..$n (prepared on first use on this connection).
  Result<Rows> Query(const std::string& sql, const Params& params = Params());
  // Runs `sql` (several statements allowed, no parameters) as one simple query.
  Status Exec(const std::string& sql);
  // Runs `copy_sql` (COPY ... FROM STDIN, text format), sending what `next_chunk` returns (whole lines,
  // fields escaped with AppendCopyField) until it returns an empty string.
  Status CopyIn(const std::string& copy_sql, const std::function<Result<std::string>()>& next_chunk);
  // The command tag of the last Exec ("COMMIT", or "ROLLBACK" when COMMIT found the transaction failed).
  const std::string& last_tag() const { return last_tag_; }

  // Whether the connection is lost (the pool closes it instead of lending it again).
  bool broken() const;
  // Statements that succeeded on this connection so far (the pool's retry rule uses it).
  int64_t successes() const { return successes_; }

 private:
  Connection(ConnHandle conn, std::string database) : conn_(std::move(conn)), database_(std::move(database)) {}
  // The Status for a failed result (or a null one: out of memory or connection lost).
  Status Failure(const PGresult* result, const std::string& what);

  ConnHandle conn_;
  const std::string database_;  // for messages, without a password
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
  std::string last_tag_;
  bool lost_ = false;
  int64_t successes_ = 0;
};

}  // namespace lk::hub::pg
