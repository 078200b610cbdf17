// Mandarin readings of Han characters, for matching what residents type on a Latin on-screen keyboard.
//
// Backed by a table compiled into kiosk_core from Debian's Unihan_Readings.txt (kMandarin, kXHC1983 and
// kHanyuPinyin; see pinyin_table_gen.cc). Readings are toneless syllables with ü written `v` ("lv" for 旅),
// and a character keeps every distinct reading (长: zhang and chang), most customary first. The table is
// constant data: every function here is thread-safe and returns views of static storage.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace lk::pinyin {

// Dense ids of the distinct syllables, ordered alphabetically by their text.
using SyllableId = uint16_t;

size_t SyllableCount();
// The syllable's toneless text, e.g. "zhang"; `id` must be below SyllableCount().
std::string_view SyllableText(SyllableId id);

// The readings of `c`, most customary first; empty when `c` is not a Han character with a reading.
std::span<const SyllableId> SyllablesOf(char32_t c);
// The same as text: ReadingsOf(U'长') == {"zhang", "chang"}.
std::vector<std::string_view> ReadingsOf(char32_t c);

}  // namespace lk::pinyin
