// Admission control for learning-hub: a per-key token bucket (429 Too Many Requests) and a bounded
// in-flight request counter (503 Service Unavailable), both answering with a Retry-After in seconds.
//
// Thread-safe (one mutex for the buckets, an atomic for the counter). Buckets idle for a minute are
// forgotten, so the map stays as small as the set of active devices. Time is the Env's monotonic clock
// (borrowed; a FaultEnv lets tests refill a bucket without waiting).
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "kiosk/core/env.h"

namespace lk::hub {

class RateLimiter {
 public:
  // `rate` tokens per second refill a bucket of `burst` tokens. rate <= 0 disables limiting.
  RateLimiter(double rate, double burst, Env* env = Env::Default())
      : rate_(rate), burst_(burst), env_(env), last_sweep_ms_(env->MonotonicMs()) {}
  // Takes a token for `key`: 0 when allowed, else the seconds to wait (>= 1).
  int Acquire(const std::string& key);

 private:
  struct Bucket {
    double tokens;
    int64_t last_ms;
  };
  double rate_, burst_;
  Env* env_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  int64_t last_sweep_ms_;
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
