#include "kiosk/core/search/search_index.h"

#include <string.h>  // memmem

#include <algorithm>
#include <array>
#include <bit>
#include <limits>
#include <span>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "kiosk/core/search/pinyin.h"

namespace lk {
namespace {

using pinyin::SyllableId;

// Query symbols are the lowercase letters and the digits.
constexpr size_t kSymbolCount = 26 + 10;
size_t SymbolIndex(char symbol) { return symbol >= 'a' ? symbol - 'a' : 26 + (symbol - '0'); }
uint64_t SymbolBit(char symbol) { return uint64_t{1} << SymbolIndex(symbol); }
size_t PairIndex(char first, char second) { return SymbolIndex(first) * kSymbolCount + SymbolIndex(second); }

bool IsAsciiAlnum(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Decodes the UTF-8 sequence at text[*pos] and advances *pos; a malformed byte decodes as U+FFFD.
char32_t NextCodePoint(std::string_view text, size_t* pos) {
  unsigned char lead = static_cast<unsigned char>(text[*pos]);
  int length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || *pos + length > text.size()) {
    ++*pos;
    return 0xFFFD;
  }
  char32_t code_point = length == 1 ? lead : lead & (0x7F >> length);
  for (int i = 1; i < length; ++i) code_point = (code_point << 6) | (text[*pos + i] & 0x3F);
  *pos += length;
  return code_point;
}

// Full-width Latin letters and digits (Ｃａｌｌｉ, １２) count as their ASCII forms.
char32_t NarrowFullWidth(char32_t c) { return c >= 0xFF10 && c <= 0xFF5A ? c - 0xFF10 + '0' : c; }

// Pinyin as typed against a reading: a typed `v` is ü, a typed `u` is u or ü (readings write ü as `v`).
bool SameLetter(char typed, char reading) { return typed == reading || (typed == 'u' && reading == 'v'); }

// Whether `reading` begins with `typed`.
bool ReadingStartsWith(std::string_view reading, std::string_view typed) {
  return typed.size() <= reading.size() && std::equal(typed.begin(), typed.end(), reading.begin(), SameLetter);
}

// Whether `typed` begins with `reading`.
bool TypedStartsWith(std::string_view typed, std::string_view reading) {
  return reading.size() <= typed.size() &&
         std::equal(typed.begin(), typed.begin() + reading.size(), reading.begin(), SameLetter);
}

// zh, ch and sh may be typed as one letter or two.
bool HasTwoLetterInitial(std::string_view syllable) {
  return syllable.size() > 2 && syllable[1] == 'h' && (syllable[0] == 'z' || syllable[0] == 'c' || syllable[0] == 's');
}

// Display syllable: ü written as such ("lv" -> "lü").
std::string DisplaySyllable(SyllableId id) {
  std::string text;
  for (char c : pinyin::SyllableText(id)) text += c == 'v' ? "ü" : std::string(1, c);
  return text;
}

// One searchable character of a text: a Han character (with its readings) or a Latin letter or digit.
// Eight bytes: an index holds one per character of every text.
struct Unit {
  uint16_t byte_begin = 0;      // texts are indexed up to kMaxIndexedTextBytes
  uint16_t readings_begin = 0;  // Han: into Data::unit_readings (which never outgrows the pinyin table's 50,000)
  uint8_t byte_length = 0;
  uint8_t reading_count = 0;  // 0 for a Latin unit
  char symbol = 0;            // Latin: the letter (lowercase) or digit
  uint8_t flags = 0;
};
static_assert(sizeof(Unit) == 8);
constexpr size_t kMaxIndexedTextBytes = 65532;  // a code point starting below this ends within uint16_t
constexpr uint8_t kMayStart = 1;                // a match may begin here (Han, or the first letter of a word)
constexpr uint8_t kAfterGap = 2;                // spaces or punctuation were skipped just before this unit

// Every symbol the unit can consume first: its Latin symbol, or the first letters of its readings.
uint64_t FirstSymbols(const Unit& unit, const std::vector<SyllableId>& unit_readings) {
  if (unit.reading_count == 0) return SymbolBit(unit.symbol);
  uint64_t symbols = 0;
  for (uint8_t i = 0; i < unit.reading_count; ++i) {
    symbols |= SymbolBit(pinyin::SyllableText(unit_readings[unit.readings_begin + i])[0]);
  }
  return symbols;
}

// The searched fields, best first.
constexpr std::array<SearchField, 4> kFieldsByRank = {SearchField::kTitle, SearchField::kTeacher,
                                                      SearchField::kCategory, SearchField::kSummary};
size_t FieldSlot(SearchField field) { return static_cast<size_t>(field) - static_cast<size_t>(SearchField::kTitle); }

// One field value in one language, as pinyin matching reads it (small: a query visits thousands)...
struct TextSpan {
  uint64_t symbols = 0;  // every symbol some unit can consume
  uint32_t units_begin = 0;
  uint32_t units_end = 0;
  uint32_t owner = 0;  // the course (or, for a category name, the category) the text belongs to
};

// ... and as displayed (same index in Data::texts as in Data::spans).
struct IndexedText {
  std::string display;
  Language language = Language::kZh;
};

// A unit where a match may begin, in a text.
struct Start {
  uint32_t unit = 0;
  uint32_t text = 0;
};

// Lists of starts filed under dense keys, stored back to back. Filled by Add, then Finish; read-only after.
class StartLists {
 public:
  void Add(size_t key, Start start) { entries_.push_back({static_cast<uint32_t>(key), start}); }

  // Files the added starts under their keys (all below key_count), each list in the order of adding.
  void Finish(size_t key_count) {
    offsets_.assign(key_count + 1, 0);
    for (const Entry& entry : entries_) ++offsets_[entry.key + 1];
    for (size_t key = 0; key < key_count; ++key) offsets_[key + 1] += offsets_[key];
    starts_.resize(entries_.size());
    std::vector<uint32_t> next(offsets_.begin(), offsets_.end() - 1);
    for (const Entry& entry : entries_) starts_[next[entry.key]++] = entry.start;
    entries_ = std::vector<Entry>();  // frees the memory (`= {}` would keep it)
  }

  std::span<const Start> operator[](size_t key) const {
    return std::span(starts_).subspan(offsets_[key], offsets_[key + 1] - offsets_[key]);
  }

 private:
  struct Entry {
    uint32_t key;
    Start start;
  };
  std::vector<Entry> entries_;  // until Finish
  std::vector<uint32_t> offsets_;
  std::vector<Start> starts_;
};

// One field's texts, and where matches in them may begin, filed by what a query must then begin with. A
// query of two or more symbols visits only the lists its first step can come from (see Sweep). Each list
// is in unit order.
struct FieldIndex {
  std::vector<uint32_t> texts;
  // The texts ASCII-lowercased, each followed by a NUL (which clean catalogue text never contains), and
  // where each begins: Chinese queries scan this in one pass.
  std::string lowered;
  std::vector<uint32_t> lowered_begins;
  // Every start, by each symbol it can consume first: one-symbol queries.
  StartLists by_symbol;
  // Han starts by each reading (SyllableId): the query is a prefix of the reading.
  StartLists han_by_reading;
  // Han starts by reading and a symbol the next character can begin with (reading * kSymbolCount +
  // symbol): the reading is consumed in full, the next character goes on.
  StartLists han_by_reading_then;
  // Initials matches (not kept for summaries): Han starts by an initial letter and a symbol the next
  // character can begin with; and the same for the two-letter initials zh/ch/sh, by z/c/s.
  StartLists han_by_initial_then;
  StartLists han_by_retroflex_then;
  // Latin word starts by their first two symbols (the second from the next character).
  StartLists latin_by_pair;
};

// What ranking reads of a course (small: a query may rank every course)...
struct CourseRanking {
  int32_t category = -1;
  uint32_t sessions_begin = 0;
  uint32_t sessions_end = 0;  // into Data::sessions
};

// ... and what a hit shows.
struct CourseDisplay {
  std::string id;
  LocalizedText title;
};

struct IndexedSession {
  TimeMs starts_at = 0;
  TimeMs ends_at = 0;
  uint32_t course = 0;
};

enum class Pass { kPinyin, kInitials };

// One Han character or Latin symbol consumed by a match.
struct Step {
  uint32_t unit = 0;
  SyllableId syllable = 0;  // Han: the reading used
  uint8_t consumed = 0;     // query symbols consumed
  bool initial_only = false;
  bool in_full = false;  // the whole reading (or the Latin symbol) consumed
};

// Where a match lies in its text.
struct MatchShape {
  bool starts_text = false;  // begins at the text's first character
  bool whole_text = false;   // starts_text and consumes the text completely, the last syllable in full
};

}  // namespace

namespace search_internal {

struct IndexData {
  std::string catalog_version;
  std::vector<SyllableId> unit_readings;
  std::vector<Unit> units;
  std::vector<TextSpan> spans;
  std::vector<IndexedText> texts;
  std::array<FieldIndex, kFieldsByRank.size()> fields;  // by FieldSlot
  size_t category_count = 0;
  std::vector<CourseRanking> courses;  // by course id
  std::vector<CourseDisplay> course_displays;
  std::vector<IndexedSession> sessions;  // grouped by course, by start time within a course
  std::vector<std::string> session_ids;
  std::vector<uint32_t> sessions_by_start;
  TimeMs longest_session = 0;
};

}  // namespace search_internal

namespace {

using Data = search_internal::IndexData;

class IndexBuilder {
 public:
  explicit IndexBuilder(Data* data) : data_(*data) {}

  // Makes the index compact and ready for queries; call once, after the last AddTexts.
  void Finish() {
    for (FieldIndex& field : data_.fields) {
      field.by_symbol.Finish(kSymbolCount);
      field.han_by_reading.Finish(pinyin::SyllableCount());
      field.han_by_reading_then.Finish(pinyin::SyllableCount() * kSymbolCount);
      field.han_by_initial_then.Finish(kSymbolCount * kSymbolCount);
      field.han_by_retroflex_then.Finish(kSymbolCount * kSymbolCount);
      field.latin_by_pair.Finish(kSymbolCount * kSymbolCount);
    }
    data_.units.shrink_to_fit();
    data_.spans.shrink_to_fit();
    data_.texts.shrink_to_fit();
  }

  void AddTexts(const LocalizedText& text, SearchField field, uint32_t owner) {
    AddText(text.zh, Language::kZh, field, owner);
    AddText(text.en, Language::kEn, field, owner);
  }

 private:
  void AddText(const std::string& display, Language language, SearchField field, uint32_t owner) {
    const uint32_t text_index = static_cast<uint32_t>(data_.texts.size());
    FieldIndex& field_index = data_.fields[FieldSlot(field)];
    field_index.texts.push_back(text_index);
    field_index.lowered_begins.push_back(static_cast<uint32_t>(field_index.lowered.size()));
    for (char c : display) field_index.lowered.push_back(AsciiLower(c));
    field_index.lowered.push_back('\0');

    TextSpan span;
    span.owner = owner;
    span.units_begin = static_cast<uint32_t>(data_.units.size());
    bool gap = false;
    bool in_latin_word = false;
    size_t pos = 0;
    while (pos < std::min(display.size(), kMaxIndexedTextBytes)) {
      Unit unit;
      unit.byte_begin = static_cast<uint16_t>(pos);
      char32_t c = NarrowFullWidth(NextCodePoint(display, &pos));
      unit.byte_length = static_cast<uint8_t>(pos - unit.byte_begin);
      if (IsAsciiAlnum(c)) {
        unit.symbol = AsciiLower(static_cast<char>(c));
        unit.flags = in_latin_word ? 0 : kMayStart;
        span.symbols |= SymbolBit(unit.symbol);
        in_latin_word = true;
      } else if (auto [readings_begin, reading_count] = ReadingsOf(c); reading_count > 0) {
        unit.readings_begin = readings_begin;
        unit.reading_count = reading_count;
        unit.flags = kMayStart;
        for (uint32_t i = 0; i < reading_count; ++i) {
          std::string_view syllable = pinyin::SyllableText(data_.unit_readings[readings_begin + i]);
          for (char letter : syllable) span.symbols |= SymbolBit(letter) | (letter == 'v' ? SymbolBit('u') : 0);
        }
        in_latin_word = false;
      } else {
        gap = true;
        in_latin_word = false;
        continue;
      }
      if (gap && data_.units.size() > span.units_begin) unit.flags |= kAfterGap;
      gap = false;
      data_.units.push_back(unit);
    }
    span.units_end = static_cast<uint32_t>(data_.units.size());
    AddStarts(span, text_index, field != SearchField::kSummary, &field_index);
    data_.spans.push_back(span);
    data_.texts.push_back({display, language});
  }

  void AddStarts(const TextSpan& span, uint32_t text_index, bool initials_searched, FieldIndex* field) {
    for (uint32_t unit_index = span.units_begin; unit_index < span.units_end; ++unit_index) {
      const Unit& unit = data_.units[unit_index];
      if (!(unit.flags & kMayStart)) continue;
      const Start start{unit_index, text_index};
      const uint64_t first_symbols = FirstSymbols(unit, data_.unit_readings);
      ForEachSymbol(first_symbols, [&](size_t symbol) { field->by_symbol.Add(symbol, start); });
      const uint64_t next_symbols =
          unit_index + 1 < span.units_end ? FirstSymbols(data_.units[unit_index + 1], data_.unit_readings) : 0;
      if (unit.reading_count == 0) {
        const size_t first = SymbolIndex(unit.symbol);
        ForEachSymbol(next_symbols, [&](size_t next) { field->latin_by_pair.Add(first * kSymbolCount + next, start); });
        continue;
      }
      uint64_t retroflex_initials = 0;
      for (uint32_t i = 0; i < unit.reading_count; ++i) {
        SyllableId syllable = data_.unit_readings[unit.readings_begin + i];
        field->han_by_reading.Add(syllable, start);
        ForEachSymbol(next_symbols,
                      [&](size_t next) { field->han_by_reading_then.Add(syllable * kSymbolCount + next, start); });
        std::string_view text = pinyin::SyllableText(syllable);
        if (HasTwoLetterInitial(text)) retroflex_initials |= SymbolBit(text[0]);
      }
      if (!initials_searched) continue;
      ForEachSymbol(first_symbols, [&](size_t first) {
        ForEachSymbol(next_symbols,
                      [&](size_t next) { field->han_by_initial_then.Add(first * kSymbolCount + next, start); });
      });
      ForEachSymbol(retroflex_initials, [&](size_t first) {
        ForEachSymbol(next_symbols,
                      [&](size_t next) { field->han_by_retroflex_then.Add(first * kSymbolCount + next, start); });
      });
    }
  }

  template <typename Visit>
  static void ForEachSymbol(uint64_t symbols, Visit visit) {
    for (; symbols != 0; symbols &= symbols - 1) visit(static_cast<size_t>(std::countr_zero(symbols)));
  }

  // The readings of `c` in Data::unit_readings, copied once per distinct character.
  std::pair<uint16_t, uint8_t> ReadingsOf(char32_t c) {
    auto [it, inserted] = readings_by_char_.try_emplace(c);
    if (inserted) {
      std::span<const SyllableId> syllables = pinyin::SyllablesOf(c);
      it->second = {static_cast<uint16_t>(data_.unit_readings.size()), static_cast<uint8_t>(syllables.size())};
      data_.unit_readings.insert(data_.unit_readings.end(), syllables.begin(), syllables.end());
    }
    return it->second;
  }

  Data& data_;
  std::unordered_map<char32_t, std::pair<uint16_t, uint8_t>> readings_by_char_;
};

// A query reduced to what matching needs.
struct NormalizedQuery {
  bool literal = false;  // holds non-ASCII text: matched as a substring of the ASCII-lowercased texts
  std::string text;      // pinyin mode: letters and digits; literal mode: trimmed, ASCII lowercased, no NUL
  uint64_t symbols = 0;  // pinyin mode: every symbol in `text`
};

// Without leading and trailing ASCII and ideographic (U+3000) spaces.
std::string_view TrimSpaces(std::string_view text) {
  constexpr std::string_view kAsciiSpaces = " \t\r\n";
  constexpr std::string_view kIdeographicSpace = "\u3000";
  for (;;) {
    if (!text.empty() && kAsciiSpaces.find(text.front()) != std::string_view::npos) {
      text.remove_prefix(1);
    } else if (!text.empty() && kAsciiSpaces.find(text.back()) != std::string_view::npos) {
      text.remove_suffix(1);
    } else if (text.starts_with(kIdeographicSpace)) {
      text.remove_prefix(kIdeographicSpace.size());
    } else if (text.ends_with(kIdeographicSpace)) {
      text.remove_suffix(kIdeographicSpace.size());
    } else {
      return text;
    }
  }
}

NormalizedQuery Normalize(std::string_view query) {
  NormalizedQuery normalized;
  normalized.literal = std::any_of(query.begin(), query.end(), [](char c) { return (c & 0x80) != 0; });
  if (normalized.literal) {
    query = TrimSpaces(query);
    size_t length = std::min(query.size(), SearchIndex::kMaxQueryLength);
    while (length < query.size() && (query[length] & 0xC0) == 0x80) --length;  // whole characters only
    for (char c : query.substr(0, length)) {
      if (c != '\0') normalized.text.push_back(AsciiLower(c));
    }
    return normalized;
  }
  for (char c : query) {
    if (!IsAsciiAlnum(static_cast<unsigned char>(c)) || normalized.text.size() == SearchIndex::kMaxQueryLength) {
      continue;
    }
    normalized.text.push_back(AsciiLower(c));
    normalized.symbols |= SymbolBit(normalized.text.back());
  }
  return normalized;
}

// Matches one query against texts, one text at a time. Owns the per-query scratch memory, so each Query
// call makes its own.
class Matcher {
 public:
  Matcher(const Data& data, const NormalizedQuery& query) : data_(data), query_(query) {}

  // Pinyin mode. Prepares to match `text_index` (a no-op when it is the text begun last, with the same
  // pass); false when the text lacks a symbol of the query.
  bool BeginText(uint32_t text_index, Pass pass) {
    const TextSpan& span = data_.spans[text_index];
    if ((query_.symbols & ~span.symbols) != 0) return false;
    if (span_ == &span && pass_ == pass) return true;
    span_ = &span;
    pass_ = pass;
    ++generation_;
    size_t states = static_cast<size_t>(span.units_end - span.units_begin) * (query_.text.size() + 1);
    if (failed_.size() < states) failed_.resize(states, 0);
    return true;
  }

  // Pinyin mode. Whether a match in the text begun begins at `unit`; the first parse found tries full
  // readings before initials. On success steps() holds it.
  bool MatchFrom(uint32_t unit) { return Consume(unit, 0, 0); }

  // Pinyin mode, for starts known to match (Sweep): records that the query is a prefix of the reading
  // `syllable` of `unit`, without reading the unit.
  void AcceptReadingPrefix(uint32_t unit, SyllableId syllable) {
    bool in_full = pinyin::SyllableText(syllable).size() == query_.text.size();
    steps_[0] = {unit, syllable, static_cast<uint8_t>(query_.text.size()), false, in_full};
    step_count_ = 1;
  }

  // Pinyin mode, a one-symbol query: it matches at every start that can consume the symbol (Sweep).
  // Reads the unit only when the text is that one character (to know whether the match is exact).
  void AcceptOneSymbol(uint32_t unit) {
    if (span_->units_end - span_->units_begin == 1) {
      MatchFrom(unit);
      return;
    }
    steps_[0] = {unit, 0, 1, false, false};
    step_count_ = 1;
  }

  // Pinyin mode. After a match, prefers one from the text's first character when there is one.
  void PreferTextStart() {
    if (steps_[0].unit != span_->units_begin) MatchFrom(span_->units_begin);
  }

  // Literal mode: records a match found by scanning.
  void SetLiteralMatch(size_t begin, size_t text_size) {
    literal_begin_ = begin;
    literal_text_size_ = text_size;
  }

  // Either mode: the earliest match in the text.
  bool Find(uint32_t text_index, Pass pass) {
    if (query_.literal) {
      std::string lowered = data_.texts[text_index].display;
      std::transform(lowered.begin(), lowered.end(), lowered.begin(), AsciiLower);
      size_t found = lowered.find(query_.text);
      SetLiteralMatch(found, lowered.size());
      return found != std::string::npos;
    }
    if (!BeginText(text_index, pass)) return false;
    const uint64_t first = SymbolBit(query_.text[0]);
    for (uint32_t start = span_->units_begin; start < span_->units_end; ++start) {
      const Unit& unit = data_.units[start];
      if ((unit.flags & kMayStart) && (FirstSymbols(unit, data_.unit_readings) & first) && MatchFrom(start)) {
        return true;
      }
    }
    return false;
  }

  // The last match.
  std::span<const Step> steps() const { return std::span(steps_).first(step_count_); }
  size_t literal_begin() const { return literal_begin_; }
  MatchShape Shape() const {
    MatchShape shape;
    if (query_.literal) {
      shape.starts_text = literal_begin_ == 0;
      shape.whole_text = shape.starts_text && query_.text.size() == literal_text_size_;
      return shape;
    }
    const Step& last = steps_[step_count_ - 1];
    shape.starts_text = steps_[0].unit == span_->units_begin;
    shape.whole_text = shape.starts_text && last.unit + 1 == span_->units_end && last.in_full;
    return shape;
  }

 private:
  // Whether query_.text[pos...] can be consumed by the units from `unit_index` on; on success
  // steps_[depth...] hold the parse.
  bool Consume(uint32_t unit_index, uint32_t pos, uint32_t depth) {
    if (unit_index == span_->units_end) return false;
    uint32_t& failed = failed_[(unit_index - span_->units_begin) * (query_.text.size() + 1) + pos];
    if (failed == generation_) return false;
    const Unit& unit = data_.units[unit_index];
    std::string_view rest = std::string_view(query_.text).substr(pos);
    auto succeed = [&](SyllableId syllable, size_t consumed, bool initial_only) {
      bool in_full = unit.reading_count == 0 || consumed == pinyin::SyllableText(syllable).size();
      steps_[depth] = {unit_index, syllable, static_cast<uint8_t>(consumed), initial_only, in_full};
      if (pos + consumed == query_.text.size()) step_count_ = depth + 1;
      return true;
    };
    auto then = [&](size_t consumed) {
      return pos + consumed == query_.text.size() || Consume(unit_index + 1, pos + consumed, depth + 1);
    };
    if (unit.reading_count == 0) {
      if (unit.symbol == rest[0] && then(1)) return succeed(0, 1, false);
    } else {
      const SyllableId* readings = &data_.unit_readings[unit.readings_begin];
      const SyllableId* reading_with_rest_prefix = nullptr;  // preferring a reading equal to the rest
      for (uint8_t i = 0; i < unit.reading_count; ++i) {
        std::string_view syllable = pinyin::SyllableText(readings[i]);
        if (ReadingStartsWith(syllable, rest)) {
          if (syllable.size() == rest.size()) return succeed(readings[i], rest.size(), false);
          if (reading_with_rest_prefix == nullptr) reading_with_rest_prefix = &readings[i];
        } else if (TypedStartsWith(rest, syllable) && then(syllable.size())) {
          return succeed(readings[i], syllable.size(), false);
        }
      }
      if (reading_with_rest_prefix != nullptr) return succeed(*reading_with_rest_prefix, rest.size(), false);
      if (pass_ == Pass::kInitials) {
        for (uint8_t i = 0; i < unit.reading_count; ++i) {
          std::string_view syllable = pinyin::SyllableText(readings[i]);
          if (HasTwoLetterInitial(syllable) && rest.size() > 2 && rest.starts_with(syllable.substr(0, 2)) && then(2)) {
            return succeed(readings[i], 2, true);
          }
          if (rest.size() > 1 && rest[0] == syllable[0] && then(1)) return succeed(readings[i], 1, true);
        }
      }
    }
    failed = generation_;
    return false;
  }

  const Data& data_;
  const NormalizedQuery& query_;
  const TextSpan* span_ = nullptr;
  Pass pass_ = Pass::kPinyin;
  // failed_[(unit - span_->units_begin) * (query length + 1) + pos] == generation_: known not to match.
  std::vector<uint32_t> failed_;
  uint32_t generation_ = 0;
  std::array<Step, SearchIndex::kMaxQueryLength> steps_{};
  uint32_t step_count_ = 0;
  size_t literal_begin_ = 0;
  size_t literal_text_size_ = 0;
};

// A course that matched (field not kNone), with what ranking needs; the hit's texts are rendered only for
// the best few.
struct Candidate {
  uint32_t course = 0;
  MatchTier tier = MatchTier::kTodaysSession;
  SearchField field = SearchField::kNone;
  uint32_t text = 0;
  Pass pass = Pass::kPinyin;
  bool has_session_today = false;
  int32_t next_session = -1;  // into Data::sessions
  TimeMs next_start = std::numeric_limits<TimeMs>::max();
};

int Score(MatchTier tier, bool has_session_today) {
  return (static_cast<int>(MatchTier::kTodaysSession) - static_cast<int>(tier)) * 10 + (has_session_today ? 5 : 0);
}

bool RanksBefore(const Candidate& a, const Candidate& b) {
  int score_a = Score(a.tier, a.has_session_today);
  int score_b = Score(b.tier, b.has_session_today);
  if (score_a != score_b) return score_a > score_b;
  if (a.next_start != b.next_start) return a.next_start < b.next_start;
  return a.course < b.course;  // courses are stored by id
}

class QueryRunner {
 public:
  QueryRunner(const Data& data, const NormalizedQuery& query, TimeMs now, const TimeZone& time_zone)
      : data_(data),
        query_(query),
        matcher_(data, query),
        now_(now),
        time_zone_(time_zone),
        end_of_today_(time_zone.StartOfDay(AddDays(time_zone.DateOf(now), 1))) {}

  std::vector<SearchHit> Run(size_t limit) {
    std::vector<Candidate> candidates = query_.text.empty() ? TodaysCourses() : MatchingCourses(limit);
    size_t count = std::min(limit, candidates.size());
    std::partial_sort(candidates.begin(), candidates.begin() + count, candidates.end(), RanksBefore);
    std::vector<SearchHit> hits;
    hits.reserve(count);
    for (size_t i = 0; i < count; ++i) hits.push_back(Render(candidates[i]));
    return hits;
  }

 private:
  void SetNextSession(Candidate* candidate) const {
    const CourseRanking& course = data_.courses[candidate->course];
    auto begin = data_.sessions.begin() + course.sessions_begin;
    auto end = data_.sessions.begin() + course.sessions_end;
    // Sessions are by start time; none starting before this can still be running.
    auto it = std::partition_point(begin, end,
                                   [&](const IndexedSession& s) { return s.starts_at < now_ - data_.longest_session; });
    it = std::find_if(it, end, [&](const IndexedSession& s) { return s.ends_at > now_; });
    if (it == end) return;
    candidate->next_session = static_cast<int32_t>(it - data_.sessions.begin());
    candidate->next_start = it->starts_at;
    candidate->has_session_today = it->starts_at < end_of_today_;
  }

  std::vector<Candidate> TodaysCourses() const {
    std::vector<Candidate> candidates;
    std::vector<bool> listed(data_.courses.size(), false);
    TimeMs earliest_start = now_ - data_.longest_session;
    auto it = std::partition_point(data_.sessions_by_start.begin(), data_.sessions_by_start.end(),
                                   [&](uint32_t s) { return data_.sessions[s].starts_at < earliest_start; });
    for (; it != data_.sessions_by_start.end() && data_.sessions[*it].starts_at < end_of_today_; ++it) {
      const IndexedSession& session = data_.sessions[*it];
      if (session.ends_at <= now_ || listed[session.course]) continue;
      listed[session.course] = true;
      Candidate candidate;
      candidate.course = session.course;
      SetNextSession(&candidate);
      candidates.push_back(candidate);
    }
    return candidates;
  }

  // Calls on_match(text, pass) once for each text of `field` that wanted(text) accepts and the query
  // matches with `pass`. A pinyin query visits only the places where its first symbols can begin a match.
  template <typename Wanted, typename OnMatch>
  void Sweep(SearchField field, Pass pass, Wanted wanted, OnMatch on_match) {
    const FieldIndex& index = data_.fields[FieldSlot(field)];
    // A one-symbol initials match is always a prefix of a reading: the pinyin pass found it already.
    if (pass == Pass::kInitials && (query_.literal || query_.text.size() < 2)) return;
    if (query_.literal) {
      SweepLiteral(index, wanted, on_match);
      return;
    }
    ++sweep_;
    // Visits `starts`; match_from(unit) tells whether the query matches from there.
    auto visit = [&](std::span<const Start> starts, auto match_from) {
      constexpr uint32_t kNoText = std::numeric_limits<uint32_t>::max();
      uint32_t current = kNoText;
      bool skip = true;
      for (const Start& start : starts) {
        if (start.text != current) {
          current = start.text;
          skip = settled_[current] == sweep_ || !wanted(current) || !matcher_.BeginText(current, pass);
          if (skip) settled_[current] = sweep_;
        }
        if (skip || !match_from(start.unit)) continue;
        on_match(current, pass);
        settled_[current] = sweep_;
        skip = true;
      }
    };
    const std::string& query = query_.text;
    if (query.size() == 1) {
      // One list in unit order: the first start of each text is its earliest, and it matches.
      visit(index.by_symbol[SymbolIndex(query[0])], [&](uint32_t unit) {
        matcher_.AcceptOneSymbol(unit);
        return true;
      });
      return;
    }
    // The first character consumes a prefix of a reading, a whole reading, a Latin symbol or, for
    // initials, an initial (z, c, s also as zh, ch, sh). Several lists: titles then prefer a match from
    // their first character.
    auto search_from = [&](uint32_t unit) {
      if (!matcher_.MatchFrom(unit)) return false;
      if (field == SearchField::kTitle && pass == Pass::kPinyin) matcher_.PreferTextStart();
      return true;
    };
    if (pass == Pass::kPinyin) {  // (a text the pinyin pass failed has no such start)
      for (SyllableId syllable : readings_with_query_prefix_) {
        visit(index.han_by_reading[syllable], [&](uint32_t unit) {
          matcher_.AcceptReadingPrefix(unit, syllable);
          if (field == SearchField::kTitle) matcher_.PreferTextStart();
          return true;
        });
      }
    }
    for (size_t list : readings_then_) visit(index.han_by_reading_then[list], search_from);
    visit(index.latin_by_pair[PairIndex(query[0], query[1])], search_from);
    if (pass == Pass::kInitials) {
      visit(index.han_by_initial_then[PairIndex(query[0], query[1])], search_from);
      if (query.size() > 2 && HasTwoLetterInitial(query)) {
        visit(index.han_by_retroflex_then[PairIndex(query[0], query[2])], search_from);
      }
    }
  }

  // A Chinese query: one scan of the field's lowercased texts, the first occurrence in each text.
  template <typename Wanted, typename OnMatch>
  void SweepLiteral(const FieldIndex& index, Wanted wanted, OnMatch on_match) {
    const std::string& haystack = index.lowered;
    size_t pos = 0;
    while (pos < haystack.size()) {
      const void* found = memmem(haystack.data() + pos, haystack.size() - pos, query_.text.data(), query_.text.size());
      if (found == nullptr) return;
      size_t at = static_cast<const char*>(found) - haystack.data();
      size_t i = std::upper_bound(index.lowered_begins.begin(), index.lowered_begins.end(), at) -
                 index.lowered_begins.begin() - 1;
      size_t text_begin = index.lowered_begins[i];
      size_t text_end = i + 1 < index.lowered_begins.size() ? index.lowered_begins[i + 1] - 1 : haystack.size() - 1;
      uint32_t text = index.texts[i];
      if (wanted(text)) {
        matcher_.SetLiteralMatch(at - text_begin, text_end - text_begin);
        on_match(text, Pass::kPinyin);
      }
      pos = text_end + 1;
    }
  }

  // Matches the fields in ranking order, each course only until one of its texts matches (titles: both
  // languages, as either may match better). Between the languages of one field, zh wins a tie. Returns
  // the courses of the best tiers that hold `limit` courses together, with their sessions.
  std::vector<Candidate> MatchingCourses(size_t limit) {
    std::vector<Candidate> best(data_.courses.size());
    std::vector<Candidate> category_best(data_.category_count);
    settled_.assign(data_.texts.size(), 0);
    if (!query_.literal) {
      const std::string& query = query_.text;
      for (SyllableId id = 0; id < pinyin::SyllableCount(); ++id) {
        std::string_view syllable = pinyin::SyllableText(id);
        if (ReadingStartsWith(syllable, query)) {
          readings_with_query_prefix_.push_back(id);
        } else if (TypedStartsWith(query, syllable)) {
          readings_then_.push_back(id * kSymbolCount + SymbolIndex(query[syllable.size()]));
        }
      }
    }
    auto any = [](uint32_t) { return true; };
    auto wanted_in = [this](std::vector<Candidate>& results, SearchField field) {
      return [&results, field, this](uint32_t text) {
        const Candidate& candidate = results[data_.spans[text].owner];
        return candidate.field == SearchField::kNone ||
               (candidate.field == field && LanguageOf(text) == Language::kZh &&
                LanguageOf(candidate.text) == Language::kEn);
      };
    };
    auto record_in = [this](std::vector<Candidate>& results, SearchField field) {
      return [&results, field, this](uint32_t text, Pass pass) {
        MatchTier tier = TierOf(field, pass);
        Candidate& candidate = results[data_.spans[text].owner];
        if (candidate.field == SearchField::kNone ||
            std::pair(tier, LanguageOf(text)) < std::pair(candidate.tier, LanguageOf(candidate.text))) {
          candidate = Candidate{.tier = tier, .field = field, .text = text, .pass = pass};
        }
      };
    };
    Sweep(SearchField::kTitle, Pass::kPinyin, any, record_in(best, SearchField::kTitle));
    Sweep(SearchField::kTitle, Pass::kInitials, wanted_in(best, SearchField::kTitle),
          record_in(best, SearchField::kTitle));
    for (Pass pass : {Pass::kPinyin, Pass::kInitials}) {
      Sweep(SearchField::kTeacher, pass, wanted_in(best, SearchField::kTeacher),
            record_in(best, SearchField::kTeacher));
    }
    for (Pass pass : {Pass::kPinyin, Pass::kInitials}) {
      Sweep(SearchField::kCategory, pass, wanted_in(category_best, SearchField::kCategory),
            record_in(category_best, SearchField::kCategory));
    }
    for (uint32_t course = 0; course < best.size(); ++course) {
      int32_t category = data_.courses[course].category;
      if (best[course].field == SearchField::kNone && category >= 0) best[course] = category_best[category];
    }
    Sweep(SearchField::kSummary, Pass::kPinyin, wanted_in(best, SearchField::kSummary),
          record_in(best, SearchField::kSummary));

    // A course never outranks one of a better tier (a session today is worth half a tier), so sessions are
    // looked up only for the tiers that can make the list.
    std::array<std::vector<uint32_t>, static_cast<size_t>(MatchTier::kTodaysSession)> courses_by_tier;
    for (uint32_t course = 0; course < best.size(); ++course) {
      if (best[course].field != SearchField::kNone)
        courses_by_tier[static_cast<size_t>(best[course].tier)].push_back(course);
    }
    std::vector<Candidate> candidates;
    for (const std::vector<uint32_t>& courses : courses_by_tier) {
      if (candidates.size() >= limit) break;
      for (uint32_t course : courses) {
        Candidate candidate = best[course];
        candidate.course = course;
        SetNextSession(&candidate);
        candidates.push_back(candidate);
      }
    }
    return candidates;
  }

  Language LanguageOf(uint32_t text) const { return data_.texts[text].language; }

  // The tier of the match the matcher just found.
  MatchTier TierOf(SearchField field, Pass pass) const {
    switch (field) {
      case SearchField::kTitle: {
        if (pass == Pass::kInitials) return MatchTier::kTitleInitials;
        MatchShape shape = matcher_.Shape();
        return shape.whole_text    ? MatchTier::kTitleExact
               : shape.starts_text ? MatchTier::kTitlePrefix
                                   : MatchTier::kTitleInner;
      }
      case SearchField::kTeacher:
        return MatchTier::kTeacher;
      case SearchField::kCategory:
        return MatchTier::kCategory;
      case SearchField::kSummary:
      case SearchField::kNone:
        break;
    }
    return MatchTier::kSummary;
  }

  // Finds the candidate's match again, the earliest in its text, to describe it.
  SearchHit Render(const Candidate& candidate) {
    const CourseDisplay& course = data_.course_displays[candidate.course];
    SearchHit hit;
    hit.course_id = course.id;
    hit.title = course.title;
    hit.tier = candidate.tier;
    hit.field = candidate.field;
    hit.score = Score(candidate.tier, candidate.has_session_today);
    hit.has_session_today = candidate.has_session_today;
    if (candidate.next_session >= 0) {
      const IndexedSession& session = data_.sessions[candidate.next_session];
      hit.next_session = UpcomingSession{data_.session_ids[candidate.next_session], session.starts_at, session.ends_at};
    }
    if (candidate.field == SearchField::kNone) {
      hit.why = "session today " + time_zone_.FormatTime(hit.next_session->starts_at) + "-" +
                time_zone_.FormatTime(hit.next_session->ends_at);
      return hit;
    }
    const IndexedText& text = data_.texts[candidate.text];
    hit.language = text.language;
    hit.matched_text = text.display;
    matcher_.Find(candidate.text, candidate.pass);
    MatchShape shape = matcher_.Shape();
    std::string readings;  // "shu fa": the syllable each Han character matched (ü as ü), Latin runs as typed
    std::string initials;  // "t j q": what each character consumed of the query
    if (query_.literal) {
      hit.method = MatchMethod::kText;
      hit.highlights.push_back({matcher_.literal_begin(), matcher_.literal_begin() + query_.text.size()});
    } else {
      bool any_han = false;
      bool any_initial = false;
      bool previous_latin = false;
      for (const Step& step : matcher_.steps()) {
        const Unit& unit = data_.units[step.unit];
        size_t begin = unit.byte_begin;
        size_t end = begin + unit.byte_length;
        if (hit.highlights.empty() || (unit.flags & kAfterGap)) {
          hit.highlights.push_back({begin, end});
        } else {
          hit.highlights.back().end = end;
        }
        bool latin = unit.reading_count == 0;
        std::string_view typed = latin ? std::string_view(text.display).substr(begin, end - begin)
                                       : pinyin::SyllableText(step.syllable).substr(0, step.consumed);
        const char* separator = (latin && previous_latin) ? "" : " ";
        if (!readings.empty()) readings += separator;
        readings += latin ? std::string(typed) : DisplaySyllable(step.syllable);
        if (!initials.empty()) initials += separator;
        initials += typed;
        any_han |= !latin;
        any_initial |= step.initial_only;
        previous_latin = latin;
      }
      hit.method = any_initial ? MatchMethod::kInitials : any_han ? MatchMethod::kPinyin : MatchMethod::kText;
    }
    size_t first_byte = hit.highlights.front().begin;
    std::string matched_part = text.display.substr(first_byte, hit.highlights.back().end - first_byte);
    const char* relation = shape.whole_text ? "is" : shape.starts_text ? "starts with" : "contains";
    hit.why = std::string(SearchFieldName(candidate.field)) + " " + relation + " \"" + matched_part + "\"";
    if (hit.method == MatchMethod::kPinyin) hit.why += " (pinyin " + readings + ")";
    if (hit.method == MatchMethod::kInitials) hit.why += " (initials " + initials + " = " + readings + ")";
    return hit;
  }

  const Data& data_;
  const NormalizedQuery& query_;
  Matcher matcher_;
  const TimeMs now_;
  const TimeZone& time_zone_;
  const TimeMs end_of_today_;
  // Pinyin queries of two or more symbols: the readings the query is a prefix of, and the
  // FieldIndex::han_by_reading_then lists of the readings the query starts with.
  std::vector<SyllableId> readings_with_query_prefix_;
  std::vector<size_t> readings_then_;
  // settled_[text] == sweep_: the current sweep is done with the text (it matched, or cannot).
  std::vector<uint32_t> settled_;
  uint32_t sweep_ = 0;
};

}  // namespace

const char* MatchTierName(MatchTier tier) {
  switch (tier) {
    case MatchTier::kTitleExact:
      return "title-exact";
    case MatchTier::kTitlePrefix:
      return "title-prefix";
    case MatchTier::kTitleInner:
      return "title-inner";
    case MatchTier::kTitleInitials:
      return "title-initials";
    case MatchTier::kTeacher:
      return "teacher";
    case MatchTier::kCategory:
      return "category";
    case MatchTier::kSummary:
      return "summary";
    case MatchTier::kTodaysSession:
      return "todays-session";
  }
  return "?";
}

const char* SearchFieldName(SearchField field) {
  switch (field) {
    case SearchField::kNone:
      return "none";
    case SearchField::kTitle:
      return "title";
    case SearchField::kTeacher:
      return "teacher";
    case SearchField::kCategory:
      return "category";
    case SearchField::kSummary:
      return "summary";
  }
  return "?";
}

const char* MatchMethodName(MatchMethod method) {
  switch (method) {
    case MatchMethod::kNone:
      return "none";
    case MatchMethod::kText:
      return "text";
    case MatchMethod::kPinyin:
      return "pinyin";
    case MatchMethod::kInitials:
      return "initials";
  }
  return "?";
}

SearchIndex::SearchIndex() : SearchIndex(Build(Catalog{})) {}
SearchIndex::SearchIndex(std::unique_ptr<const Data> data) : data_(std::move(data)) {}
SearchIndex::SearchIndex(SearchIndex&&) noexcept = default;
SearchIndex& SearchIndex::operator=(SearchIndex&&) noexcept = default;
SearchIndex::~SearchIndex() = default;

const std::string& SearchIndex::catalog_version() const { return data_->catalog_version; }
size_t SearchIndex::course_count() const { return data_->courses.size(); }

SearchIndex SearchIndex::Build(const Catalog& catalog) {
  auto data = std::make_unique<Data>();
  data->catalog_version = catalog.version;
  IndexBuilder builder(data.get());

  std::unordered_map<std::string_view, int32_t> category_by_id;
  for (const Category& category : catalog.categories) {
    auto [it, inserted] = category_by_id.emplace(category.id, static_cast<int32_t>(data->category_count));
    if (inserted) builder.AddTexts(category.name, SearchField::kCategory, data->category_count++);
  }
  // Courses by id, each course's texts zh before en: the order ties fall back on. One field after the
  // other, so that a sweep over a field reads its units in one stretch of memory.
  std::vector<const Course*> courses_by_id;
  for (const Course& course : catalog.courses) courses_by_id.push_back(&course);
  std::sort(courses_by_id.begin(), courses_by_id.end(), [](const Course* a, const Course* b) { return a->id < b->id; });
  std::unordered_map<std::string_view, uint32_t> course_by_id;
  for (const Course* course : courses_by_id) {
    uint32_t index = static_cast<uint32_t>(data->courses.size());
    CourseRanking ranking;
    auto category = category_by_id.find(course->category_id);
    if (category != category_by_id.end()) ranking.category = category->second;
    course_by_id.emplace(course->id, index);
    data->courses.push_back(ranking);
    data->course_displays.push_back({course->id, course->title});
  }
  for (uint32_t i = 0; i < courses_by_id.size(); ++i) builder.AddTexts(courses_by_id[i]->title, SearchField::kTitle, i);
  for (uint32_t i = 0; i < courses_by_id.size(); ++i) {
    builder.AddTexts(courses_by_id[i]->teacher, SearchField::kTeacher, i);
  }
  for (uint32_t i = 0; i < courses_by_id.size(); ++i) {
    builder.AddTexts(courses_by_id[i]->summary, SearchField::kSummary, i);
  }

  std::vector<std::pair<uint32_t, const Session*>> sessions;  // with their course
  for (const Session& session : catalog.sessions) {
    auto course = course_by_id.find(session.course_id);
    if (course != course_by_id.end()) sessions.emplace_back(course->second, &session);
  }
  std::sort(sessions.begin(), sessions.end(), [](const auto& a, const auto& b) {
    return std::tuple(a.first, a.second->starts_at, std::string_view(a.second->id)) <
           std::tuple(b.first, b.second->starts_at, std::string_view(b.second->id));
  });
  for (const auto& [course, session] : sessions) {
    uint32_t index = static_cast<uint32_t>(data->sessions.size());
    CourseRanking& ranking = data->courses[course];
    if (ranking.sessions_end == 0) ranking.sessions_begin = index;
    ranking.sessions_end = index + 1;
    data->sessions.push_back({session->starts_at, session->ends_at, course});
    data->session_ids.push_back(session->id);
    data->sessions_by_start.push_back(index);
    data->longest_session = std::max(data->longest_session, session->ends_at - session->starts_at);
  }
  builder.Finish();
  std::stable_sort(data->sessions_by_start.begin(), data->sessions_by_start.end(),
                   [&](uint32_t a, uint32_t b) { return data->sessions[a].starts_at < data->sessions[b].starts_at; });
  return SearchIndex(std::move(data));
}

std::vector<SearchHit> SearchIndex::Query(std::string_view query, TimeMs now, const TimeZone& time_zone,
                                          size_t limit) const {
  NormalizedQuery normalized = Normalize(query);
  QueryRunner runner(*data_, normalized, now, time_zone);
  return runner.Run(limit);
}

}  // namespace lk
