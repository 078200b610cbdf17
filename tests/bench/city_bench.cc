// city_bench: learning-hub on PostgreSQL at the size of a city (issue #15), beside the SQLite hub at the
// size of a district, in one run.
//
// The city: a private PostgreSQL 15 (tests/testing/postgres_cluster.h) tuned as a city would run it
// (shared_buffers, fsync and synchronous_commit on, pg_stat_statements), the schema created by opening the
// hub's own store, then a generated city (city_data.h; by default 3,000 centres, 1,000,000 learners,
// 10,000,000 records over 90 days, 5,000 kiosks; --scale for more or less) loaded with COPY
// (city_load.h), and two `learning-hub serve` replicas on it. The district: the same generator at
// --district-fraction of the city in a SQLite file, one `learning-hub serve` on it. On each, in order:
//
// - learner summaries: GET /v1/learners/ID/summary as a kiosk of a centre where the learner has an
//   attendance (the need-to-know rule), for learners sampled from attendance rows (as kiosks ask: right
//   after a check-in), one request at a time, alternating replicas; also the store's LearnerSummary
//   in-process for the same learners (log only). The replicas run with --summary-rate 0 so that a few
//   thousand summaries in a few seconds are not refused by the per-device limit (0.2/s).
// - centre-day reports: HubStore::Report in-process for random centres and days of the history.
// - console pages: today, its live part, a centre page and its live part, devices and (city) the audit
//   log, requested by a logged-in city, district and centre account one at a time (console_load.h).
// - batch ingest: --clients kiosks (each of its own centre) push --ingest-batches batches of --batch
//   check-ins each, spread over the replicas, against a raw multi-row INSERT ... ON CONFLICT DO NOTHING
//   of the same rows into the same `records` table from as many connections (one transaction per
//   batch); the raw rows are deleted again (and the table vacuumed) before the hub gets them. Median of
//   --rounds. Each round also times the store alone (HubStore::PushBatch in-process on other rows of the
//   same shape, log only), to tell the store's share from HTTP's, JSON's and the replicas'.
// - kiosks: every kiosk heartbeats every 30 s and pushes 1-5 check-ins every --push-every s, through the
//   replicas, for --seconds (tests/bench/kiosk_load.h), each request on a new connection (the hub closes
//   idle ones after 10 s, sooner than the next heartbeat).
//
// Profiles for the log (stderr): pg_stat_statements' top statements after each city phase, where the
// city's PostgreSQL sessions spent the ingest and kiosk phases (pg_stat_activity sampled every 20 ms:
// running, waiting for their client, for I/O, for a lock), and the plans (auto_explain: EXPLAIN ANALYZE
// with buffers) of the store's statements for the slowest summary and the slowest report, with custom and
// with generic plans (the hub's statements are prepared). Rows for tests/bench/run.sh on stdout
// (bench_util.h): each city figure with the district's beside it, each ingest figure with its raw insert.
// What-if runs: --pg-set (a server setting), --hub-arg (a replica argument); --pg-uri loads the city into
// a server of your own instead. LK_BENCH_QUICK=1: --scale 0.01, 500 kiosks, 30 s, fewer samples and one
// round. Everything runs on 127.0.0.1 and a Unix socket; every loop is bounded in count and time.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include <CLI/CLI.hpp>

#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/time_zone.h"
#include "kiosk/core/uuid.h"
#include "sync/hub/credentials.h"
#include "sync/hub/hub_store_open.h"
#include "sync/hub/pg_connection.h"
#include "sync/protocol/attendance_messages.h"
#include "sync/protocol/learner_summary.h"
#include "sync/protocol/protocol.h"
#include "tests/bench/console_load.h"
#include "tests/bench/bench_util.h"
#include "tests/bench/city_load.h"
#include "tests/bench/kiosk_load.h"
#include "tests/hub/hub_process.h"
#include "tests/testing/postgres_cluster.h"

namespace {

using lk::Status;
using lk::TimeMs;
using lk::bench::CityFacts;
using lk::bench::KioskEndpoint;
using lk::bench::Quantile;
using Clock = std::chrono::steady_clock;
using Rng = std::mt19937_64;

struct Options {
  double scale = 1;
  int kiosks = 5000;
  double district_fraction = 0.1;
  int summaries = 2000;
  int reports = 300;
  int console_requests = 60;  // per page and role
  int clients = 16;
  int batch = 500;
  int ingest_batches = 10;
  int rounds = 3;
  double seconds = 180;
  double push_every = 60;
  int connections = 12;
  std::string shared_buffers = "512MB";
  std::string district_db;  // empty: a temporary file
  std::vector<std::string> pg_settings;  // extra NAME=VALUE server settings, for what-if runs
  std::string pg_uri;                    // empty: a private server
  std::vector<std::string> hub_args;     // extra arguments of every `learning-hub serve`, for what-if runs
  bool city = true, district = true;
};

TimeMs NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void Log(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void Log(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  std::fputs("city_bench: ", stderr);
  std::vfprintf(stderr, fmt, args);
  std::fputc('\n', stderr);
  va_end(args);
}

// /proc/loadavg's first three fields: the machine is shared, and the log says how busy it was.
std::string LoadAverage() {
  std::string text = lk::testing::ReadFile("/proc/loadavg");
  size_t end = 0;
  for (int fields = 0; fields < 3 && end != std::string::npos; ++fields) end = text.find(' ', end + 1);
  return text.substr(0, end);
}

std::string Percentiles(const std::vector<double>& ms) {
  return lk::bench::Format("p50 %.2f ms, p99 %.2f ms", Quantile(ms, 0.5), Quantile(ms, 0.99));
}

// What one backend measured.
struct Figures {
  std::string shape;
  std::vector<double> summary_ms, summary_store_ms, report_ms;
  std::vector<double> hub_rates, raw_rates;  // rec/s per round
  lk::bench::KioskLoadResult kiosks;
  lk::bench::ConsoleTimes console;
  size_t kiosk_count = 0;
  bool ran = false;
};

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// The hub processes of one backend.
struct Hubs {
  std::vector<std::unique_ptr<lk::testing::HubProcess>> processes;
  std::vector<KioskEndpoint> endpoints;
};

lk::Result<Hubs> StartHubs(const std::string& db, int count, const std::vector<std::string>& extra_args) {
  std::vector<std::string> args = {"--summary-rate", "0"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  Hubs hubs;
  for (int i = 0; i < count; ++i) {
    std::string error;
    auto hub = lk::testing::HubProcess::Start(db, args, &error, 60000);
    if (!hub) return Status::Unavailable("learning-hub serve did not start: " + error);
    hubs.endpoints.push_back({hub->host(), hub->port()});
    hubs.processes.push_back(std::move(hub));
  }
  return hubs;
}

httplib::Headers DeviceHeaders(const std::string& token) {
  return {{std::string(lk::sync::kProtocolHeader), std::string("1")},
          {std::string("Authorization"), "Bearer " + token}};
}

std::pair<TimeMs, TimeMs> ThisYear(const CityFacts& facts) {
  auto zone = lk::TimeZone::Load(facts.time_zone);
  if (!zone.ok()) return {0, 0};
  return {zone->StartOfDay({facts.today.year, 1, 1}), zone->StartOfDay({facts.today.year + 1, 1, 1})};
}

// --- learner summaries ---

struct SummaryRun {
  std::vector<double> http_ms, store_ms;
  std::string slowest_learner;  // by the store's time
};

lk::Result<SummaryRun> MeasureSummaries(const Hubs& hubs, lk::hub::HubStore& store, const CityFacts& facts, int count,
                                        Rng& rng) {
  SummaryRun run;
  std::vector<std::unique_ptr<httplib::Client>> clients;
  for (const auto& e : hubs.endpoints) {
    clients.push_back(std::make_unique<httplib::Client>(e.host, e.port));
    clients.back()->set_keep_alive(true);
    clients.back()->set_tcp_nodelay(true);
    clients.back()->set_read_timeout(30);
  }
  const size_t n = std::min(size_t(count), facts.visits.size());
  int64_t checkins = 0;
  for (size_t i = 0; i < n; ++i) {
    const auto& visit = facts.visits[i];
    const auto& devices = facts.centres[size_t(visit.centre)].devices;
    const auto& device = facts.devices[size_t(devices[rng() % devices.size()])];
    const std::string learner = lk::bench::LearnerId(visit.learner);
    auto start = Clock::now();
    auto res = clients[i % clients.size()]->Get("/v1/learners/" + learner + "/summary", DeviceHeaders(device.token));
    run.http_ms.push_back(MsSince(start));
    if (!res || res->status != 200) {
      return Status::Internal("summary of " + learner + ": " +
                              (res ? "HTTP " + std::to_string(res->status) + " " + res->body.substr(0, 200)
                                   : "no response: " + httplib::to_string(res.error())));
    }
    auto summary = lk::sync::ParseLearnerSummary(res->body);
    if (summary.ok()) checkins += summary->checkins;
  }
  auto [from, to] = ThisYear(facts);
  double slowest = -1;
  for (size_t i = 0; i < n; ++i) {
    const std::string learner = lk::bench::LearnerId(facts.visits[i].learner);
    auto start = Clock::now();
    auto summary = store.LearnerSummary(learner, from, to);
    double ms = MsSince(start);
    if (!summary.ok()) return summary.status();
    run.store_ms.push_back(ms);
    if (ms > slowest) slowest = ms, run.slowest_learner = learner;
  }
  Log("summaries: %zu learners, %.1f check-ins this year on average; HTTP %s (max %.2f); store %s (max %.2f, %s)", n,
      n ? double(checkins) / double(n) : 0, Percentiles(run.http_ms).c_str(), Quantile(run.http_ms, 1),
      Percentiles(run.store_ms).c_str(), Quantile(run.store_ms, 1), run.slowest_learner.c_str());
  return run;
}

// --- centre-day reports ---

struct ReportRun {
  std::vector<double> ms;
  std::string slowest_centre;
  TimeMs slowest_from = 0, slowest_to = 0;
};

lk::Result<ReportRun> MeasureReports(lk::hub::HubStore& store, const CityFacts& facts, int count, Rng& rng) {
  LK_ASSIGN_OR_RETURN(lk::TimeZone zone, lk::TimeZone::Load(facts.time_zone));
  ReportRun run;
  double slowest = -1;
  int64_t rows = 0;
  for (int i = 0; i < count; ++i) {
    const auto& centre = facts.centres[rng() % facts.centres.size()];
    const lk::LocalDate day = facts.history[rng() % facts.history.size()];
    TimeMs from = zone.StartOfDay(day), to = zone.StartOfDay(lk::AddDays(day, 1));
    auto start = Clock::now();
    auto report = store.Report(centre.id, from, to);
    double ms = MsSince(start);
    if (!report.ok()) return report.status();
    rows += int64_t(report->size());
    run.ms.push_back(ms);
    if (ms > slowest) slowest = ms, run.slowest_centre = centre.id, run.slowest_from = from, run.slowest_to = to;
  }
  Log("reports: %d centre-days, %.1f rows on average (busiest centre-day of the history: %lld records); %s, max "
      "%.2f ms (%s)",
      count, count ? double(rows) / count : 0, (long long)facts.largest_centre_day, Percentiles(run.ms).c_str(),
      Quantile(run.ms, 1), run.slowest_centre.c_str());
  return run;
}

// --- where PostgreSQL's sessions wait ---

// Samples pg_stat_activity every 20 ms on a connection of its own while it lives, and logs how the city's
// client sessions spent that time: running ("on CPU"), waiting for their client (ClientRead: the hub or
// the benchmark has not sent the next statement yet), for I/O, for a lock. Nothing when `uri` is empty.
class WaitSampler {
 public:
  WaitSampler(const std::string& uri, std::string what) : what_(std::move(what)) {
    if (uri.empty()) return;
    auto conn = lk::hub::pg::Connection::Open(uri);
    if (!conn.ok()) return;
    conn_ = std::move(*conn);
    thread_ = std::thread([this] { Sample(); });
  }
  ~WaitSampler() {
    if (!thread_.joinable()) return;
    stop_ = true;
    thread_.join();
    int64_t total = 0;
    for (const auto& [key, n] : counts_) total += n;
    std::fprintf(stderr, "  PostgreSQL sessions during %s (%d samples, %.1f sessions on average):\n", what_.c_str(),
                 samples_, samples_ ? double(total) / samples_ : 0);
    std::vector<std::pair<int64_t, std::string>> sorted;
    for (const auto& [key, n] : counts_) sorted.push_back({n, key});
    std::sort(sorted.rbegin(), sorted.rend());
    for (const auto& [n, key] : sorted) {
      std::fprintf(stderr, "    %5.1f%%  %s\n", total ? 100.0 * double(n) / double(total) : 0, key.c_str());
    }
  }
  WaitSampler(const WaitSampler&) = delete;
  WaitSampler& operator=(const WaitSampler&) = delete;

 private:
  void Sample() {
    while (!stop_) {
      auto rows = conn_->Query(
          "SELECT state || ', ' || COALESCE(wait_event_type || ':' || wait_event, 'on CPU'), count(*) "
          "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
          "AND backend_type = 'client backend' GROUP BY 1");
      if (!rows.ok()) return;
      ++samples_;
      for (int i = 0; i < rows->size(); ++i) counts_[rows->Text(i, 0)] += rows->Int(i, 1);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a sampling period, not a wait for anything
    }
  }

  const std::string what_;
  std::unique_ptr<lk::hub::pg::Connection> conn_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  int samples_ = 0;                        // written by the sampling thread, read after join
  std::map<std::string, int64_t> counts_;  // likewise
};

// --- batch ingest ---

struct IngestClient {
  const lk::bench::CityDevice* device;
  const lk::bench::CityCentre* centre;
  std::vector<lk::sync::BatchRequest> batches;
  std::vector<std::string> bodies;
};

// `clients` kiosks of distinct centres (as far as there are centres), each with a backlog of check-ins
// to its centre's sessions of the last two weeks.
std::vector<IngestClient> MakeIngestWork(const CityFacts& facts, int clients, int batches, int batch_size, Rng& rng) {
  std::vector<size_t> order(facts.centres.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<IngestClient> work;
  const TimeMs now = NowMs();
  for (int c = 0; c < clients; ++c) {
    const auto& centre = facts.centres[order[size_t(c) % order.size()]];
    IngestClient client{&facts.devices[size_t(centre.devices[size_t(c) / order.size() % centre.devices.size()])],
                        &centre, {}, {}};
    int64_t seq = 1'000'000'000;
    for (int b = 0; b < batches; ++b) {
      lk::sync::BatchRequest batch;
      batch.batch_id = lk::NewUuid7(now);
      for (int r = 0; r < batch_size; ++r) {
        lk::AttendanceRecord rec;
        rec.id = lk::NewUuid7(now);
        rec.seq = ++seq;
        rec.kind = lk::RecordKind::kCheckIn;
        rec.learner_id = lk::bench::LearnerId(centre.learners[rng() % centre.learners.size()]);
        rec.session_id = centre.recent_sessions[rng() % centre.recent_sessions.size()];
        rec.recorded_at = now - TimeMs(rng() % (14LL * 24 * 3600 * 1000));
        rec.source = lk::RecordSource::kKeypad;
        batch.records.push_back(std::move(rec));
      }
      client.bodies.push_back(lk::sync::BatchRequestToJson(batch));
      client.batches.push_back(std::move(batch));
    }
    work.push_back(std::move(client));
  }
  return work;
}

int64_t RecordsOf(const std::vector<IngestClient>& work) {
  int64_t n = 0;
  for (const auto& c : work) {
    for (const auto& b : c.batches) n += int64_t(b.records.size());
  }
  return n;
}

// Records/s of the hubs for the pre-built batches, each client on its own keep-alive connection to
// replica (client % replicas). Any batch not answered 200 with every record accepted is a failure.
lk::Result<double> PushThroughHubs(const Hubs& hubs, const std::vector<IngestClient>& work) {
  std::atomic<int> failures{0};
  std::vector<std::vector<double>> batch_ms(work.size());
  std::string first_failure;
  std::mutex mu;
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (size_t c = 0; c < work.size(); ++c) {
    threads.emplace_back([&, c] {
      const auto& e = hubs.endpoints[c % hubs.endpoints.size()];
      httplib::Client cli(e.host, e.port);
      cli.set_keep_alive(true);
      cli.set_tcp_nodelay(true);
      cli.set_read_timeout(60);
      for (const auto& body : work[c].bodies) {
        auto sent = Clock::now();
        auto res = cli.Post("/v1/attendance/batches", DeviceHeaders(work[c].device->token), body, "application/json");
        batch_ms[c].push_back(MsSince(sent));
        auto answer = res && res->status == 200 ? lk::sync::ParseBatchResponse(res->body)
                                                : lk::Result<lk::sync::BatchResponse>(Status::Unavailable(
                                                      res ? "HTTP " + std::to_string(res->status) + " " + res->body
                                                          : "no response: " + httplib::to_string(res.error())));
        std::string failure = answer.ok() ? "" : answer.status().ToString();
        for (size_t r = 0; answer.ok() && failure.empty() && r < answer->results.size(); ++r) {
          const auto& result = answer->results[r];
          if (result.outcome != lk::sync::RecordOutcome::kAccepted) {
            failure = std::string("a record ") + lk::sync::RecordOutcomeName(result.outcome) + ": " + result.reason +
                      " " + result.message;
          }
        }
        if (!failure.empty()) {
          ++failures;
          std::lock_guard lock(mu);
          if (first_failure.empty()) first_failure = failure;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (failures) return Status::Internal(std::to_string(failures.load()) + " batches failed: " + first_failure);
  std::vector<double> all;
  for (const auto& v : batch_ms) all.insert(all.end(), v.begin(), v.end());
  Log("  hub: %.0f rec/s, %zu batches in %.1f s, batch %s", double(RecordsOf(work)) / seconds, all.size(), seconds,
      Percentiles(all).c_str());
  return double(RecordsOf(work)) / seconds;
}

// Records/s of the store itself for the batches (parsed beforehand), one thread per client calling
// HubStore::PushBatch as a replica's handler does: the hub ingest without HTTP, JSON and the replicas, to
// tell the store's share of the time from theirs (log only).
lk::Result<double> PushThroughStore(lk::hub::HubStore& store, const std::vector<IngestClient>& work) {
  std::vector<std::vector<lk::sync::ParsedBatch>> parsed(work.size());
  for (size_t c = 0; c < work.size(); ++c) {
    for (const auto& body : work[c].bodies) {
      LK_ASSIGN_OR_RETURN(lk::sync::ParsedBatch batch, lk::sync::ParseBatchRequest(body));
      parsed[c].push_back(std::move(batch));
    }
  }
  std::vector<Status> results(work.size(), Status::Ok());
  std::vector<std::vector<double>> batch_ms(work.size());
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (size_t c = 0; c < work.size(); ++c) {
    threads.emplace_back([&, c] {
      const lk::hub::DeviceIdentity device{work[c].device->id, work[c].centre->id, false};
      for (const auto& batch : parsed[c]) {
        auto sent = Clock::now();
        auto answer = store.PushBatch(device, batch, NowMs());
        batch_ms[c].push_back(MsSince(sent));
        if (!answer.ok()) {
          results[c] = answer.status();
          return;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (const auto& s : results) LK_RETURN_IF_ERROR(s);
  std::vector<double> all;
  for (const auto& v : batch_ms) all.insert(all.end(), v.begin(), v.end());
  Log("  store alone (HubStore::PushBatch in-process, other rows): %.0f rec/s, batch %s",
      double(RecordsOf(work)) / seconds, Percentiles(all).c_str());
  return double(RecordsOf(work)) / seconds;
}

// The raw reference's statement: the same 14 columns the store writes, one VALUES row per record.
std::string RawInsertSql(size_t rows, bool postgres) {
  std::string sql =
      "INSERT INTO records(id, centre_id, device_id, batch_id, seq, kind, learner_id, session_id, recorded_at, "
      "refers_to, reason, source, flags, received_at) VALUES ";
  int n = 0;
  for (size_t r = 0; r < rows; ++r) {
    sql += r ? ",(" : "(";
    for (int c = 0; c < 14; ++c) {
      if (c) sql += ',';
      if (postgres) {
        sql += '$';
        sql += std::to_string(++n);
      } else {
        sql += '?';
      }
    }
    sql += ')';
  }
  return sql + " ON CONFLICT DO NOTHING";
}

// Runs `insert_batch(client, batch)` for every batch, one thread per client; records/s.
template <typename PerClient>
lk::Result<double> TimeRaw(const std::vector<IngestClient>& work, PerClient per_client) {
  std::vector<Status> results(work.size(), Status::Ok());
  auto start = Clock::now();
  std::vector<std::thread> threads;
  for (size_t c = 0; c < work.size(); ++c) threads.emplace_back([&, c] { results[c] = per_client(work[c]); });
  for (auto& t : threads) t.join();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (const auto& s : results) LK_RETURN_IF_ERROR(s);
  Log("  raw: %.0f rec/s in %.1f s", double(RecordsOf(work)) / seconds, seconds);
  return double(RecordsOf(work)) / seconds;
}

lk::Result<double> RawInsertPostgres(const std::string& uri, const std::vector<IngestClient>& work) {
  std::vector<std::unique_ptr<lk::hub::pg::Connection>> conns;
  for (size_t c = 0; c < work.size(); ++c) {
    LK_ASSIGN_OR_RETURN(auto conn, lk::hub::pg::Connection::Open(uri));
    conns.push_back(std::move(conn));
  }
  const std::string sql = RawInsertSql(size_t(work.front().batches.front().records.size()), true);
  std::atomic<size_t> next{0};
  return TimeRaw(work, [&](const IngestClient& client) -> Status {
    auto& conn = *conns[next++];
    const TimeMs now = NowMs();
    for (const auto& batch : client.batches) {
      lk::hub::pg::Params params;
      for (const auto& r : batch.records) {
        params.Add(r.id).Add(client.centre->id).Add(client.device->id).Add(batch.batch_id).Add(r.seq)
            .Add(lk::RecordKindName(r.kind)).Add(r.learner_id).Add(r.session_id).Add(r.recorded_at).AddNull()
            .Add(r.reason).Add(lk::RecordSourceName(r.source)).Add("").Add(now);
      }
      LK_ASSIGN_OR_RETURN(auto inserted, conn.Query(sql, params));
      if (inserted.affected() != int64_t(batch.records.size())) return Status::Internal("raw insert: rows existed");
    }
    return Status::Ok();
  });
}

Status RemoveRawPostgres(lk::hub::pg::Connection& admin, const std::vector<IngestClient>& work) {
  for (const auto& client : work) {
    std::vector<std::string> ids;
    for (const auto& b : client.batches) {
      for (const auto& r : b.records) ids.push_back(r.id);
    }
    LK_RETURN_IF_ERROR(admin.Query("DELETE FROM records WHERE centre_id=$1 AND id=ANY($2::text[])",
                                   lk::hub::pg::Params().Add(client.centre->id).AddArray(ids)).status());
  }
  return admin.Exec("VACUUM records");
}

lk::Result<double> RawInsertSqlite(const std::string& path, const std::vector<IngestClient>& work) {
  const std::string sql = RawInsertSql(size_t(work.front().batches.front().records.size()), false);
  return TimeRaw(work, [&](const IngestClient& client) -> Status {
    LK_ASSIGN_OR_RETURN(lk::Database db, lk::Database::Open(path, lk::OpenOptions{.busy_timeout_ms = 60000}));
    const TimeMs now = NowMs();
    for (const auto& batch : client.batches) {
      LK_ASSIGN_OR_RETURN(lk::Transaction txn, db.Begin(lk::TransactionMode::kImmediate));
      {
        LK_ASSIGN_OR_RETURN(auto insert, db.Cached(sql));
        int base = 0;
        for (const auto& r : batch.records) {
          insert->Bind(base + 1, r.id).Bind(base + 2, client.centre->id).Bind(base + 3, client.device->id);
          insert->Bind(base + 4, batch.batch_id).Bind(base + 5, r.seq).Bind(base + 6, lk::RecordKindName(r.kind));
          insert->Bind(base + 7, r.learner_id).Bind(base + 8, r.session_id).Bind(base + 9, r.recorded_at);
          insert->BindNull(base + 10).Bind(base + 11, r.reason).Bind(base + 12, lk::RecordSourceName(r.source));
          insert->Bind(base + 13, "").Bind(base + 14, now);
          base += 14;
        }
        LK_RETURN_IF_ERROR(insert->Run());
      }
      if (db.Changes() != int(batch.records.size())) return Status::Internal("raw insert: rows existed");
      LK_RETURN_IF_ERROR(txn.Commit());
    }
    return Status::Ok();
  });
}

Status RemoveRawSqlite(const std::string& path, const std::vector<IngestClient>& work) {
  LK_ASSIGN_OR_RETURN(lk::Database db, lk::Database::Open(path, lk::OpenOptions{.busy_timeout_ms = 60000}));
  LK_ASSIGN_OR_RETURN(lk::Transaction txn, db.Begin());
  for (const auto& client : work) {
    for (const auto& b : client.batches) {
      for (const auto& r : b.records) {
        LK_ASSIGN_OR_RETURN(auto del, db.Cached("DELETE FROM records WHERE centre_id=? AND id=?"));
        LK_RETURN_IF_ERROR(del->Bind(1, client.centre->id).Bind(2, r.id).Run());
      }
    }
  }
  return txn.Commit();
}

// Rounds of: raw insert, remove the raw rows, the hub ingests the same rows.
// `sample_uri`: where to sample PostgreSQL's sessions during each part (empty: SQLite, nothing).
template <typename Raw, typename Remove>
Status MeasureIngest(const Hubs& hubs, lk::hub::HubStore& store, const CityFacts& facts, const Options& o, Rng& rng,
                     Figures* figures, Raw raw, Remove remove, const std::string& sample_uri) {
  for (int round = 0; round < o.rounds; ++round) {
    auto work = MakeIngestWork(facts, o.clients, o.ingest_batches, o.batch, rng);
    Log("ingest round %d: %d clients x %d batches of %d records, load average %s", round + 1, o.clients,
        o.ingest_batches, o.batch, LoadAverage().c_str());
    lk::Result<double> raw_rate = [&] {
      WaitSampler sampler(sample_uri, "the raw insert");
      return raw(work);
    }();
    LK_RETURN_IF_ERROR(raw_rate.status());
    LK_RETURN_IF_ERROR(remove(work));
    Log("  the raw rows removed; now through the hubs");
    lk::Result<double> hub_rate = [&] {
      WaitSampler sampler(sample_uri, "the hub ingest");
      return PushThroughHubs(hubs, work);
    }();
    LK_RETURN_IF_ERROR(hub_rate.status());
    {
      WaitSampler sampler(sample_uri, "the store alone");
      LK_RETURN_IF_ERROR(PushThroughStore(store, MakeIngestWork(facts, o.clients, o.ingest_batches, o.batch, rng))
                             .status());
    }
    figures->raw_rates.push_back(*raw_rate);
    figures->hub_rates.push_back(*hub_rate);
  }
  return Status::Ok();
}

// --- kiosks ---

lk::bench::KioskLoadResult RunKiosks(const char* label, const Hubs& hubs, const CityFacts& facts, const Options& o,
                                     Rng& rng) {
  // The schedule staggers kiosks by their position: shuffled, so that a centre's kiosks do not push one
  // right after another (device numbers run by centre).
  std::vector<size_t> device_of(facts.devices.size());
  for (size_t i = 0; i < device_of.size(); ++i) device_of[i] = i;
  std::shuffle(device_of.begin(), device_of.end(), rng);
  std::vector<lk::bench::SimulatedKiosk> kiosks;
  for (size_t k = 0; k < device_of.size(); ++k) {
    kiosks.push_back({facts.devices[device_of[k]].token, k % hubs.endpoints.size()});
  }
  lk::bench::KioskLoadOptions options;
  options.seconds = o.seconds;
  options.heartbeat_every_s = 30;
  options.push_every_s = o.push_every;
  options.connections_per_endpoint = o.connections;
  options.keep_alive = false;
  std::atomic<int64_t> seq{0};
  auto push_body = [&](size_t kiosk) {
    const auto& centre = facts.centres[size_t(facts.devices[device_of[kiosk]].centre)];
    thread_local Rng rng(std::random_device{}());
    lk::sync::BatchRequest batch;
    const TimeMs now = NowMs();
    batch.batch_id = lk::NewUuid7(now);
    for (int r = 0, n = 1 + int(rng() % 5); r < n; ++r) {
      lk::AttendanceRecord rec;
      rec.id = lk::NewUuid7(now);
      rec.seq = ++seq;
      rec.kind = lk::RecordKind::kCheckIn;
      rec.learner_id = lk::bench::LearnerId(centre.learners[rng() % centre.learners.size()]);
      rec.session_id = centre.today_sessions[rng() % centre.today_sessions.size()];
      rec.recorded_at = now;
      rec.source = lk::RecordSource::kScanner;
      batch.records.push_back(std::move(rec));
    }
    return lk::sync::BatchRequestToJson(batch);
  };
  auto result = lk::bench::RunKioskLoad(hubs.endpoints, kiosks, options, push_body);
  lk::bench::LogKioskLoad(label, options, kiosks.size(), result);
  return result;
}

// --- PostgreSQL profiles ---

void TopStatements(lk::hub::pg::Connection& admin, const char* phase) {
  auto rows = admin.Query(
      "SELECT calls, round(total_exec_time::numeric, 1), round(mean_exec_time::numeric, 3), "
      "round(max_exec_time::numeric, 2), rows, shared_blks_hit, shared_blks_read, "
      "left(regexp_replace(query, '\\s+', ' ', 'g'), 150) FROM pg_stat_statements "
      "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
      "ORDER BY total_exec_time DESC LIMIT 12");
  if (!rows.ok()) {
    Log("pg_stat_statements: %s", rows.status().ToString().c_str());
    return;
  }
  std::fprintf(stderr, "pg_stat_statements after %s (top by total time):\n", phase);
  std::fprintf(stderr, "  %8s %10s %9s %9s %9s %10s %9s  %s\n", "calls", "total ms", "mean ms", "max ms", "rows",
               "blks hit", "blks read", "query");
  for (int i = 0; i < rows->size(); ++i) {
    std::fprintf(stderr, "  %8s %10s %9s %9s %9s %10s %9s  %s\n", rows->Text(i, 0).c_str(), rows->Text(i, 1).c_str(),
                 rows->Text(i, 2).c_str(), rows->Text(i, 3).c_str(), rows->Text(i, 4).c_str(),
                 rows->Text(i, 5).c_str(), rows->Text(i, 6).c_str(), rows->Text(i, 7).c_str());
  }
  auto checkpoints = admin.Query(
      "SELECT checkpoints_timed, checkpoints_req, round(checkpoint_write_time), round(checkpoint_sync_time), "
      "buffers_checkpoint, buffers_backend FROM pg_stat_bgwriter");
  if (checkpoints.ok() && !checkpoints->empty()) {
    std::fprintf(stderr,
                 "  checkpoints so far: %s timed, %s requested, write %s ms, sync %s ms, %s buffers; %s buffers "
                 "written by backends\n",
                 checkpoints->Text(0, 0).c_str(), checkpoints->Text(0, 1).c_str(), checkpoints->Text(0, 2).c_str(),
                 checkpoints->Text(0, 3).c_str(), checkpoints->Text(0, 4).c_str(), checkpoints->Text(0, 5).c_str());
  }
  admin.Query("SELECT pg_stat_statements_reset()").status().IgnoreError();
}

// The plans of the store's own statements (EXPLAIN ANALYZE with buffers, as auto_explain logs them) for
// one call on a fresh store: once with custom plans, once with generic ones (the hub's statements are
// prepared: after five executions PostgreSQL may switch a connection to the generic plan).
void ExplainStoreCall(const lk::testing::PostgresCluster& cluster, const std::string& uri,
                      lk::hub::pg::Connection& admin, const char* what,
                      const std::function<Status(lk::hub::HubStore&)>& call) {
  if (!cluster.running()) return;  // --pg-uri: not our server's log
  for (const char* mode : {"force_custom_plan", "force_generic_plan"}) {
    for (const std::string& setting :
         {std::string("session_preload_libraries = 'auto_explain'"), std::string("auto_explain.log_min_duration = 0"),
          std::string("auto_explain.log_analyze = on"), std::string("auto_explain.log_buffers = on"),
          std::string("log_min_messages = log"), std::string("plan_cache_mode = ") + mode}) {
      if (Status s = admin.Exec("ALTER DATABASE city SET " + setting); !s.ok()) {
        Log("auto_explain: %s", s.ToString().c_str());
        return;
      }
    }
    std::string before;
    Status called = Status::Ok();
    {
      auto store = lk::hub::OpenHubStore(uri, 1);  // a connection with the settings above
      before = lk::testing::ReadFile(cluster.log_path());
      called = store.ok() ? call(**store) : store.status();
    }
    admin.Exec("ALTER DATABASE city RESET ALL").IgnoreError();
    std::string log = lk::testing::ReadFile(cluster.log_path());
    std::fprintf(stderr, "Plans of the %s (auto_explain, %s)%s:\n%s", what, mode,
                 called.ok() ? "" : (": " + called.ToString()).c_str(),
                 log.size() > before.size() ? log.substr(before.size()).c_str() : "  (nothing logged)\n");
  }
}

// --- the two backends ---

// A private PostgreSQL 15 tuned like a city's: durable commits, a few hundred MB of shared buffers.
Status TuneCluster(lk::testing::PostgresCluster& cluster, const Options& o) {
  const std::string uri = cluster.Uri("postgres");
  for (const std::string& setting :
       {"shared_buffers = '" + o.shared_buffers + "'", std::string("effective_cache_size = '8GB'"),
        std::string("work_mem = '16MB'"), std::string("maintenance_work_mem = '512MB'"),
        std::string("max_wal_size = '8GB'"), std::string("checkpoint_timeout = '15min'"),
        std::string("random_page_cost = 1.1"), std::string("fsync = on"), std::string("synchronous_commit = on"),
        std::string("full_page_writes = on"), std::string("shared_preload_libraries = 'pg_stat_statements'"),
        std::string("track_io_timing = on")}) {
    LK_RETURN_IF_ERROR(lk::testing::PostgresCluster::Exec(uri, "ALTER SYSTEM SET " + setting));
  }
  LK_RETURN_IF_ERROR(cluster.Restart());
  if (o.pg_settings.empty()) return Status::Ok();
  // After the restart, so that the settings of preloaded libraries (pg_stat_statements.*) are known.
  for (const std::string& extra : o.pg_settings) {
    size_t eq = extra.find('=');
    if (eq == std::string::npos) return Status::InvalidArgument("--pg-set: expected NAME=VALUE, got " + extra);
    LK_RETURN_IF_ERROR(lk::testing::PostgresCluster::Exec(
        uri, "ALTER SYSTEM SET " + extra.substr(0, eq) + " = '" + extra.substr(eq + 1) + "'"));
    Log("extra setting %s", extra.c_str());
  }
  return cluster.Restart();
}

Status RunCity(const Options& o, Figures* figures) {
  const lk::bench::CityShape shape = lk::bench::CityShape::Scaled(o.scale, o.kiosks);
  figures->shape = shape.Describe();
  Log("city: %s (scale %g)", figures->shape.c_str(), o.scale);
  lk::testing::PostgresCluster cluster;  // started unless --pg-uri names a server of its own
  std::string uri = o.pg_uri;
  if (uri.empty()) {
    LK_RETURN_IF_ERROR(cluster.Start());
    LK_RETURN_IF_ERROR(TuneCluster(cluster, o));
    LK_ASSIGN_OR_RETURN(uri, cluster.CreateDatabase("city"));
    LK_RETURN_IF_ERROR(lk::testing::PostgresCluster::Exec(uri, "CREATE EXTENSION pg_stat_statements"));
    Log("PostgreSQL in %s, shared_buffers %s", cluster.socket_dir().c_str(), o.shared_buffers.c_str());
  } else if (Status s = lk::testing::PostgresCluster::Exec(uri, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
             !s.ok()) {
    Log("no pg_stat_statements on %s (%s): no statement profiles", lk::hub::DescribeDatabase(uri).c_str(),
        s.ToString().c_str());
  }
  LK_ASSIGN_OR_RETURN(auto store, lk::hub::OpenHubStore(uri, 2));  // creates the schema

  LK_ASSIGN_OR_RETURN(lk::bench::CityLoad load, lk::bench::LoadCityIntoPostgres(uri, shape, NowMs()));
  const CityFacts& facts = load.facts;
  int64_t total_rows = 0;
  for (const auto& [table, rows] : facts.rows) {
    Log("  %-13s %10lld rows", lk::bench::TableName(table), (long long)rows);
    total_rows += rows;
  }
  LK_ASSIGN_OR_RETURN(int64_t bytes, lk::testing::PostgresCluster::QueryInt(uri, "SELECT pg_database_size(current_database())"));
  Log("city loaded: %lld rows in %.1f s with COPY (%.0f rows/s), VACUUM ANALYZE %.1f s; database %.2f GB; %lld "
      "learners with attendance",
      (long long)total_rows, load.load_s, double(total_rows) / load.load_s, load.analyze_s, double(bytes) / 1e9,
      (long long)facts.learners_with_attendance);

  LK_ASSIGN_OR_RETURN(auto admin, lk::hub::pg::Connection::Open(uri));
  LK_RETURN_IF_ERROR(admin->Exec("SET statement_timeout = 0"));
  LK_ASSIGN_OR_RETURN(Hubs hubs, StartHubs(uri, 2, o.hub_args));
  Rng rng(shape.seed + 1);
  admin->Query("SELECT pg_stat_statements_reset()").status().IgnoreError();

  Log("summaries, load average %s", LoadAverage().c_str());
  LK_ASSIGN_OR_RETURN(SummaryRun summaries, MeasureSummaries(hubs, *store, facts, o.summaries, rng));
  figures->summary_ms = summaries.http_ms;
  figures->summary_store_ms = summaries.store_ms;
  auto [from, to] = ThisYear(facts);
  TopStatements(*admin, "the learner summaries");
  ExplainStoreCall(cluster, uri, *admin, "slowest learner summary", [&](lk::hub::HubStore& s) {
    return s.LearnerSummary(summaries.slowest_learner, from, to).status();
  });

  LK_ASSIGN_OR_RETURN(ReportRun reports, MeasureReports(*store, facts, o.reports, rng));
  figures->report_ms = reports.ms;
  TopStatements(*admin, "the centre-day reports");
  ExplainStoreCall(cluster, uri, *admin, "slowest centre-day report", [&](lk::hub::HubStore& s) {
    return s.Report(reports.slowest_centre, reports.slowest_from, reports.slowest_to).status();
  });

  Log("console pages, load average %s", LoadAverage().c_str());
  LK_ASSIGN_OR_RETURN(figures->console, lk::bench::MeasureConsole(hubs.endpoints, *store, facts, o.console_requests, rng));
  TopStatements(*admin, "the console pages");

  LK_ASSIGN_OR_RETURN(auto ingest_store, lk::hub::OpenHubStore(uri, o.clients));
  LK_RETURN_IF_ERROR(MeasureIngest(
      hubs, *ingest_store, facts, o, rng, figures, [&](const auto& work) { return RawInsertPostgres(uri, work); },
      [&](const auto& work) { return RemoveRawPostgres(*admin, work); }, uri));
  TopStatements(*admin, "the batch ingest");

  figures->kiosk_count = facts.devices.size();
  Log("kiosk load, load average %s", LoadAverage().c_str());
  {
    WaitSampler sampler(uri, "the kiosk load");
    figures->kiosks = RunKiosks("city_bench: city kiosks", hubs, facts, o, rng);
  }
  TopStatements(*admin, "the kiosk load");
  figures->ran = true;
  return Status::Ok();
}

Status RunDistrict(const Options& o, Figures* figures) {
  const lk::bench::CityShape shape = lk::bench::CityShape::Scaled(o.scale, o.kiosks).Fraction(o.district_fraction);
  figures->shape = shape.Describe();
  Log("district: %s (SQLite)", figures->shape.c_str());
  lk::testing::TempDir temp;
  const std::string path = o.district_db.empty() ? temp.File("district-hub.db") : o.district_db;
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  { LK_RETURN_IF_ERROR(lk::hub::OpenHubStore(path).status()); }  // creates the schema
  LK_ASSIGN_OR_RETURN(lk::bench::CityLoad load, lk::bench::LoadCityIntoSqlite(path, shape, NowMs()));
  const CityFacts& facts = load.facts;
  int64_t total_rows = 0;
  for (const auto& [table, rows] : facts.rows) total_rows += rows;
  Log("district loaded: %lld rows in %.1f s", (long long)total_rows, load.load_s);

  LK_ASSIGN_OR_RETURN(auto store, lk::hub::OpenHubStore(path));
  LK_ASSIGN_OR_RETURN(Hubs hubs, StartHubs(path, 1, o.hub_args));
  Rng rng(shape.seed + 1);
  Log("summaries, load average %s", LoadAverage().c_str());
  LK_ASSIGN_OR_RETURN(SummaryRun summaries, MeasureSummaries(hubs, *store, facts, o.summaries, rng));
  figures->summary_ms = summaries.http_ms;
  figures->summary_store_ms = summaries.store_ms;
  LK_ASSIGN_OR_RETURN(ReportRun reports, MeasureReports(*store, facts, o.reports, rng));
  figures->report_ms = reports.ms;
  LK_ASSIGN_OR_RETURN(figures->console, lk::bench::MeasureConsole(hubs.endpoints, *store, facts, o.console_requests, rng));
  LK_RETURN_IF_ERROR(MeasureIngest(
      hubs, *store, facts, o, rng, figures, [&](const auto& work) { return RawInsertSqlite(path, work); },
      [&](const auto& work) { return RemoveRawSqlite(path, work); }, std::string()));
  figures->kiosk_count = facts.devices.size();
  Log("kiosk load, load average %s", LoadAverage().c_str());
  figures->kiosks = RunKiosks("city_bench: district kiosks", hubs, facts, o, rng);
  figures->ran = true;
  return Status::Ok();
}

// --- the table ---

std::string P99Ratio(const std::vector<double>& a, const std::vector<double>& b) {
  double denominator = Quantile(b, 0.99);
  return denominator > 0 ? lk::bench::Format("%.2fx", Quantile(a, 0.99) / denominator) : "—";
}

void PrintRows(const Options& o, const Figures& city, const Figures& district) {
  using lk::bench::Format;
  using lk::bench::Row;
  const std::string at = Format("scale %g", o.scale);
  auto district_ref = [&](const std::string& measured) {
    return district.ran ? "SQLite district hub: " + measured : std::string("district not run");
  };
  if (city.ran) {
    Row("city learner summary over HTTP, 2 replicas (" + at + ", " + std::to_string(city.summary_ms.size()) + " learners)",
        Percentiles(city.summary_ms), district_ref(Percentiles(district.summary_ms)),
        P99Ratio(city.summary_ms, district.summary_ms), "p99 < 10 ms", Quantile(city.summary_ms, 0.99) < 10);
    Row("city centre-day report, HubStore::Report (" + at + ", " + std::to_string(city.report_ms.size()) + " centre-days)",
        Percentiles(city.report_ms), district_ref(Percentiles(district.report_ms)),
        P99Ratio(city.report_ms, district.report_ms), "p99 < 50 ms", Quantile(city.report_ms, 0.99) < 50);
  }
  if (city.ran) {
    for (const auto& [page, ms] : city.console) {
      auto district_ms = district.console.find(page);
      const std::vector<double> none;
      const std::vector<double>& reference = district_ms == district.console.end() ? none : district_ms->second;
      Row("city console " + page + ", 2 replicas (" + at + ", " + std::to_string(ms.size()) + " requests)",
          Percentiles(ms), district_ref(Percentiles(reference)), P99Ratio(ms, reference), "p99 < 50 ms",
          Quantile(ms, 0.99) < 50);
    }
  }
  if (district.ran) {  // the same target on a district's SQLite hub, the city's figure beside it
    for (const auto& [page, ms] : district.console) {
      auto city_ms = city.console.find(page);
      const std::vector<double> none;
      const std::vector<double>& reference = city_ms == city.console.end() ? none : city_ms->second;
      Row("district console " + page + " (SQLite), 1 hub (" + std::to_string(ms.size()) + " requests)",
          Percentiles(ms), city.ran ? "PostgreSQL city: " + Percentiles(reference) : std::string("city not run"),
          P99Ratio(ms, reference), "p99 < 50 ms", Quantile(ms, 0.99) < 50);
    }
  }
  auto ingest_row = [&](const Figures& f, const std::string& name, const std::string& raw_name) {
    if (!f.ran) return;
    double hub = Median(f.hub_rates), raw = Median(f.raw_rates);
    auto [lo, hi] = std::minmax_element(f.hub_rates.begin(), f.hub_rates.end());
    Row(name + " (median of " + std::to_string(f.hub_rates.size()) + ")",
        Format("%.0f rec/s", hub) + Format(" (min %.0f, max %.0f)", *lo, *hi), raw_name + Format(" %.0f rec/s", raw),
        Format("%.2fx", raw > 0 ? hub / raw : 0), ">= 0.5x", raw > 0 && hub / raw >= 0.5);
  };
  const std::string batches = "batches of " + std::to_string(o.batch) + " from " + std::to_string(o.clients) + " clients";
  ingest_row(city, "city ingest, " + batches + " through 2 replicas (" + at + ")",
             "raw multi-row INSERT ... ON CONFLICT DO NOTHING of the same rows");
  ingest_row(district, "district ingest (SQLite), " + batches + " through 1 hub",
             "raw SQLite multi-row insert of the same rows");
  auto kiosk_text = [](const Figures& f) {
    const auto& k = f.kiosks;
    return Percentiles(k.all_ms) + Format(", %.0f errors", double(k.errors + int(k.unsent))) +
           Format(" of %.0f requests", double(k.scheduled));
  };
  if (city.ran) {
    const int errors = city.kiosks.errors + int(city.kiosks.unsent);
    Row(std::to_string(city.kiosk_count) + " simulated kiosks, heartbeat every 30 s + push every " +
            Format("%.0f s, 2 replicas (%.0f s run, ", o.push_every, o.seconds) + at + ")",
        kiosk_text(city), district_ref(std::to_string(district.kiosk_count) + " kiosks, " + kiosk_text(district)),
        P99Ratio(city.kiosks.all_ms, district.kiosks.all_ms), "p99 < 200 ms, no errors",
        Quantile(city.kiosks.all_ms, 0.99) < 200 && errors == 0);
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"city_bench: learning-hub on PostgreSQL at city size (two replicas) beside the SQLite hub at district "
               "size; figures for tests/bench/run.sh"};
  app.add_option("--scale", o.scale, "The city: 3,000 centres, 1,000,000 learners, 10,000,000 records times this")
      ->capture_default_str();
  app.add_option("--kiosks", o.kiosks, "Kiosks of the city (at least one per centre; not scaled)")->capture_default_str();
  app.add_option("--district-fraction", o.district_fraction, "The SQLite district: this fraction of the city")
      ->capture_default_str();
  app.add_option("--summaries", o.summaries, "Learner summaries to time")->capture_default_str();
  app.add_option("--reports", o.reports, "Centre-day reports to time")->capture_default_str();
  app.add_option("--console-requests", o.console_requests, "Requests per console page and role")->capture_default_str();
  app.add_option("--clients", o.clients, "Ingest: concurrent kiosks")->capture_default_str();
  app.add_option("--batch", o.batch, "Ingest: records per batch")->capture_default_str();
  app.add_option("--ingest-batches", o.ingest_batches, "Ingest: batches per client per round")->capture_default_str();
  app.add_option("--rounds", o.rounds, "Ingest: rounds (the median is shown)")->capture_default_str();
  app.add_option("--seconds", o.seconds, "Kiosk load: length of the schedule")->capture_default_str();
  app.add_option("--push-every", o.push_every, "Kiosk load: seconds between a kiosk's pushes (1-5 records)")
      ->capture_default_str();
  app.add_option("--connections", o.connections, "Kiosk load: client threads per hub process")->capture_default_str();
  app.add_option("--shared-buffers", o.shared_buffers, "PostgreSQL shared_buffers")->capture_default_str();
  app.add_option("--pg-set", o.pg_settings,
                 "An extra PostgreSQL setting NAME=VALUE (repeatable), e.g. plan_cache_mode=force_custom_plan to see "
                 "what a change would do; RESULTS.md figures use none")
      ->allow_extra_args(false);
  app.add_option("--hub-arg", o.hub_args,
                 "An extra argument for every learning-hub serve (repeatable), e.g. --hub-arg=--threads "
                 "--hub-arg=64; RESULTS.md figures use none")
      ->allow_extra_args(false);
  app.add_option("--pg-uri", o.pg_uri,
                 "Load the city into this empty PostgreSQL database instead of a private server (the server's own "
                 "settings; pg_stat_statements if it may be created; no plans logged); the data stays there");
  app.add_option("--district-db", o.district_db, "Where to write the district's SQLite hub, kept afterwards "
                 "(default: a temporary file); an existing file there is replaced");
  bool city_only = false, district_only = false;
  app.add_flag("--city-only", city_only, "Skip the SQLite district");
  app.add_flag("--district-only", district_only, "Skip the PostgreSQL city");
  CLI11_PARSE(app, argc, argv);
  if (const char* q = std::getenv("LK_BENCH_QUICK"); q && *q) {  // tests/bench/run.sh --quick
    o.scale = std::min(o.scale, 0.01);
    o.kiosks = std::min(o.kiosks, 500);
    o.summaries = std::min(o.summaries, 300);
    o.reports = std::min(o.reports, 100);
    o.console_requests = std::min(o.console_requests, 15);
    o.ingest_batches = std::min(o.ingest_batches, 2);
    o.rounds = 1;
    o.seconds = std::min(o.seconds, 30.0);
  }
  o.city = !district_only;
  o.district = !city_only;
  if (!lk::hub::InitCrypto()) return 1;
  o.seconds = std::clamp(o.seconds, 5.0, 3600.0);
  o.rounds = std::max(1, o.rounds);
  o.clients = std::clamp(o.clients, 1, 256);

  Figures city, district;
  int exit_code = 0;
  if (o.city) {
    if (Status s = RunCity(o, &city); !s.ok()) {
      Log("city: %s", s.ToString().c_str());
      exit_code = 1;
    }
  }
  if (o.district) {
    if (Status s = RunDistrict(o, &district); !s.ok()) {
      Log("district: %s", s.ToString().c_str());
      exit_code = 1;
    }
  }
  PrintRows(o, city, district);
  return exit_code;
}
