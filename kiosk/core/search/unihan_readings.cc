#include "kiosk/core/search/unihan_readings.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "kiosk/core/utf8.h"

namespace lk::unihan {
namespace {

// The three fields read, in order of preference for a character's first reading.
constexpr std::array<std::string_view, 3> kReadingFields = {"kMandarin", "kXHC1983", "kHanyuPinyin"};

// The base letter of a pinyin letter with a tone mark or diaeresis ('v' for ü); 0 if `c` is none of them.
char BaseLetter(char32_t c) {
  if (c >= 'a' && c <= 'z') return static_cast<char>(c);
  switch (c) {
    case U'à':
    case U'á':
    case U'â':
    case U'ā':
    case U'ǎ':
      return 'a';
    case U'è':
    case U'é':
    case U'ê':
    case U'ē':
    case U'ě':
    case U'ế':
    case U'ề':
      return 'e';
    case U'ì':
    case U'í':
    case U'ī':
    case U'ǐ':
      return 'i';
    case U'ò':
    case U'ó':
    case U'ō':
    case U'ǒ':
      return 'o';
    case U'ù':
    case U'ú':
    case U'ū':
    case U'ǔ':
      return 'u';
    case U'ü':
    case U'ǖ':
    case U'ǘ':
    case U'ǚ':
    case U'ǜ':
      return 'v';
    case U'ń':
    case U'ň':
    case U'ǹ':
      return 'n';
    case U'ḿ':
      return 'm';
    default:
      return 0;
  }
}

bool IsCombiningMark(char32_t c) { return c >= 0x300 && c <= 0x36F; }

// The tone (1-4) a precomposed letter or a combining mark writes; 0 for none.
int ToneOf(char32_t c) {
  switch (c) {
    case U'ā': case U'ē': case U'ī': case U'ō': case U'ū': case U'ǖ': case 0x304:
      return 1;
    case U'á': case U'é': case U'í': case U'ó': case U'ú': case U'ǘ': case U'ế': case U'ń': case U'ḿ':
    case 0x301:
      return 2;
    case U'ǎ': case U'ě': case U'ǐ': case U'ǒ': case U'ǔ': case U'ǚ': case U'ň': case 0x30C:
      return 3;
    case U'à': case U'è': case U'ì': case U'ò': case U'ù': case U'ǜ': case U'ề': case U'ǹ': case 0x300:
      return 4;
    default:
      return 0;
  }
}

// Splits on `separator`, dropping empty pieces.
std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> pieces;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = std::min(text.find(separator, start), text.size());
    if (end > start) pieces.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return pieces;
}

// The readings in one field value. kMandarin lists readings separated by spaces; kXHC1983 and kHanyuPinyin
// list `locations:reading[,reading...]` entries separated by spaces.
std::vector<std::string_view> ReadingsInValue(std::string_view value) {
  std::vector<std::string_view> readings;
  for (std::string_view entry : Split(value, ' ')) {
    size_t colon = entry.rfind(':');
    if (colon != std::string_view::npos) entry.remove_prefix(colon + 1);
    for (std::string_view reading : Split(entry, ',')) readings.push_back(reading);
  }
  return readings;
}

std::optional<char32_t> ParseCodePoint(std::string_view text) {
  if (!text.starts_with("U+")) return std::nullopt;
  text.remove_prefix(2);
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  if (ec != std::errc() || end != text.data() + text.size() || value > 0x10FFFF) return std::nullopt;
  return static_cast<char32_t>(value);
}

// Calls `record(line_number, code_point, field, value)` for every record of a Unihan_*.txt stream; stops
// when it returns false (having set `*error`). False with `*error` set on a malformed line.
template <typename Record>
bool ForEachRecord(std::istream& in, std::string* error, Record record) {
  std::string line;
  for (int line_number = 1; std::getline(in, line); ++line_number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string_view> columns = Split(line, '\t');
    if (columns.size() != 3) {
      *error = "line " + std::to_string(line_number) + ": expected `U+XXXX<TAB>field<TAB>value`";
      return false;
    }
    std::optional<char32_t> code_point = ParseCodePoint(columns[0]);
    if (!code_point) {
      *error = "line " + std::to_string(line_number) + ": bad code point \"" + std::string(columns[0]) + "\"";
      return false;
    }
    if (!record(line_number, *code_point, columns[1], columns[2])) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> NormalizeReading(std::string_view reading, Tone tone) {
  std::string syllable;
  int tone_number = 0;
  size_t pos = 0;
  while (pos < reading.size()) {
    std::optional<char32_t> c = utf8::NextCodePoint(reading, &pos);
    if (!c) return std::nullopt;
    if (ToneOf(*c) != 0) tone_number = ToneOf(*c);
    if (IsCombiningMark(*c)) continue;
    char letter = BaseLetter(*c);
    if (letter == 0) return std::nullopt;
    syllable.push_back(letter);
  }
  if (syllable.empty()) return std::nullopt;
  if (tone == Tone::kNumber) syllable.push_back(static_cast<char>('0' + (tone_number == 0 ? 5 : tone_number)));
  return syllable;
}

std::optional<ReadingsByCodePoint> ParseUnihanReadings(std::istream& in, std::string* error, Tone tone) {
  // Readings per field, merged in kReadingFields order once every line is read.
  std::map<char32_t, std::array<std::vector<std::string>, kReadingFields.size()>> by_field;
  bool parsed = ForEachRecord(in, error, [&](int line_number, char32_t code_point, std::string_view field_name,
                                             std::string_view value) {
    auto field = std::find(kReadingFields.begin(), kReadingFields.end(), field_name);
    if (field == kReadingFields.end()) return true;
    auto& readings = by_field[code_point][field - kReadingFields.begin()];
    for (std::string_view reading : ReadingsInValue(value)) {
      std::optional<std::string> syllable = NormalizeReading(reading, tone);
      if (!syllable) {
        *error = "line " + std::to_string(line_number) + ": \"" + std::string(reading) + "\" is not a pinyin reading";
        return false;
      }
      readings.push_back(std::move(*syllable));
    }
    return true;
  });
  if (!parsed) return std::nullopt;
  ReadingsByCodePoint merged;
  for (auto& [code_point, fields] : by_field) {
    std::vector<std::string>& syllables = merged[code_point];
    for (auto& field_readings : fields) {
      for (std::string& syllable : field_readings) {
        if (std::find(syllables.begin(), syllables.end(), syllable) == syllables.end()) {
          syllables.push_back(std::move(syllable));
        }
      }
    }
  }
  return merged;
}

std::optional<ReadingCounts> ParseReadingCounts(std::istream& in, std::string* error) {
  ReadingCounts counts;
  bool parsed = ForEachRecord(in, error, [&](int line_number, char32_t code_point, std::string_view field,
                                             std::string_view value) {
    if (field != "kHanyuPinlu") return true;
    for (std::string_view entry : Split(value, ' ')) {  // "zháo(545)"
      auto bad = [&] {
        *error = "line " + std::to_string(line_number) + ": bad kHanyuPinlu entry \"" + std::string(entry) + "\"";
        return false;
      };
      size_t open = entry.find('(');
      if (open == std::string_view::npos || entry.back() != ')') return bad();
      std::optional<std::string> syllable = NormalizeReading(entry.substr(0, open), Tone::kNumber);
      uint32_t count = 0;
      const char* end = entry.data() + entry.size() - 1;
      auto [parsed_to, ec] = std::from_chars(entry.data() + open + 1, end, count);
      if (!syllable || ec != std::errc() || parsed_to != end) return bad();
      counts[code_point][*syllable] += count;
    }
    return true;
  });
  if (!parsed) return std::nullopt;
  return counts;
}

std::optional<std::map<char32_t, char32_t>> ParseSimplifiedVariants(std::istream& in, std::string* error) {
  std::map<char32_t, char32_t> simplified;
  bool parsed = ForEachRecord(in, error, [&](int line_number, char32_t code_point, std::string_view field,
                                             std::string_view value) {
    if (field != "kSimplifiedVariant") return true;
    std::vector<std::string_view> variants = Split(value, ' ');
    // A variant may carry a source annotation ("U+5E72<kFenn"); only the code point matters here.
    std::optional<char32_t> first =
        variants.empty() ? std::nullopt : ParseCodePoint(variants[0].substr(0, variants[0].find('<')));
    if (!first) {
      *error = "line " + std::to_string(line_number) + ": bad kSimplifiedVariant \"" + std::string(value) + "\"";
      return false;
    }
    bool own_variant = std::find_if(variants.begin(), variants.end(), [&](std::string_view variant) {
                         return ParseCodePoint(variant.substr(0, variant.find('<'))) == code_point;
                       }) != variants.end();
    if (!own_variant) simplified.emplace(code_point, *first);
    return true;
  });
  if (!parsed) return std::nullopt;
  return simplified;
}

}  // namespace lk::unihan
