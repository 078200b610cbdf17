#include "tests/testing/hub_test_db.h"

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <filesystem>
#include <stdexcept>

#include "kiosk/core/sqlite_db.h"
#include "tests/testing/postgres_cluster.h"

namespace lk::testing {
namespace {

template <typename T>
T OrThrow(Result<T> result, const std::string& what) {
  if (!result.ok()) throw std::runtime_error(what + ": " + result.status().ToString());
  return std::move(result).value();
}

void OrThrow(const Status& status, const std::string& what) {
  if (!status.ok()) throw std::runtime_error(what + ": " + status.ToString());
}

Database OpenSqlite(const std::string& path) {
  return OrThrow(Database::Open(path, OpenOptions{.create_if_missing = false}), "open the hub database " + path);
}

// The rows of one SQLite table, each as its values joined by '|'.
std::vector<std::string> SqliteRows(Database& db, const std::string& table) {
  sqlite3_stmt* raw = nullptr;
  const std::string sql = "SELECT * FROM \"" + table + "\"";
  if (sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    throw std::runtime_error(sql + ": " + sqlite3_errmsg(db.handle()));
  }
  std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> stmt(raw, &sqlite3_finalize);
  std::vector<std::string> rows;
  while (sqlite3_step(stmt.get()) == SQLITE_ROW) {
    std::string row;
    for (int c = 0; c < sqlite3_column_count(stmt.get()); ++c) {
      const unsigned char* text = sqlite3_column_text(stmt.get(), c);
      row += text ? reinterpret_cast<const char*>(text) : "NULL";
      row += '|';
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// Reads the whole file in one go (a PostgreSQL data directory holds ~100 MB; ReadFile's stream iterator
// takes seconds for that in the unoptimised test build). A file that is gone holds nothing.
bool FileContains(const std::string& path, const std::string& bytes) {
  std::unique_ptr<FILE, decltype(&fclose)> file(fopen(path.c_str(), "rb"), &fclose);
  if (!file) return false;
  std::string content;
  char buf[1 << 16];
  for (size_t n; (n = fread(buf, 1, sizeof buf, file.get())) > 0;) content.append(buf, n);
  return content.find(bytes) != std::string::npos;
}

}  // namespace

HubBackend CurrentHubBackend() {
  const char* name = std::getenv("LK_HUB_BACKEND");
  std::string value = name ? name : "";
  if (value.empty() || value == "sqlite") return HubBackend::kSqlite;
  if (value == "postgres") return HubBackend::kPostgres;
  throw std::runtime_error("LK_HUB_BACKEND=" + value + ": sqlite or postgres");
}

const char* HubBackendName(HubBackend backend) { return backend == HubBackend::kSqlite ? "sqlite" : "postgres"; }

HubTestDb::HubTestDb() : backend_(CurrentHubBackend()) {
  if (backend_ == HubBackend::kSqlite) {
    sqlite_dir_.emplace();
    uri_ = sqlite_dir_->File("hub.db");
    return;
  }
  static std::atomic<int> next{0};
  pg_name_ = "hub_" + std::to_string(getpid()) + "_" + std::to_string(++next);
  cluster_ = &PostgresCluster::Shared();
  uri_ = OrThrow(cluster_->CreateDatabase(pg_name_), "create the hub database " + pg_name_);
}

HubTestDb::~HubTestDb() {
  // The test's hub has stopped by now; FORCE also ends a connection it left behind. A server a test
  // stopped has nothing to drop (it goes with the cluster's directory).
  if (cluster_ && cluster_->running()) cluster_->DropDatabase(pg_name_).IgnoreError();
}

int64_t HubTestDb::QueryInt(const std::string& sql) const {
  if (backend_ == HubBackend::kPostgres) return OrThrow(PostgresCluster::QueryInt(uri_, sql), sql);
  Database db = OpenSqlite(uri_);
  return OrThrow(db.QueryInt(sql), sql);
}

std::vector<std::string> HubTestDb::QueryStrings(const std::string& sql) const {
  if (backend_ == HubBackend::kPostgres) return OrThrow(PostgresCluster::QueryStrings(uri_, sql), sql);
  Database db = OpenSqlite(uri_);
  auto stmt = OrThrow(db.Prepare(sql), sql);
  std::vector<std::string> values;
  while (OrThrow(stmt.Step(), sql)) values.push_back(stmt.ColumnIsNull(0) ? "NULL" : stmt.ColumnText(0));
  return values;
}

void HubTestDb::Exec(const std::string& sql) const {
  if (backend_ == HubBackend::kPostgres) return OrThrow(PostgresCluster::Exec(uri_, sql), sql);
  Database db = OpenSqlite(uri_);
  OrThrow(db.Exec(sql), sql);
}

std::string HubTestDb::Dump() const {
  std::string out;
  auto add_table = [&](const std::string& table, std::vector<std::string> rows) {
    std::sort(rows.begin(), rows.end());
    out += "## " + table + "\n";
    for (const auto& row : rows) out += row + "\n";
  };
  if (backend_ == HubBackend::kPostgres) {
    for (const auto& table : QueryStrings("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                          "current_schema() AND table_type = 'BASE TABLE' ORDER BY 1")) {
      add_table(table, QueryStrings("SELECT t::text FROM \"" + table + "\" t"));  // a row as one literal
    }
    return out;
  }
  Database db = OpenSqlite(uri_);
  for (const auto& table : QueryStrings("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
    add_table(table, SqliteRows(db, table));
  }
  return out;
}

bool HubTestDb::StoredInClear(const std::string& bytes) const {
  if (backend_ == HubBackend::kSqlite) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      if (FileContains(uri_ + suffix, bytes)) return true;
    }
    return false;
  }
  Exec("CHECKPOINT");  // the data pages too, not only the write-ahead log
  // The running server adds and removes files (statistics, temporary files) meanwhile: skip what vanished.
  namespace fs = std::filesystem;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(cluster_->data_dir(), ec), end; !ec && it != end;
       it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_regular_file(type_ec) && FileContains(it->path(), bytes)) return true;
  }
  if (ec) throw std::runtime_error("reading " + cluster_->data_dir() + ": " + ec.message());
  return false;
}

}  // namespace lk::testing
