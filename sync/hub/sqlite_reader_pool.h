// ReaderPool: reader connections to the hub's SQLite file, lent out one per call. A reader sees the last
// committed state (WAL); opening one per request would cost a file open and lose the statement cache.
//
// Acquire returns an idle connection or opens a new one (never creating the file); the Lease gives it
// back when destroyed, its statements reset so that it holds no snapshot. At most `max_idle` idle
// connections are kept; more are closed on return.
// Thread-safety: Acquire may be called from many threads at once; a Lease and its connection belong to
// one thread. Ownership: the pool owns its idle connections, a Lease the one it holds; every Lease must
// be destroyed before the pool.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"

namespace lk::hub::sqlite {

class ReaderPool {
 public:
  class Lease {
   public:
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Database& operator*() { return *db_; }
    Database* operator->() { return db_.get(); }

   private:
    friend class ReaderPool;
    Lease(ReaderPool* pool, std::unique_ptr<Database> db) : pool_(pool), db_(std::move(db)) {}
    ReaderPool* pool_;
    std::unique_ptr<Database> db_;
  };

  explicit ReaderPool(std::string path, size_t max_idle = 64) : path_(std::move(path)), max_idle_(max_idle) {}

  Result<Lease> Acquire();

 private:
  void Release(std::unique_ptr<Database> db);

  const std::string path_;
  const size_t max_idle_;
  std::mutex mutex_;  // guards idle_
  std::vector<std::unique_ptr<Database>> idle_;
};

}  // namespace lk::hub::sqlite
