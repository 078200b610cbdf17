// hub_bench: attendance ingest throughput of a real learning-hub on loopback, beside a raw SQLite insert
// of the same rows (same schema, WAL + synchronous=FULL, one transaction per batch) in the same run.
//
// For batch sizes 1, 100 and 500 and 1 and 8 concurrent clients (each an enrolled kiosk with its own
// keep-alive connection), pushes pre-built batches and reports records/s (median of --repeat runs).
// Not a ctest test: build with `cmake --build build --target bench`, run build/bin/hub_bench.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include <CLI/CLI.hpp>
#include <httplib.h>

#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/uuid.h"
#include "sync/hub/sqlite_hub_schema.h"
#include "sync/hub/sqlite_hub_store.h"
#include "sync/protocol/attendance_messages.h"
#include "sync/protocol/device_messages.h"
#include "sync/protocol/protocol.h"
#include "tests/bench/bench_util.h"
#include "tests/hub/hub_process.h"

namespace {

using lk::AttendanceRecord;
using lk::TimeMs;
using Clock = std::chrono::steady_clock;

constexpr int kSessions = 50;

TimeMs NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string BenchCatalog() {
  std::string sessions;
  for (int i = 0; i < kSessions; ++i) {
    if (i) sessions += ",";
    sessions += R"({"id": "s-)" + std::to_string(i) + R"(", "course": "c-1", "relative": {"day": 0, "at": "09:00", "minutes": 120}, "capacity": 0})";
  }
  return R"({"format": 1, "version": "bench", "centre": {"id": "bench", "name": {"zh": "基准", "en": "Bench"}},
    "categories": [{"id": "cat", "name": {"en": "Cat"}}],
    "courses": [{"id": "c-1", "category": "cat", "title": {"en": "Course"}, "credit_hours": 1.5}],
    "sessions": [)" + sessions + "]}";
}

std::vector<AttendanceRecord> MakeRecords(size_t n, uint64_t salt) {
  std::vector<AttendanceRecord> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    AttendanceRecord r;
    r.id = lk::NewUuid7(NowMs());
    r.seq = int64_t(i + 1);
    r.kind = lk::RecordKind::kCheckIn;
    r.learner_id = "L-" + std::to_string(salt) + "-" + std::to_string(i);
    r.session_id = "s-" + std::to_string(i % kSessions);
    r.recorded_at = NowMs();
    r.source = lk::RecordSource::kKeypad;
    out.push_back(std::move(r));
  }
  return out;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// Records/s of the hub for `clients` kiosks each pushing `per_client` records in batches of `batch`.
double RunHub(const lk::testing::HubProcess& hub, const std::vector<std::string>& tokens, int clients, size_t batch,
              size_t per_client, uint64_t salt) {
  std::vector<std::vector<std::string>> bodies(static_cast<size_t>(clients));
  for (int c = 0; c < clients; ++c) {
    auto records = MakeRecords(per_client, salt * 100 + uint64_t(c));
    for (size_t i = 0; i < records.size(); i += batch) {
      lk::sync::BatchRequest b;
      b.batch_id = lk::NewUuid7(NowMs());
      b.records.assign(records.begin() + long(i), records.begin() + long(std::min(records.size(), i + batch)));
      bodies[size_t(c)].push_back(lk::sync::BatchRequestToJson(b));
    }
  }
  std::atomic<int> failures{0};
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client cli(hub.host(), hub.port());
      cli.set_keep_alive(true);
      cli.set_tcp_nodelay(true);  // as the kiosk client must: headers and body go in two writes
      cli.set_read_timeout(60);
      httplib::Headers headers{{lk::sync::kProtocolHeader, "1"}, {"Authorization", "Bearer " + tokens[size_t(c)]}};
      for (const auto& body : bodies[size_t(c)]) {
        auto res = cli.Post("/v1/attendance/batches", headers, body, "application/json");
        if (!res || res->status != 200) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (failures) std::fprintf(stderr, "hub_bench: %d failed requests\n", failures.load());
  return double(per_client) * clients / seconds;
}

// Records/s of raw inserts of the same rows into the same schema, one transaction per batch.
double RunRaw(const std::string& path, int clients, size_t batch, size_t per_client, uint64_t salt) {
  {
    auto db = lk::Database::Open(path);
    if (!db.ok() || !db->Exec(lk::hub::sqlite::SchemaSql()).ok()) {
      std::fprintf(stderr, "hub_bench: cannot create %s\n", path.c_str());
      return 0;
    }
  }
  std::vector<std::vector<AttendanceRecord>> rows;
  for (int c = 0; c < clients; ++c) rows.push_back(MakeRecords(per_client, salt * 100 + uint64_t(c)));
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      auto db = lk::Database::Open(path, lk::OpenOptions{.busy_timeout_ms = 60000});
      if (!db.ok()) return;
      const auto& mine = rows[size_t(c)];
      for (size_t i = 0; i < mine.size(); i += batch) {
        auto txn = db->Begin(lk::TransactionMode::kImmediate);
        if (!txn.ok()) continue;
        auto insert = db->Cached(
            "INSERT INTO records(id, centre_id, device_id, batch_id, seq, kind, learner_id, session_id, recorded_at, "
            "refers_to, reason, source, flags, received_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        for (size_t k = i; k < std::min(mine.size(), i + batch); ++k) {
          const auto& r = mine[k];
          (*insert)->Bind(1, r.id).Bind(2, "bench").Bind(3, "device").Bind(4, "batch").Bind(5, r.seq)
              .Bind(6, "checkin").Bind(7, r.learner_id).Bind(8, r.session_id).Bind(9, r.recorded_at).BindNull(10)
              .Bind(11, "").Bind(12, "keypad").Bind(13, "").Bind(14, r.recorded_at);
          (*insert)->Run().IgnoreError();
        }
        txn->Commit().IgnoreError();
      }
    });
  }
  for (auto& t : threads) t.join();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return double(per_client) * clients / seconds;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hub_bench: learning-hub attendance ingest vs raw SQLite inserts"};
  size_t single_records = 2000, batched_records = 20000;
  int repeat = 3;
  std::string dir_arg;
  app.add_option("--single-records", single_records, "Records per configuration with batches of 1")
      ->capture_default_str();
  app.add_option("--batched-records", batched_records, "Records per configuration with batches of 100 and 500")
      ->capture_default_str();
  app.add_option("--repeat", repeat, "Runs per configuration (the median is shown)")->capture_default_str();
  app.add_option("--dir", dir_arg, "Directory for the databases (default: a temporary one; the file system matters)");
  CLI11_PARSE(app, argc, argv);
  if (const char* q = std::getenv("LK_BENCH_QUICK"); q && *q) {  // tests/bench/run.sh --quick
    single_records = std::min<size_t>(single_records, 1000);
    batched_records = std::min<size_t>(batched_records, 10000);
    repeat = std::min(repeat, 2);
  }

  lk::testing::TempDir temp;
  std::string dir = dir_arg.empty() ? temp.path() : dir_arg;
  std::string db = dir + "/bench-hub.db";
  std::remove(db.c_str());
  lk::testing::WriteFile(dir + "/bench-catalog.json", BenchCatalog());
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"center", "add", "--db", db, "--id", "bench", "--name", "Bench"},
           {"import-catalog", "--db", db, "--center", "bench", dir + "/bench-catalog.json"}}) {
    auto r = lk::testing::RunHub(args);
    if (r.exit_code != 0) {
      std::fprintf(stderr, "hub_bench: %s failed: %s\n", args[0].c_str(), r.err.c_str());
      return 1;
    }
  }
  std::string error;
  auto hub = lk::testing::HubProcess::Start(db, {"--rate", "0"}, &error);
  if (!hub) {
    std::fprintf(stderr, "hub_bench: %s\n", error.c_str());
    return 1;
  }
  std::vector<std::string> tokens;
  for (int i = 0; i < 8; ++i) {
    auto code = lk::testing::RunHub({"enroll-code", "--db", db, "--center", "bench"}).out;
    code.erase(code.find_last_not_of('\n') + 1);
    httplib::Client cli(hub->host(), hub->port());
    auto res = cli.Post("/v1/enroll", {{lk::sync::kProtocolHeader, "1"}},
                        lk::sync::EnrollRequestToJson({code, "bench-" + std::to_string(i), "bench"}),
                        "application/json");
    auto enrolled = res ? lk::sync::ParseEnrollResponse(res->body) : lk::Status::Unavailable("no response");
    if (!enrolled.ok()) {
      std::fprintf(stderr, "hub_bench: enrolment failed\n");
      return 1;
    }
    tokens.push_back(enrolled->token);
  }

  // The plain table goes to stderr; stdout carries only tests/bench/run.sh's rows (bench_util.h).
  std::fprintf(stderr, "hub_bench: %u hardware threads, databases in %s, median of %d runs\n",
              std::thread::hardware_concurrency(), dir.c_str(), repeat);
  std::fprintf(stderr, "%-7s %-8s %12s %12s %8s\n", "batch", "clients", "hub rec/s", "raw rec/s", "hub/raw");
  uint64_t salt = 1;
  for (size_t batch : {size_t(1), size_t(100), size_t(500)}) {
    for (int clients : {1, 8}) {
      size_t total = batch == 1 ? single_records : batched_records;
      size_t per_client = std::max(batch, total / size_t(clients) / batch * batch);
      std::vector<double> hub_rates, raw_rates;
      for (int r = 0; r < repeat; ++r) {
        hub_rates.push_back(RunHub(*hub, tokens, clients, batch, per_client, ++salt));
        std::string raw_db = dir + "/bench-raw.db";
        for (const char* suffix : {"", "-wal", "-shm"}) std::remove((raw_db + suffix).c_str());
        raw_rates.push_back(RunRaw(raw_db, clients, batch, per_client, ++salt));
      }
      double h = Median(hub_rates), w = Median(raw_rates);
      std::fprintf(stderr, "%-7zu %-8d %12.0f %12.0f %8.2f\n", batch, clients, h, w, w > 0 ? h / w : 0);
      auto [lo, hi] = std::minmax_element(hub_rates.begin(), hub_rates.end());
      std::string measured = lk::bench::Format("%.0f rec/s", h) + lk::bench::Format(" (min %.0f, max %.0f)", *lo, *hi);
      if (batch == 500 && clients == 8) {
        lk::bench::Row("hub ingest, batches of 500, 8 clients (median of " + std::to_string(repeat) + ")", measured,
                       lk::bench::Format("raw SQLite insert of the same rows %.0f rec/s", w),
                       lk::bench::Format("%.2fx", w > 0 ? h / w : 0), ">= 0.5x", w > 0 && h / w >= 0.5);
      } else if (batch == 1) {
        lk::bench::Row("hub single-record pushes, " + std::to_string(clients) + " client(s) (median of " +
                           std::to_string(repeat) + ")",
                       measured, lk::bench::Format("raw SQLite insert, 1 row/txn %.0f rec/s", w),
                       lk::bench::Format("%.2fx", w > 0 ? h / w : 0), ">= 1,000/s", h >= 1000);
      }
    }
  }
  return 0;
}
