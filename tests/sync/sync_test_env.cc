#include "tests/sync/sync_test_env.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include <nlohmann/json.hpp>

#include "kiosk/core/attendance_store.h"
#include "kiosk/core/catalog_store.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/outbox.h"
#include "kiosk/core/time_zone.h"
#include "kiosk/core/uuid.h"

extern char** environ;

namespace lk::testing {
namespace {

void Require(const ProcessResult& r, const std::string& what) {
  if (r.exit_code != 0) {
    throw std::runtime_error(what + " failed (exit " + std::to_string(r.exit_code) + "): " + r.err + r.out);
  }
}

}  // namespace

SyncTestEnv::SyncTestEnv() : kiosk_dir_(dir_.File("kiosk")), config_path_(dir_.File("kiosk.toml")) {
  WriteKioskConfig({});
}

SyncTestEnv::~SyncTestEnv() { StopHub(); }

ProcessResult SyncTestEnv::HubCli(std::vector<std::string> args) {
  args.push_back("--db");
  args.push_back(hub_db_.uri());
  return RunHub(args);
}

void SyncTestEnv::ImportHubCatalog(const std::string& file) {
  Require(HubCli({"import-catalog", "--center", kCentre, file}), "learning-hub import-catalog");
}

void SyncTestEnv::SetUpHub(const std::vector<std::string>& serve_args) {
  Require(HubCli({"center", "add", "--id", kCentre, "--name", "交道口社区学习中心", "--name-en", "Jiaodaokou"}),
          "learning-hub center add");
  ImportHubCatalog(DemoCatalogPath());
  StartHub(serve_args);
}

void SyncTestEnv::StartHub(const std::vector<std::string>& serve_args) {
  std::string error;
  hub_ = HubProcess::Start(hub_db_.uri(), serve_args, &error);
  if (!hub_) throw std::runtime_error("learning-hub did not start: " + error);
}

void SyncTestEnv::StopHub() {
  if (hub_) hub_->Stop();
  hub_.reset();
}

void SyncTestEnv::WriteKioskConfig(const KioskSyncConfig& c) {
  std::string toml = "[sync]\n";
  if (!c.hub_url.empty()) toml += "hub_url = \"" + c.hub_url + "\"\n";
  toml += "connect_timeout_seconds = " + std::to_string(c.connect_timeout_s) + "\n";
  toml += "transfer_timeout_seconds = " + std::to_string(c.transfer_timeout_s) + "\n";
  toml += "heartbeat_seconds = " + std::to_string(c.heartbeat_s) + "\n";
  WriteFile(config_path_, toml);
}

std::vector<std::string> SyncTestEnv::KioskctlArgv(std::vector<std::string> args) const {
  args.insert(args.begin(), {BinaryPath("kioskctl"), "--data-dir", kiosk_dir_, "--config", config_path_});
  return args;
}

ProcessResult SyncTestEnv::Kioskctl(std::vector<std::string> args, const std::vector<std::string>& env) {
  return RunProcess(KioskctlArgv(std::move(args)), "", env);
}

void SyncTestEnv::EnrollKiosk(const std::string& url) {
  ProcessResult code = HubCli({"enroll-code", "--center", kCentre});
  Require(code, "learning-hub enroll-code");
  Require(Kioskctl({"enroll", "--hub", url.empty() ? hub_url() : url, "--code", Trim(code.out), "--name", "test"}),
          "kioskctl enroll");
}

std::vector<std::string> SyncTestEnv::AddCheckIns(int n, const std::string& session_id,
                                                  const std::string& learner_prefix) {
  return AddCheckIns(n, std::vector<std::string>{session_id}, learner_prefix);
}

std::vector<std::string> SyncTestEnv::AllSessions() {
  auto store = KioskStore::Open(kiosk_dir_);
  if (!store.ok()) throw std::runtime_error(store.status().ToString());
  auto catalog = CatalogStore(store->db()).Load();
  if (!catalog.ok()) throw std::runtime_error(catalog.status().ToString());
  std::vector<std::string> ids;
  for (const auto& s : catalog->sessions) ids.push_back(s.id);
  return ids;
}

std::vector<std::string> SyncTestEnv::AddCheckIns(int n, const std::vector<std::string>& session_ids,
                                                  const std::string& learner_prefix) {
  auto store = KioskStore::Open(kiosk_dir_);
  if (!store.ok()) throw std::runtime_error(store.status().ToString());
  Database& db = store->db();
  std::vector<Session> sessions;
  for (const auto& session_id : session_ids) {
    auto session = CatalogStore(db).FindSession(session_id);
    if (!session.ok() || !*session) throw std::runtime_error("no session " + session_id + " at the kiosk");
    sessions.push_back(**session);
  }
  if (sessions.empty()) throw std::runtime_error("no sessions given");
  // The rows AttendanceStore::CheckIn writes (attendance + pending outbox entry), in one transaction:
  // AttendanceStore's per-check-in rules scan the session's records, too slow for 100,000 of them.
  auto txn = db.Begin(TransactionMode::kImmediate);
  auto insert = db.Prepare(
      "INSERT INTO attendance(id, kind, learner_id, session_id, recorded_at, reason, source, credit_hours, "
      "session_starts_at) VALUES (?, 'checkin', ?, ?, ?, '', 'keypad', 0, ?)");
  auto queue = db.Prepare("INSERT INTO outbox(record_id, state, changed_at) VALUES (?, 'pending', ?)");
  if (!txn.ok() || !insert.ok() || !queue.ok()) throw std::runtime_error("cannot prepare the check-in inserts");
  std::vector<std::string> ids;
  ids.reserve(size_t(n));
  TimeMs now = NowMs();
  for (int i = 0; i < n; ++i) {
    char learner[48];
    std::snprintf(learner, sizeof learner, "%s%07d", learner_prefix.c_str(), i);
    std::string id = NewUuid7(now);
    const Session& session = sessions[size_t(i) % sessions.size()];
    Status a = insert->Bind(1, id).Bind(2, learner).Bind(3, session.id).Bind(4, now).Bind(5, session.starts_at).Run();
    Status b = queue->Bind(1, id).Bind(2, now).Run();
    if (!a.ok() || !b.ok()) throw std::runtime_error((a.ok() ? b : a).ToString());
    ids.push_back(std::move(id));
  }
  Status committed = txn->Commit();
  if (!committed.ok()) throw std::runtime_error(committed.ToString());
  return ids;
}

std::string SyncTestEnv::SessionToday() {
  auto store = KioskStore::Open(kiosk_dir_);
  if (!store.ok()) throw std::runtime_error(store.status().ToString());
  auto zone = TimeZone::Load("Asia/Shanghai");
  LocalDate today = zone->DateOf(NowMs());
  auto sessions = CatalogStore(store->db()).SessionsStartingBetween(zone->StartOfDay(today),
                                                                    zone->StartOfDay(AddDays(today, 1)));
  if (!sessions.ok() || sessions->empty()) throw std::runtime_error("the kiosk has no session today");
  return sessions->front().id;
}

int64_t SyncTestEnv::KioskCount(const std::string& sql) {
  auto db = Database::Open(kiosk_dir_ + "/kiosk.db", OpenOptions{.create_if_missing = false});
  if (!db.ok()) throw std::runtime_error(db.status().ToString());
  auto n = db->QueryInt(sql);
  if (!n.ok()) throw std::runtime_error(n.status().ToString());
  return *n;
}

int64_t SyncTestEnv::KioskPending() {
  return KioskCount("SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'in_flight')");
}

std::set<std::string> SyncTestEnv::KioskRecordIds() {
  auto db = Database::Open(kiosk_dir_ + "/kiosk.db", OpenOptions{.create_if_missing = false});
  if (!db.ok()) throw std::runtime_error(db.status().ToString());
  auto s = db->Prepare("SELECT id FROM attendance");
  std::set<std::string> ids;
  while (s.ok()) {
    auto row = s->Step();
    if (!row.ok() || !*row) break;
    ids.insert(s->ColumnText(0));
  }
  return ids;
}

std::multiset<std::string> SyncTestEnv::HubRecordIds() {
  std::vector<std::string> ids = hub_db_.QueryStrings("SELECT id FROM records");
  return {ids.begin(), ids.end()};
}

std::multiset<std::string> SyncTestEnv::HubReportIds() {
  auto zone = TimeZone::Load("Asia/Shanghai");
  LocalDate today = zone->DateOf(NowMs());
  std::multiset<std::string> ids;
  for (int d = -1; d <= 1; ++d) {
    ProcessResult r = HubCli({"report", "--center", kCentre, "--date", AddDays(today, d).ToString(), "--format", "json"});
    Require(r, "learning-hub report");
    for (const auto& row : nlohmann::json::parse(r.out)) ids.insert(row.at("record_id").get<std::string>());
  }
  return ids;
}

Child::Child(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
             const std::string& log_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env_storage;
  for (char** e = environ; *e; ++e) env_storage.emplace_back(*e);
  for (const auto& e : extra_env) env_storage.push_back(e);
  std::vector<char*> env;
  for (auto& e : env_storage) env.push_back(e.data());
  env.push_back(nullptr);
  int rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
}

Child::~Child() {
  if (!reaped_) {
    kill(pid_, SIGKILL);
    Wait();
  }
}

void Child::Kill9() {
  if (!reaped_) kill(pid_, SIGKILL);
}

int Child::Wait() {
  if (reaped_) return code_;
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  reaped_ = true;
  code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  return code_;
}

bool Child::WaitFor(int timeout_ms, int* code) {
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!reaped_) {
    int status = 0;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      reaped_ = true;
      code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
      break;
    }
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // a bounded wait on the child process
  }
  if (code) *code = code_;
  return true;
}

}  // namespace lk::testing
