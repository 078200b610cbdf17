// The compiled Han-to-pinyin table: the interface between pinyin_table_gen's generated source and pinyin.cc.
//
// Internal to kiosk/core/search; everything else uses kiosk/core/search/pinyin.h. The table is constant data
// (constant-initialized, no constructors run), so it is safe to read from any thread at any time.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace lk::pinyin_table {

struct PinyinTable {
  // Toneless syllables ("a", "ai", ..., "lv", ..., "zuo"), sorted, concatenated without separators;
  // syllable i is syllable_text[syllable_offsets[i], syllable_offsets[i + 1]).
  std::string_view syllable_text;
  std::span<const uint16_t> syllable_offsets;
  // Han code points with at least one reading, ascending. The readings of code_points[i] are the syllable
  // ids readings[first_reading[i], first_reading[i + 1]), most customary first.
  std::span<const char32_t> code_points;
  std::span<const uint32_t> first_reading;
  std::span<const uint16_t> readings;
};

// Defined in the generated pinyin_table_data.cc.
extern const PinyinTable kPinyinTable;

}  // namespace lk::pinyin_table
