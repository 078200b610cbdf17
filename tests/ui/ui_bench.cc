// ui_bench: how fast learning-kiosk starts, how little it does when idle, how long a frame takes.
//
//   ui_bench [--runs N] [--idle-seconds S] [--frames F]
//
// 1. Process start to first frame: spawns `learning-kiosk --demo --screenshot` N times (SDL dummy driver,
//    software renderer, 1920x1080) and takes the CLOCK_MONOTONIC time the kiosk reports after presenting
//    its first frame (LK_REPORT_FIRST_FRAME) minus the time just before the spawn. Reference: the same for
//    a bare SDL window with an empty ImGui frame (this binary re-run with --reference-frame).
// 2. Idle CPU: an idle kiosk on the welcome screen, CPU time from /proc/<pid>/stat over S seconds.
// 3. Frame time: F frames of the busiest screens at 1920x1080 with the software renderer, in process.
// Not a test: prints a table. Built by the `bench` target.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <SDL.h>
#include <backends/imgui_impl_sdl.h>
#include <backends/imgui_impl_sdlrenderer.h>
#include <imgui.h>

#include "kiosk/app/ui_driver.h"
#include "kiosk/core/clock.h"
#include "tests/testing/test_util.h"

extern char** environ;

namespace {

int64_t MonotonicNs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void ReportFirstFrame() { std::fprintf(stderr, "learning-kiosk: first-frame monotonic_ns=%lld\n", (long long)MonotonicNs()); }

// A bare SDL window, software renderer, ImGui with its default font, one empty frame.
int ReferenceFrame() {
  SDL_Init(SDL_INIT_VIDEO);
  SDL_Window* window = SDL_CreateWindow("reference", 0, 0, 1920, 1080, SDL_WINDOW_SHOWN);
  SDL_Renderer* renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE);
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui_ImplSDL2_InitForSDLRenderer(window);
  ImGui_ImplSDLRenderer_Init(renderer);
  ImGui_ImplSDLRenderer_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  ImGui::Render();
  SDL_RenderClear(renderer);
  ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
  SDL_RenderPresent(renderer);
  ReportFirstFrame();
  ImGui_ImplSDLRenderer_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_DestroyRenderer(renderer);
  SDL_DestroyWindow(window);
  SDL_Quit();
  return 0;
}

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

std::vector<std::string> Environment(std::vector<std::string> extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) env.emplace_back(*e);
  for (auto& e : extra) env.push_back(std::move(e));
  return env;
}

// Spawns `args` with stderr to a pipe; returns the pid and the pipe's read end.
std::pair<pid_t, int> Spawn(std::vector<std::string> args, std::vector<std::string> env) {
  int err[2];
  if (pipe(err) != 0) return {-1, -1};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  posix_spawn_file_actions_addclose(&actions, err[0]);
  auto argv = CStrings(args);
  auto envp = CStrings(env);
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data()) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  close(err[1]);
  return {pid, err[0]};
}

std::string ReadAll(int fd) {
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) out.append(buf, size_t(n));
  close(fd);
  return out;
}

// Milliseconds from spawn to the reported first frame, or -1.
double TimeToFirstFrame(std::vector<std::string> args, const std::vector<std::string>& env) {
  int64_t start = MonotonicNs();
  auto [pid, err] = Spawn(std::move(args), env);
  if (pid < 0) return -1;
  std::string text = ReadAll(err);
  int status = 0;
  waitpid(pid, &status, 0);
  auto at = text.find("first-frame monotonic_ns=");
  if (at == std::string::npos) {
    std::cerr << "ui_bench: no first-frame report in:\n" << text;
    return -1;
  }
  long long frame_ns = std::atoll(text.c_str() + at + std::strlen("first-frame monotonic_ns="));
  return double(frame_ns - start) / 1e6;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = std::min(v.size() - 1, size_t(std::ceil(p / 100.0 * double(v.size())) - 1));
  return v[i];
}

// utime + stime of `pid`, in clock ticks.
long long CpuTicks(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(in, line);
  auto close_paren = line.rfind(')');
  if (close_paren == std::string::npos) return -1;
  std::istringstream rest(line.substr(close_paren + 2));
  std::string field;
  long long utime = 0, stime = 0;
  for (int i = 3; rest >> field; ++i) {  // field 3 is the state
    if (i == 14) utime = std::atoll(field.c_str());
    if (i == 15) {
      stime = std::atoll(field.c_str());
      break;
    }
  }
  return utime + stime;
}

std::vector<double> FrameTimes(const char* screen, int frames) {
  lk::ui::AppOptions options;
  options.demo = true;
  options.config_path = "/dev/null";
  options.config_path_given = true;
  auto driver = lk::ui::UiDriver::Start(options, lk::NowMs());
  if (!driver.ok()) {
    std::cerr << "ui_bench: " << driver.status().ToString() << "\n";
    return {};
  }
  lk::ui::App& app = (*driver)->app();
  app.OpenScreen(screen, /*preview=*/true);
  (*driver)->Settle();
  std::vector<double> times;
  for (int i = 0; i < frames; ++i) {
    app.RequestFrames(1);
    app.Step(/*wait=*/false);
    times.push_back(app.last_frame_ms());
  }
  return times;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 10, idle_seconds = 30, frames = 300;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--reference-frame") return ReferenceFrame();
    if (arg == "--runs" && i + 1 < argc) runs = std::atoi(argv[++i]);
    if (arg == "--idle-seconds" && i + 1 < argc) idle_seconds = std::atoi(argv[++i]);
    if (arg == "--frames" && i + 1 < argc) frames = std::atoi(argv[++i]);
  }
  setenv("SDL_VIDEODRIVER", "dummy", 0);
  setenv("SDL_RENDER_DRIVER", "software", 0);
  const std::string kiosk = lk::testing::BinaryPath("learning-kiosk");
  lk::testing::TempDir tmp;
  const auto env = Environment({"LK_REPORT_FIRST_FRAME=1", "TMPDIR=" + tmp.path()});

  std::vector<double> kiosk_ms, reference_ms;
  for (int i = 0; i < runs; ++i) {
    double k = TimeToFirstFrame({kiosk, "--demo", "--windowed", "1920x1080", "--config", "/dev/null", "--screenshot",
                                 tmp.File("first.png")},
                                env);
    double r = TimeToFirstFrame({"/proc/self/exe", "--reference-frame"}, env);
    if (k >= 0) kiosk_ms.push_back(k);
    if (r >= 0) reference_ms.push_back(r);
  }

  // Idle: the welcome screen, nothing touching it.
  auto [pid, err] = Spawn({kiosk, "--demo", "--windowed", "1920x1080", "--config", "/dev/null"}, env);
  std::thread drain([fd = err] { ReadAll(fd); });
  std::this_thread::sleep_for(std::chrono::seconds(3));
  long long before = CpuTicks(pid);
  auto idle_start = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(idle_seconds));
  long long after = CpuTicks(pid);
  double idle_wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - idle_start).count();
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  drain.join();
  double idle_cpu = double(after - before) / double(sysconf(_SC_CLK_TCK)) / idle_wall * 100.0;

  std::vector<double> home = FrameTimes("home", frames);
  std::vector<double> search = FrameTimes("search", frames);

  std::printf("\nlearning-kiosk UI benchmark (%ld CPUs online, SDL dummy driver, software renderer, 1920x1080)\n",
              sysconf(_SC_NPROCESSORS_ONLN));
  std::printf("%-44s %10s %10s %10s\n", "measure", "p50", "p99", "max");
  std::printf("%-44s %10.1f %10.1f %10.1f  ms (%zu runs)\n", "start to first frame: learning-kiosk --demo",
              Percentile(kiosk_ms, 50), Percentile(kiosk_ms, 99), Percentile(kiosk_ms, 100), kiosk_ms.size());
  std::printf("%-44s %10.1f %10.1f %10.1f  ms (%zu runs)\n", "start to first frame: bare SDL + ImGui",
              Percentile(reference_ms, 50), Percentile(reference_ms, 99), Percentile(reference_ms, 100),
              reference_ms.size());
  std::printf("%-44s %10.3f %10s %10s  %% of a core over %.0f s\n", "idle CPU (welcome screen)", idle_cpu, "", "",
              idle_wall);
  std::printf("%-44s %10.2f %10.2f %10.2f  ms (%zu frames)\n", "frame time: home", Percentile(home, 50),
              Percentile(home, 99), Percentile(home, 100), home.size());
  std::printf("%-44s %10.2f %10.2f %10.2f  ms (%zu frames)\n", "frame time: search (keys + results)",
              Percentile(search, 50), Percentile(search, 99), Percentile(search, 100), search.size());
  std::printf("targets: first frame < 300 ms, idle CPU < 0.5%%, frame p99 < 12 ms\n");
  return 0;
}
