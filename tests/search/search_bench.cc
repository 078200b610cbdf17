// search_bench: SearchIndex build time and per-keystroke query latency over a generated catalogue.
//
// Generates a deterministic catalogue (default 5,000 courses and 20,000 sessions, Chinese and English
// texts), builds the index several times, then "types" a set of queries one character at a time, many
// times over, timing every Query call as the kiosk would make it (limit 50). Measures wall time and the
// thread's CPU time (wall time also counts waiting for a core on a busy machine, so the load average is
// logged). References measured in the same run: copying the catalogue (for the build) and one plain
// substring scan of every course text per keystroke (for queries). Targets (issue): keystroke p99 under
// 2 ms, build under 200 ms, on 2 cores.
//
// Prints tests/bench/run.sh's markdown rows on stdout, details on stderr. LK_BENCH_QUICK=1: fewer
// repetitions. Usage: search_bench [--courses N] [--sessions N] [--repetitions N]
#include <string.h>  // memmem
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/search/search_index.h"
#include "kiosk/core/time_zone.h"
#include "tests/bench/bench_util.h"

namespace {

// Wall and thread CPU time since construction, in milliseconds.
class Stopwatch {
 public:
  Stopwatch() : wall_start_(std::chrono::steady_clock::now()), cpu_start_(ThreadCpuMs()) {}
  double WallMs() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall_start_).count();
  }
  double CpuMs() const { return ThreadCpuMs() - cpu_start_; }

 private:
  static double ThreadCpuMs() {
    timespec now;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
  }
  std::chrono::steady_clock::time_point wall_start_;
  double cpu_start_;
};

struct Words {
  const char* zh;
  const char* en;
};

constexpr Words kSubjects[] = {
    {"书法", "Calligraphy"},
    {"太极拳", "Tai Chi"},
    {"长寿养生", "Longevity"},
    {"音乐欣赏", "Music Appreciation"},
    {"旅游英语", "Travel English"},
    {"国画", "Chinese Painting"},
    {"智能手机", "Smartphone"},
    {"摄影", "Photography"},
    {"合唱", "Choir"},
    {"烹饪", "Cooking"},
    {"京剧", "Peking Opera"},
    {"二胡", "Erhu"},
    {"八段锦", "Baduanjin"},
    {"中医养生", "TCM Wellness"},
    {"防诈骗", "Fraud Awareness"},
    {"剪纸", "Paper Cutting"},
    {"园艺", "Gardening"},
    {"电脑", "Computers"},
    {"广场舞", "Square Dance"},
    {"唐诗宋词", "Classical Poetry"},
    {"健康饮食", "Healthy Eating"},
    {"法律常识", "Everyday Law"},
    {"手工编织", "Knitting"},
    {"行书", "Running Script"},
    {"银行业务", "Banking"},
    {"快乐读书", "Happy Reading"},
    {"微信视频", "WeChat Video"},
    {"绿色生活", "Green Living"},
    {"女性健康", "Women's Health"},
    {"象棋", "Chinese Chess"},
};
constexpr Words kLevels[] = {
    {"入门", "for Beginners"}, {"进阶", "Intermediate"}, {"基础班", "Basics"},   {"提高班", "Advanced"},
    {"兴趣小组", "Club"},      {"讲座", "Lecture"},      {"工作坊", "Workshop"}, {"", ""},
};
constexpr Words kPrefixes[] = {{"", ""}, {"老年", "Seniors' "}, {"社区", "Community "}, {"周末", "Weekend "}};
constexpr const char* kSummaryPhrasesZh[] = {
    "适合零基础学员",       "由专业老师授课",       "课程包括理论和实践", "请自带笔记本和水杯", "每周一次共八次课",
    "学员可以互相交流经验", "帮助大家提高生活质量", "注意安全与健康",     "结业时颁发证书",     "欢迎家属一同参加",
    "课后有答疑时间",       "教材由中心免费提供",   "名额有限请提前报名", "内容贴近日常生活",   "老师耐心细致",
    "结合传统文化讲解",     "练习时量力而行",       "可以带孙辈一起来",   "讲解常见误区",       "分组练习互相帮助",
};
constexpr const char* kSummaryPhrasesEn[] = {
    "No experience needed.",   "Taught by a qualified teacher.", "Theory and practice.",
    "Bring a notebook.",       "Weekly, eight sessions.",        "Share experience with classmates.",
    "Certificate at the end.", "Materials are provided.",        "Places are limited.",
    "Relatives welcome.",
};
constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                     "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
constexpr const char* kSurnamesEn[] = {"Wang", "Li",  "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu",
                                       "Xu",   "Sun", "Hu",    "Zhu", "Gao",  "Lin",  "He",   "Guo",   "Ma",   "Luo"};
constexpr const char* kTitlesOfAddress[] = {"老师", "医生", "师傅", "警官"};

template <typename T, size_t N>
const T& Pick(const T (&items)[N], std::mt19937& random) {
  return items[std::uniform_int_distribution<size_t>(0, N - 1)(random)];
}

lk::Catalog GenerateCatalog(int course_count, int session_count, lk::TimeMs now) {
  std::mt19937 random(20260310);
  lk::Catalog catalog;
  catalog.version = "bench";
  for (size_t i = 0; i < std::size(kSubjects); ++i) {
    catalog.categories.push_back({"cat-" + std::to_string(i), {kSubjects[i].zh, kSubjects[i].en}, static_cast<int>(i)});
  }
  for (int i = 0; i < course_count; ++i) {
    size_t subject = std::uniform_int_distribution<size_t>(0, std::size(kSubjects) - 1)(random);
    const Words& level = Pick(kLevels, random);
    const Words& prefix = Pick(kPrefixes, random);
    lk::Course course;
    course.id = "c-" + std::to_string(100000 + i);
    course.category_id = "cat-" + std::to_string(subject);
    course.title.zh = std::string(prefix.zh) + kSubjects[subject].zh + level.zh;
    course.title.en = std::string(prefix.en) + kSubjects[subject].en + (*level.en ? " " : "") + level.en;
    if (i % 3 == 0) {
      course.title.zh += "（第" + std::to_string(i % 12 + 1) + "期）";
      course.title.en += " (" + std::to_string(i % 12 + 1) + ")";
    }
    for (int phrase = 0; phrase < 4; ++phrase) {
      course.summary.zh += std::string(Pick(kSummaryPhrasesZh, random)) + (phrase < 3 ? "，" : "。");
      course.summary.en += std::string(phrase ? " " : "") + Pick(kSummaryPhrasesEn, random);
    }
    size_t surname = std::uniform_int_distribution<size_t>(0, std::size(kSurnames) - 1)(random);
    course.teacher.zh = std::string(kSurnames[surname]) + Pick(kTitlesOfAddress, random);
    course.teacher.en = std::string("Teacher ") + kSurnamesEn[surname];
    catalog.courses.push_back(std::move(course));
  }
  std::uniform_int_distribution<int> course_dist(0, course_count - 1);
  std::uniform_int_distribution<int> day_dist(-7, 30);
  std::uniform_int_distribution<int> minute_dist(8 * 60, 19 * 60);
  for (int i = 0; i < session_count; ++i) {
    lk::Session session;
    session.id = "s-" + std::to_string(i);
    session.course_id = catalog.courses[course_dist(random)].id;
    lk::TimeMs day_start = now - now % lk::kMsPerDay + day_dist(random) * lk::kMsPerDay;
    session.starts_at = day_start + minute_dist(random) * lk::kMsPerMinute - 8 * lk::kMsPerHour;
    session.ends_at = session.starts_at + (60 + 30 * (i % 3)) * lk::kMsPerMinute;
    catalog.sessions.push_back(std::move(session));
  }
  return catalog;
}

using lk::bench::Format;
using lk::bench::Quantile;

void LogTimes(const char* what, const std::vector<double>& wall_ms, const std::vector<double>& cpu_ms) {
  for (const auto& [clock, ms] : {std::pair{"wall", &wall_ms}, std::pair{"cpu ", &cpu_ms}}) {
    std::fprintf(stderr, "%s: %s median %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms\n", what, clock,
                 Quantile(*ms, 0.5), Quantile(*ms, 0.9), Quantile(*ms, 0.99), Quantile(*ms, 1.0));
  }
}

// The reference for one keystroke: a plain substring scan of every course text, no pinyin, no ranking.
size_t ScanEveryText(const lk::Catalog& catalog, const std::string& typed) {
  size_t found = 0;
  for (const lk::Course& course : catalog.courses) {
    for (const lk::LocalizedText* text : {&course.title, &course.teacher, &course.summary}) {
      for (const std::string* language : {&text->zh, &text->en}) {
        found += memmem(language->data(), language->size(), typed.data(), typed.size()) != nullptr;
      }
    }
  }
  return found;
}

// Every prefix of `query`, as typed one character (one UTF-8 sequence) at a time.
std::vector<std::string> Keystrokes(std::string_view query) {
  std::vector<std::string> prefixes;
  for (size_t end = 1; end <= query.size(); ++end) {
    if (end < query.size() && (query[end] & 0xC0) == 0x80) continue;
    prefixes.emplace_back(query.substr(0, end));
  }
  return prefixes;
}

int IntFlag(int argc, char** argv, std::string_view name, int fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (argv[i] == name) return std::atoi(argv[i + 1]);
  }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = std::getenv("LK_BENCH_QUICK") != nullptr && *std::getenv("LK_BENCH_QUICK") != '\0';
  const int course_count = IntFlag(argc, argv, "--courses", 5000);
  const int session_count = IntFlag(argc, argv, "--sessions", 20000);
  const int repetitions = IntFlag(argc, argv, "--repetitions", quick ? 5 : 30);
  const lk::TimeZone beijing = lk::TimeZone::FixedOffset("Asia/Shanghai", 8 * 3600);
  const lk::TimeMs now = lk::ParseRfc3339("2026-03-10T09:00:00+08:00").value();

  double load[3] = {0, 0, 0};
  getloadavg(load, 3);
  std::fprintf(stderr, "catalogue: %d courses, %d sessions; load average %.1f on %ld cores\n", course_count,
               session_count, load[0], sysconf(_SC_NPROCESSORS_ONLN));

  const lk::Catalog catalog = GenerateCatalog(course_count, session_count, now);
  std::vector<double> build_wall_ms, build_cpu_ms, copy_ms;
  lk::SearchIndex index;
  for (int i = 0; i < 7; ++i) {
    Stopwatch copy_stopwatch;
    lk::Catalog copy = catalog;
    copy_ms.push_back(copy_stopwatch.WallMs());
    Stopwatch stopwatch;
    index = lk::SearchIndex::Build(copy);
    build_wall_ms.push_back(stopwatch.WallMs());
    build_cpu_ms.push_back(stopwatch.CpuMs());
  }
  LogTimes("index build (7 builds)", build_wall_ms, build_cpu_ms);

  const std::vector<std::string_view> queries = {
      "sf",     "shufa",        "shu fa", "tjq",    "taijiquan",   "changshou",  "cs",           "yinyue",
      "yy",     "lvyou",        "luyou",  "calli",  "photography", "wanglaoshi", "zhangyisheng", "xyzq",
      "kuaile", "qingshaonian", "书法",   "太极拳", "community",   "jingju",     "lx",
  };
  std::vector<double> wall_ms, cpu_ms, scan_ms;
  double slowest_ms = 0;
  std::string slowest_query;
  size_t hit_count = 0, scanned = 0;
  for (int repetition = 0; repetition < repetitions; ++repetition) {
    for (std::string_view query : queries) {
      for (const std::string& typed : Keystrokes(query)) {
        Stopwatch scan_stopwatch;
        scanned += ScanEveryText(catalog, typed);
        scan_ms.push_back(scan_stopwatch.WallMs());
        Stopwatch stopwatch;
        std::vector<lk::SearchHit> hits = index.Query(typed, now, beijing, 50);
        wall_ms.push_back(stopwatch.WallMs());
        cpu_ms.push_back(stopwatch.CpuMs());
        hit_count += hits.size();
        if (wall_ms.back() > slowest_ms) {
          slowest_ms = wall_ms.back();
          slowest_query = typed;
        }
      }
    }
  }
  char what[128];
  std::snprintf(what, sizeof what, "keystrokes (%zu queries, %zu hits)", wall_ms.size(), hit_count);
  LogTimes(what, wall_ms, cpu_ms);
  std::fprintf(stderr, "slowest keystroke (wall): \"%s\"; reference scans found %zu texts\n", slowest_query.c_str(),
               scanned);

  const double build_ms = Quantile(build_wall_ms, 0.5), copy_median_ms = Quantile(copy_ms, 0.5);
  char build_figure[96];
  std::snprintf(build_figure, sizeof build_figure, "search index build, %d courses / %d sessions (median)",
                course_count, session_count);
  lk::bench::Row(build_figure, Format("%.1f ms", build_ms), Format("copying the catalogue %.1f ms", copy_median_ms),
                 Format("%.1fx", build_ms / copy_median_ms), "under 200 ms", build_ms < 200);
  const double scan_median_ms = Quantile(scan_ms, 0.5);
  for (const auto& [name, ms] : {std::pair{"search keystroke latency p50", Quantile(wall_ms, 0.5)},
                                 std::pair{"search keystroke latency p99", Quantile(wall_ms, 0.99)},
                                 std::pair{"search keystroke latency p99 (thread CPU time)", Quantile(cpu_ms, 0.99)}}) {
    lk::bench::Row(name, Format("%.3f ms", ms), Format("substring scan of every text %.3f ms", scan_median_ms),
                   Format("%.2fx", ms / scan_median_ms), "under 2 ms", ms < 2);
  }
  return 0;
}
