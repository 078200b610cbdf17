// The kiosk in a real cage session (tests/session/cage_session.h: headless wlroots, pixman, SDL on
// Wayland, as `nobody` when root) beside Debian's `chromium --kiosk` showing an equivalent static page
// (the centre's name as a CJK heading, 30 buttons, a 50-row table) and beside an empty SDL + ImGui frame
// (empty_frame.cc: the kiosk's own window and presenter), each in a fresh session of the same kind, run
// alternately. Figures, the median of the runs:
//   - start to first frame: the kiosk's own READY=1 (sent after its first frame; the empty frame sends it
//     the same way), and for the kiosk and Chromium the first painted `grim` screenshot (not blank, and
//     not cage's black: a client has drawn), polled;
//   - PSS of the app plus the compositor (cage and everything below it: Xwayland when it runs, Chromium's
//     helper processes), 2 s after the first painted screenshot;
//   - idle CPU: CPU time of cage and everything below it over the next 30 s with nothing touching the
//     screen, as a share of one core;
//   - the kiosk with [display] renderer = "gpu" (SDL's GLES renderer, Mesa llvmpipe here) beside the
//     default "software" (shared memory, no GL context), for packaging/OPERATORS.md.
// The kiosk binary is $LK_BENCH_BIN/learning-kiosk (tests/bench/run.sh's Release tree); empty_frame is
// found next to this program. LK_BENCH_QUICK=1: one run each instead of three. LK_SESSION_BENCH_SHOTS=DIR:
// each first painted screenshot is also written there (kiosk.png, kiosk-gpu.png, chromium.png).
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/bench/bench_util.h"
#include "tests/session/cage_session.h"

namespace {

using lk::testing::CageSession;
using lk::testing::SessionClock;

constexpr int kIdleSeconds = 30;

enum class Subject { kKiosk, kKioskGpu, kEmptyFrame, kChromium };

struct RunFigures {
  double ready_ms = 0;    // READY=1 (the kiosk, the empty frame)
  double painted_ms = 0;  // first painted screenshot (the kiosk, Chromium)
  double pss_mib = 0;
  double idle_cpu_percent = 0;  // of one core, over kIdleSeconds (the kiosk, Chromium)
};

// The equivalent of the kiosk's busiest static content, as one HTML file.
std::string StaticPage() {
  std::string page =
      "<!doctype html><html lang=\"zh\"><meta charset=\"utf-8\"><style>body{margin:40px;font-family:'Noto Sans CJK SC',"
      "sans-serif;background:#f3f0ea}button{min-height:96px;min-width:200px;margin:8px;font-size:30px}"
      "td{padding:8px;font-size:24px}</style><h1>北京市东城区交道口街道社区学习中心</h1><div>";
  for (int i = 1; i <= 30; ++i) page += "<button>课程 " + std::to_string(i) + "</button>";
  page += "</div><table>";
  for (int i = 1; i <= 50; ++i) {
    page += "<tr><td>" + std::to_string(i) + "</td><td>书法入门</td><td>周" + std::to_string(i % 7 + 1) +
            " 09:00-10:30</td><td>二楼活动室</td></tr>";
  }
  return page + "</table></html>";
}

bool Painted(const lk::testing::Image& image) {
  const unsigned char* corner = image.At(0, 0);
  return lk::testing::NotBlank(image) && (corner[0] | corner[1] | corner[2]) != 0;
}

std::string Directory(const std::string& path) { return path.substr(0, path.rfind('/')); }

// One session of `subject`: its figures, or an error message in *error.
RunFigures Measure(Subject subject, std::string* error) {
  RunFigures figures;
  const bool kiosk = subject == Subject::kKiosk || subject == Subject::kKioskGpu;
  const bool sends_ready = subject != Subject::kChromium;
  CageSession session(sends_ready ? 3'000'000 : 0);
  std::vector<std::string> app;
  if (kiosk) {
    const char* bin = std::getenv("LK_BENCH_BIN");
    app = session.InstallKiosk(std::string(bin ? bin : "build-bench/bin") + "/learning-kiosk");
    if (subject == Subject::kKioskGpu) session.SetKioskRenderer("gpu");
  } else if (subject == Subject::kEmptyFrame) {
    const std::string copy = session.File("empty_frame");  // the session user may not reach the build tree
    std::filesystem::copy_file(Directory(std::filesystem::read_symlink("/proc/self/exe")) + "/empty_frame", copy);
    app = {copy};
  } else {
    const std::string page = session.File("page.html");
    std::ofstream(page) << StaticPage();
    chmod(page.c_str(), 0644);
    app = {"/usr/bin/chromium",
           "--kiosk",
           "--no-first-run",
           "--ozone-platform=wayland",
           "--start-fullscreen",
           "--disable-features=Translate",
           "--user-data-dir=" + session.File("home/profile"),
           "file://" + page};
  }
  session.Start(app);
  const auto deadline = session.started() + std::chrono::seconds(30);
  auto ms_since_start = [&] {
    return std::chrono::duration<double, std::milli>(SessionClock::now() - session.started()).count();
  };
  if (sends_ready) {
    if (!session.WaitForMessage("READY=1", deadline)) {
      *error = "no READY=1 within 30 s (" + session.log_path() + ")";
      return figures;
    }
    figures.ready_ms = ms_since_start();
    if (subject == Subject::kEmptyFrame) return figures;  // it draws black: nothing to poll for
  }
  for (;;) {
    std::optional<lk::testing::Image> shot = session.Screenshot();
    if (shot && Painted(*shot)) {
      const char* shots = std::getenv("LK_SESSION_BENCH_SHOTS");
      const char* name = subject == Subject::kKiosk ? "/kiosk.png" : kiosk ? "/kiosk-gpu.png" : "/chromium.png";
      if (shots && *shots) lk::testing::WritePng(*shot, std::string(shots) + name);
      break;
    }
    if (SessionClock::now() >= deadline) {
      *error = std::string(kiosk ? "the kiosk" : "chromium") + " painted nothing within 30 s";
      return figures;
    }
  }
  figures.painted_ms = ms_since_start();
  std::this_thread::sleep_for(std::chrono::seconds(2));  // settled: what it holds while showing the page
  figures.pss_mib = double(session.PssKib()) / 1024;
  if (subject != Subject::kKioskGpu) {
    const double cpu_before = session.CpuMs();
    std::this_thread::sleep_for(std::chrono::seconds(kIdleSeconds));
    figures.idle_cpu_percent = (session.CpuMs() - cpu_before) / (kIdleSeconds * 1000.0) * 100;
  }
  return figures;
}

double Median(std::vector<double> v) { return lk::bench::Quantile(std::move(v), 0.5); }

}  // namespace

int main() {
  if (access("/usr/bin/chromium", X_OK) != 0) {
    std::fprintf(stderr, "session_bench: /usr/bin/chromium is missing (apt-get install chromium)\n");
    return 1;
  }
  const int runs = std::getenv("LK_BENCH_QUICK") && *std::getenv("LK_BENCH_QUICK") ? 1 : 3;
  struct Series {
    std::vector<double> ready, painted, pss, idle;
    void Add(const RunFigures& f) {
      ready.push_back(f.ready_ms);
      painted.push_back(f.painted_ms);
      pss.push_back(f.pss_mib);
      idle.push_back(f.idle_cpu_percent);
    }
  };
  Series kiosk, gpu, empty, chromium;
  for (int i = 0; i < runs; ++i) {
    std::string error;
    RunFigures k = Measure(Subject::kKiosk, &error);
    RunFigures g = error.empty() ? Measure(Subject::kKioskGpu, &error) : RunFigures{};
    RunFigures e = error.empty() ? Measure(Subject::kEmptyFrame, &error) : RunFigures{};
    RunFigures c = error.empty() ? Measure(Subject::kChromium, &error) : RunFigures{};
    if (!error.empty()) {
      std::fprintf(stderr, "session_bench: %s\n", error.c_str());
      return 1;
    }
    std::fprintf(stderr,
                 "run %d: kiosk READY %.0f ms, painted %.0f ms, PSS %.1f MiB, idle CPU %.2f%%; gpu renderer READY %.0f "
                 "ms, PSS %.1f MiB; empty frame READY %.0f ms; chromium painted %.0f ms, PSS %.1f MiB, idle CPU %.2f%%\n",
                 i + 1, k.ready_ms, k.painted_ms, k.pss_mib, k.idle_cpu_percent, g.ready_ms, g.pss_mib, e.ready_ms,
                 c.painted_ms, c.pss_mib, c.idle_cpu_percent);
    kiosk.Add(k);
    gpu.Add(g);
    empty.Add(e);
    chromium.Add(c);
  }
  using lk::bench::Format;
  using lk::bench::Row;
  const double r = Median(kiosk.ready), p = Median(kiosk.painted), m = Median(kiosk.pss), idle = Median(kiosk.idle);
  const double er = Median(empty.ready), gr = Median(gpu.ready), gm = Median(gpu.pss);
  const double cp = Median(chromium.painted), cm = Median(chromium.pss), cidle = Median(chromium.idle);
  Row("cage session (headless, pixman): start to first frame, the kiosk's READY=1", Format("%.0f ms", r),
      Format("Chromium --kiosk, first painted screenshot: %.0f ms", cp), Format("%.2fx", r / cp),
      "<= 1/5 of Chromium's", r <= cp / 5);
  Row("cage session: start to first frame, the kiosk's READY=1", Format("%.0f ms", r),
      Format("an empty SDL + ImGui frame through the same window and presenter: %.0f ms", er),
      Format("%.2fx", r / er), "<= 1.5x", r <= er * 1.5);
  Row("cage session: start to first painted screenshot (grim, polled)", Format("%.0f ms", p),
      Format("Chromium --kiosk: %.0f ms", cp), Format("%.2fx", p / cp), "<= 1/5 of Chromium's", p <= cp / 5);
  Row("cage session: PSS of app + compositor (cage and below)", Format("%.1f MiB", m),
      Format("Chromium --kiosk + cage: %.1f MiB", cm), Format("%.2fx", m / cm), "< 60 MB and <= 1/6 of Chromium's",
      m * 1.048576 < 60 && m <= cm / 6);
  Row(Format("cage session: idle CPU over %.0f s (cage and below, share of one core)", kIdleSeconds),
      Format("%.2f%%", idle), Format("Chromium --kiosk + cage: %.2f%%", cidle),
      Format("%.2fx", cidle > 0 ? idle / cidle : 0), "<= 1/10 of Chromium's", idle <= cidle / 10);
  Row("cage session, renderer = \"gpu\" (GLES, Mesa llvmpipe): READY=1 / PSS", Format("%.0f ms / %.1f MiB", gr, gm),
      Format("renderer = \"software\" (shared memory): %.0f ms / %.1f MiB", r, m), Format("%.2fx PSS", gm / m),
      "the default is the smaller", m <= gm);
  return 0;
}
