#include "tests/session/cage_session.h"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stb_image_write.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace lk::testing {
namespace {

std::runtime_error Failure(const std::string& what) { return std::runtime_error(what + ": " + std::strerror(errno)); }

int64_t MsUntil(SessionClock::time_point deadline) {
  return std::max<int64_t>(
      0, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SessionClock::now()).count());
}

// A binary PPM (P6, maxval 255) as grim -t ppm writes it.
std::optional<Image> ParsePpm(const std::string& data) {
  std::istringstream in(data);
  std::string magic;
  int maxval = 0;
  Image image;
  in >> magic >> image.width >> image.height >> maxval;
  if (!in || magic != "P6" || maxval != 255 || image.width <= 0 || image.height <= 0) return std::nullopt;
  in.get();  // the one whitespace after maxval
  const size_t size = size_t(image.width) * size_t(image.height) * 3;
  const size_t offset = size_t(in.tellg());
  if (data.size() < offset + size) return std::nullopt;
  image.rgb.assign(data.begin() + std::ptrdiff_t(offset), data.begin() + std::ptrdiff_t(offset + size));
  return image;
}

// pid -> (parent pid, command name) of every process.
std::map<pid_t, std::pair<pid_t, std::string>> ProcessTable() {
  std::map<pid_t, std::pair<pid_t, std::string>> table;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    std::getline(stat, line);
    const size_t open = line.find('('), close = line.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close + 2 >= line.size()) continue;
    std::istringstream rest(line.substr(close + 2));
    char state = 0;
    pid_t ppid = 0;
    rest >> state >> ppid;
    table[pid_t(std::stol(name))] = {ppid, line.substr(open + 1, close - open - 1)};
  }
  return table;
}

std::vector<pid_t> Descendants(pid_t root) {
  const auto table = ProcessTable();
  std::vector<pid_t> found = {root};
  for (size_t i = 0; i < found.size(); ++i) {
    for (const auto& [pid, info] : table) {
      if (info.first == found[i]) found.push_back(pid);
    }
  }
  found.erase(found.begin());
  return found;
}

}  // namespace

int64_t InkPixels(const Image& image, const unsigned char* background, int x0, int y0, int x1, int y1) {
  int64_t ink = 0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      const unsigned char* p = image.At(x, y);
      if (std::abs(p[0] - background[0]) + std::abs(p[1] - background[1]) + std::abs(p[2] - background[2]) > 96) ++ink;
    }
  }
  return ink;
}

bool NotBlank(const Image& image) {
  return InkPixels(image, image.At(0, 0), 0, 0, image.width, image.height) > int64_t(image.width) * image.height / 100;
}

bool WritePng(const Image& image, const std::string& path) {
  return stbi_write_png(path.c_str(), image.width, image.height, 3, image.rgb.data(), image.width * 3) != 0;
}

CageSession::CageSession(int64_t watchdog_usec) : watchdog_usec_(watchdog_usec) {
  for (const char* tool : {"/usr/bin/cage", "/usr/bin/grim"}) {
    if (access(tool, X_OK) != 0) {
      throw std::runtime_error(std::string(tool) +
                               " is missing: apt-get install cage grim xwayland (packaging/install-deps.sh)");
    }
  }
  uid_ = geteuid();
  gid_ = getegid();
  if (uid_ == 0) {
    const passwd* nobody = getpwnam("nobody");
    if (nobody == nullptr) throw std::runtime_error("running as root, and there is no `nobody` user to run cage as");
    uid_ = nobody->pw_uid;
    gid_ = nobody->pw_gid;
    switch_user_ = true;
  }
  // An app that outlives cage is reparented to this process, which can then reap it.
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) throw Failure("PR_SET_CHILD_SUBREAPER");
  runtime_ = File("run");
  for (const std::string& d : {runtime_, File("home"), File("tmp")}) {
    if (mkdir(d.c_str(), 0700) != 0 || chown(d.c_str(), uid_, gid_) != 0) throw Failure("mkdir/chown " + d);
  }
  if (chmod(dir().c_str(), 0711) != 0) throw Failure("chmod " + dir());  // mkdtemp made it 0700
  log_path_ = File("session.log");
  log_fd_ = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd_ < 0) throw Failure("open " + log_path_);

  const std::string notify = runtime_ + "/notify";
  notify_fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (notify_fd_ < 0 || notify.size() >= sizeof address.sun_path) throw Failure("notify socket " + notify);
  std::memcpy(address.sun_path, notify.c_str(), notify.size() + 1);
  if (bind(notify_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      chown(notify.c_str(), uid_, gid_) != 0) {
    throw Failure("bind/chown " + notify);
  }
}

CageSession::~CageSession() {
  std::vector<pid_t> left = known_;
  if (cage_ > 0) {
    for (pid_t pid : Descendants(cage_)) left.push_back(pid);
    kill(cage_, SIGKILL);
    waitpid(cage_, nullptr, 0);  // once cage is reaped, what it left is this process's child
  }
  for (pid_t pid : left) {
    if (std::find(ended_.begin(), ended_.end(), pid) != ended_.end()) continue;
    if (kill(pid, SIGKILL) == 0) waitpid(pid, nullptr, 0);
  }
  if (notify_fd_ >= 0) close(notify_fd_);
  if (log_fd_ >= 0) close(log_fd_);
}

namespace {

// Starts `args` as the session user, in its own process group, stdout to `out_fd` (or the log), stderr
// to the log. `pid_slot`: the entry of `env` that is "WATCHDOG_PID=" plus room for digits, filled with the
// child's own pid. Only async-signal-safe calls between fork and execve.
pid_t Spawn(bool switch_user, uid_t uid, gid_t gid, const std::vector<std::string>& args, std::vector<std::string> env,
            int log_fd, int out_fd, int pid_slot) {
  std::vector<char*> argv, envp;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  if (pid_slot >= 0) env[size_t(pid_slot)] = "WATCHDOG_PID=" + std::string(20, '\0');
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  char* pid_digits = pid_slot >= 0 ? envp[size_t(pid_slot)] + std::strlen("WATCHDOG_PID=") : nullptr;
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    if (switch_user && (setgroups(0, nullptr) != 0 || setgid(gid) != 0 || setuid(uid) != 0)) _exit(126);
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // after setuid, which clears it
    if (getppid() != parent) _exit(127);
    if (pid_digits != nullptr) {
      char reversed[20];
      int n = 0;
      for (pid_t p = getpid(); p > 0; p /= 10) reversed[n++] = char('0' + p % 10);
      for (int i = 0; i < n; ++i) pid_digits[i] = reversed[n - 1 - i];
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    int null = open("/dev/null", O_RDONLY);
    dup2(null, 0);
    dup2(out_fd >= 0 ? out_fd : log_fd, 1);
    dup2(log_fd, 2);
    close_range(3, ~0U, 0);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  if (pid < 0) throw Failure("fork");
  return pid;
}

}  // namespace

std::vector<std::string> CageSession::InstallKiosk(const std::string& binary) {
  namespace fs = std::filesystem;
  fs::create_directories(File("usr/bin"));
  fs::create_directories(File("usr/share/learning-kiosk"));
  fs::copy_file(binary, File("usr/bin/learning-kiosk"), fs::copy_options::overwrite_existing);
  fs::copy(SourcePath("assets"), File("usr/share/learning-kiosk"), fs::copy_options::recursive);
  fs::copy_file(SourcePath("config/kiosk.example.toml"), File("kiosk.toml"), fs::copy_options::overwrite_existing);
  return {File("usr/bin/learning-kiosk"), "--config", File("kiosk.toml"), "--demo"};
}

void CageSession::SetKioskRenderer(const std::string& renderer) const {
  const std::string path = File("kiosk.toml");
  std::string config = ReadFile(path);
  const std::string key = "\nrenderer = \"software\"\n";
  const size_t at = config.find(key);
  if (at == std::string::npos) throw std::runtime_error(path + ": no [display] renderer line to change");
  config.replace(at, key.size(), "\nrenderer = \"" + renderer + "\"\n");
  std::ofstream(path, std::ios::trunc) << config;
}

void CageSession::Start(const std::vector<std::string>& app) {
  // The unit's Environment= lines, the headless backend, the notify socket and the watchdog; this
  // process's own variables (PATH, sanitizer options) pass through.
  static const char* kDropped[] = {"WAYLAND_DISPLAY", "DISPLAY",        "XDG_RUNTIME_DIR", "HOME",
                                   "TMPDIR",          "NOTIFY_SOCKET",  "WATCHDOG_USEC",   "WATCHDOG_PID",
                                   "ASAN_OPTIONS",    "SDL_VIDEODRIVER"};
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    bool dropped = false;
    for (const char* name : kDropped) dropped |= entry.rfind(std::string(name) + "=", 0) == 0;
    if (!dropped) env.push_back(entry);
  }
  const char* asan = std::getenv("ASAN_OPTIONS");
  // LeakSanitizer off in the session only: at exit it finds leaks in Mesa, libdbus, SDL and
  // libwayland-client, none in the kiosk's code (the dummy-driver UI tests check that with leaks on).
  env.push_back(std::string("ASAN_OPTIONS=") + (asan ? std::string(asan) + ":" : "") + "detect_leaks=0");
  for (const std::string& e : {"XDG_RUNTIME_DIR=" + runtime_, "HOME=" + File("home"), "TMPDIR=" + File("tmp"),
                               std::string("XDG_SESSION_TYPE=wayland"), std::string("SDL_VIDEODRIVER=wayland"),
                               std::string("WLR_BACKENDS=headless"), std::string("WLR_RENDERER=pixman"),
                               std::string("WLR_LIBINPUT_NO_DEVICES=1"), "NOTIFY_SOCKET=" + runtime_ + "/notify"}) {
    env.push_back(e);
  }
  int pid_slot = -1;
  if (watchdog_usec_ > 0) {
    env.push_back("WATCHDOG_USEC=" + std::to_string(watchdog_usec_));
    pid_slot = int(env.size());
    env.push_back("WATCHDOG_PID=");
  }
  // `-r -r`: the output turned 180 degrees (grim still returns the picture upright). On the headless
  // backend cage 0.1.4 would otherwise scan a full-screen client's shared-memory buffer out directly, never
  // paint its own output buffer, and a screenshot (wlroots 0.15's screencopy with no new damage) would
  // then be that unpainted, black buffer: seen with the kiosk's shared-memory frames in about half the runs.
  // A turned output is never scanned out (the client's buffer is not turned with it), so cage composites.
  std::vector<std::string> args = {"/usr/bin/cage", "-d", "-r", "-r", "--"};
  args.insert(args.end(), app.begin(), app.end());
  started_ = SessionClock::now();
  cage_ = Spawn(switch_user_, uid_, gid_, args, env, log_fd_, -1, pid_slot);
}

pid_t CageSession::FindChild(const std::string& name) {
  for (const auto& [pid, info] : ProcessTable()) {
    // The kernel's command name is the file name cut to 15 characters.
    if (info.first == cage_ && name.rfind(info.second, 0) == 0) {
      known_.push_back(pid);
      return pid;
    }
  }
  return -1;
}

bool CageSession::WaitForMessage(const std::string& wanted, SessionClock::time_point deadline) {
  for (;;) {
    const int64_t left = MsUntil(deadline);
    if (left <= 0) return false;
    pollfd p{notify_fd_, POLLIN, 0};
    if (poll(&p, 1, int(left)) <= 0) continue;
    char buffer[512];
    ssize_t n = recv(notify_fd_, buffer, sizeof buffer, 0);
    if (n < 0) continue;
    received_.emplace_back(buffer, size_t(n));
    if (received_.back() == wanted) return true;
  }
}

std::string CageSession::Received() const {
  std::string all;
  for (const auto& m : received_) all += "[" + m + "] ";
  return all.empty() ? "nothing" : all;
}

std::optional<Image> CageSession::Screenshot() const {
  std::string display;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(runtime_, ec)) {
    const std::string name = entry.path().filename();
    if (name.rfind("wayland-", 0) == 0 && entry.is_socket()) display = name;
  }
  if (display.empty()) return std::nullopt;
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) return std::nullopt;
  pid_t grim = Spawn(switch_user_, uid_, gid_, {"/usr/bin/grim", "-t", "ppm", "-"},
                     {"XDG_RUNTIME_DIR=" + runtime_, "WAYLAND_DISPLAY=" + display}, log_fd_, out[1], -1);
  close(out[1]);
  std::string data;
  char buffer[65536];
  ssize_t n;
  while ((n = read(out[0], buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR)) {
    if (n > 0) data.append(buffer, size_t(n));
  }
  close(out[0]);
  int status = 0;
  waitpid(grim, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return ParsePpm(data);
}

std::optional<Image> CageSession::ScreenshotUntilNotBlank(SessionClock::time_point deadline) const {
  std::optional<Image> shot;
  do {
    shot = Screenshot();
    if (shot && NotBlank(*shot)) break;
  } while (SessionClock::now() < deadline);
  return shot;
}

void CageSession::Signal(int signal) const {
  if (cage_ <= 0 || kill(cage_, signal) != 0) throw Failure("kill cage");
}

std::optional<int> CageSession::WaitForExit(pid_t pid, SessionClock::time_point deadline) {
  int fd = int(syscall(SYS_pidfd_open, pid, 0));
  if (fd < 0) return kReapedElsewhere;
  pollfd p{fd, POLLIN, 0};
  int ready = poll(&p, 1, int(MsUntil(deadline)));
  close(fd);
  if (ready <= 0) return std::nullopt;
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return kReapedElsewhere;  // cage's child, reaped by cage
  ended_.push_back(pid);
  if (pid == cage_) cage_ = -1;
  return status;
}

std::vector<pid_t> CageSession::SessionPids(bool with_cage) const {
  if (cage_ <= 0) return {};
  std::vector<pid_t> pids = Descendants(cage_);
  if (with_cage) pids.push_back(cage_);
  return pids;
}

int64_t CageSession::PssKib() const {
  int64_t total = 0;
  for (pid_t pid : SessionPids(true)) {
    std::ifstream rollup("/proc/" + std::to_string(pid) + "/smaps_rollup");
    std::string key;
    int64_t kib = 0;
    while (rollup >> key) {
      if (key == "Pss:" && rollup >> kib) {
        total += kib;
        break;
      }
    }
  }
  return total;
}

double CageSession::CpuMs(bool with_cage) const {
  const double ms_per_tick = 1000.0 / double(sysconf(_SC_CLK_TCK));
  double total = 0;
  for (pid_t pid : SessionPids(with_cage)) {
    std::string stat = ReadFile("/proc/" + std::to_string(pid) + "/stat");
    const size_t name_end = stat.rfind(')');  // the command name may hold spaces
    if (name_end == std::string::npos) continue;
    std::istringstream fields(stat.substr(name_end + 2));
    std::string field;
    for (int i = 3; i <= 13 && fields >> field; ++i) {}  // state .. cmajflt (fields 3-13)
    uint64_t utime = 0, stime = 0;
    if (fields >> utime >> stime) total += double(utime + stime) * ms_per_tick;
  }
  return total;
}

}  // namespace lk::testing
