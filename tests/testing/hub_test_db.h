// HubTestDb: a fresh, empty hub database for one test, on the backend the test run is for. The
// environment variable LK_HUB_BACKEND chooses it: `sqlite` (the default) or `postgres`; ctest runs every
// hub-facing suite once per backend (lk_add_backend_test, tests/CMakeLists.txt).
//
// - sqlite: a file in a temporary directory of its own (it appears when the hub first opens it);
// - postgres: a new database on the process's shared PostgresCluster (postgres_cluster.h), dropped on
//   destruction.
// uri() is what the test passes as `--db` to learning-hub (or to OpenHubStore). The query helpers read
// the database directly, for assertions the hub's API cannot make; write their SQL so that it runs on
// both backends (COUNT(*), plain columns, no PRAGMA, no `::`).
//
// Errors: the helpers throw std::runtime_error (GoogleTest reports it as the test's failure), naming
// the SQL and the database. Thread-safety: one owner thread; the helpers open a connection per call.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tests/testing/test_util.h"

namespace lk::testing {

enum class HubBackend { kSqlite, kPostgres };

// The backend LK_HUB_BACKEND names (throws std::runtime_error on any other value).
HubBackend CurrentHubBackend();
const char* HubBackendName(HubBackend backend);

class PostgresCluster;

class HubTestDb {
 public:
  HubTestDb();  // on CurrentHubBackend()
  ~HubTestDb();
  HubTestDb(const HubTestDb&) = delete;
  HubTestDb& operator=(const HubTestDb&) = delete;

  HubBackend backend() const { return backend_; }
  const std::string& uri() const { return uri_; }

  // The first column of the first row, as an integer.
  int64_t QueryInt(const std::string& sql) const;
  // The first column of every row, as text (NULL as "NULL").
  std::vector<std::string> QueryStrings(const std::string& sql) const;
  void Exec(const std::string& sql) const;

  // Every row of every table as text, tables by name, rows sorted: equal dumps mean an unchanged
  // database (within one backend; the two render values differently).
  std::string Dump() const;
  // Whether `bytes` appear anywhere in the files the database keeps on disk: the SQLite file with its
  // -wal and -shm, or (after a CHECKPOINT) every file of the PostgreSQL server's data directory.
  bool StoredInClear(const std::string& bytes) const;

 private:
  HubBackend backend_;
  std::optional<TempDir> sqlite_dir_;
  PostgresCluster* cluster_ = nullptr;  // PostgresCluster::Shared(), for PostgreSQL
  std::string pg_name_;                 // the PostgreSQL database's name
  std::string uri_;
};

}  // namespace lk::testing
