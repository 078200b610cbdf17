// PostgresCluster: a private, real PostgreSQL 15 server for tests, in a fresh temporary directory.
//
// Start() runs /usr/lib/postgresql/15/bin/initdb (trust authentication, superuser role `lk_test`, UTF8,
// locale C) in a new directory under $TMPDIR (or /tmp) and starts `postgres` as a child process: no TCP
// (listen_addresses ''), a Unix socket in that directory on port 5432, fsync=on, small shared_buffers,
// max_connections 200. It returns once the server accepts connections (polled with PQping). PostgreSQL
// refuses to run as root: when this process is root, initdb and postgres run as the `postgres` system
// user (or `nobody` where there is none), which owns the directory. A Unix socket is a file, so a hub
// in another network namespace reaches the server as well.
//
// Nothing outlives the test process: the server gets SIGQUIT (immediate shutdown) when the thread that
// started it ends (PR_SET_PDEATHSIG: start it from the main thread), and a watchdog process removes the
// directory once the test process and the server are gone, also after a kill -9 of the test process.
// The destructor stops the server (fast shutdown) and removes the directory itself.
//
// Shared() is the process's one cluster, started on first use and used by every test in the process;
// each test makes its own database with CreateDatabase() (HubTestDb does, hub_test_db.h).
//
// Errors: Status/Result for everything the server or libpq can refuse; the log of the server's last
// run (log_path()) is quoted in a start failure.
// Thread-safety: Start/Stop/Restart/Kill and the destructor from the owner thread only; the static
// libpq helpers (Exec, QueryInt, QueryStrings) from any thread, one connection per call.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/core/status.h"

namespace lk::testing {

class PostgresCluster {
 public:
  static constexpr const char* kUser = "lk_test";  // the superuser every URI connects as
  static constexpr int kPort = 5432;               // inside the private socket directory

  // The process's shared cluster, running (started or restarted if it is not). Throws
  // std::runtime_error with the server's log when it cannot start.
  static PostgresCluster& Shared();

  PostgresCluster() = default;  // nothing runs until Start()
  ~PostgresCluster();
  PostgresCluster(const PostgresCluster&) = delete;
  PostgresCluster& operator=(const PostgresCluster&) = delete;

  // The first call creates the directory and runs initdb; a later one (after Stop or Kill) starts the
  // server again on the same data, running crash recovery after a Kill.
  [[nodiscard]] Status Start();
  // Fast shutdown (SIGINT): clients are disconnected, a shutdown checkpoint is written; waits for it.
  [[nodiscard]] Status Stop();
  // Stop, then Start on the same data: the "database restarts" fault. Connections break, data stays.
  [[nodiscard]] Status Restart();
  // SIGKILL to every server process at once: the database server crashes (committed data survives).
  [[nodiscard]] Status Kill();
  bool running() const { return postmaster_ > 0; }

  // A fresh, empty database `name` (letters, digits, '_'); returns its URI.
  [[nodiscard]] Result<std::string> CreateDatabase(const std::string& name);
  // Drops `name`, disconnecting whoever is still connected to it.
  [[nodiscard]] Status DropDatabase(const std::string& name);
  // postgresql:///NAME?host=SOCKET_DIR&port=5432&user=lk_test
  std::string Uri(const std::string& database) const;

  const std::string& socket_dir() const { return dir_; }  // the temporary directory
  std::string data_dir() const { return dir_ + "/data"; }
  std::string log_path() const { return dir_ + "/server.log"; }

  // libpq on any URI. Exec runs `sql` (one or more statements); QueryInt returns the first column of
  // the first row as an integer; QueryStrings the first column of every row (NULL as "NULL").
  [[nodiscard]] static Status Exec(const std::string& uri, const std::string& sql);
  [[nodiscard]] static Result<int64_t> QueryInt(const std::string& uri, const std::string& sql);
  [[nodiscard]] static Result<std::vector<std::string>> QueryStrings(const std::string& uri, const std::string& sql);

 private:
  [[nodiscard]] Status MakeDirectory();
  [[nodiscard]] Status InitDb();
  [[nodiscard]] Status WaitUntilAccepting();
  // Forks and execs `argv` as the server's user in its own process group, output to the log.
  [[nodiscard]] Result<pid_t> Spawn(const std::vector<std::string>& argv);
  [[nodiscard]] Status StartWatchdog();
  // Waits for the postmaster to exit (at most `timeout_ms`); false when it did not.
  bool WaitForExit(int timeout_ms);
  // Frees what a killed server could not: its System V shared memory segment and its lock files.
  void CleanUpAfterKill();

  std::string dir_;
  uid_t uid_ = 0;  // who runs the server: this process's ids, or the unprivileged user's when root
  gid_t gid_ = 0;
  pid_t postmaster_ = -1;
  pid_t watchdog_ = -1;
  int watchdog_pipe_ = -1;  // the write end: its closing (this process ending) wakes the watchdog
};

}  // namespace lk::testing
