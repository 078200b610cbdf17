// with_postgres: runs a command with a private PostgreSQL 15 server (postgres_cluster.h) and an empty
// database on it, named in LK_HUB_DB_URI, for test scripts that are not C++ (the console's browser
// tests). The server is stopped and its directory removed when the command ends; the command's exit
// status is with_postgres's.
//
//   with_postgres DATABASE COMMAND [ARGS...]
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>

#include "tests/testing/postgres_cluster.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: with_postgres DATABASE COMMAND [ARGS...]\n");
    return 2;
  }
  lk::testing::PostgresCluster cluster;
  if (lk::Status started = cluster.Start(); !started.ok()) {
    std::fprintf(stderr, "with_postgres: %s\n", started.ToString().c_str());
    return 1;
  }
  auto uri = cluster.CreateDatabase(argv[1]);
  if (!uri.ok()) {
    std::fprintf(stderr, "with_postgres: %s\n", uri.status().ToString().c_str());
    return 1;
  }
  pid_t child = fork();
  if (child == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // ctest's timeout kills us: the command goes too
    setenv("LK_HUB_DB_URI", uri->c_str(), 1);
    execv(argv[2], argv + 2);
    std::perror(argv[2]);
    _exit(127);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
