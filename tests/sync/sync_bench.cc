// sync_bench: how fast a kiosk drains a backlog to a learning-hub on loopback, beside the hub's own
// ingest rates for the same rows measured in the same run:
//   kiosk drain  SyncEngine::PushAll (the worker's and `kioskctl sync`'s code: claim 500 in flight,
//                JSON + gzip, POST, record the answers) for a backlog of --records check-ins;
//   hub HTTP     the same rows (fresh ids) as pre-built gzip batches of 500 posted back to back by a
//                second enrolled device over one keep-alive connection: the hub's ingest alone;
//   raw SQLite   the same rows inserted into the hub's schema (hub::sqlite::SchemaSql), WAL +
//                synchronous=FULL, one transaction per 500 (hub_bench's raw-insert reference).
// The hub runs with --rate 0 (no per-device request limit: the limit is policy, not capacity).
// Not a ctest test: `cmake --build build --target bench`, then build/bin/sync_bench [--records N].
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "kiosk/core/clock.h"
#include "kiosk/core/config.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/uuid.h"
#include "sync/client/enrollment.h"
#include "sync/client/hub_client.h"
#include "sync/client/push.h"
#include "sync/client/sync_engine.h"
#include "sync/hub/sqlite_hub_schema.h"
#include "sync/hub/sqlite_hub_store.h"
#include "sync/protocol/attendance_messages.h"
#include "tests/bench/bench_util.h"
#include "tests/sync/sync_test_env.h"

namespace {

using Clock = std::chrono::steady_clock;
using lk::AttendanceRecord;

double Seconds(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::vector<AttendanceRecord> KioskRows(const std::string& kiosk_dir) {
  auto db = lk::Database::Open(kiosk_dir + "/kiosk.db");
  std::vector<AttendanceRecord> rows;
  auto s = db->Prepare("SELECT id, seq, learner_id, session_id, recorded_at FROM attendance ORDER BY seq");
  while (*s->Step()) {
    AttendanceRecord r;
    r.id = s->ColumnText(0);
    r.seq = s->ColumnInt(1);
    r.learner_id = s->ColumnText(2);
    r.session_id = s->ColumnText(3);
    r.recorded_at = s->ColumnInt(4);
    r.source = lk::RecordSource::kKeypad;
    rows.push_back(std::move(r));
  }
  return rows;
}

double RawInsertRate(const std::string& path, const std::vector<AttendanceRecord>& rows) {
  auto db = lk::Database::Open(path);
  if (!db.ok() || !db->Exec(lk::hub::sqlite::SchemaSql()).ok()) return 0;
  auto start = Clock::now();
  for (size_t i = 0; i < rows.size(); i += 500) {
    auto txn = db->Begin(lk::TransactionMode::kImmediate);
    auto insert = db->Cached(
        "INSERT INTO records(id, centre_id, device_id, batch_id, seq, kind, learner_id, session_id, recorded_at, "
        "refers_to, reason, source, flags, received_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (size_t k = i; k < std::min(rows.size(), i + 500); ++k) {
      const auto& r = rows[k];
      (*insert)->Bind(1, r.id).Bind(2, "bench").Bind(3, "device").Bind(4, "batch").Bind(5, r.seq).Bind(6, "checkin")
          .Bind(7, r.learner_id).Bind(8, r.session_id).Bind(9, r.recorded_at).BindNull(10).Bind(11, "")
          .Bind(12, "keypad").Bind(13, "").Bind(14, r.recorded_at);
      (*insert)->Run().IgnoreError();
    }
    txn->Commit().IgnoreError();
  }
  return double(rows.size()) / Seconds(start);
}

double HubHttpRate(lk::testing::SyncTestEnv& env, std::vector<AttendanceRecord> rows) {
  lk::testing::TempDir second;
  auto code = env.HubCli({"enroll-code", "--center", lk::testing::SyncTestEnv::kCentre});
  std::string code_text = code.out.substr(0, code.out.find('\n'));
  auto store = lk::KioskStore::Open(second.path());
  lk::KioskConfig config;
  auto enrolled = lk::sync::EnrollDevice(config, second.path(), store->db(), env.hub_url(), code_text, "bench", "bench");
  if (!enrolled.ok()) {
    std::fprintf(stderr, "sync_bench: %s\n", enrolled.status().ToString().c_str());
    return 0;
  }
  std::vector<std::string> bodies;
  for (size_t i = 0; i < rows.size(); i += 500) {
    lk::sync::BatchRequest b;
    b.batch_id = lk::NewUuid7(lk::NowMs());
    for (size_t k = i; k < std::min(rows.size(), i + 500); ++k) {
      rows[k].id = lk::NewUuid7(lk::NowMs());
      b.records.push_back(rows[k]);
    }
    bodies.push_back(*lk::sync::GzipCompress(lk::sync::BatchRequestToJson(b)));
  }
  auto client = lk::sync::HubClient::Create({.base_url = env.hub_url(), .token = enrolled->token});
  int failures = 0;
  auto start = Clock::now();
  for (const auto& body : bodies) {
    // Pre-compressed: send as is, with the encoding header.
    lk::sync::HubRequest request;
    request.method = "POST";
    request.path = lk::sync::kBatchesPath;
    request.body = body;
    request.headers = {"Content-Encoding: gzip"};
    auto r = client->Send(request);
    if (!r.ok() || r->http_status != 200) ++failures;
  }
  double rate = double(rows.size()) / Seconds(start);
  if (failures) std::fprintf(stderr, "sync_bench: %d hub requests failed\n", failures);
  return rate;
}

}  // namespace

int main(int argc, char** argv) {
  int records = 100000;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--records") && i + 1 < argc) {
      records = std::atoi(argv[++i]);
    } else {
      std::printf("usage: sync_bench [--records N]   (default 100000)\n");
      return std::strcmp(argv[i], "--help") ? 2 : 0;
    }
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  if (const char* q = std::getenv("LK_BENCH_QUICK"); q && *q) records = std::min(records, 20000);  // run.sh --quick
  try {
    lk::testing::SyncTestEnv env;
    env.SetUpHub({"--rate", "0"});
    env.EnrollKiosk();
    if (env.Kioskctl({"sync", "--once"}).exit_code != 0) throw std::runtime_error("first sync failed");
    auto fill = Clock::now();
    env.AddCheckIns(records, env.AllSessions(), "B");
    std::fprintf(stderr, "backlog: %d check-ins written in %.1f s\n", records, Seconds(fill));

    lk::sync::SyncEngineOptions options;
    options.data_dir = env.kiosk_dir();
    auto engine = lk::sync::SyncEngine::Open(options);
    if (!engine.ok()) throw std::runtime_error(engine.status().ToString());
    lk::sync::PushTotals totals;
    auto start = Clock::now();
    lk::Status pushed = (*engine)->PushAll(&totals);
    double drain_s = Seconds(start);
    if (!pushed.ok()) throw std::runtime_error("drain failed: " + pushed.ToString());
    size_t at_hub = env.HubRecordIds().size();
    if (at_hub != size_t(records) || env.KioskPending() != 0) {
      throw std::runtime_error("after the drain the hub holds " + std::to_string(at_hub) + " records");
    }
    double drain = records / drain_s;

    auto rows = KioskRows(env.kiosk_dir());
    double hub_http = HubHttpRate(env, rows);
    double raw = RawInsertRate(env.dir().File("raw.db"), rows);

    std::fprintf(stderr, "\n%-44s %12s %10s\n", "", "records/s", "drain/x");
    std::fprintf(stderr, "%-44s %12.0f %10s\n", "kiosk drain (SyncEngine::PushAll, 500/batch)", drain, "");
    std::fprintf(stderr, "%-44s %12.0f %9.0f%%\n", "hub HTTP ingest, pre-built gzip batches", hub_http, 100 * drain / hub_http);
    std::fprintf(stderr, "%-44s %12.0f %9.0f%%\n", "raw SQLite insert, hub schema, FULL, 500/txn", raw, 100 * drain / raw);
    std::fprintf(stderr, "\n%d records in %d batches, %.2f s: claim %.1f ms, HTTP exchange (JSON, gzip, hub) %.1f ms, "
                "record answers %.1f ms per batch\n",
                records, totals.batches, drain_s, totals.claim_ms / totals.batches, totals.send_ms / totals.batches,
                totals.resolve_ms / totals.batches);
    std::fprintf(stderr, "target: drain >= 70%% of the hub's ingest\n");
    // tests/bench/run.sh's rows (stdout); the table above went to stderr.
    const std::string figure = "sync drain of a " + std::to_string(records) + "-record backlog to a loopback hub (1 run)";
    lk::bench::Row(figure, lk::bench::Format("%.0f rec/s", drain),
                   lk::bench::Format("raw SQLite insert of the same rows, hub schema, 500/txn: %.0f rec/s", raw),
                   lk::bench::Format("%.2fx", raw > 0 ? drain / raw : 0), ">= 0.7x", raw > 0 && drain / raw >= 0.7);
    lk::bench::Row(figure, lk::bench::Format("%.0f rec/s", drain),
                   lk::bench::Format("hub HTTP ingest of the same rows, pre-built gzip batches: %.0f rec/s", hub_http),
                   lk::bench::Format("%.2fx", hub_http > 0 ? drain / hub_http : 0), ">= 0.7x",
                   hub_http > 0 && drain / hub_http >= 0.7);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sync_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
