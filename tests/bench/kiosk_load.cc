#include "tests/bench/kiosk_load.h"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include "kiosk/core/domain.h"
#include "sync/protocol/device_messages.h"
#include "sync/protocol/protocol.h"
#include "tests/bench/bench_util.h"

namespace lk::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Event {
  double at;  // seconds from the start
  size_t kiosk;
  bool push;  // false: heartbeat
};

TimeMs WallNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

KioskLoadResult RunKioskLoad(const std::vector<KioskEndpoint>& endpoints, const std::vector<SimulatedKiosk>& kiosks,
                             const KioskLoadOptions& options, const PushBodyFn& push_body) {
  // One time-ordered schedule per endpoint.
  std::vector<std::vector<Event>> schedules(endpoints.size());
  const size_t n = kiosks.size();
  for (size_t k = 0; k < n; ++k) {
    auto& events = schedules[kiosks[k].endpoint];
    for (double t = options.heartbeat_every_s * double(k) / double(n); t < options.seconds; t += options.heartbeat_every_s) {
      events.push_back({t, k, false});
    }
    for (double t = options.push_every_s * (double(k) + 0.5) / double(n); t < options.seconds; t += options.push_every_s) {
      events.push_back({t, k, true});
    }
  }
  KioskLoadResult result;
  for (auto& events : schedules) {
    std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.at < b.at; });
    result.scheduled += events.size();
  }

  result.slow_per_10s.assign(size_t(options.seconds / 10) + 8, 0);  // + the minute of overrun allowed
  std::vector<std::atomic<size_t>> next(endpoints.size());
  std::atomic<int> errors{0};
  std::mutex mu;  // guards result's samples, lag and first_errors
  const auto start = Clock::now();
  const double deadline = options.seconds + 60;  // hard stop: never run more than a minute over the schedule
  std::vector<std::thread> threads;
  for (size_t e = 0; e < endpoints.size(); ++e) {
    for (int c = 0; c < options.connections_per_endpoint; ++c) {
      threads.emplace_back([&, e] {
        httplib::Client cli(endpoints[e].host, endpoints[e].port);
        cli.set_keep_alive(options.keep_alive);
        cli.set_tcp_nodelay(true);
        cli.set_connection_timeout(5);
        cli.set_read_timeout(30);
        std::vector<double> all, hb, push;
        double lag = 0;
        const auto& events = schedules[e];
        for (size_t i; (i = next[e]++) < events.size();) {
          const Event& ev = events[i];
          std::this_thread::sleep_until(start + std::chrono::duration_cast<Clock::duration>(
                                                    std::chrono::duration<double>(ev.at)));
          auto sent = Clock::now();
          double elapsed = std::chrono::duration<double>(sent - start).count();
          if (elapsed > deadline) break;
          lag = std::max(lag, (elapsed - ev.at) * 1000);
          httplib::Headers headers{{std::string(sync::kProtocolHeader), std::string("1")},
                                   {std::string("Authorization"), "Bearer " + kiosks[ev.kiosk].token}};
          std::string body;
          if (ev.push) {
            body = push_body(ev.kiosk);
          } else {
            sync::HeartbeatRequest beat;
            beat.queue_depth = 0;
            beat.app_version = "load";
            beat.kiosk_time = WallNowMs();
            body = sync::HeartbeatRequestToJson(beat);
          }
          sent = Clock::now();
          auto res = cli.Post(ev.push ? "/v1/attendance/batches" : "/v1/heartbeat", headers, body, "application/json");
          double ms = std::chrono::duration<double, std::milli>(Clock::now() - sent).count();
          if (!res || res->status != 200) {
            ++errors;
            std::lock_guard lock(mu);
            if (result.first_errors.size() < 5) {
              result.first_errors.push_back(res ? "HTTP " + std::to_string(res->status) + " " + res->body.substr(0, 200)
                                                : "no response: " + httplib::to_string(res.error()));
            }
          }
          (ev.push ? push : hb).push_back(ms);
          all.push_back(ms);
          if (ms >= 100) {
            std::lock_guard lock(mu);
            auto& slot = result.slow_per_10s[std::min(result.slow_per_10s.size() - 1, size_t(elapsed / 10))];
            ++slot;
          }
        }
        std::lock_guard lock(mu);
        result.all_ms.insert(result.all_ms.end(), all.begin(), all.end());
        result.heartbeat_ms.insert(result.heartbeat_ms.end(), hb.begin(), hb.end());
        result.push_ms.insert(result.push_ms.end(), push.begin(), push.end());
        result.max_lag_ms = std::max(result.max_lag_ms, lag);
      });
    }
  }
  for (auto& t : threads) t.join();
  result.ran_s = std::chrono::duration<double>(Clock::now() - start).count();
  result.errors = errors.load();
  result.unsent = result.scheduled - std::min(result.scheduled, result.all_ms.size());
  return result;
}

void LogKioskLoad(const char* name, const KioskLoadOptions& options, size_t kiosks, const KioskLoadResult& r) {
  std::fprintf(stderr,
               "%s: %zu kiosks, %.0f s schedule (ran %.1f s), %d connections per endpoint (%s): %zu heartbeats, "
               "%zu pushes; %zu not sent; %d errors; max schedule lag %.1f ms\n",
               name, kiosks, options.seconds, r.ran_s, options.connections_per_endpoint,
               options.keep_alive ? "keep-alive" : "one per request", r.heartbeat_ms.size(), r.push_ms.size(),
               r.unsent, r.errors, r.max_lag_ms);
  std::fprintf(stderr, "  all       p50 %.1f ms  p99 %.1f ms  max %.1f ms\n", Quantile(r.all_ms, 0.5),
               Quantile(r.all_ms, 0.99), Quantile(r.all_ms, 1));
  std::fprintf(stderr, "  heartbeat p50 %.1f ms  p99 %.1f ms\n", Quantile(r.heartbeat_ms, 0.5),
               Quantile(r.heartbeat_ms, 0.99));
  std::fprintf(stderr, "  push      p50 %.1f ms  p99 %.1f ms\n", Quantile(r.push_ms, 0.5), Quantile(r.push_ms, 0.99));
  std::string slow;
  for (int n : r.slow_per_10s) slow += " " + std::to_string(n);
  std::fprintf(stderr, "  requests of 100 ms or more, per 10 s:%s\n", slow.c_str());
  for (const auto& e : r.first_errors) std::fprintf(stderr, "  error: %s\n", e.c_str());
}

}  // namespace lk::bench
