// Admission control for learning-hub: a per-key token bucket (429 Too Many Requests) and a bounded
// in-flight request counter (503 Service Unavailable), both answering with a Retry-After in seconds.
//
// Thread-safe (one mutex for the buckets, an atomic for the counter). Buckets idle for a minute are
// forgotten, so the map stays as small as the set of active devices.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace lk::hub {

class RateLimiter {
 public:
  // `rate` tokens per second refill a bucket of `burst` tokens. rate <= 0 disables limiting.
  RateLimiter(double rate, double burst) : rate_(rate), burst_(burst) {}
  // Takes a token for `key`: 0 when allowed, else the seconds to wait (>= 1).
  int Acquire(const std::string& key);

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point last;
  };
  double rate_, burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  std::chrono::steady_clock::time_point last_sweep_ = std::chrono::steady_clock::now();
};

class InFlightGate {
 public:
  explicit InFlightGate(int limit) : limit_(limit) {}
  // RAII admission: `admitted()` false when `limit` requests are already in flight.
  class Ticket {
   public:
    explicit Ticket(InFlightGate* gate) : gate_(gate) {
      admitted_ = gate_->count_.fetch_add(1) < gate_->limit_;
    }
    ~Ticket() { gate_->count_.fetch_sub(1); }
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    bool admitted() const { return admitted_; }

   private:
    InFlightGate* gate_;
    bool admitted_;
  };

 private:
  int limit_;
  std::atomic<int> count_{0};
};

}  // namespace lk::hub
