// pg::ConnectionPool: at most `max_connections` connections to one PostgreSQL database, lent one per
// store call. A lost connection (the server restarted, the network dropped) is closed when it comes back
// instead of being lent again, so the pool heals by itself once the database is back.
//
// Run(fn) is how the store uses it: fn runs on a pooled connection; when a connection that sat idle in
// the pool turns out to be dead before fn got a single statement through (the usual sign of a database
// restart since it was last used), fn runs once more on a fresh connection, so a restart costs kiosks no
// failed request once the database is up again. Nothing is retried after a statement succeeded: the
// caller's transaction decides what a failure means.
//
// Thread-safety: Acquire/Run may be called from many threads at once; a Lease belongs to one thread.
// Ownership: the pool owns its idle connections, a Lease the one it holds; every Lease must be gone
// before the pool is destroyed.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "kiosk/core/status.h"
#include "sync/hub/pg_connection.h"

namespace lk::hub::pg {

class ConnectionPool {
 public:
  class Lease {
   public:
    Lease(Lease&& other) noexcept : pool_(other.pool_), conn_(std::move(other.conn_)), reused_(other.reused_) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }
    bool reused() const { return reused_; }  // it had been lent before (it may have died since)

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> conn, bool reused)
        : pool_(pool), conn_(std::move(conn)), reused_(reused) {}
    ConnectionPool* pool_;
    std::unique_ptr<Connection> conn_;
    bool reused_;
  };

  ConnectionPool(std::string uri, int max_connections);

  // An idle connection, or a new one while fewer than max_connections are open; otherwise waits for one
  // to come back, up to the statement timeout (then kUnavailable: the hub is saturated, retry later).
  Result<Lease> Acquire(bool fresh = false);

  // Runs `fn(Connection&)` (returning Status or Result<T>) by the rule above.
  template <typename Fn>
  auto Run(Fn&& fn) -> decltype(fn(std::declval<Connection&>())) {
    for (int attempt = 0;; ++attempt) {
      auto lease = Acquire(/*fresh=*/attempt > 0);
      if (!lease.ok()) return lease.status();
      int64_t before = (*lease)->successes();
      auto result = fn(**lease);
      bool died_unused = !StatusOf(result).ok() && (*lease)->broken() && (*lease)->successes() == before;
      if (!(died_unused && lease->reused() && attempt == 0)) return result;
    }
  }

 private:
  static const Status& StatusOf(const Status& s) { return s; }
  template <typename T>
  static const Status& StatusOf(const Result<T>& r) { return r.status(); }
  void Release(std::unique_ptr<Connection> conn);

  const std::string uri_;
  const int max_connections_;
  std::mutex mutex_;  // guards the two members below
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;  // connections lent out or idle
};

}  // namespace lk::hub::pg
