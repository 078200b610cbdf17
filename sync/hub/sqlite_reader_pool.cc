#include "sync/hub/sqlite_reader_pool.h"

#include "sync/hub/sqlite_reset.h"

namespace lk::hub::sqlite {

ReaderPool::Lease::~Lease() {
  if (db_) pool_->Release(std::move(db_));
}

Result<ReaderPool::Lease> ReaderPool::Acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto db = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(db));
    }
  }
  LK_ASSIGN_OR_RETURN(Database db, Database::Open(path_, OpenOptions{.create_if_missing = false}));
  return Lease(this, std::make_unique<Database>(std::move(db)));
}

void ReaderPool::Release(std::unique_ptr<Database> db) {
  ResetStatements(*db);
  std::lock_guard lock(mutex_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(db));
}

}  // namespace lk::hub::sqlite
