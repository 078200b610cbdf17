// Reads the Mandarin readings of Han characters from Unicode's Unihan_Readings.txt (Debian's unicode-data).
//
// Used only at build time: by pinyin_table_gen, which turns the readings into the compiled table behind
// kiosk/core/search/pinyin.h, and by speech_dict_gen (kiosk/core/speech/), which also keeps the tones and
// reads the simplified variants (Unihan_Variants.txt). Collects kMandarin, kXHC1983 and kHanyuPinyin; every
// reading is reduced to a syllable with ü written `v` ("lǚ" -> "lv", "zhǎng" -> "zhang"), its tone dropped
// or written as a number ("zhang3", 5 for the neutral tone). Deliberately independent of kiosk_core (the
// core is built from these programs' output). Stateless free functions: thread-safe.
#pragma once

#include <istream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lk::unihan {

// Syllables per code point, most customary first: kMandarin, then kXHC1983, then kHanyuPinyin, each
// distinct syllable once.
using ReadingsByCodePoint = std::map<char32_t, std::vector<std::string>>;

// What NormalizeReading does with the tone mark.
enum class Tone {
  kDrop,    // "zhǎng" -> "zhang"
  kNumber,  // "zhǎng" -> "zhang3"; no mark -> "5" (neutral tone)
};

// "lǚ" -> "lv", "zhǎng" -> "zhang", "ê̄" -> "e", "ḿ" -> "m" (kNumber: "lv3", "zhang3", "e1", "m2"). nullopt
// when the text holds anything other than pinyin letters, tone marks and combining tone marks.
std::optional<std::string> NormalizeReading(std::string_view reading, Tone tone = Tone::kDrop);

// Parses a whole Unihan_Readings.txt stream (comment lines start with '#'; records are
// `U+XXXX<TAB>field<TAB>value`). Fields other than the three above are skipped. Returns nullopt and sets
// `*error` (naming the line) on a malformed record or a reading NormalizeReading rejects.
std::optional<ReadingsByCodePoint> ParseUnihanReadings(std::istream& in, std::string* error,
                                                       Tone tone = Tone::kDrop);

// Toned syllable -> count in the corpus behind kHanyuPinlu (Xiandai Hanyu Pinlu Cidian: mainland usage),
// per code point: U+7740 着 -> {zhe5: 10643, zhao2: 545, zhuo2: 125, zhao1: 15}. Other fields skipped;
// nullopt and `*error` on a malformed record.
using ReadingCounts = std::map<char32_t, std::map<std::string, uint32_t>>;
std::optional<ReadingCounts> ParseReadingCounts(std::istream& in, std::string* error);

// Traditional -> simplified: the first kSimplifiedVariant of every code point that has one (U+9280 銀 ->
// U+94F6 银), from a Unihan_Variants.txt stream (other fields skipped). A character that is one of its own
// simplified variants (乾: 乾 and 干; 著: 着 and 著) is left out: simplified text keeps it. nullopt and
// `*error` on a malformed record.
std::optional<std::map<char32_t, char32_t>> ParseSimplifiedVariants(std::istream& in, std::string* error);

}  // namespace lk::unihan
