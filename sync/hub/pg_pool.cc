#include "sync/hub/pg_pool.h"

#include <chrono>

namespace lk::hub::pg {

ConnectionPool::Lease::~Lease() {
  if (conn_) pool_->Release(std::move(conn_));
}

ConnectionPool::ConnectionPool(std::string uri, int max_connections)
    : uri_(std::move(uri)), max_connections_(max_connections < 1 ? 1 : max_connections) {}

Result<ConnectionPool::Lease> ConnectionPool::Acquire(bool fresh) {
  std::unique_lock lock(mutex_);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kStatementTimeoutMs);
  while (true) {
    if (fresh && !idle_.empty() && open_ >= max_connections_) {
      idle_.pop_back();  // make room for the fresh one: an idle connection may be as dead as the last
      --open_;
    }
    if (!fresh && !idle_.empty()) {
      std::unique_ptr<Connection> conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn), /*reused=*/true);
    }
    if (open_ < max_connections_) break;
    if (returned_.wait_until(lock, deadline) == std::cv_status::timeout) {
      return Status::Unavailable("all " + std::to_string(max_connections_) + " database connections are busy");
    }
  }
  ++open_;
  lock.unlock();
  auto conn = Connection::Open(uri_);  // outside the lock: connecting takes a round trip or a timeout
  if (!conn.ok()) {
    std::lock_guard relock(mutex_);
    --open_;
    returned_.notify_one();
    return conn.status();
  }
  return Lease(this, std::move(*conn), /*reused=*/false);
}

void ConnectionPool::Release(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mutex_);
  if (conn->broken()) {
    --open_;
  } else {
    idle_.push_back(std::move(conn));
  }
  returned_.notify_one();
}

}  // namespace lk::hub::pg
