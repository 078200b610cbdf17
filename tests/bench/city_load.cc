#include "tests/bench/city_load.h"

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "kiosk/core/sqlite_db.h"
#include "sync/hub/pg_connection.h"
#include "tests/bench/bench_util.h"

namespace lk::bench {
namespace {

std::string ColumnList(Table table) {
  std::string out;
  for (const char* c : TableColumns(table)) out += (out.empty() ? "" : ", ") + std::string(c);
  return out;
}

// COPY text-format chunks from the generator to one table's COPY; an empty chunk ends the table.
class ChunkQueue {
 public:
  void Push(std::string chunk) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return chunks_.size() < kDepth; });
    chunks_.push_back(std::move(chunk));
    changed_.notify_all();
  }
  std::string Pop() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !chunks_.empty(); });
    std::string chunk = std::move(chunks_.front());
    chunks_.pop_front();
    changed_.notify_all();
    return chunk;
  }

 private:
  static constexpr size_t kDepth = 4;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> chunks_;
};

// One table's COPY on a connection of its own, started with the table's first row.
class CopyStream {
 public:
  CopyStream(std::unique_ptr<hub::pg::Connection> conn, Table table) : conn_(std::move(conn)), table_(table) {}
  ~CopyStream() {
    if (thread_.joinable()) End().IgnoreError();
  }

  void Add(std::initializer_list<Field> fields) {
    if (!thread_.joinable()) Start();
    bool first = true;
    for (const Field& f : fields) {
      std::optional<std::string> text;
      switch (f.kind) {
        case Field::Kind::kNull: break;
        case Field::Kind::kText: text.emplace(f.text); break;
        case Field::Kind::kInt: text = std::to_string(f.integer); break;
        case Field::Kind::kBool: text = f.integer ? "t" : "f"; break;
        case Field::Kind::kReal: {
          char buf[32];
          std::snprintf(buf, sizeof buf, "%.17g", f.real);
          text = buf;
          break;
        }
      }
      hub::pg::AppendCopyField(&chunk_, text, first);
      first = false;
    }
    chunk_ += '\n';
    if (chunk_.size() >= (1 << 20)) queue_.Push(std::exchange(chunk_, std::string()));
  }

  // Ends the COPY and waits for its commit.
  Status End() {
    if (!thread_.joinable()) return status_;
    if (!chunk_.empty()) queue_.Push(std::exchange(chunk_, std::string()));
    queue_.Push(std::string());
    thread_.join();
    return status_;
  }

 private:
  void Start() {
    thread_ = std::thread([this] {
      bool ended = false;
      status_ = conn_->CopyIn("COPY " + std::string(TableName(table_)) + "(" + ColumnList(table_) + ") FROM STDIN",
                              [&]() -> Result<std::string> {
                                std::string chunk = queue_.Pop();
                                ended = chunk.empty();
                                return chunk;
                              });
      while (!ended) ended = queue_.Pop().empty();  // a failed COPY: let the generator finish
    });
  }

  std::unique_ptr<hub::pg::Connection> conn_;
  const Table table_;
  ChunkQueue queue_;
  std::string chunk_;
  std::thread thread_;
  Status status_ = Status::Ok();
};

class PgCopySink : public RowSink {
 public:
  explicit PgCopySink(std::vector<std::unique_ptr<CopyStream>> streams) : streams_(std::move(streams)) {}
  void Row(Table table, std::initializer_list<Field> fields) override { streams_[size_t(table)]->Add(fields); }
  void TableDone(Table table) override {
    Status s = streams_[size_t(table)]->End();
    if (!s.ok() && first_error_.ok()) first_error_ = s;
  }
  const Status& status() const { return first_error_; }

 private:
  std::vector<std::unique_ptr<CopyStream>> streams_;
  Status first_error_ = Status::Ok();
};

Result<std::unique_ptr<hub::pg::Connection>> AdminConnection(const std::string& uri) {
  LK_ASSIGN_OR_RETURN(auto conn, hub::pg::Connection::Open(uri));
  LK_RETURN_IF_ERROR(conn->Exec("SET statement_timeout = 0"));  // a COPY or VACUUM of millions of rows
  return conn;
}

class SqliteSink : public RowSink {
 public:
  explicit SqliteSink(Database db) : db_(std::move(db)) {
    for (Table t : kAllTables) {
      std::string sql = "INSERT INTO " + std::string(TableName(t)) + "(" + ColumnList(t) + ") VALUES(";
      for (size_t i = 0; i < TableColumns(t).size(); ++i) sql += i ? ",?" : "?";
      insert_sql_.push_back(sql + ")");
    }
  }

  void Row(Table table, std::initializer_list<Field> fields) override {
    if (!status_.ok()) return;
    if (!txn_) {
      auto txn = db_.Begin();
      if (!txn.ok()) return Fail(txn.status());
      txn_.emplace(std::move(*txn));
    }
    auto insert = db_.Cached(insert_sql_[size_t(table)]);
    if (!insert.ok()) return Fail(insert.status());
    int index = 1;
    for (const Field& f : fields) {
      switch (f.kind) {
        case Field::Kind::kNull: (*insert)->BindNull(index); break;
        case Field::Kind::kText: (*insert)->Bind(index, f.text); break;
        case Field::Kind::kInt:
        case Field::Kind::kBool: (*insert)->Bind(index, f.integer); break;
        case Field::Kind::kReal: (*insert)->Bind(index, f.real); break;
      }
      ++index;
    }
    if (Status s = (*insert)->Run(); !s.ok()) return Fail(s);
    if (++rows_in_txn_ >= 200000) Commit();
  }
  void TableDone(Table) override { Commit(); }
  const Status& status() const { return status_; }
  Status Checkpoint() { return db_.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); }

 private:
  void Fail(const Status& s) {
    if (status_.ok()) status_ = s;
  }
  void Commit() {
    if (txn_) Fail(txn_->Commit());
    txn_.reset();
    rows_in_txn_ = 0;
  }

  Database db_;
  std::vector<std::string> insert_sql_;  // per table
  std::optional<Transaction> txn_;
  int rows_in_txn_ = 0;
  Status status_ = Status::Ok();
};

}  // namespace

Result<CityLoad> LoadCityIntoPostgres(const std::string& uri, const CityShape& shape, TimeMs now) {
  std::vector<std::unique_ptr<CopyStream>> streams;
  for (Table t : kAllTables) {
    LK_ASSIGN_OR_RETURN(auto conn, AdminConnection(uri));
    streams.push_back(std::make_unique<CopyStream>(std::move(conn), t));
  }
  CityLoad load;
  double t0 = NowSeconds();
  PgCopySink sink(std::move(streams));
  load.facts = GenerateCity(shape, now, sink);
  LK_RETURN_IF_ERROR(sink.status());
  load.load_s = NowSeconds() - t0;
  t0 = NowSeconds();
  LK_ASSIGN_OR_RETURN(auto admin, AdminConnection(uri));
  LK_RETURN_IF_ERROR(admin->Exec("VACUUM ANALYZE"));
  LK_RETURN_IF_ERROR(admin->Exec("CHECKPOINT"));  // the load's dirty pages on disk before anything is timed
  load.analyze_s = NowSeconds() - t0;
  return load;
}

Result<CityLoad> LoadCityIntoSqlite(const std::string& path, const CityShape& shape, TimeMs now) {
  LK_ASSIGN_OR_RETURN(Database db, Database::Open(path));
  CityLoad load;
  double t0 = NowSeconds();
  SqliteSink sink(std::move(db));
  load.facts = GenerateCity(shape, now, sink);
  LK_RETURN_IF_ERROR(sink.status());
  load.load_s = NowSeconds() - t0;
  LK_RETURN_IF_ERROR(sink.Checkpoint());
  return load;
}

}  // namespace lk::bench
