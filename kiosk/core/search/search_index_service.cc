#include "kiosk/core/search/search_index_service.h"

#include <utility>

namespace lk {

SearchIndexService::SearchIndexService(RebuiltCallback on_rebuilt)
    : on_rebuilt_(std::move(on_rebuilt)), current_(std::make_shared<const SearchIndex>()), worker_([this] { Run(); }) {}

SearchIndexService::~SearchIndexService() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  worker_.join();
}

void SearchIndexService::OnCatalogChanged(std::shared_ptr<const Catalog> catalog) {
  {
    std::lock_guard lock(mutex_);
    if (has_last_version_ && catalog->version == last_version_) return;
    last_version_ = catalog->version;
    has_last_version_ = true;
    pending_ = std::move(catalog);
  }
  changed_.notify_all();
}

std::shared_ptr<const SearchIndex> SearchIndexService::Current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

void SearchIndexService::WaitUntilIdle() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return (!pending_ && !building_) || stopping_; });
}

void SearchIndexService::Run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return pending_ || stopping_; });
    if (stopping_) return;
    std::shared_ptr<const Catalog> catalog = std::move(pending_);  // leaves pending_ empty
    building_ = true;
    lock.unlock();
    auto index = std::make_shared<const SearchIndex>(SearchIndex::Build(*catalog));
    catalog.reset();
    lock.lock();
    current_ = index;
    lock.unlock();
    if (on_rebuilt_) on_rebuilt_(index);
    lock.lock();
    building_ = false;
    changed_.notify_all();
  }
}

}  // namespace lk
