// The compiled phrase dictionary: the interface between speech_dict_gen's generated source and
// pinyin_reader.cc.
//
// Internal to kiosk/core/speech; everything else uses kiosk/core/speech/pinyin_reader.h. Constant data
// (constant-initialized, no constructors run): safe to read from any thread at any time.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace lk::phrase_table {

struct PhraseTable {
  // Simplified spellings (a character or a word, UTF-8), sorted bytewise, concatenated; spelling i is
  // keys[key_offsets[i], key_offsets[i + 1]).
  std::string_view keys;
  std::span<const uint32_t> key_offsets;
  // Its tone-numbered reading, "yin2 hang2": readings[reading_offsets[i], reading_offsets[i + 1]).
  std::string_view readings;
  std::span<const uint32_t> reading_offsets;
  // pinyin_simp's frequency weight of that reading (0: none), for choosing between segmentations.
  std::span<const uint32_t> weights;
  // The longest spelling, in code points.
  uint32_t longest_key;
};

// Defined in the generated speech_dict_data.cc.
extern const PhraseTable kPhraseTable;

}  // namespace lk::phrase_table
