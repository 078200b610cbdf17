#include "tests/testing/postgres_cluster.h"

#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <thread>

#include "tests/testing/test_util.h"

extern char** environ;

namespace lk::testing {
namespace {

constexpr const char* kBinDir = "/usr/lib/postgresql/15/bin";
constexpr int kStartTimeoutMs = 60'000;
constexpr int kStopTimeoutMs = 60'000;

// Appended to postgresql.conf after initdb, so that every start of the data (also a Restart) has them.
std::string ServerSettings(const std::string& socket_dir) {
  return "\n# learning-kiosk tests (tests/testing/postgres_cluster.h)\n"
         "listen_addresses = ''\n"
         "unix_socket_directories = '" + socket_dir + "'\n"
         "port = " + std::to_string(PostgresCluster::kPort) + "\n"
         "fsync = on\n"
         "synchronous_commit = on\n"
         "shared_buffers = 16MB\n"
         "max_connections = 200\n"
         "max_wal_size = 256MB\n"
         // Segments as files in the data directory: even a killed server leaves nothing in /dev/shm.
         "dynamic_shared_memory_type = mmap\n"
         "log_min_messages = warning\n";
}

using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using QueryResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

Result<Connection> Connect(const std::string& uri) {
  Connection conn(PQconnectdb(uri.c_str()), &PQfinish);
  if (!conn) return Status::ResourceExhausted("libpq: out of memory connecting to " + uri);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return Status::Unavailable("cannot connect to " + uri + ": " + PQerrorMessage(conn.get()));
  }
  return conn;
}

Result<QueryResult> Run(const std::string& uri, const std::string& sql) {
  LK_ASSIGN_OR_RETURN(Connection conn, Connect(uri));
  QueryResult result(PQexec(conn.get(), sql.c_str()), &PQclear);
  ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return Status::Internal("`" + sql + "` on " + uri + ": " + PQerrorMessage(conn.get()));
  }
  return result;
}

std::string Tail(const std::string& path, size_t bytes = 4000) {
  std::string text = ReadFile(path);
  return text.size() > bytes ? "..." + text.substr(text.size() - bytes) : text;
}

// A wait on a process of ours (the server): false when it has not exited within `timeout_ms`.
bool Reap(pid_t pid, int timeout_ms, int* status) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (true) {
    pid_t r = waitpid(pid, status, WNOHANG);
    if (r == pid || (r < 0 && errno != EINTR)) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // bounded by the deadline above
  }
}

// The processes whose parent is `parent` (/proc/PID/stat's fourth field).
std::vector<pid_t> ChildrenOf(pid_t parent) {
  std::vector<pid_t> children;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string stat = ReadFile(entry.path() / "stat");
    size_t after_name = stat.rfind(')');  // the command name may hold spaces and parentheses
    int ppid = 0;
    if (after_name != std::string::npos && std::sscanf(stat.c_str() + after_name + 1, " %*c %d", &ppid) == 1 &&
        ppid == parent) {
      children.push_back(pid_t(std::stoi(name)));
    }
  }
  return children;
}

}  // namespace

PostgresCluster& PostgresCluster::Shared() {
  static PostgresCluster cluster;
  if (!cluster.running()) {
    Status started = cluster.Start();
    if (!started.ok()) throw std::runtime_error("the test PostgreSQL server did not start: " + started.ToString());
  }
  return cluster;
}

PostgresCluster::~PostgresCluster() {
  if (running()) Stop().IgnoreError();  // falls back to Kill
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  if (watchdog_pipe_ >= 0) close(watchdog_pipe_);  // the watchdog wakes, finds nothing to do, exits
  if (watchdog_ > 0) waitpid(watchdog_, nullptr, 0);
}

Status PostgresCluster::MakeDirectory() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/lk-pg-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) return Status::IoError("mkdtemp " + pattern + ": " + std::strerror(errno));
  dir_ = buf.data();
  uid_ = geteuid();
  gid_ = getegid();
  if (uid_ == 0) {
    const passwd* user = getpwnam("postgres");
    if (!user) user = getpwnam("nobody");
    if (!user) return Status::FailedPrecondition("running as root, and there is no postgres or nobody user");
    uid_ = user->pw_uid;
    gid_ = user->pw_gid;
    if (chown(dir_.c_str(), uid_, gid_) != 0) return Status::IoError("chown " + dir_ + ": " + std::strerror(errno));
  }
  return StartWatchdog();
}

Status PostgresCluster::StartWatchdog() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return Status::IoError(std::string("pipe: ") + std::strerror(errno));
  // Once this process is gone (its end of the pipe closes), wait for the server to be gone too (it is
  // told by PR_SET_PDEATHSIG and removes postmaster.pid on its way out; at most a minute), then remove
  // the directory. A plain shell: nothing of this process's state is needed.
  static const char* kScript =
      "read _; f=\"$1/data/postmaster.pid\"; i=0; "
      "while [ -f \"$f\" ] && kill -0 \"$(head -n 1 \"$f\")\" 2>/dev/null && [ $i -lt 600 ]; do "
      "sleep 0.1; i=$((i+1)); done; rm -rf \"$1\"";
  const char* argv[] = {"/bin/sh", "-c", kScript, "lk-pg-watchdog", dir_.c_str(), nullptr};
  pid_t pid = fork();
  if (pid == 0) {
    setsid();  // outside the test's process group: a timeout that kills the group spares it
    dup2(fds[0], 0);
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);  // never ctest's output pipe: ctest would wait for it to close
    dup2(null, 2);
    close_range(3, ~0U, 0);
    execve(argv[0], const_cast<char**>(argv), environ);
    _exit(127);
  }
  close(fds[0]);
  if (pid < 0) {
    close(fds[1]);
    return Status::IoError(std::string("fork: ") + std::strerror(errno));
  }
  watchdog_ = pid;
  watchdog_pipe_ = fds[1];
  return Status::Ok();
}

Result<pid_t> PostgresCluster::Spawn(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  int log = open(log_path().c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) return Status::IoError("open " + log_path() + ": " + std::strerror(errno));
  const bool switch_user = geteuid() != uid_;
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    // Only async-signal-safe calls from here to execve.
    setpgid(0, 0);  // out of the test's process group: only this object stops it (or PR_SET_PDEATHSIG)
    if (switch_user && (setgroups(0, nullptr) != 0 || setgid(gid_) != 0 || setuid(uid_) != 0)) _exit(126);
    // After setuid, which clears it: the server goes (immediate shutdown) when the starting thread does.
    prctl(PR_SET_PDEATHSIG, SIGQUIT);
    if (getppid() != parent) _exit(127);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    if (chdir(dir_.c_str()) != 0) _exit(126);
    int null = open("/dev/null", O_RDONLY);
    dup2(null, 0);
    dup2(log, 1);
    dup2(log, 2);
    close_range(3, ~0U, 0);  // no descriptor of the test (a listening socket, a pipe) lives on in the server
    execve(argv[0], argv.data(), environ);
    _exit(127);
  }
  close(log);
  if (pid < 0) return Status::IoError(std::string("fork: ") + std::strerror(errno));
  return pid;
}

Status PostgresCluster::InitDb() {
  LK_ASSIGN_OR_RETURN(pid_t pid, Spawn({std::string(kBinDir) + "/initdb", "-D", data_dir(), "-U", kUser, "--auth=trust",
                                        "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"}));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Status::Internal("initdb failed (" + std::string(kBinDir) + "/initdb): " + Tail(log_path()));
  }
  std::ofstream conf(data_dir() + "/postgresql.conf", std::ios::app);
  conf << ServerSettings(dir_);
  conf.close();
  if (!conf) return Status::IoError("cannot append to " + data_dir() + "/postgresql.conf");
  return Status::Ok();
}

Status PostgresCluster::Start() {
  if (running()) return Status::Ok();
  if (dir_.empty()) {
    LK_RETURN_IF_ERROR(MakeDirectory());
    LK_RETURN_IF_ERROR(InitDb());
  }
  LK_ASSIGN_OR_RETURN(postmaster_, Spawn({std::string(kBinDir) + "/postgres", "-D", data_dir()}));
  return WaitUntilAccepting();
}

Status PostgresCluster::WaitUntilAccepting() {
  const std::string conninfo =
      "host=" + dir_ + " port=" + std::to_string(kPort) + " user=" + kUser + " dbname=postgres connect_timeout=5";
  bool exited = false;
  // A bounded wait on the server process: it sends no signal when it is ready.
  bool accepting = WaitUntil(
      [&] {
        int status = 0;
        if (waitpid(postmaster_, &status, WNOHANG) == postmaster_) {
          exited = true;
          return true;
        }
        return PQping(conninfo.c_str()) == PQPING_OK;
      },
      kStartTimeoutMs, 20);
  if (exited) {
    postmaster_ = -1;
    return Status::Unavailable("postgres exited while starting: " + Tail(log_path()));
  }
  if (!accepting) {
    Kill().IgnoreError();
    return Status::Unavailable("postgres did not accept connections within " + std::to_string(kStartTimeoutMs / 1000) +
                               " s: " + Tail(log_path()));
  }
  return Status::Ok();
}

bool PostgresCluster::WaitForExit(int timeout_ms) {
  int status = 0;
  if (!Reap(postmaster_, timeout_ms, &status)) return false;
  postmaster_ = -1;
  return true;
}

Status PostgresCluster::Stop() {
  if (!running()) return Status::Ok();
  kill(postmaster_, SIGINT);  // fast shutdown
  if (WaitForExit(kStopTimeoutMs)) return Status::Ok();
  Kill().IgnoreError();
  return Status::Unavailable("postgres did not shut down within " + std::to_string(kStopTimeoutMs / 1000) +
                             " s; killed: " + Tail(log_path()));
}

Status PostgresCluster::Restart() {
  LK_RETURN_IF_ERROR(Stop());
  return Start();
}

Status PostgresCluster::Kill() {
  if (!running()) return Status::FailedPrecondition("the test PostgreSQL server is not running");
  // Every server process, at once. They are the postmaster's children, each in a session of its own
  // (PostgreSQL's setsid): stopped, the postmaster forks no new one while they are listed.
  kill(postmaster_, SIGSTOP);
  int status = 0;
  while (waitpid(postmaster_, &status, WUNTRACED) < 0 && errno == EINTR) {
  }
  std::vector<pid_t> children = ChildrenOf(postmaster_);
  // Orphaned when the postmaster dies: this process reaps them instead of init.
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  for (pid_t child : children) kill(child, SIGKILL);
  kill(postmaster_, SIGKILL);
  while (waitpid(postmaster_, &status, 0) < 0 && errno == EINTR) {
  }
  postmaster_ = -1;
  for (pid_t child : children) {
    // A bounded wait on processes already sent SIGKILL (they come to this process once the postmaster
    // is gone).
    WaitUntil([&] { return waitpid(child, nullptr, WNOHANG) == child || kill(child, 0) != 0; }, 10'000, 5);
  }
  CleanUpAfterKill();
  return Status::Ok();
}

void PostgresCluster::CleanUpAfterKill() {
  // What a killed postmaster could not remove: its System V segment (postmaster.pid, line 7: key and
  // id) and its lock files. The next Start() would check and remove them too; a cluster that is never
  // started again must not leave the segment in the kernel.
  std::ifstream pid_file(data_dir() + "/postmaster.pid");
  std::string line;
  for (int n = 1; n <= 7 && std::getline(pid_file, line); ++n) {
    unsigned long key = 0, id = 0;
    if (n == 7 && std::sscanf(line.c_str(), "%lu %lu", &key, &id) == 2) shmctl(int(id), IPC_RMID, nullptr);
  }
  unlink((data_dir() + "/postmaster.pid").c_str());
  unlink((dir_ + "/.s.PGSQL." + std::to_string(kPort) + ".lock").c_str());
}

std::string PostgresCluster::Uri(const std::string& database) const {
  return "postgresql:///" + database + "?host=" + dir_ + "&port=" + std::to_string(kPort) + "&user=" + kUser;
}

Result<std::string> PostgresCluster::CreateDatabase(const std::string& name) {
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') {
      return Status::InvalidArgument("database name \"" + name + "\": letters, digits and '_' only");
    }
  }
  LK_RETURN_IF_ERROR(Exec(Uri("postgres"), "CREATE DATABASE " + name));
  return Uri(name);
}

Status PostgresCluster::DropDatabase(const std::string& name) {
  return Exec(Uri("postgres"), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
}

Status PostgresCluster::Exec(const std::string& uri, const std::string& sql) { return Run(uri, sql).status(); }

Result<int64_t> PostgresCluster::QueryInt(const std::string& uri, const std::string& sql) {
  LK_ASSIGN_OR_RETURN(QueryResult result, Run(uri, sql));
  if (PQntuples(result.get()) < 1 || PQnfields(result.get()) < 1 || PQgetisnull(result.get(), 0, 0)) {
    return Status::NotFound("`" + sql + "` returned no value");
  }
  return int64_t(std::strtoll(PQgetvalue(result.get(), 0, 0), nullptr, 10));
}

Result<std::vector<std::string>> PostgresCluster::QueryStrings(const std::string& uri, const std::string& sql) {
  LK_ASSIGN_OR_RETURN(QueryResult result, Run(uri, sql));
  std::vector<std::string> values;
  if (PQnfields(result.get()) < 1) return values;
  for (int row = 0; row < PQntuples(result.get()); ++row) {
    values.push_back(PQgetisnull(result.get(), row, 0) ? "NULL" : PQgetvalue(result.get(), row, 0));
  }
  return values;
}

}  // namespace lk::testing
