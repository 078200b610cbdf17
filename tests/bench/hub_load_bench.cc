// hub_load_bench: many simulated kiosks against one real `learning-hub serve` on 127.0.0.1.
//
// Enrols --kiosks devices (codes minted straight into the hub database with the hub's own store and
// hashes, then redeemed by POST /v1/enroll at a hub started with --rate 0; the CLI would take one process
// per code), restarts the hub with its default limits, then plays a schedule for --seconds: every kiosk
// heartbeats every 10 s (first beat staggered evenly over the 10 s) and pushes a small batch of
// --batch check-ins every --push-every s (also staggered). The schedule is served by --connections
// client threads, each with one keep-alive connection, taking the next due request in time order.
// Response time is measured from the moment a request is written (not from its scheduled time; the
// schedule lag is printed separately on stderr). Any non-200 or missing answer is an error.
// Connections stay below the hub's 16 worker threads: cpp-httplib gives each keep-alive connection a
// worker for its lifetime, so a 17th open connection waits for one to close (real kiosks, each with its
// own connection, depend on the hub's keep-alive timeout for this; not simulated here).
//
// Prints one row for tests/bench/run.sh (tests/bench/bench_util.h), details on stderr.
// LK_BENCH_QUICK=1: 20 s instead of 60 s. Every loop is bounded in count and time; only 127.0.0.1.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/core/uuid.h"
#include "sync/hub/credentials.h"
#include "sync/hub/sqlite_hub_store.h"
#include "sync/protocol/attendance_messages.h"
#include "sync/protocol/device_messages.h"
#include "sync/protocol/protocol.h"
#include "tests/bench/bench_util.h"
#include "tests/hub/hub_process.h"

namespace {

using lk::TimeMs;
using Clock = std::chrono::steady_clock;
constexpr int kSessions = 50;

TimeMs NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Catalog() {
  std::string sessions;
  for (int i = 0; i < kSessions; ++i) {
    if (i) sessions += ",";
    sessions += R"({"id": "s-)" + std::to_string(i) +
                R"(", "course": "c-1", "relative": {"day": 0, "at": "09:00", "minutes": 120}, "capacity": 0})";
  }
  return R"({"format": 1, "version": "load", "centre": {"id": "load", "name": {"zh": "负载", "en": "Load"}},
    "categories": [{"id": "cat", "name": {"en": "Cat"}}],
    "courses": [{"id": "c-1", "category": "cat", "title": {"en": "Course"}, "credit_hours": 1.5}],
    "sessions": [)" +
         sessions + "]}";
}

int EnvInt(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

struct Event {
  double at;  // seconds from the start
  int kiosk;
  bool push;  // false: heartbeat
};

}  // namespace

int main() {
  const bool quick = std::getenv("LK_BENCH_QUICK") && *std::getenv("LK_BENCH_QUICK");
  const int kiosks = std::clamp(EnvInt("LK_LOAD_KIOSKS", 1000), 1, 5000);
  const double seconds = std::clamp(EnvInt("LK_LOAD_SECONDS", quick ? 20 : 60), 5, 600);
  const int connections = std::clamp(EnvInt("LK_LOAD_CONNECTIONS", 12), 1, 256);
  const double heartbeat_every = 10, push_every = std::clamp(EnvInt("LK_LOAD_PUSH_EVERY", 30), 1, 600);
  const int batch = 10;
  if (!lk::hub::InitCrypto()) return 1;

  lk::testing::TempDir temp;
  const std::string db = temp.File("load-hub.db");
  lk::testing::WriteFile(temp.File("catalog.json"), Catalog());
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"center", "add", "--db", db, "--id", "load", "--name", "Load"},
           {"import-catalog", "--db", db, "--center", "load", temp.File("catalog.json")}}) {
    auto r = lk::testing::RunHub(args);
    if (r.exit_code != 0) {
      std::fprintf(stderr, "hub_load_bench: %s failed: %s\n", args[0].c_str(), r.err.c_str());
      return 1;
    }
  }

  // Mint the codes in one go (the hub is not running yet).
  double t0 = lk::bench::NowSeconds();
  std::vector<std::string> codes;
  {
    auto store = lk::hub::SqliteHubStore::Open(db);
    if (!store.ok()) {
      std::fprintf(stderr, "hub_load_bench: %s\n", store.status().ToString().c_str());
      return 1;
    }
    for (int i = 0; i < kiosks; ++i) {
      codes.push_back(lk::hub::NewEnrollCode());
      auto s = (*store)->AddEnrollCode("load", lk::hub::HashEnrollCode(codes.back()), NowMs(), NowMs() + 3600 * 1000);
      if (!s.ok()) {
        std::fprintf(stderr, "hub_load_bench: code: %s\n", s.ToString().c_str());
        return 1;
      }
    }
  }
  std::fprintf(stderr, "hub_load_bench: %d codes minted in %.1f s\n", kiosks, lk::bench::NowSeconds() - t0);

  // Enrol every kiosk at a hub without the per-address rate limit of /v1/enroll.
  std::vector<std::string> tokens(static_cast<size_t>(kiosks));
  {
    std::string error;
    auto hub = lk::testing::HubProcess::Start(db, {"--rate", "0"}, &error);
    if (!hub) {
      std::fprintf(stderr, "hub_load_bench: %s\n", error.c_str());
      return 1;
    }
    t0 = lk::bench::NowSeconds();
    std::atomic<int> next{0}, failed{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&] {
        httplib::Client cli(hub->host(), hub->port());
        cli.set_keep_alive(true);
        cli.set_tcp_nodelay(true);
        cli.set_read_timeout(30);
        for (int i; (i = next++) < kiosks;) {
          auto res = cli.Post("/v1/enroll", {{lk::sync::kProtocolHeader, "1"}},
                              lk::sync::EnrollRequestToJson({codes[size_t(i)], "load-" + std::to_string(i), "load"}),
                              "application/json");
          auto enrolled =
              res && res->status == 200 ? lk::sync::ParseEnrollResponse(res->body) : lk::Status::Unavailable("no 200");
          if (enrolled.ok()) {
            tokens[size_t(i)] = enrolled->token;
          } else {
            ++failed;
          }
        }
      });
    }
    for (auto& t : threads) t.join();
    if (failed) {
      std::fprintf(stderr, "hub_load_bench: %d enrolments failed\n", failed.load());
      return 1;
    }
    std::fprintf(stderr, "hub_load_bench: %d kiosks enrolled in %.1f s\n", kiosks, lk::bench::NowSeconds() - t0);
    hub->Stop();
  }

  // The load: a hub with its default limits (per-device rate, in-flight cap, threads).
  std::string error;
  auto hub = lk::testing::HubProcess::Start(db, {}, &error);
  if (!hub) {
    std::fprintf(stderr, "hub_load_bench: %s\n", error.c_str());
    return 1;
  }
  std::vector<Event> events;
  for (int k = 0; k < kiosks; ++k) {
    for (double t = heartbeat_every * k / kiosks; t < seconds; t += heartbeat_every) events.push_back({t, k, false});
    // Pushes offset from the heartbeats by half a slot.
    for (double t = push_every * (k + 0.5) / kiosks; t < seconds; t += push_every) events.push_back({t, k, true});
  }
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.at < b.at; });

  std::atomic<size_t> next{0};
  std::atomic<int> errors{0}, pushes{0}, heartbeats{0};
  std::mutex mu;
  std::vector<double> all_ms, hb_ms, push_ms;
  double max_lag_ms = 0;
  std::vector<std::string> first_errors;
  const auto start = Clock::now();
  const double deadline = seconds + 60;  // hard stop: never run more than a minute over the schedule
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client cli(hub->host(), hub->port());
      cli.set_keep_alive(true);
      cli.set_tcp_nodelay(true);
      cli.set_connection_timeout(5);
      cli.set_read_timeout(30);
      std::vector<double> mine_all, mine_hb, mine_push;
      double mine_lag = 0;
      uint64_t seq = uint64_t(c) << 40;
      for (size_t i; (i = next++) < events.size();) {
        const Event& e = events[i];
        std::this_thread::sleep_until(start +
                                      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(e.at)));
        auto sent = Clock::now();
        double elapsed = std::chrono::duration<double>(sent - start).count();
        if (elapsed > deadline) break;
        mine_lag = std::max(mine_lag, (elapsed - e.at) * 1000);
        httplib::Headers headers{{std::string(lk::sync::kProtocolHeader), std::string("1")},
                                 {std::string("Authorization"), "Bearer " + tokens[size_t(e.kiosk)]}};
        auto res = [&]() -> httplib::Result {
          if (e.push) {
            lk::sync::BatchRequest b;
            b.batch_id = lk::NewUuid7(NowMs());
            for (int r = 0; r < batch; ++r) {
              lk::AttendanceRecord rec;
              rec.id = lk::NewUuid7(NowMs());
              rec.seq = int64_t(++seq);
              rec.kind = lk::RecordKind::kCheckIn;
              rec.learner_id = "L-" + std::to_string(e.kiosk) + "-" + std::to_string(seq);
              rec.session_id = "s-" + std::to_string(seq % kSessions);
              rec.recorded_at = NowMs();
              rec.source = lk::RecordSource::kKeypad;
              b.records.push_back(std::move(rec));
            }
            return cli.Post("/v1/attendance/batches", headers, lk::sync::BatchRequestToJson(b), "application/json");
          } else {
            lk::sync::HeartbeatRequest hb;
            hb.queue_depth = 0;
            hb.app_version = "load";
            hb.kiosk_time = NowMs();
            return cli.Post("/v1/heartbeat", headers, lk::sync::HeartbeatRequestToJson(hb), "application/json");
          }
        }();
        double ms = std::chrono::duration<double, std::milli>(Clock::now() - sent).count();
        if (!res || res->status != 200) {
          ++errors;
          std::lock_guard lock(mu);
          if (first_errors.size() < 5) {
            first_errors.push_back(res ? "HTTP " + std::to_string(res->status) + " " + res->body.substr(0, 200)
                                       : "no response: " + httplib::to_string(res.error()));
          }
        }
        (e.push ? mine_push : mine_hb).push_back(ms);
        (e.push ? pushes : heartbeats)++;
        mine_all.push_back(ms);
      }
      std::lock_guard lock(mu);
      all_ms.insert(all_ms.end(), mine_all.begin(), mine_all.end());
      hb_ms.insert(hb_ms.end(), mine_hb.begin(), mine_hb.end());
      push_ms.insert(push_ms.end(), mine_push.begin(), mine_push.end());
      max_lag_ms = std::max(max_lag_ms, mine_lag);
    });
  }
  for (auto& t : threads) t.join();
  double ran = std::chrono::duration<double>(Clock::now() - start).count();
  const size_t unsent = events.size() - std::min(events.size(), all_ms.size());
  hub->Stop();

  using lk::bench::Quantile;
  std::fprintf(stderr,
               "hub_load_bench: %d kiosks, %.0f s schedule (ran %.1f s), %d connections: %d heartbeats, %d pushes of "
               "%d records; %zu not sent; max schedule lag %.1f ms\n",
               kiosks, seconds, ran, connections, heartbeats.load(), pushes.load(), batch, unsent, max_lag_ms);
  std::fprintf(stderr, "  all       p50 %.1f ms  p99 %.1f ms  max %.1f ms\n", Quantile(all_ms, 0.5),
               Quantile(all_ms, 0.99), Quantile(all_ms, 1));
  std::fprintf(stderr, "  heartbeat p50 %.1f ms  p99 %.1f ms\n", Quantile(hb_ms, 0.5), Quantile(hb_ms, 0.99));
  std::fprintf(stderr, "  push      p50 %.1f ms  p99 %.1f ms\n", Quantile(push_ms, 0.5), Quantile(push_ms, 0.99));
  for (const auto& e : first_errors) std::fprintf(stderr, "  error: %s\n", e.c_str());

  const double p50 = Quantile(all_ms, 0.5), p99 = Quantile(all_ms, 0.99);
  const int errs = errors.load() + int(unsent);
  char figure[160];
  std::snprintf(figure, sizeof figure, "%d simulated kiosks, heartbeat every 10 s + push %d every %.0f s (%.0f s run)",
                kiosks, batch, push_every, seconds);
  char measured[160];
  std::snprintf(measured, sizeof measured, "p50 %.1f ms, p99 %.1f ms, %d errors of %zu requests", p50, p99, errs,
                events.size());
  lk::bench::Row(figure, measured, "—", "—", "p99 < 200 ms, no errors", p99 < 200 && errs == 0);
  return 0;
}
