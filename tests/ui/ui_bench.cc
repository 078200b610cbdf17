// ui_bench: how fast learning-kiosk starts, how little it does when idle, how long a frame takes.
//
//   ui_bench [--runs N] [--idle-seconds S] [--frames F] [--use-minutes M]
//
// 1. Process start to first frame: spawns `learning-kiosk --demo --screenshot` N times (SDL dummy driver,
//    software renderer, 1920x1080) and takes the CLOCK_MONOTONIC time the kiosk reports after presenting
//    its first frame (LK_REPORT_FIRST_FRAME) minus the time just before the spawn. Reference: the same for
//    a bare SDL window with an empty ImGui frame (this binary re-run with --reference-frame).
//    Then, in this process: from the first frame (drawn from an atlas of just what the first screen shows)
//    to the first frame on the full atlas from the font set's thread, the UI thread's time for that swap
//    (the texture upload), and VmRSS before, at its peak (VmHWM, reset at the first frame) and after.
// 2. Idle CPU: an idle kiosk on the welcome screen, CPU time from /proc/<pid>/stat over S seconds.
// 3. Frame time: F frames of the busiest screens at 1920x1080 with the software renderer, in process.
// 4. Resident memory: the App in this process driven through whole check-ins (tap a session, key in a
//    card number, confirm), searches and language / text-size switches (each rebuilds the font atlas)
//    for M minutes; VmRSS at the end and at its peak, and its growth over the last four fifths of the run
//    (both samples in the configured language and text size).
// Prints tests/bench/run.sh's markdown rows on stdout, details on stderr. LK_BENCH_QUICK=1: fewer runs,
// 10 s idle, 1 minute of scripted use. Not a test. Built by the `bench` target.
#include <SDL.h>
#include <backends/imgui_impl_sdl.h>
#include <backends/imgui_impl_sdlrenderer.h>
#include <imgui.h>
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

#include "kiosk/app/ui_driver.h"
#include "kiosk/core/clock.h"
#include "tests/bench/bench_util.h"
#include "tests/testing/test_util.h"
#include "tests/ui/ui_test_util.h"

extern char** environ;

namespace {

int64_t MonotonicNs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void ReportFirstFrame() {
  std::fprintf(stderr, "learning-kiosk: first-frame monotonic_ns=%lld\n", (long long)MonotonicNs());
}

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

// VmRSS of this process, in MiB.
double RssMiB() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
  }
  return -1;
}

// VmHWM of this process (peak RSS since the last reset), in MiB.
double HwmMiB() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
  }
  return -1;
}

struct FullAtlasRun {
  double after_first_frame_ms = -1, swap_ms = -1;
  double rss_first_mib = -1, rss_peak_mib = -1, rss_after_mib = -1;
};

// One start of the demo kiosk in this process: the first frame, then the loop as it runs (waiting for
// events) until the full atlas is shown.
FullAtlasRun FullAtlasAfterFirstFrame() {
  FullAtlasRun out;
  lk::ui::AppOptions options;
  options.demo = true;
  options.config_path = "/dev/null";
  options.config_path_given = true;
  auto driver = lk::ui::UiDriver::Start(options, lk::NowMs(), /*settle=*/false);
  if (!driver.ok()) {
    std::cerr << "ui_bench: " << driver.status().ToString() << "\n";
    return out;
  }
  lk::ui::App& app = (*driver)->app();
  app.Step(/*wait=*/false);
  const double first = lk::bench::NowSeconds();
  out.rss_first_mib = RssMiB();
  std::ofstream("/proc/self/clear_refs") << "5";  // resets VmHWM
  // The loop as it runs, until the first frame drawn from the full atlas.
  while (lk::bench::NowSeconds() < first + 10) {
    const int frames = app.frames_rendered();
    app.Step(/*wait=*/true);
    if (app.fonts().shown().common_range && app.frames_rendered() > frames) break;
  }
  if (!app.fonts().shown().common_range) return out;
  out.after_first_frame_ms = (lk::bench::NowSeconds() - first) * 1000;
  out.swap_ms = app.fonts().last_install_ms();
  out.rss_peak_mib = HwmMiB();
  out.rss_after_mib = RssMiB();
  return out;
}

struct RssFigures {
  double early_mib = -1, end_mib = -1, peak_mib = -1;
  int64_t check_ins = 0;
  std::string error;
};

// What residents do, over and over for `minutes`: a whole check-in from the home screen, a search by
// pinyin initials, and every 25th round a switch of language and text size.
RssFigures ScriptedUse(double minutes) {
  RssFigures out;
  lk::testing::KioskFixture fixture;
  lk::testing::PrepareKiosk(fixture);
  auto driver = lk::testing::StartKiosk(fixture);
  if (!driver) {
    out.error = "the kiosk did not start";
    return out;
  }
  lk::ui::UiDriver& d = *driver;
  auto tap = [&](const std::string& id) {
    if (!d.TapId(id) && out.error.empty()) out.error = "no widget " + id + " on " + d.screen();
  };
  const double start = lk::bench::NowSeconds(), end = start + minutes * 60;
  const double early_at = start + minutes * 60 / 5;
  for (int64_t round = 0; lk::bench::NowSeconds() < end && out.error.empty(); ++round) {
    if (d.screen() == "welcome") tap("welcome/start");
    tap("home/checkin/s-taichi-24-1");
    char card[16];
    std::snprintf(card, sizeof card, "3%07lld", static_cast<long long>(round));
    for (const char* c = card; *c; ++c) tap(std::string("checkin/key/") + *c);
    tap("checkin/submit");
    if (d.screen() != "confirmation" && out.error.empty()) out.error = "no confirmation for " + std::string(card);
    tap("confirm/done");
    tap("home/search");
    for (char c : std::string("tjq")) tap(std::string("search/key/") + c);
    tap("nav/home");
    if (round % 25 == 24) {
      tap("home/language");
      tap("home/large-text");
    }
    ++out.check_ins;
    const double rss = RssMiB();
    out.peak_mib = std::max(out.peak_mib, rss);
    // Every other switch goes back to the configured language and text size: compare only those moments,
    // so that both samples hold the same fonts.
    if (round % 50 == 49) {
      if (out.early_mib < 0 && lk::bench::NowSeconds() >= early_at) out.early_mib = rss;
      out.end_mib = rss;
    }
  }
  return out;
}

std::string Ms(double ms) { return lk::bench::Format("%.1f ms", ms); }

}  // namespace

int main(int argc, char** argv) {
  const bool quick = std::getenv("LK_BENCH_QUICK") != nullptr && *std::getenv("LK_BENCH_QUICK") != '\0';
  int runs = quick ? 5 : 15, idle_seconds = quick ? 10 : 30, frames = quick ? 100 : 300;
  double use_minutes = quick ? 1 : 10;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--reference-frame") return ReferenceFrame();
    if (arg == "--runs" && i + 1 < argc) runs = std::atoi(argv[++i]);
    if (arg == "--idle-seconds" && i + 1 < argc) idle_seconds = std::atoi(argv[++i]);
    if (arg == "--frames" && i + 1 < argc) frames = std::atoi(argv[++i]);
    if (arg == "--use-minutes" && i + 1 < argc) use_minutes = std::atof(argv[++i]);
  }
  setenv("SDL_VIDEODRIVER", "dummy", 0);
  setenv("SDL_RENDER_DRIVER", "software", 0);
  const std::string kiosk = lk::testing::BinaryPath("learning-kiosk");
  lk::testing::TempDir tmp;
  const auto env = Environment({"LK_REPORT_FIRST_FRAME=1", "TMPDIR=" + tmp.path()});
  using lk::bench::Quantile;

  // Start to first frame, the kiosk and the reference interleaved so both see the same machine.
  std::vector<double> kiosk_ms, reference_ms;
  for (int i = 0; i < runs; ++i) {
    double k = TimeToFirstFrame(
        {kiosk, "--demo", "--windowed", "1920x1080", "--config", "/dev/null", "--screenshot", tmp.File("first.png")},
        env);
    double r = TimeToFirstFrame({"/proc/self/exe", "--reference-frame"}, env);
    if (k >= 0) kiosk_ms.push_back(k);
    if (r >= 0) reference_ms.push_back(r);
  }
  if (kiosk_ms.empty() || reference_ms.empty()) {
    lk::bench::Row("process start to first frame, with the Chinese font", "failed (see the log)", "", "",
                   "under 300 ms, within 1.5x", false);
  } else {
    double k50 = Quantile(kiosk_ms, 0.5), r50 = Quantile(reference_ms, 0.5);
    lk::bench::Row("process start to first frame, with the Chinese font",
                   "median " + Ms(k50) + ", p99 " + Ms(Quantile(kiosk_ms, 0.99)) + " (" +
                       std::to_string(kiosk_ms.size()) + " runs)",
                   "SDL window + empty ImGui frame: median " + Ms(r50), lk::bench::Format("%.2fx", k50 / r50),
                   "under 300 ms, within 1.5x", k50 < 300 && k50 / r50 <= 1.5);
  }

  // The full atlas after the first frame, in this process.
  std::vector<double> after_ms, swap_ms;
  FullAtlasRun first_run;
  for (int i = 0; i < runs; ++i) {
    FullAtlasRun run = FullAtlasAfterFirstFrame();
    if (run.after_first_frame_ms < 0) continue;
    if (after_ms.empty()) first_run = run;
    after_ms.push_back(run.after_first_frame_ms);
    swap_ms.push_back(run.swap_ms);
  }
  if (after_ms.empty()) {
    std::printf("| first frame to the full font atlas, in process | failed (see the log) | | | | **no** |\n");
  } else {
    std::fprintf(stderr, "full atlas: VmRSS %.1f MiB at the first frame, peak %.1f MiB until the full atlas, "
                 "%.1f MiB after\n", first_run.rss_first_mib, first_run.rss_peak_mib, first_run.rss_after_mib);
    // No target of its own: how long a character outside the first atlas would show as '?'.
    std::printf("| first frame to the full font atlas (font thread), in process | median %s, p99 %s (%zu runs); "
                "UI thread's swap median %s; VmRSS %.1f -> peak %.1f -> %.1f MiB | start to first frame: median %s "
                "| | no target: a character beyond the first atlas is '?' this long | - |\n",
                Ms(Quantile(after_ms, 0.5)).c_str(), Ms(Quantile(after_ms, 0.99)).c_str(), after_ms.size(),
                Ms(Quantile(swap_ms, 0.5)).c_str(), first_run.rss_first_mib, first_run.rss_peak_mib,
                first_run.rss_after_mib, kiosk_ms.empty() ? "-" : Ms(Quantile(kiosk_ms, 0.5)).c_str());
    std::fflush(stdout);
  }

  // Idle: the welcome screen, nothing touching it.
  auto [pid, err] = Spawn({kiosk, "--demo", "--windowed", "1920x1080", "--config", "/dev/null"}, env);
  std::thread drain([fd = err] { ReadAll(fd); });
  // Waits on the real process: start-up (font atlas, first frames) is not idle time; 3 s covers it.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  long long before = CpuTicks(pid);
  auto idle_start = std::chrono::steady_clock::now();
  // The measurement window itself: the real process's CPU time over a fixed stretch of wall time.
  std::this_thread::sleep_for(std::chrono::seconds(idle_seconds));
  long long after = CpuTicks(pid);
  double idle_wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - idle_start).count();
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  drain.join();
  double idle_cpu = double(after - before) / double(sysconf(_SC_CLK_TCK)) / idle_wall * 100.0;
  lk::bench::Row("idle CPU of the kiosk over " + std::to_string(idle_seconds) + " s",
                 lk::bench::Format("%.2f%% of a core", idle_cpu), "", "", "under 0.5% of a core", idle_cpu < 0.5);

  // Frame time: the busiest screens (most text and widgets), the worst p99 of them.
  struct ScreenTimes {
    const char* screen;
    std::vector<double> ms;
  };
  std::vector<ScreenTimes> screens = {{"home", FrameTimes("home", frames)},
                                      {"search", FrameTimes("search", frames)},
                                      {"checkin", FrameTimes("checkin", frames)}};
  const ScreenTimes* worst = nullptr;
  for (const auto& s : screens) {
    std::fprintf(stderr, "frame %-8s median %.2f ms p99 %.2f ms max %.2f ms (%zu frames)\n", s.screen,
                 Quantile(s.ms, 0.5), Quantile(s.ms, 0.99), Quantile(s.ms, 1), s.ms.size());
    if (!s.ms.empty() && (!worst || Quantile(s.ms, 0.99) > Quantile(worst->ms, 0.99))) worst = &s;
  }
  if (!worst) {
    lk::bench::Row("frame time at 1920x1080, software renderer, busiest screen", "failed (see the log)", "", "",
                   "p99 under 12 ms", false);
  } else {
    double p99 = Quantile(worst->ms, 0.99);
    lk::bench::Row("frame time at 1920x1080, software renderer, busiest screen",
                   "median " + lk::bench::Format("%.2f ms", Quantile(worst->ms, 0.5)) + ", p99 " +
                       lk::bench::Format("%.2f ms", p99) + " (" + worst->screen + ", " +
                       std::to_string(worst->ms.size()) + " frames)",
                   "", "", "p99 under 12 ms", p99 < 12);
  }

  RssFigures rss = ScriptedUse(use_minutes);
  const std::string rss_figure =
      "resident RSS after " + lk::bench::Format("%g", use_minutes) + " minutes of scripted use";
  if (!rss.error.empty() || rss.early_mib < 0) {
    lk::bench::Row(rss_figure, "failed: " + rss.error, "", "", "under 80 MB, not growing", false);
  } else {
    double growth = rss.end_mib - rss.early_mib;
    lk::bench::Row(rss_figure,
                   lk::bench::Format("%.1f MiB at the end, peak %.1f MiB", rss.end_mib, rss.peak_mib) + " (" +
                       std::to_string(rss.check_ins) + " check-ins)",
                   lk::bench::Format("%.1f MiB at a fifth of the run", rss.early_mib),
                   lk::bench::Format("%+.1f MiB", growth), "under 80 MB, not growing",
                   rss.peak_mib * 1.048576 < 80 && growth < 0.05 * rss.early_mib);
  }
  return 0;
}
