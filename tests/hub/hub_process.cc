#include "tests/hub/hub_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <thread>

extern char** environ;

namespace lk::testing {

std::string HubBinaryPath() { return LK_HUB_BINARY; }

ProcessResult RunHub(const std::vector<std::string>& args) {
  std::vector<std::string> argv{HubBinaryPath()};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess(argv);
}

std::unique_ptr<HubProcess> HubProcess::Start(const std::string& db_path, const std::vector<std::string>& extra_args,
                                              std::string* error, int timeout_ms,
                                              const std::vector<std::string>& extra_env) {
  auto fail = [&](std::string message) -> std::unique_ptr<HubProcess> {
    if (error) *error = std::move(message);
    return nullptr;
  };
  std::vector<std::string> args{HubBinaryPath(), "serve", "--db", db_path, "--listen", "127.0.0.1:0",
                                "--console-dir", SourcePath("sync/hub/console")};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  // The environment, with `extra_env` (NAME=value) replacing what it names; built before fork.
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    bool replaced = false;
    for (const std::string& extra : extra_env) {
      replaced = replaced || entry.compare(0, extra.find('=') + 1, extra, 0, extra.find('=') + 1) == 0;
    }
    if (!replaced) env_strings.push_back(std::move(entry));
  }
  env_strings.insert(env_strings.end(), extra_env.begin(), extra_env.end());
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) return fail("pipe failed");
  // fork + exec rather than posix_spawn, for PR_SET_PDEATHSIG: a test that dies (a sanitizer abort) must
  // not leave a hub behind holding ctest's stderr pipe, or ctest waits for it until the test's timeout.
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    dup2(out[1], 1);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  close(out[1]);
  if (pid < 0) {
    close(out[0]);
    return fail(std::string("cannot run ") + argv[0] + ": " + std::strerror(errno));
  }
  std::unique_ptr<HubProcess> hub(new HubProcess());
  hub->pid_ = pid;

  // Read stdout until the listening line.
  std::string text;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  const std::string marker = "learning-hub listening on ";
  while (true) {
    size_t at = text.find(marker);
    size_t eol = at == std::string::npos ? std::string::npos : text.find('\n', at);
    if (eol != std::string::npos) {
      std::string addr = text.substr(at + marker.size(), eol - at - marker.size());
      hub->port_ = std::atoi(addr.substr(addr.rfind(':') + 1).c_str());
      break;
    }
    int left = int(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now())
                       .count());
    if (left <= 0) {
      close(out[0]);
      return fail("learning-hub did not print its listening line in time; output so far: " + text);
    }
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, left) <= 0) continue;
    char buf[256];
    ssize_t n = read(out[0], buf, sizeof buf);
    if (n <= 0) {
      close(out[0]);
      return fail("learning-hub exited before listening; output: " + text);
    }
    text.append(buf, size_t(n));
  }
  close(out[0]);  // serve prints nothing else on stdout
  if (hub->port_ <= 0) return fail("could not parse the port from: " + text);
  return hub;
}

int HubProcess::Wait(int timeout_ms, bool* exited) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (true) {
    int status = 0;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      *exited = true;
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    if (r < 0 || std::chrono::steady_clock::now() > deadline) {
      *exited = r < 0;
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // a bounded wait on the hub process
  }
}

int HubProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  bool exited = false;
  int status = Wait(5000, &exited);
  if (!exited) {
    Kill();
    return -1;
  }
  return status;
}

void HubProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

HubProcess::~HubProcess() { Stop(); }

}  // namespace lk::testing
