// Small helpers for the benchmark programs: timing, percentiles, and the one table format that
// tests/bench/run.sh collects: each figure is one markdown row
// `| figure | measured | reference (same run) | ratio | target | met? |` on standard output.
// Header-only; single-threaded use.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace lk::bench {

inline double NowSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// The q-quantile (0..1) of `samples` by nearest rank.
inline double Quantile(std::vector<double> samples, double q) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  size_t rank = size_t(q * double(samples.size() - 1) + 0.5);
  return samples[std::min(rank, samples.size() - 1)];
}

inline std::string Format(const char* fmt, double a, double b = 0) {
  char buf[128];
  std::snprintf(buf, sizeof buf, fmt, a, b);
  return buf;
}

inline void Row(const std::string& figure, const std::string& measured, const std::string& reference,
                const std::string& ratio, const std::string& target, bool met) {
  std::printf("| %s | %s | %s | %s | %s | %s |\n", figure.c_str(), measured.c_str(), reference.c_str(),
              ratio.c_str(), target.c_str(), met ? "yes" : "**no**");
  std::fflush(stdout);
}

}  // namespace lk::bench
