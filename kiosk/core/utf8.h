// UTF-8 decoding, one code point at a time, with full validation: the one decoder of the code base (and
// `Append`, its one encoder, used by the build-time generator of the speech dictionary). The catalogue's and the records' text check (IsCleanUtf8, catalog_json.h), course search (search/), the
// Unihan reader behind the pinyin table (search/unihan_readings.cc) and the kiosk's glyph set
// (kiosk/app/fonts.cc) all read text through it.
//
// Well-formed means RFC 3629: every sequence complete, with continuation bytes (10xxxxxx) exactly where
// they belong, in its shortest form, no surrogate (U+D800..U+DFFF) and nothing beyond U+10FFFF.
//
// Header-only so that the build-time generator of the pinyin table, which kiosk_core is built from, can
// use it without linking kiosk_core. Pure functions: thread-safe; only Append allocates.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace lk::utf8 {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

// Decodes the sequence at text[*pos] (*pos must be below text.size()) and advances *pos past it. A
// malformed sequence gives nullopt and advances *pos by one byte only, so that a reader that goes on
// picks up again at the next byte: a truncated sequence, or one whose continuation byte is missing,
// never swallows the character that follows it.
constexpr std::optional<char32_t> NextCodePoint(std::string_view text, size_t* pos) {
  const unsigned char lead = static_cast<unsigned char>(text[*pos]);
  const size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  auto malformed = [pos]() -> std::optional<char32_t> {
    ++*pos;
    return std::nullopt;
  };
  if (length == 0 || length > text.size() - *pos) return malformed();
  char32_t code_point = length == 1 ? lead : lead & (0x7F >> length);
  for (size_t i = 1; i < length; ++i) {
    const unsigned char next = static_cast<unsigned char>(text[*pos + i]);
    if ((next & 0xC0) != 0x80) return malformed();
    code_point = (code_point << 6) | (next & 0x3F);
  }
  constexpr char32_t kLeastOfLength[] = {0, 0, 0x80, 0x800, 0x10000};  // below it: an overlong form
  if (code_point < kLeastOfLength[length] || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return malformed();
  }
  *pos += length;
  return code_point;
}

// NextCodePoint for text that is shown or searched whatever it holds: each malformed byte reads as U+FFFD.
constexpr char32_t NextCodePointOrReplacement(std::string_view text, size_t* pos) {
  return NextCodePoint(text, pos).value_or(kReplacementCharacter);
}

// Appends the UTF-8 form of `c` (a Unicode scalar value: at most U+10FFFF, not a surrogate) to `*out`.
inline void Append(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

}  // namespace lk::utf8
