// hub_load_bench: many simulated kiosks against one real `learning-hub serve` on 127.0.0.1.
//
// Enrols LK_LOAD_KIOSKS (1000) devices (codes minted straight into the hub database with the hub's own store and
// hashes, then redeemed by POST /v1/enroll at a hub started with --rate 0; the CLI would take one process
// per code), restarts the hub with its default limits, then plays a schedule for LK_LOAD_SECONDS (60)
// (tests/bench/kiosk_load.h): every kiosk heartbeats every 10 s and pushes a batch of 10 check-ins every
// LK_LOAD_PUSH_EVERY (30) s, served by LK_LOAD_CONNECTIONS (12) client threads with one keep-alive
// connection each. Any non-200 or missing answer is an error.
//
// Prints one row for tests/bench/run.sh (tests/bench/bench_util.h), details on stderr.
// LK_BENCH_QUICK=1: 20 s instead of 60 s. Every loop is bounded in count and time; only 127.0.0.1.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
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
#include "tests/bench/kiosk_load.h"
#include "tests/hub/hub_process.h"

namespace {

using lk::TimeMs;
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
  std::atomic<uint64_t> seq{0};
  auto push_body = [&](size_t kiosk) {
    lk::sync::BatchRequest b;
    b.batch_id = lk::NewUuid7(NowMs());
    for (int r = 0; r < batch; ++r) {
      lk::AttendanceRecord rec;
      rec.id = lk::NewUuid7(NowMs());
      rec.seq = int64_t(++seq);
      rec.kind = lk::RecordKind::kCheckIn;
      rec.learner_id = "L-" + std::to_string(kiosk) + "-" + std::to_string(rec.seq);
      rec.session_id = "s-" + std::to_string(rec.seq % kSessions);
      rec.recorded_at = NowMs();
      rec.source = lk::RecordSource::kKeypad;
      b.records.push_back(std::move(rec));
    }
    return lk::sync::BatchRequestToJson(b);
  };
  std::vector<lk::bench::SimulatedKiosk> simulated;
  for (const auto& token : tokens) simulated.push_back({token, 0});
  lk::bench::KioskLoadOptions options;
  options.seconds = seconds;
  options.heartbeat_every_s = heartbeat_every;
  options.push_every_s = push_every;
  options.connections_per_endpoint = connections;
  auto load = lk::bench::RunKioskLoad({{hub->host(), hub->port()}}, simulated, options, push_body);
  hub->Stop();
  lk::bench::LogKioskLoad("hub_load_bench", options, simulated.size(), load);

  using lk::bench::Quantile;
  const double p50 = Quantile(load.all_ms, 0.5), p99 = Quantile(load.all_ms, 0.99);
  const int errs = load.errors + int(load.unsent);
  char figure[160];
  std::snprintf(figure, sizeof figure, "%d simulated kiosks, heartbeat every 10 s + push %d every %.0f s (%.0f s run)",
                kiosks, batch, push_every, seconds);
  char measured[160];
  std::snprintf(measured, sizeof measured, "p50 %.1f ms, p99 %.1f ms, %d errors of %zu requests", p50, p99, errs,
                load.scheduled);
  lk::bench::Row(figure, measured, "—", "—", "p99 < 200 ms, no errors", p99 < 200 && errs == 0);
  return 0;
}
