// Simulated kiosks against real learning-hub processes on 127.0.0.1 (hub_load_bench, city_bench).
//
// RunKioskLoad plays a fixed schedule for `seconds`: every kiosk heartbeats every `heartbeat_every_s`
// (first beats staggered evenly over one period) and pushes a batch every `push_every_s` (staggered, half
// a slot after its heartbeats), each kiosk to its own endpoint (a replica). Each endpoint's part of the
// schedule is served by `connections_per_endpoint` client threads taking the next due request in time
// order, on one keep-alive connection each or, with keep_alive false, on a new connection per request
// (what kiosks that beat less often than the hub's idle timeout really do). Response time is measured
// from the moment a request is written, not from its scheduled time; the schedule lag is reported
// separately. Any non-200 or missing answer is an error; requests still unsent a minute after the
// schedule ends are counted as not sent. Every loop is bounded in count and time.
//
// Thread-safety: one RunKioskLoad at a time per caller thread; `push_body` is called from the client
// threads concurrently and must be thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace lk::bench {

struct KioskEndpoint {
  std::string host;
  int port = 0;
};

struct SimulatedKiosk {
  std::string token;
  size_t endpoint = 0;  // index into the endpoints
};

struct KioskLoadOptions {
  double seconds = 60;
  double heartbeat_every_s = 10;
  double push_every_s = 30;
  int connections_per_endpoint = 12;
  bool keep_alive = true;
};

struct KioskLoadResult {
  std::vector<double> all_ms, heartbeat_ms, push_ms;  // response times of the requests sent
  size_t scheduled = 0, unsent = 0;
  int errors = 0;  // non-200 or no answer
  double max_lag_ms = 0, ran_s = 0;
  std::vector<std::string> first_errors;  // at most 5
  std::vector<int> slow_per_10s;          // requests of 100 ms or more, per 10 s of the schedule (when sent)
};

// The JSON body of kiosk `kiosk`'s next POST /v1/attendance/batches.
using PushBodyFn = std::function<std::string(size_t kiosk)>;

KioskLoadResult RunKioskLoad(const std::vector<KioskEndpoint>& endpoints, const std::vector<SimulatedKiosk>& kiosks,
                             const KioskLoadOptions& options, const PushBodyFn& push_body);

// The result's lines for a benchmark's log (stderr), each prefixed with `name`.
void LogKioskLoad(const char* name, const KioskLoadOptions& options, size_t kiosks, const KioskLoadResult& result);

}  // namespace lk::bench
