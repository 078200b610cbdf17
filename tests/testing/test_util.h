// Helpers shared by the test suites: temporary directories that clean up, the demo catalogue's path,
// running a binary from the build and capturing its output. Single-threaded use per test.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace lk::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string SourcePath(const std::string& relative);  // under the source tree
std::string BinaryPath(const std::string& name);      // build/bin/<name>
std::string DemoCatalogPath();

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out, err;
};
// Runs `argv` (argv[0] a path) with `stdin_text` on its standard input, waits, captures both streams.
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& stdin_text = "",
                         const std::vector<std::string>& extra_env = {});

void WriteFile(const std::string& path, const std::string& content);
// The names in `dir`, sorted.
std::vector<std::string> DirEntries(const std::string& dir);
std::string ReadFile(const std::string& path);
// `s` without its trailing newlines and spaces (a command's printed line).
std::string Trim(std::string s);

// Asks `done` every `poll_ms` until it says true or `timeout_ms` have passed; returns its last answer.
// For a state of a real process or network that sends no signal to wait on (a hub that has admitted a
// request, a bucket that refilled); use a condition or a latch for anything in this process.
bool WaitUntil(const std::function<bool()>& done, int timeout_ms, int poll_ms = 10);

// Sends `request` as raw bytes on a new connection to 127.0.0.1:`port` and reads until the peer closes
// or `timeout_s` passes without data; returns what arrived (empty when the connection failed). Send
// errors end the sending quietly: a reset is one way a server refuses.
std::string RawExchange(int port, const std::string& request, int timeout_s);

}  // namespace lk::testing
