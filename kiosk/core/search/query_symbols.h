// The symbols a search query is made of - the lowercase letters a-z and the digits - numbered densely so
// that sets of them fit a uint64_t and index lists, and how typed pinyin compares with a pinyin reading.
// Part of SearchIndex (search_index.h); constant functions, thread-safe.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace lk::search_internal {

constexpr size_t kSymbolCount = 26 + 10;
// `symbol` must be a lowercase letter or a digit.
inline size_t SymbolIndex(char symbol) { return symbol >= 'a' ? symbol - 'a' : 26 + (symbol - '0'); }
inline uint64_t SymbolBit(char symbol) { return uint64_t{1} << SymbolIndex(symbol); }
inline size_t PairIndex(char first, char second) { return SymbolIndex(first) * kSymbolCount + SymbolIndex(second); }

inline bool IsAsciiAlnum(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
inline char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Pinyin as typed against a reading: a typed `v` is ü, a typed `u` is u or ü (readings write ü as `v`).
inline bool SameLetter(char typed, char reading) { return typed == reading || (typed == 'u' && reading == 'v'); }

// Whether `reading` begins with `typed`.
inline bool ReadingStartsWith(std::string_view reading, std::string_view typed) {
  return typed.size() <= reading.size() && std::equal(typed.begin(), typed.end(), reading.begin(), SameLetter);
}

// Whether `typed` begins with `reading`.
inline bool TypedStartsWith(std::string_view typed, std::string_view reading) {
  return reading.size() <= typed.size() &&
         std::equal(typed.begin(), typed.begin() + reading.size(), reading.begin(), SameLetter);
}

// zh, ch and sh may be typed as one letter or two.
inline bool HasTwoLetterInitial(std::string_view syllable) {
  return syllable.size() > 2 && syllable[1] == 'h' && (syllable[0] == 'z' || syllable[0] == 'c' || syllable[0] == 's');
}

}  // namespace lk::search_internal
