// SearchIndexService: holds the current SearchIndex and rebuilds it on its own worker thread whenever the
// catalogue changes, so the UI thread never waits for a build.
//
// The UI thread calls Current() for each keystroke and queries the index it gets; a rebuild publishes a new
// index by swapping a shared_ptr, and an index stays alive as long as someone still holds it. Catalogue
// changes that arrive while a build runs are coalesced: only the newest one is built next. A catalogue
// whose version equals the last one handed in is ignored.
// Thread-safety: every method may be called from any thread. Ownership: the service owns its worker
// thread; the destructor lets a running build finish, drops queued ones, and joins the thread.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "kiosk/core/domain.h"
#include "kiosk/core/search/search_index.h"

namespace lk {

class SearchIndexService {
 public:
  // `on_rebuilt`, when set, runs on the worker thread after each new index is published (e.g. to ask the
  // UI to redo its current query). It must not call back into the service's destructor.
  using RebuiltCallback = std::function<void(const std::shared_ptr<const SearchIndex>&)>;
  explicit SearchIndexService(RebuiltCallback on_rebuilt = nullptr);
  ~SearchIndexService();
  SearchIndexService(const SearchIndexService&) = delete;
  SearchIndexService& operator=(const SearchIndexService&) = delete;

  // Queues a rebuild from `catalog`; returns at once.
  void OnCatalogChanged(std::shared_ptr<const Catalog> catalog);
  // The newest finished index; an empty index before the first build finishes. Never blocks on a build.
  std::shared_ptr<const SearchIndex> Current() const;
  // Blocks until no build is queued or running and the last build's callback has returned.
  void WaitUntilIdle();

 private:
  void Run();

  const RebuiltCallback on_rebuilt_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::shared_ptr<const SearchIndex> current_;
  std::shared_ptr<const Catalog> pending_;
  std::string last_version_;
  bool has_last_version_ = false;
  bool building_ = false;
  bool stopping_ = false;
  std::thread worker_;  // last: starts after every other member is ready
};

}  // namespace lk
