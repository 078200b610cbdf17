// The kiosk in a real cage session (tests/session/cage_session.h: headless wlroots, pixman, SDL on
// Wayland, as `nobody` when root) beside Debian's `chromium --kiosk` showing an equivalent static page
// (the centre's name as a CJK heading, 30 buttons, a 50-row table) in the same kind of session, each run
// alternately. Figures, the median of the runs:
//   - start to first frame: the kiosk's own READY=1 (sent after its first frame), and for both the first
//     painted `grim` screenshot (not blank, and not cage's black: a client has drawn), polled;
//   - PSS of the app plus the compositor (cage and everything below it: Xwayland when it runs, Chromium's
//     helper processes), 2 s after the first painted screenshot.
// The kiosk binary is $LK_BENCH_BIN/learning-kiosk (tests/bench/run.sh's Release tree).
// LK_BENCH_QUICK=1: one run each instead of three. LK_SESSION_BENCH_SHOTS=DIR: each first painted
// screenshot is also written there (kiosk.png, chromium.png), to see what was timed.
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

struct RunFigures {
  double ready_ms = 0;    // the kiosk's READY=1; 0 for Chromium
  double painted_ms = 0;  // first painted screenshot
  double pss_mib = 0;
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

// One session of `app` (a kiosk when `kiosk`): its figures, or an error message in *error.
RunFigures Measure(bool kiosk, std::string* error) {
  RunFigures figures;
  CageSession session(kiosk ? 3'000'000 : 0);
  std::vector<std::string> app;
  if (kiosk) {
    const char* bin = std::getenv("LK_BENCH_BIN");
    app = session.InstallKiosk(std::string(bin ? bin : "build-bench/bin") + "/learning-kiosk");
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
  if (kiosk) {
    if (!session.WaitForMessage("READY=1", deadline)) {
      *error = "no READY=1 within 30 s (" + session.log_path() + ")";
      return figures;
    }
    figures.ready_ms = ms_since_start();
  }
  for (;;) {
    std::optional<lk::testing::Image> shot = session.Screenshot();
    if (shot && Painted(*shot)) {
      const char* shots = std::getenv("LK_SESSION_BENCH_SHOTS");
      if (shots && *shots) lk::testing::WritePng(*shot, std::string(shots) + (kiosk ? "/kiosk.png" : "/chromium.png"));
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
  std::vector<double> ready, painted, pss, chromium_painted, chromium_pss;
  for (int i = 0; i < runs; ++i) {
    std::string error;
    RunFigures k = Measure(true, &error);
    if (!error.empty()) {
      std::fprintf(stderr, "session_bench: %s\n", error.c_str());
      return 1;
    }
    RunFigures c = Measure(false, &error);
    if (!error.empty()) {
      std::fprintf(stderr, "session_bench: %s\n", error.c_str());
      return 1;
    }
    std::fprintf(stderr,
                 "run %d: kiosk READY %.0f ms, painted %.0f ms, PSS %.1f MiB; chromium painted %.0f ms, PSS %.1f MiB\n",
                 i + 1, k.ready_ms, k.painted_ms, k.pss_mib, c.painted_ms, c.pss_mib);
    ready.push_back(k.ready_ms);
    painted.push_back(k.painted_ms);
    pss.push_back(k.pss_mib);
    chromium_painted.push_back(c.painted_ms);
    chromium_pss.push_back(c.pss_mib);
  }
  using lk::bench::Format;
  using lk::bench::Row;
  const double r = Median(ready), p = Median(painted), m = Median(pss), cp = Median(chromium_painted),
               cm = Median(chromium_pss);
  Row("cage session (headless, pixman): start to first frame, the kiosk's READY=1", Format("%.0f ms", r),
      Format("Chromium --kiosk, first painted screenshot: %.0f ms", cp), Format("%.2fx", r / cp),
      "<= 1/5 of Chromium's", r <= cp / 5);
  Row("cage session: start to first painted screenshot (grim, polled)", Format("%.0f ms", p),
      Format("Chromium --kiosk: %.0f ms", cp), Format("%.2fx", p / cp), "<= 1/5 of Chromium's", p <= cp / 5);
  Row("cage session: PSS of app + compositor (cage and below)", Format("%.1f MiB", m),
      Format("Chromium --kiosk + cage: %.1f MiB", cm), Format("%.2fx", m / cm), "< 60 MB and <= 1/6 of Chromium's",
      m * 1.048576 < 60 && m <= cm / 6);
  return 0;
}
