// Reads the Mandarin readings of Han characters from Unicode's Unihan_Readings.txt (Debian's unicode-data).
//
// Used only at build time, by pinyin_table_gen, which turns the readings into the compiled table behind
// kiosk/core/search/pinyin.h. Collects kMandarin, kXHC1983 and kHanyuPinyin; every reading is reduced to a
// toneless syllable with ü written `v` ("lǚ" -> "lv", "zhǎng" -> "zhang"). Deliberately independent of
// kiosk_core (the core is built from this program's output). Stateless free functions: thread-safe.
#pragma once

#include <istream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lk::unihan {

// Toneless syllables per code point, most customary first: kMandarin, then kXHC1983, then kHanyuPinyin,
// each distinct syllable once.
using ReadingsByCodePoint = std::map<char32_t, std::vector<std::string>>;

// "lǚ" -> "lv", "zhǎng" -> "zhang", "ê̄" -> "e", "ḿ" -> "m". nullopt when the text holds anything other than
// pinyin letters, tone marks and combining tone marks.
std::optional<std::string> NormalizeReading(std::string_view reading);

// Parses a whole Unihan_Readings.txt stream (comment lines start with '#'; records are
// `U+XXXX<TAB>field<TAB>value`). Fields other than the three above are skipped. Returns nullopt and sets
// `*error` (naming the line) on a malformed record or a reading NormalizeReading rejects.
std::optional<ReadingsByCodePoint> ParseUnihanReadings(std::istream& in, std::string* error);

}  // namespace lk::unihan
