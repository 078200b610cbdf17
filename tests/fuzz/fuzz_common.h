// Shared by the fuzz targets. Each target defines LLVMFuzzerTestOneInput; it is linked either with
// libFuzzer (clang, -DLK_FUZZ=ON, tests/fuzz/run-fuzz.sh) or with replay_main.cc (any compiler: the
// ctest "corpus replay" that CI runs under ASan+UBSan). A property violation calls LK_FUZZ_CHECK, which
// prints the reason and aborts, so both drivers report it as a crash with the input saved.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#define LK_FUZZ_CHECK(cond, ...)                                                  \
  do {                                                                            \
    if (!(cond)) {                                                                \
      std::fprintf(stderr, "fuzz property violated at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
      std::fprintf(stderr, __VA_ARGS__);                                          \
      std::fprintf(stderr, "\n");                                                 \
      std::abort();                                                               \
    }                                                                             \
  } while (0)

inline std::string_view AsView(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}
