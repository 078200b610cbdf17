#include "kiosk/core/search/pinyin.h"

#include <algorithm>

#include "kiosk/core/search/pinyin_table.h"

namespace lk::pinyin {

using pinyin_table::kPinyinTable;

size_t SyllableCount() { return kPinyinTable.syllable_offsets.size() - 1; }

std::string_view SyllableText(SyllableId id) {
  uint16_t begin = kPinyinTable.syllable_offsets[id];
  uint16_t end = kPinyinTable.syllable_offsets[id + 1];
  return kPinyinTable.syllable_text.substr(begin, end - begin);
}

std::span<const SyllableId> SyllablesOf(char32_t c) {
  auto it = std::lower_bound(kPinyinTable.code_points.begin(), kPinyinTable.code_points.end(), c);
  if (it == kPinyinTable.code_points.end() || *it != c) return {};
  size_t index = it - kPinyinTable.code_points.begin();
  uint32_t begin = kPinyinTable.first_reading[index];
  uint32_t end = kPinyinTable.first_reading[index + 1];
  return kPinyinTable.readings.subspan(begin, end - begin);
}

std::vector<std::string_view> ReadingsOf(char32_t c) {
  std::vector<std::string_view> readings;
  for (SyllableId id : SyllablesOf(c)) readings.push_back(SyllableText(id));
  return readings;
}

}  // namespace lk::pinyin
