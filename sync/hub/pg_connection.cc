#include "sync/hub/pg_connection.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "sync/hub/hub_store_open.h"

namespace lk::hub::pg {
namespace {

void IgnoreNotice(void*, const char*) {}  // "relation already exists, skipping" and the like

std::string ArrayElement(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

// SQLSTATE classes and codes (PostgreSQL appendix A) that mean "the database is away; retry later".
bool MeansUnavailable(const std::string& state) {
  return state.rfind("08", 0) == 0 ||                                   // connection exception
         state == "57P01" || state == "57P02" || state == "57P03" ||  // shutdown, crash, not yet up
         state == "57014" ||                                           // statement timeout / cancelled
         state == "55P03" ||                                           // lock not available
         state == "53300" ||                                           // too many connections
         state == "40001" || state == "40P01";                        // serialisation failure, deadlock
}

// libpq's messages end in a newline.
std::string WithoutTrailingSpace(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// A PostgreSQL array literal of `values`, each written by `text`.
template <typename T, typename ToText>
std::string ArrayLiteral(const std::vector<T>& values, ToText text) {
  std::string literal = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) literal += ',';
    literal += text(values[i]);
  }
  return literal + "}";
}

}  // namespace

std::string DoubleText(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", value);
  return buf;
}

std::string Rows::Text(int row, int col) const {
  return std::string(PQgetvalue(result_.get(), row, col), size_t(PQgetlength(result_.get(), row, col)));
}

int64_t Rows::Int(int row, int col) const { return std::strtoll(PQgetvalue(result_.get(), row, col), nullptr, 10); }

double Rows::Double(int row, int col) const { return std::strtod(PQgetvalue(result_.get(), row, col), nullptr); }

bool Rows::Bool(int row, int col) const { return PQgetvalue(result_.get(), row, col)[0] == 't'; }

std::optional<int64_t> Rows::OptionalInt(int row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Int(row, col);
}

int64_t Rows::affected() const { return std::strtoll(PQcmdTuples(result_.get()), nullptr, 10); }

Params& Params::Add(const std::string& text) {
  values_.emplace_back(text);
  return *this;
}

Params& Params::Add(int64_t value) { return Add(std::to_string(value)); }

Params& Params::Add(double value) { return Add(DoubleText(value)); }

Params& Params::Add(bool value) { return Add(value ? "t" : "f"); }

Params& Params::AddNull() {
  values_.emplace_back(std::nullopt);
  return *this;
}

Params& Params::AddOptional(const std::optional<int64_t>& value) { return value ? Add(*value) : AddNull(); }

Params& Params::AddNullIfEmpty(const std::string& text) { return text.empty() ? AddNull() : Add(text); }

Params& Params::AddArray(const std::vector<std::string>& values) { return Add(ArrayLiteral(values, ArrayElement)); }

Params& Params::AddArray(const std::vector<int64_t>& values) {
  return Add(ArrayLiteral(values, [](int64_t v) { return std::to_string(v); }));
}

Params& Params::AddArray(const std::vector<double>& values) { return Add(ArrayLiteral(values, DoubleText)); }

std::vector<const char*> Params::Pointers() const {
  std::vector<const char*> out;
  out.reserve(values_.size());
  for (const auto& v : values_) out.push_back(v ? v->c_str() : nullptr);
  return out;
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& uri) {
  static const std::string options = "-c statement_timeout=" + std::to_string(kStatementTimeoutMs) +
                                     " -c idle_in_transaction_session_timeout=60000"
                                     // JIT compiling a report's plan costs more than the short query saves.
                                     " -c jit=off";
  // Ours first: with expand_dbname the URI's own keywords (an operator's `options`) come later and win.
  // fallback_application_name: PGAPPNAME or the URI's application_name (a replica's name) wins.
  const char* keys[] = {"options", "fallback_application_name", "connect_timeout", "dbname", nullptr};
  const char* values[] = {options.c_str(), "learning-hub", "5", uri.c_str(), nullptr};
  ConnHandle conn(PQconnectdbParams(keys, values, /*expand_dbname=*/1));
  std::string database = DescribeDatabase(uri);
  if (!conn) return Status::ResourceExhausted("out of memory connecting to " + database);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return Status::Unavailable("cannot connect to " + database + ": " + WithoutTrailingSpace(PQerrorMessage(conn.get())));
  }
  PQsetNoticeProcessor(conn.get(), IgnoreNotice, nullptr);
  return std::unique_ptr<Connection>(new Connection(std::move(conn), std::move(database)));
}

Result<Rows> Connection::Query(const std::string& sql, const Params& params) {
  auto found = prepared_.find(sql);
  if (found == prepared_.end()) {
    std::string name = "s" + std::to_string(prepared_.size());
    ResultHandle prepared(PQprepare(conn_.get(), name.c_str(), sql.c_str(), params.size(), nullptr));
    if (!prepared || PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) {
      return Failure(prepared.get(), "preparing \"" + sql.substr(0, 80) + "\"");
    }
    found = prepared_.emplace(sql, std::move(name)).first;
  }
  std::vector<const char*> values = params.Pointers();
  ResultHandle result(PQexecPrepared(conn_.get(), found->second.c_str(), params.size(), values.data(), nullptr,
                                     nullptr, /*resultFormat=*/0));
  ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    return Failure(result.get(), "\"" + sql.substr(0, 80) + "\"");
  }
  ++successes_;
  return Rows(std::move(result));
}

Status Connection::Exec(const std::string& sql) {
  ResultHandle result(PQexec(conn_.get(), sql.c_str()));
  ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    return Failure(result.get(), "\"" + sql.substr(0, 80) + "\"");
  }
  last_tag_ = PQcmdStatus(result.get());
  ++successes_;
  return Status::Ok();
}

void AppendCopyField(std::string* line, const std::optional<std::string>& value, bool first) {
  if (!first) *line += '\t';
  if (!value) {
    *line += "\\N";
    return;
  }
  for (char c : *value) {
    switch (c) {
      case '\\': *line += "\\\\"; break;
      case '\t': *line += "\\t"; break;
      case '\n': *line += "\\n"; break;
      case '\r': *line += "\\r"; break;
      default: *line += c;
    }
  }
}

Status Connection::CopyIn(const std::string& copy_sql, const std::function<Result<std::string>()>& next_chunk) {
  {
    ResultHandle started(PQexec(conn_.get(), copy_sql.c_str()));
    if (!started || PQresultStatus(started.get()) != PGRES_COPY_IN) return Failure(started.get(), copy_sql);
  }
  Status source = Status::Ok();
  while (true) {
    auto chunk = next_chunk();
    if (!chunk.ok()) {
      source = chunk.status();
      break;
    }
    if (chunk->empty()) break;
    if (PQputCopyData(conn_.get(), chunk->data(), int(chunk->size())) != 1) return Failure(nullptr, copy_sql);
  }
  if (PQputCopyEnd(conn_.get(), source.ok() ? nullptr : "the source failed") != 1) return Failure(nullptr, copy_sql);
  ResultHandle finished(PQgetResult(conn_.get()));
  while (ResultHandle extra{PQgetResult(conn_.get())}) {
  }
  if (!source.ok()) return source;
  if (!finished || PQresultStatus(finished.get()) != PGRES_COMMAND_OK) return Failure(finished.get(), copy_sql);
  ++successes_;
  return Status::Ok();
}

bool Connection::broken() const { return lost_ || PQstatus(conn_.get()) != CONNECTION_OK; }

Status Connection::Failure(const PGresult* result, const std::string& what) {
  const char* state_field = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string state = state_field ? state_field : "";
  std::string why = WithoutTrailingSpace(result ? PQresultErrorMessage(result) : PQerrorMessage(conn_.get()));
  std::string message = database_ + ": " + what + ": " + why;
  if (state.rfind("08", 0) == 0 || state.rfind("57P", 0) == 0 || PQstatus(conn_.get()) != CONNECTION_OK) {
    lost_ = true;
  }
  if (lost_ || MeansUnavailable(state)) return Status::Unavailable(message);
  if (state == "23505") return Status::AlreadyExists(message);
  if (state == "53100") return Status::ResourceExhausted(message);
  if (state == "XX001" || state == "XX002") return Status::Corruption(message);
  return Status::IoError(message);
}

}  // namespace lk::hub::pg
