// Handwriting recognition (kiosk/core/handwriting) over the 3,755 level-1 characters of GB 2312, issue #18:
// each character's stroke medians from the npm package hanzi-writer-data (fetched into the build tree by
// tests/bench/fetch-hanzi-writer-data.sh, which tests/bench/run.sh calls; never committed), drawn as the pad
// captures them, clean and with small jitter. Prints top-1 and top-8 accuracy, recognition time p50/p99 per
// character (what the pad runs: HandwritingRecognizer::Suggest with the demo catalogue), and what the
// catalogue boost adds for the level-1 characters of the demo catalogue's titles, teachers and categories.
//
// "As the pad captures them": hanzi-writer-data draws on a 1024 square with y up and the top at y = 900
// (makemeahanzi's convention); that is mapped onto the pad's 0-1000 square with y down, and each median
// polyline is resampled every kStep units, about what a finger moving at 0.7 pad widths a second leaves
// between two 60 Hz frames, rounded to whole units. Jitter: each stroke shifted by a normal offset
// (sigma kStrokeShift) and each point moved by normal noise (sigma kPointNoise), fixed seed.
//
// Input: LK_HANZI_WRITER_DATA, the package's directory of <character>.json files. When it is unset or
// missing the benchmark prints its rows as skipped and exits 0. LK_BENCH_QUICK: every fifth character.
// LK_ZINNIA_MODEL: the model (default Debian's).
#include <iconv.h>
#include <time.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>

#include <nlohmann/json.hpp>

#include "kiosk/core/catalog_json.h"
#include "kiosk/core/handwriting/recognizer.h"
#include "tests/bench/bench_util.h"

namespace lk::bench {
namespace {

constexpr double kStep = 12;         // pad units between captured points
constexpr double kStrokeShift = 12;  // sigma of each stroke's offset, pad units
constexpr double kPointNoise = 6;    // sigma of each point's noise, pad units
constexpr size_t kShown = 8;

struct IconvCloser {
  void operator()(void* cd) const { iconv_close(static_cast<iconv_t>(cd)); }
};

// GB 2312 level 1: rows 16-55 (lead bytes 0xB0-0xD7), 94 cells each, row 55 ending at 0xD7F9: 3,755.
std::vector<std::string> Gb2312Level1() {
  std::unique_ptr<void, IconvCloser> cd(iconv_open("UTF-8", "GB2312"));
  if (cd.get() == reinterpret_cast<void*>(-1)) {
    cd.release();
    return {};
  }
  std::vector<std::string> out;
  for (int lead = 0xB0; lead <= 0xD7; ++lead) {
    for (int trail = 0xA1; trail <= (lead == 0xD7 ? 0xF9 : 0xFE); ++trail) {
      char in[2] = {char(lead), char(trail)};
      char utf8[8];
      char* inp = in;
      char* outp = utf8;
      size_t in_left = 2, out_left = sizeof utf8;
      if (iconv(static_cast<iconv_t>(cd.get()), &inp, &in_left, &outp, &out_left) == size_t(-1)) continue;
      out.emplace_back(utf8, size_t(outp - utf8));
    }
  }
  return out;
}

// The medians of `character`, in hanzi-writer-data's coordinates; empty when the file is missing.
std::vector<std::vector<std::pair<double, double>>> Medians(const std::string& dir, const std::string& character) {
  std::ifstream in(dir + "/" + character + ".json", std::ios::binary);
  if (!in) return {};
  const nlohmann::json root = nlohmann::json::parse(in, nullptr, false);
  std::vector<std::vector<std::pair<double, double>>> medians;
  if (root.is_discarded() || !root.contains("medians")) return {};
  for (const auto& stroke : root["medians"]) {
    std::vector<std::pair<double, double>> points;
    for (const auto& p : stroke) points.emplace_back(p[0].get<double>(), p[1].get<double>());
    medians.push_back(std::move(points));
  }
  return medians;
}

double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

int ToPad(double v) { return std::clamp(int(std::lround(v)), 0, kStrokeSquare); }

// The medians as the pad would capture them (see the file comment); `rng` null: no jitter.
std::vector<Stroke> Capture(const std::vector<std::vector<std::pair<double, double>>>& medians, std::mt19937* rng) {
  std::normal_distribution<double> shift(0, kStrokeShift), noise(0, kPointNoise);
  std::vector<Stroke> strokes;
  for (const auto& median : medians) {
    if (median.empty()) continue;
    const double dx = rng ? shift(*rng) : 0, dy = rng ? shift(*rng) : 0;
    auto pad = [&](std::pair<double, double> p) {
      return std::pair<double, double>(p.first * kStrokeSquare / 1024.0 + dx, (900 - p.second) * kStrokeSquare / 1024.0 + dy);
    };
    Stroke stroke;
    auto add = [&](std::pair<double, double> p) {
      StrokePoint q{ToPad(p.first + (rng ? noise(*rng) : 0)), ToPad(p.second + (rng ? noise(*rng) : 0))};
      if (stroke.empty() || !(stroke.back() == q)) stroke.push_back(q);
    };
    add(pad(median.front()));
    for (size_t i = 1; i < median.size(); ++i) {
      const auto a = pad(median[i - 1]), b = pad(median[i]);
      const double length = std::hypot(b.first - a.first, b.second - a.second);
      const int steps = std::max(1, int(std::ceil(length / kStep)));
      for (int s = 1; s <= steps; ++s) {
        const double t = double(s) / steps;
        add({a.first + (b.first - a.first) * t, a.second + (b.second - a.second) * t});
      }
    }
    strokes.push_back(std::move(stroke));
  }
  return strokes;
}

size_t RankOf(const std::vector<Candidate>& candidates, const std::string& character) {
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (candidates[i].character == character) return i;
  }
  return candidates.size();
}

struct Tally {
  int total = 0, top1 = 0, top8 = 0;
  void Add(size_t rank) {
    ++total;
    top1 += rank == 0;
    top8 += rank < kShown;
  }
  double Top1() const { return total ? 100.0 * top1 / total : 0; }
  double Top8() const { return total ? 100.0 * top8 / total : 0; }
};

int Run() {
  const char* quick = std::getenv("LK_BENCH_QUICK");
  const bool is_quick = quick && *quick;
  const char* data_env = std::getenv("LK_HANZI_WRITER_DATA");
  const std::string data = data_env ? data_env : "";
  const std::string figure = "handwriting top-8, GB 2312 level 1 (hanzi-writer-data medians)";
  if (data.empty() || !std::filesystem::is_directory(data)) {
    std::cerr << "handwriting_bench: skipped: no hanzi-writer-data (LK_HANZI_WRITER_DATA unset or missing; "
                 "tests/bench/fetch-hanzi-writer-data.sh fetches it with npm pack when the registry is reachable)\n";
    Row(figure, "skipped: hanzi-writer-data not available (npm registry unreachable?)", "", "", ">= 95%", false);
    Row("handwriting recognition time per character", "skipped", "", "", "p99 < 30 ms", false);
    return 0;
  }
  auto recognizer = HandwritingRecognizer::Open(ModelPath(std::getenv("LK_ZINNIA_MODEL"), ""));
  if (!recognizer.ok()) {
    std::cerr << "handwriting_bench: " << recognizer.status().ToString() << "\n";
    return 1;
  }
  auto demo = LoadCatalogFile(std::string(LK_SOURCE_DIR) + "/assets/demo/catalog.json", 0);
  if (!demo.ok()) {
    std::cerr << "handwriting_bench: " << demo.status().ToString() << "\n";
    return 1;
  }
  const std::unordered_set<std::string> catalogue = CatalogueCharacters(*demo);
  const std::unordered_set<std::string> none;
  const std::vector<std::string> level1 = Gb2312Level1();
  if (level1.size() != 3755) {
    std::cerr << "handwriting_bench: iconv gave " << level1.size() << " GB 2312 level-1 characters, not 3755\n";
    return 1;
  }

  std::mt19937 rng(18);
  Tally clean, jittered, cat_plain, cat_boosted, cat_plain_j, cat_boosted_j;
  std::vector<double> times_ms, cpu_ms;
  int missing = 0;
  for (size_t i = 0; i < level1.size(); i += is_quick ? 5 : 1) {
    const std::string& character = level1[i];
    const auto medians = Medians(data, character);
    if (medians.empty()) {
      ++missing;
      continue;
    }
    const bool in_catalogue = catalogue.count(character) > 0;
    for (bool jitter : {false, true}) {
      const std::vector<Stroke> strokes = Capture(medians, jitter ? &rng : nullptr);
      const double t0 = NowSeconds(), c0 = ThreadCpuMs();
      auto boosted = recognizer->Suggest(strokes, catalogue, kShown);
      const double t1 = NowSeconds(), c1 = ThreadCpuMs();
      auto plain = recognizer->Suggest(strokes, none, kShown);
      if (!boosted.ok() || !plain.ok()) {
        std::cerr << "handwriting_bench: " << character << ": " << (boosted.ok() ? plain : boosted).status().ToString() << "\n";
        return 1;
      }
      if (!jitter) {
        times_ms.push_back((t1 - t0) * 1000);
        cpu_ms.push_back(c1 - c0);
      }
      const size_t plain_rank = RankOf(*plain, character), boosted_rank = RankOf(*boosted, character);
      (jitter ? jittered : clean).Add(plain_rank);
      if (in_catalogue) {
        (jitter ? cat_plain_j : cat_plain).Add(plain_rank);
        (jitter ? cat_boosted_j : cat_boosted).Add(boosted_rank);
      }
    }
  }
  std::cerr << "handwriting_bench: " << clean.total << " characters measured, " << missing
            << " without hanzi-writer-data medians\n";
  auto accuracy = [](const Tally& t) { return Format("%.1f%% (top-1 %.1f%%)", t.Top8(), t.Top1()) + " of " + std::to_string(t.total); };
  Row(figure + ", clean", accuracy(clean), "", "", ">= 95%", clean.Top8() >= 95);
  Row(figure + ", jitter", accuracy(jittered), "", "", ">= 95%", jittered.Top8() >= 95);
  const double p50 = Quantile(times_ms, 0.5), p99 = Quantile(times_ms, 0.99);
  Row("handwriting recognition time per character (Suggest: 40 candidates, boost)", Format("p50 %.2f ms, p99 %.2f ms", p50, p99),
      "", "", "p99 < 30 ms", p99 < 30);
  const double cpu_p99 = Quantile(cpu_ms, 0.99);
  Row("handwriting recognition time per character (thread CPU time)",
      Format("p50 %.2f ms, p99 %.2f ms", Quantile(cpu_ms, 0.5), cpu_p99), "", "", "p99 < 30 ms", cpu_p99 < 30);
  auto boost = [](const Tally& plain, const Tally& boosted) {
    return Format("top-1 %.1f%% -> %.1f%%", plain.Top1(), boosted.Top1()) +
           Format(", top-8 %.1f%% -> %.1f%%", plain.Top8(), boosted.Top8()) + " of " + std::to_string(plain.total);
  };
  Row("catalogue boost for the demo catalogue's level-1 characters, clean (without -> with)", boost(cat_plain, cat_boosted),
      "", "", "report", true);
  Row("catalogue boost for the demo catalogue's level-1 characters, jitter (without -> with)", boost(cat_plain_j, cat_boosted_j),
      "", "", "report", true);
  return 0;
}

}  // namespace
}  // namespace lk::bench

int main() { return lk::bench::Run(); }
