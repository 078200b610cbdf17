// SyncTestEnv: a real learning-hub process on 127.0.0.1 with one centre and the demo catalogue, on the
// hub database LK_HUB_BACKEND names (HubTestDb: SQLite or PostgreSQL), and a kiosk data directory enrolled
// with it through the real `kioskctl` binary. Used by the sync client's integration tests, the reliability
// suite and sync_bench. Throws std::runtime_error with the command's output when a setup step fails. One
// owner thread.
#pragma once

#include <sys/types.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "tests/hub/hub_process.h"
#include "tests/testing/hub_test_db.h"
#include "tests/testing/test_util.h"

namespace lk::testing {

struct KioskSyncConfig {
  std::string hub_url;  // empty: the enrolled URL
  int connect_timeout_s = 2;
  int transfer_timeout_s = 5;
  int heartbeat_s = 10;
};

class SyncTestEnv {
 public:
  static constexpr const char* kCentre = "bj-dongcheng-jdk";  // the demo catalogue's centre

  SyncTestEnv();
  ~SyncTestEnv();

  // Creates the hub database (centre + demo catalogue) and starts the hub.
  void SetUpHub(const std::vector<std::string>& serve_args = {});
  void StartHub(const std::vector<std::string>& serve_args = {});
  void StopHub();
  HubProcess* hub() { return hub_.get(); }
  std::string hub_url() const { return hub_ ? hub_->url() : ""; }
  ProcessResult HubCli(std::vector<std::string> args);
  void ImportHubCatalog(const std::string& file);

  // Writes the kiosk's config file ([sync] section) and enrols the kiosk at `url` (default the hub).
  void WriteKioskConfig(const KioskSyncConfig& config);
  void EnrollKiosk(const std::string& url = "");
  // `kioskctl --data-dir D --config C ARGS...`
  ProcessResult Kioskctl(std::vector<std::string> args, const std::vector<std::string>& env = {});
  std::vector<std::string> KioskctlArgv(std::vector<std::string> args) const;

  // Writes `n` check-ins for distinct learners (prefix + number) to `session_id` through AttendanceStore.
  std::vector<std::string> AddCheckIns(int n, const std::string& session_id, const std::string& learner_prefix = "L");
  // The same, spread round-robin over `session_ids` (a realistic backlog: many sessions).
  std::vector<std::string> AddCheckIns(int n, const std::vector<std::string>& session_ids,
                                       const std::string& learner_prefix);
  // Every session id of the kiosk's catalogue.
  std::vector<std::string> AllSessions();
  // A session of the kiosk's catalogue starting today (the kiosk must have pulled the catalogue).
  std::string SessionToday();

  std::set<std::string> KioskRecordIds();
  int64_t KioskPending();
  int64_t KioskCount(const std::string& sql);
  // Record ids at the hub (its database), and rows of the hub's report for every day with records.
  std::multiset<std::string> HubRecordIds();
  std::multiset<std::string> HubReportIds();

  const std::string& kiosk_dir() const { return kiosk_dir_; }
  const HubTestDb& hub_db() const { return hub_db_; }  // uri() is the hub's --db
  const std::string& config_path() const { return config_path_; }
  TempDir& dir() { return dir_; }

 private:
  TempDir dir_;
  HubTestDb hub_db_;
  std::string kiosk_dir_, config_path_;
  std::unique_ptr<HubProcess> hub_;
};

// A child process that can be killed at any moment: posix_spawn with stdout/stderr to `log_path`.
class Child {
 public:
  Child(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env, const std::string& log_path);
  ~Child();
  pid_t pid() const { return pid_; }
  void Kill9();
  // Waits: the exit code, or -signal when killed by one.
  int Wait();
  // Waits at most timeout_ms; true when it ended (status in *code).
  bool WaitFor(int timeout_ms, int* code);

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  int code_ = 0;
};

}  // namespace lk::testing
