// `learning-hub migrate-db` (issue #15), PostgreSQL only: a district's SQLite hub with 100,000 records
// (check-ins, voids, corrections, conflicts, several devices, a revoked one, unused enrolment codes, console
// accounts with a lockout, the audit log, centres' districts, a console login) moves
// into a fresh PostgreSQL database (HubTestDb: ctest sets LK_HUB_BACKEND=postgres). Afterwards every
// report and the device list read the same on both, a second migration into the filled database is
// refused and changes nothing, and a kiosk enrolled with the SQLite hub syncs on against a hub serving
// the PostgreSQL database without being enrolled again. The console's accounts, audit log and districts
// read the same on both (audit ids go on after the copied ones); its login sessions stay behind.
//
// The SQLite hub is built the way it is in the field where that is quick (the kiosk enrols and pushes
// through a real `learning-hub serve`; devices enrol over HTTP) and in-process where volume is needed
// (SqliteHubStore::PushBatch, the ingest the server runs, for the 100,000 records).
#include <chrono>
#include <map>
#include <set>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "kiosk/core/catalog_store.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/time_zone.h"
#include "kiosk/core/uuid.h"
#include "sync/client/enrollment.h"
#include "sync/hub/console_store.h"
#include "sync/hub/hub_store_open.h"
#include "sync/hub/sqlite_hub_store.h"
#include "sync/protocol/catalog_messages.h"
#include "sync/protocol/device_messages.h"
#include "sync/protocol/protocol.h"
#include "tests/hub/hub_process.h"
#include "tests/sync/sync_test_env.h"

namespace lk::testing {
namespace {

using nlohmann::json;

constexpr const char* kKioskCentre = SyncTestEnv::kCentre;  // the demo catalogue's
constexpr const char* kOtherCentre = "bj-xicheng-sfl";
constexpr int kBatches = 200, kBatchRecords = 500;  // 100,000 records

TimeMs NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}


ProcessResult Hub(const std::vector<std::string>& args) {
  ProcessResult r = RunHub(args);
  EXPECT_EQ(r.exit_code, 0) << args[0] << ": " << r.err << r.out;
  return r;
}

httplib::Headers Headers(const std::string& token = "") {
  httplib::Headers h{{sync::kProtocolHeader, "1"}};
  if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
  return h;
}

// Enrols a device at `hub` with a fresh code of `centre` (from `db`); its id.
std::string EnrollDevice(const HubProcess& hub, const std::string& db, const std::string& centre) {
  std::string code = Trim(Hub({"enroll-code", "--db", db, "--center", centre}).out);
  httplib::Client cli(hub.host(), hub.port());
  auto res = cli.Post("/v1/enroll", Headers(), sync::EnrollRequestToJson({code, "desk " + centre, "0.1.0"}),
                      "application/json");
  EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "no answer");
  auto enrolled = sync::ParseEnrollResponse(res ? res->body : "");
  return enrolled.ok() ? enrolled->device_id : "";
}

std::vector<std::string> SessionsOf(Database& db, const std::string& centre) {
  auto s = db.Prepare("SELECT id FROM sessions WHERE centre_id = ? ORDER BY id");
  EXPECT_TRUE(s.ok());
  std::vector<std::string> ids;
  if (!s.ok()) return ids;
  s->Bind(1, centre);
  while (true) {
    auto row = s->Step();
    if (!row.ok() || !*row) break;
    ids.push_back(s->ColumnText(0));
  }
  return ids;
}

// Pushes kBatches batches of kBatchRecords new records into the SQLite hub at `path`, through the same
// ingest as the server, from every device but `kiosk_device` and the revoked ones: check-ins, every 40th
// record a void and every 70th a correction of an earlier check-in, then a few conflicting copies (a
// taken id with other content), each batch of them resent.
void PushVolume(const std::string& path, const std::string& kiosk_device) {
  auto store = hub::SqliteHubStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto devices = (*store)->ListDevices();
  ASSERT_TRUE(devices.ok());
  std::vector<hub::DeviceIdentity> senders;
  for (const auto& d : *devices) {
    if (!d.revoked_at && d.device_id != kiosk_device) senders.push_back({d.device_id, d.centre_id, false});
  }
  ASSERT_EQ(senders.size(), 3u);
  auto db = Database::Open(path, OpenOptions{.create_if_missing = false});
  ASSERT_TRUE(db.ok());
  std::map<std::string, std::vector<std::string>> sessions{{kKioskCentre, SessionsOf(*db, kKioskCentre)},
                                                           {kOtherCentre, SessionsOf(*db, kOtherCentre)}};
  std::map<std::string, std::vector<AttendanceRecord>> checkins;  // per device, for voids and conflicts
  int64_t n = 0;
  // The answer; a fatal failure unless it answers every record.
  auto push = [&](const hub::DeviceIdentity& device, const std::string& batch_id,
                  const std::vector<AttendanceRecord>& records) {
    sync::ParsedBatch batch{batch_id, "", {}};
    for (const auto& r : records) batch.records.push_back({r.id, r, "", ""});
    auto answer = (*store)->PushBatch(device, batch, NowMs());
    if (!answer.ok() || answer->results.size() != records.size()) {
      throw std::runtime_error("PushBatch: " + (answer.ok() ? std::string("an answer short of records")
                                                            : answer.status().ToString()));
    }
    return *answer;
  };
  for (int b = 0; b < kBatches; ++b) {
    const hub::DeviceIdentity& device = senders[size_t(b) % senders.size()];
    const std::vector<std::string>& ids = sessions[device.centre_id];
    ASSERT_FALSE(ids.empty());
    std::vector<AttendanceRecord>& earlier = checkins[device.device_id];
    std::vector<AttendanceRecord> records;
    for (int i = 0; i < kBatchRecords; ++i, ++n) {
      AttendanceRecord r;
      r.id = NewUuid7(NowMs());
      r.seq = n;
      r.recorded_at = NowMs();
      char learner[16];
      std::snprintf(learner, sizeof learner, "M%07lld", static_cast<long long>(n % 30000));
      if (!earlier.empty() && (n % 40 == 0 || n % 70 == 0)) {
        const AttendanceRecord& target = earlier[size_t(n) % earlier.size()];
        r.kind = n % 40 == 0 ? RecordKind::kVoid : RecordKind::kCorrection;
        r.refers_to = target.id;
        r.learner_id = target.learner_id;
        r.session_id = n % 40 == 0 ? target.session_id : ids[size_t(n / 7) % ids.size()];
        r.reason = n % 40 == 0 ? "wrong card" : "moved to the right session";
        r.source = RecordSource::kStaff;
      } else {
        r.kind = RecordKind::kCheckIn;
        r.learner_id = learner;
        r.session_id = ids[size_t(n) % ids.size()];
        r.source = n % 3 ? RecordSource::kKeypad : RecordSource::kScanner;
      }
      records.push_back(r);
    }
    sync::BatchResponse answer = push(device, NewUuid7(NowMs()), records);
    for (size_t i = 0; i < records.size(); ++i) {
      ASSERT_EQ(answer.results[i].outcome, sync::RecordOutcome::kAccepted) << answer.results[i].message;
      if (records[i].kind == RecordKind::kCheckIn) earlier.push_back(records[i]);
    }
  }
  // Conflicts: ids the hub holds, other learners.
  for (const auto& device : senders) {
    std::vector<AttendanceRecord> copies;
    for (size_t i = 0; i < 5; ++i) {
      AttendanceRecord copy = checkins[device.device_id][i * 97];
      copy.learner_id += "X";
      copies.push_back(copy);
    }
    std::string batch_id = NewUuid7(NowMs());
    sync::BatchResponse answer = push(device, batch_id, copies);
    for (const auto& r : answer.results) EXPECT_EQ(r.outcome, sync::RecordOutcome::kConflict);
    EXPECT_TRUE(push(device, batch_id, copies).resent);
  }
}

// The console's side of the district hub: a district, three accounts (one locked out, one disabled),
// the audit log and a login session.
void SeedConsole(const std::string& path) {
  auto store = hub::SqliteHubStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  hub::ConsoleStore& console = (*store)->Console();
  const TimeMs now = NowMs();
  ASSERT_TRUE(console.SetCentreDistrict(kOtherCentre, "西城").ok());
  ASSERT_TRUE(console.AddUser({"city", hub::ConsoleRole::kCity, "", "", false, 0}, "$argon2id$city", now).ok());
  ASSERT_TRUE(console.AddUser({"xicheng", hub::ConsoleRole::kDistrict, "西城", "", false, 0}, "$argon2id$d", now).ok());
  ASSERT_TRUE(console.AddUser({"desk", hub::ConsoleRole::kCentre, "", kKioskCentre, false, 0}, "$argon2id$c", now).ok());
  ASSERT_TRUE(console.SetLockout("xicheng", 0, 2, now + 60000).ok());
  ASSERT_TRUE(console.SetUserDisabled("desk", true).ok());
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(console.AppendAudit({0, now + i, i % 2 ? "city" : "", i % 3 ? "device.revoke" : "console.login_failed",
                                     "d-" + std::to_string(i), "detail " + std::to_string(i), "10.0.0.1"})
                    .ok());
  }
  ASSERT_TRUE(console.CreateSession({"hash", "city", "csrf", "10.0.0.1", now, now, now + kMsPerHour}).ok());
}

// The console's accounts (with their login state), districts and audit log, as text.
std::string ConsoleDump(hub::HubStore& store) {
  hub::ConsoleStore& console = store.Console();
  std::string out;
  auto users = console.ListUsers();
  EXPECT_TRUE(users.ok());
  for (const auto& u : users.ok() ? *users : std::vector<hub::ConsoleUser>{}) {
    auto state = console.GetLoginState(u.login);
    EXPECT_TRUE(state.ok());
    out += u.login + " " + hub::RoleName(u.role) + " " + u.district + " " + u.centre_id + " " +
           std::to_string(u.disabled) + " " + std::to_string(u.created_at) + " " + state->password_hash + " " +
           std::to_string(state->failed_attempts) + " " + std::to_string(state->lockout_rounds) + " " +
           std::to_string(state->locked_until) + "\n";
  }
  auto centres = console.ListCentres(hub::CentreFilter::All());
  EXPECT_TRUE(centres.ok());
  for (const auto& c : centres.ok() ? *centres : std::vector<hub::CentreRow>{}) {
    out += c.centre.id + " in " + c.district + "\n";
  }
  hub::AuditFilter everything;
  everything.limit = 1000;
  auto audit = console.ListAudit(everything);
  EXPECT_TRUE(audit.ok());
  for (const auto& e : audit.ok() ? *audit : std::vector<hub::AuditEntry>{}) {
    out += std::to_string(e.id) + " " + std::to_string(e.at) + " " + e.login + " " + e.action + " " + e.target + " " +
           e.detail + " " + e.address + "\n";
  }
  return out;
}

// Every table's row count and a digest of its rows, tables by name: equal digests, an unchanged database.
std::string Digest(const HubTestDb& db) {
  std::string out;
  for (const auto& table : db.QueryStrings("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                           "current_schema() AND table_type = 'BASE TABLE' ORDER BY 1")) {
    out += table + ": " +
           db.QueryStrings("SELECT COUNT(*) || ' rows, ' || md5(COALESCE(string_agg(t::text, E'\\n' ORDER BY t::text), "
                           "'')) FROM \"" + table + "\" t")
               .at(0) +
           "\n";
  }
  return out;
}

// The kiosk's catalogue cursor and token (its data directory).
std::pair<std::string, std::string> KioskCursorAndToken(const std::string& kiosk_dir) {
  auto store = KioskStore::Open(kiosk_dir);
  EXPECT_TRUE(store.ok());
  auto state = CatalogStore(store->db()).State();
  auto enrollment = sync::LoadEnrollment(kiosk_dir);
  EXPECT_TRUE(state.ok() && enrollment.ok() && *enrollment);
  if (!state.ok() || !enrollment.ok() || !*enrollment) return {};
  return {state->cursor, (*enrollment)->token};
}

TEST(MigrateDb, AHundredThousandRecordHubMovesToPostgresAndItsKioskSyncsOn) {
  SyncTestEnv env;  // the kiosk, and the target: a fresh PostgreSQL database
  ASSERT_EQ(env.hub_db().backend(), HubBackend::kPostgres) << "run with LK_HUB_BACKEND=postgres";
  const std::string pg = env.hub_db().uri();
  TempDir district;
  const std::string sqlite = district.File("hub.db");

  // The district hub on SQLite: two centres, a kiosk that pulled and pushed, other desks, one revoked,
  // codes never used.
  Hub({"center", "add", "--db", sqlite, "--id", kKioskCentre, "--name", "交道口社区学习中心", "--name-en", "Jiaodaokou"});
  Hub({"center", "add", "--db", sqlite, "--id", kOtherCentre, "--name", "什刹海社区学习中心"});
  Hub({"import-catalog", "--db", sqlite, "--center", kKioskCentre, DemoCatalogPath()});
  Hub({"import-catalog", "--db", sqlite, "--center", kOtherCentre, DemoCatalogPath()});
  std::vector<std::string> revoked;
  {
    std::string error;
    auto hub = HubProcess::Start(sqlite, {}, &error);
    ASSERT_TRUE(hub) << error;
    std::string code = Trim(Hub({"enroll-code", "--db", sqlite, "--center", kKioskCentre}).out);
    ProcessResult enrolled = env.Kioskctl({"enroll", "--hub", hub->url(), "--code", code, "--name", "front desk"});
    ASSERT_EQ(enrolled.exit_code, 0) << enrolled.err;
    ASSERT_EQ(env.Kioskctl({"sync"}).exit_code, 0);  // the catalogue
    env.AddCheckIns(40, env.SessionToday(), "K");
    ProcessResult pushed = env.Kioskctl({"sync"});
    ASSERT_EQ(pushed.exit_code, 0) << pushed.err;
    EnrollDevice(*hub, sqlite, kKioskCentre);
    EnrollDevice(*hub, sqlite, kOtherCentre);
    EnrollDevice(*hub, sqlite, kOtherCentre);
    revoked.push_back(EnrollDevice(*hub, sqlite, kOtherCentre));
    Hub({"revoke", "--db", sqlite, "--device", revoked.back()});
    Hub({"enroll-code", "--db", sqlite, "--center", kKioskCentre});
    Hub({"enroll-code", "--db", sqlite, "--center", kOtherCentre});
    ASSERT_EQ(hub->Stop(), 0);  // migrate-db copies a stopped hub
  }
  const std::string kiosk_device = sync::LoadEnrollment(env.kiosk_dir())->value().device_id;
  PushVolume(sqlite, kiosk_device);
  SeedConsole(sqlite);
  if (HasFatalFailure()) return;
  const std::set<std::string> kiosk_ids_before = env.KioskRecordIds();

  ProcessResult migrated = RunHub({"migrate-db", "--from", sqlite, "--to", pg});
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err << migrated.out;
  EXPECT_NE(migrated.out.find("migrated and verified"), std::string::npos) << migrated.out;
  EXPECT_EQ(env.hub_db().QueryInt("SELECT COUNT(*) FROM records"), kBatches * kBatchRecords + 40);
  EXPECT_GT(env.hub_db().QueryInt("SELECT COUNT(*) FROM conflicts"), 0);

  // Every report reads the same on both databases, byte for byte.
  const LocalDate today = TimeZone::Load("Asia/Shanghai")->DateOf(NowMs());
  auto report = [&](const std::string& db, const std::string& centre, LocalDate day, bool summary) {
    std::vector<std::string> args{"report", "--db", db, "--center", centre, "--date", day.ToString()};
    if (summary) args.push_back("--summary");
    return Hub(args).out;
  };
  struct Day {
    std::string centre;
    int offset;
  };
  for (const Day& d : {Day{kKioskCentre, 0}, Day{kKioskCentre, 1}, Day{kOtherCentre, 4}, Day{kOtherCentre, -10}}) {
    for (bool summary : {false, true}) {
      std::string before = report(sqlite, d.centre, AddDays(today, d.offset), summary);
      std::string after = report(pg, d.centre, AddDays(today, d.offset), summary);
      EXPECT_EQ(after, before) << d.centre << " day " << d.offset << (summary ? " --summary" : "");
      if (d.offset >= 0) {
        EXPECT_GT(std::count(after.begin(), after.end(), '\n'), 10) << "an empty day: " << after;
      }
    }
  }
  {
    auto from = hub::SqliteHubStore::Open(sqlite);
    auto to = hub::OpenHubStore(pg);
    ASSERT_TRUE(from.ok() && to.ok());
    const std::string console = ConsoleDump(**from);
    EXPECT_NE(console.find("xicheng district 西城  0"), std::string::npos) << console;
    EXPECT_EQ(ConsoleDump(**to), console);
    EXPECT_EQ((*to)->Console().GetSession("hash").status().code(), StatusCode::kNotFound) << "a login moved";
    EXPECT_EQ(env.hub_db().QueryInt("SELECT COUNT(*) FROM console_sessions"), 0);
    auto next = (*to)->Console().AppendAudit({0, NowMs(), "city", "console.login", "", "", "10.0.0.2"});
    ASSERT_TRUE(next.ok()) << next.status().ToString();
    EXPECT_EQ(*next, 31) << "audit ids go on after the copied ones";
  }
  const std::string devices = Hub({"devices", "--db", sqlite, "--json"}).out;
  EXPECT_EQ(Hub({"devices", "--db", pg, "--json"}).out, devices);
  EXPECT_EQ(json::parse(devices).size(), 5u);

  // A second migration into the filled database: refused, nothing changed.
  const std::string digest = Digest(env.hub_db());
  ProcessResult again = RunHub({"migrate-db", "--from", sqlite, "--to", pg});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("is not empty"), std::string::npos) << again.err;
  EXPECT_EQ(Digest(env.hub_db()), digest);

  // The kiosk moves with its hub: the operator points it at the PostgreSQL hub's address; its token and
  // its catalogue cursor still work there, and new check-ins land once.
  env.StartHub();
  KioskSyncConfig config;
  config.hub_url = env.hub_url();
  env.WriteKioskConfig(config);
  auto [cursor, token] = KioskCursorAndToken(env.kiosk_dir());
  ASSERT_FALSE(cursor.empty());
  httplib::Client cli(env.hub()->host(), env.hub()->port());
  auto res = cli.Get(("/v1/catalog?since=" + cursor).c_str(), Headers(token));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto page = sync::ParseCatalogPage(res->body);
  ASSERT_TRUE(page.ok());
  EXPECT_FALSE(page->full) << "the kiosk's cursor was not recognised: a full resync";
  EXPECT_TRUE(page->items.empty());

  json catalog = json::parse(ReadFile(DemoCatalogPath()));
  catalog["version"] = "demo-2";
  catalog["sessions"][0]["capacity"] = 99;
  WriteFile(env.dir().File("catalog-2.json"), catalog.dump());
  env.ImportHubCatalog(env.dir().File("catalog-2.json"));
  env.AddCheckIns(25, env.SessionToday(), "N");
  ProcessResult synced = env.Kioskctl({"sync", "--json"});
  ASSERT_EQ(synced.exit_code, 0) << synced.err << synced.out;
  json summary = json::parse(synced.out);
  EXPECT_EQ(summary["acknowledged"], 25);
  EXPECT_EQ(summary["catalog_changed"], true);
  EXPECT_EQ(summary["catalog_version"], "demo-2");
  EXPECT_EQ(env.hub_db().QueryInt("SELECT COUNT(*) FROM devices"), 5) << "the kiosk enrolled again";
  const std::set<std::string> kiosk_ids = env.KioskRecordIds();
  ASSERT_EQ(kiosk_ids.size(), kiosk_ids_before.size() + 25);
  std::vector<std::string> at_hub =
      env.hub_db().QueryStrings("SELECT id FROM records WHERE device_id = '" + kiosk_device + "'");
  EXPECT_EQ(std::multiset<std::string>(at_hub.begin(), at_hub.end()),
            std::multiset<std::string>(kiosk_ids.begin(), kiosk_ids.end()));
}

}  // namespace
}  // namespace lk::testing
