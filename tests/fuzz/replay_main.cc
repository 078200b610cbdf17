// Corpus replay driver: the fuzz targets without libFuzzer, for CI (gcc, ASan+UBSan) and for reproducing
// a crash. Runs LLVMFuzzerTestOneInput on every file of the given corpus directories (or files), then on
// a deterministic stream of mutants of them (bit flips, interesting bytes and integers, token insertion
// from a dictionary of hostile strings, deletions, duplications, splices), so CI exercises more than the
// committed seeds in a bounded time.
//
// Usage: fuzz_replay_<target> [--mutants N] [--seconds S] [--seed K] PATH...
//   defaults: 3000 mutants, at most 60 s, seed 1. Prints "executions: N" at the end.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);
extern "C" __attribute__((weak)) void __sanitizer_set_death_callback(void (*callback)(void));

namespace {

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Strings that have broken parsers before: quoting, escapes, numbers at and beyond their limits, bad
// UTF-8, SQL metacharacters, nesting.
const std::vector<std::string>& Dictionary() {
  static const std::vector<std::string> dict = {
      "\"", "\\", "\\u0000", "\\ud800", "\\udfff\\ud800", "\\\"", "{", "}", "[", "]", ":", ",", "null", "true",
      "false", "0", "-0", "1e309", "-1e309", "1e-400", "9223372036854775807", "9223372036854775808",
      "-9223372036854775809", "18446744073709551616", "4294967296", "2147483648", "NaN", "Infinity", "0x10",
      "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xff", "\xe4\xb8", "\x00", "\x7f", "\t", "\n", "\r",
      "'; DROP TABLE attendance; --", "' OR '1'='1", "\" OR \"\"=\"", "%", "_", "*", "?", "NUL\x00L",
      "../../etc/passwd", "%00", "%2F", "\"id\":", "\"records\":[", "\"batch_id\":", "\"kind\":\"void\"",
      "\"refers_to\":", "\"type\":\"session\"", "\"deleted\":true", "\"starts_at\":", "\"relative\":{",
      "[[[[[[[[[[[[[[[[", "]]]]]]]]]]]]]]]]", "{\"a\":{\"a\":{\"a\":", "=", "[sync]", "[kiosk]", "\"\"\"",
      "'''", "0o777", "1979-05-27T07:32:00Z", "inf", "nan", "+inf", "2026-02-30T25:61:61+08:00",
  };
  return dict;
}

// The input being run, written to ./replay-crash-input when the process dies (abort or a sanitizer).
const std::string* g_current = nullptr;

void SaveCurrentInput() {
  if (!g_current) return;
  int fd = open("replay-crash-input", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return;
  ssize_t ignored = write(fd, g_current->data(), g_current->size());
  (void)ignored;
  close(fd);
  static const char msg[] = "the failing input was written to ./replay-crash-input\n";
  ignored = write(2, msg, sizeof msg - 1);
}

void OnAbort(int) {
  SaveCurrentInput();
  signal(SIGABRT, SIG_DFL);
  raise(SIGABRT);
}

void Run(const std::string& input) {
  g_current = &input;
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
  g_current = nullptr;
}

std::string Mutate(const std::string& seed, const std::vector<std::string>& corpus, std::mt19937_64& rng) {
  std::string s = seed;
  auto pick = [&](size_t n) { return n == 0 ? 0 : size_t(rng() % n); };
  int steps = 1 + int(rng() % 4);
  for (int i = 0; i < steps; ++i) {
    switch (rng() % 9) {
      case 0:  // flip a bit
        if (!s.empty()) s[pick(s.size())] ^= char(1 << (rng() % 8));
        break;
      case 1: {  // interesting byte
        static const char bytes[] = {'\0', '\xff', '\x7f', '\x80', '"', '\\', '{', '[', '9', '-', '.', 'e', '\n'};
        if (!s.empty()) s[pick(s.size())] = bytes[rng() % sizeof bytes];
        break;
      }
      case 2:
      case 3: {  // insert a dictionary token
        const std::string& t = Dictionary()[pick(Dictionary().size())];
        s.insert(pick(s.size() + 1), t);
        break;
      }
      case 4: {  // delete a range
        if (s.empty()) break;
        size_t at = pick(s.size());
        s.erase(at, 1 + pick(std::min<size_t>(64, s.size() - at)));
        break;
      }
      case 5: {  // duplicate a range
        if (s.empty() || s.size() > 200000) break;
        size_t at = pick(s.size());
        size_t len = 1 + pick(std::min<size_t>(256, s.size() - at));
        s.insert(pick(s.size() + 1), s.substr(at, len));
        break;
      }
      case 6: {  // splice with another seed
        const std::string& other = corpus[pick(corpus.size())];
        if (other.empty()) break;
        size_t cut = pick(s.size() + 1);
        size_t from = pick(other.size());
        s = s.substr(0, cut) + other.substr(from);
        break;
      }
      case 7: {  // replace a digit run with an extreme number
        size_t at = s.find_first_of("0123456789", pick(s.size() + 1));
        if (at == std::string::npos) break;
        size_t end = s.find_first_not_of("0123456789", at);
        static const char* numbers[] = {"9223372036854775807", "-9223372036854775808", "99999999999999999999",
                                        "1e308", "-1", "0", "4294967295", "2147483647", "1.5"};
        s.replace(at, (end == std::string::npos ? s.size() : end) - at, numbers[rng() % 9]);
        break;
      }
      case 8:  // truncate
        s.resize(pick(s.size() + 1));
        break;
    }
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  signal(SIGABRT, OnAbort);
  if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(SaveCurrentInput);
  long mutants = 3000;
  double seconds = 60;
  uint64_t seed = 1;
  std::vector<std::string> corpus;
  std::vector<std::string> names;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--mutants" && i + 1 < argc) {
      mutants = std::atol(argv[++i]);
    } else if (a == "--seconds" && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else if (a == "--seed" && i + 1 < argc) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (std::filesystem::is_directory(a)) {
      std::vector<std::filesystem::path> files;
      for (const auto& e : std::filesystem::directory_iterator(a)) {
        if (e.is_regular_file()) files.push_back(e.path());
      }
      std::sort(files.begin(), files.end());
      for (const auto& f : files) {
        corpus.push_back(ReadAll(f));
        names.push_back(f.string());
      }
    } else if (std::filesystem::is_regular_file(a)) {
      corpus.push_back(ReadAll(a));
      names.push_back(a);
    } else {
      std::fprintf(stderr, "not a file or directory: %s\n", a.c_str());
      return 2;
    }
  }
  if (corpus.empty()) {
    std::fprintf(stderr, "usage: %s [--mutants N] [--seconds S] [--seed K] CORPUS_DIR_OR_FILE...\n", argv[0]);
    return 2;
  }
  long executions = 0;
  for (size_t i = 0; i < corpus.size(); ++i) {
    std::fprintf(stderr, "%s\n", names[i].c_str());  // the last line names the culprit after a crash
    Run(corpus[i]);
    ++executions;
  }
  std::fprintf(stderr, "replayed %zu corpus files\n", corpus.size());
  std::mt19937_64 rng(seed);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  long m = 0;
  for (; m < mutants && std::chrono::steady_clock::now() < deadline; ++m) {
    std::string input = Mutate(corpus[size_t(rng() % corpus.size())], corpus, rng);
    Run(input);
    ++executions;
  }
  std::printf("executions: %ld (corpus %zu, mutants %ld, seed %llu)\n", executions, corpus.size(), m,
              static_cast<unsigned long long>(seed));
  return 0;
}
