// PostgresCluster (postgres_cluster.h) with a real PostgreSQL 15: a database per test, the server's
// settings, data across a restart and a kill -9 of every server process, and nothing left behind
// (processes, the directory) when the cluster is destroyed or when the process that owns it is killed.
#include "tests/testing/postgres_cluster.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "tests/testing/test_util.h"

namespace lk::testing {
namespace {

namespace fs = std::filesystem;

// Server processes still running in `data_dir`: every PostgreSQL process works in its data directory.
int ProcessesIn(const std::string& data_dir) {
  int n = 0;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::error_code ec;
    fs::path cwd = fs::read_symlink(entry.path() / "cwd", ec);  // a zombie has none
    if (!ec && cwd == data_dir) ++n;
  }
  return n;
}

// Dead children of this process that nobody reaped.
int Zombies() {
  int n = 0;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    if (entry.path().filename().string().find_first_not_of("0123456789") != std::string::npos) continue;
    std::string stat = ReadFile(entry.path() / "stat");
    size_t after_name = stat.rfind(')');
    char state = 0;
    int ppid = 0;
    if (after_name != std::string::npos && std::sscanf(stat.c_str() + after_name + 1, " %c %d", &state, &ppid) == 2 &&
        state == 'Z' && ppid == getpid()) {
      ++n;
    }
  }
  return n;
}

TEST(PostgresClusterTest, ADatabaseKeepsItsRowsAcrossARestartAndAKillOfEveryServerProcess) {
  PostgresCluster cluster;
  ASSERT_TRUE(cluster.Start().ok());
  const std::string data_dir = cluster.data_dir();
  if (geteuid() == 0) {
    struct stat st;
    ASSERT_EQ(stat(data_dir.c_str(), &st), 0);
    EXPECT_NE(st.st_uid, 0u) << "the server's data belongs to root: PostgreSQL would refuse to run";
  }
  auto uri = cluster.CreateDatabase("kept");
  ASSERT_TRUE(uri.ok()) << uri.status().ToString();
  EXPECT_EQ(*uri, "postgresql:///kept?host=" + cluster.socket_dir() + "&port=5432&user=lk_test");
  auto fsync = PostgresCluster::QueryStrings(*uri, "SHOW fsync");
  ASSERT_TRUE(fsync.ok()) << fsync.status().ToString();
  EXPECT_EQ(*fsync, std::vector<std::string>{"on"});
  EXPECT_EQ(*PostgresCluster::QueryStrings(*uri, "SHOW listen_addresses"), std::vector<std::string>{""});
  EXPECT_EQ(*PostgresCluster::QueryStrings(*uri, "SHOW server_encoding"), std::vector<std::string>{"UTF8"});
  ASSERT_TRUE(PostgresCluster::Exec(*uri,
                                    "CREATE TABLE t(id int PRIMARY KEY, name text); "
                                    "INSERT INTO t VALUES (1, '交道口'), (2, NULL)")
                  .ok());
  EXPECT_EQ(*PostgresCluster::QueryStrings(*uri, "SELECT name FROM t ORDER BY id"),
            (std::vector<std::string>{"交道口", "NULL"}));
  EXPECT_EQ(PostgresCluster::QueryInt(*uri, "SELECT COUNT(*) FROM nope").status().code(), StatusCode::kInternal);

  ASSERT_TRUE(cluster.Restart().ok());
  EXPECT_EQ(*PostgresCluster::QueryInt(*uri, "SELECT COUNT(*) FROM t"), 2);

  ASSERT_TRUE(PostgresCluster::Exec(*uri, "INSERT INTO t VALUES (3, 'committed before the crash')").ok());
  ASSERT_TRUE(cluster.Kill().ok());
  EXPECT_FALSE(cluster.running());
  EXPECT_EQ(ProcessesIn(data_dir), 0) << "a server process outlived the kill";
  EXPECT_EQ(Zombies(), 0) << "killed server processes were not reaped";
  EXPECT_FALSE(PostgresCluster::QueryInt(*uri, "SELECT 1").ok()) << "the killed server still answers";
  ASSERT_TRUE(cluster.Start().ok());  // crash recovery
  EXPECT_EQ(*PostgresCluster::QueryInt(*uri, "SELECT COUNT(*) FROM t"), 3);

  ASSERT_TRUE(cluster.DropDatabase("kept").ok());
  EXPECT_FALSE(PostgresCluster::QueryInt(*uri, "SELECT 1").ok());
  EXPECT_FALSE(cluster.CreateDatabase("bad name; DROP").ok());
}

TEST(PostgresClusterTest, DestroyingTheClusterLeavesNothingBehind) {
  std::string dir, data_dir;
  {
    PostgresCluster cluster;
    ASSERT_TRUE(cluster.Start().ok());
    dir = cluster.socket_dir();
    data_dir = cluster.data_dir();
    auto uri = cluster.CreateDatabase("busy");
    ASSERT_TRUE(uri.ok());
    ASSERT_GT(ProcessesIn(data_dir), 0);
  }
  EXPECT_FALSE(fs::exists(dir));
  EXPECT_EQ(ProcessesIn(data_dir), 0);
}

// The owner is a forked copy of this process, killed with SIGKILL while its server runs: the server
// shuts down and the watchdog removes the directory.
TEST(PostgresClusterTest, AKilledOwnerLeavesNothingBehind) {
  int report[2];
  ASSERT_EQ(pipe(report), 0);
  pid_t owner = fork();
  if (owner == 0) {
    close(report[0]);
    PostgresCluster cluster;
    std::string line = cluster.Start().ok() ? cluster.data_dir() + "\n" : "failed\n";
    if (write(report[1], line.data(), line.size()) != ssize_t(line.size())) _exit(1);
    pause();  // until the kill
    _exit(0);
  }
  ASSERT_GT(owner, 0);
  close(report[1]);
  std::string line;
  char c;
  while (read(report[0], &c, 1) == 1 && c != '\n') line += c;
  close(report[0]);
  ASSERT_NE(line, "failed");
  ASSERT_FALSE(line.empty());
  const std::string data_dir = line;
  ASSERT_GT(ProcessesIn(data_dir), 0);
  kill(owner, SIGKILL);
  waitpid(owner, nullptr, 0);
  // A bounded wait on the server's shutdown and on the watchdog.
  EXPECT_TRUE(WaitUntil([&] { return ProcessesIn(data_dir) == 0; }, 30'000, 20)) << "the server outlived its owner";
  EXPECT_TRUE(WaitUntil([&] { return !fs::exists(fs::path(data_dir).parent_path()); }, 30'000, 20))
      << "the cluster's directory outlived its owner";
}

}  // namespace
}  // namespace lk::testing
