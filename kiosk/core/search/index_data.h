// IndexData: the layout of a SearchIndex (search_index.h) - every searched text cut into units (Han
// characters with their readings, Latin letters and digits), per field the lists of places where a match
// may begin, and what ranking and hits read of each course and session.
//
// Written once by BuildIndex (index_builder.h); immutable afterwards, so any number of threads may read
// one at once. Laid out for queries that visit thousands of texts: small structs in flat vectors that
// refer to each other by index.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/search/pinyin.h"
#include "kiosk/core/search/query_symbols.h"
#include "kiosk/core/search/search_index.h"

namespace lk::search_internal {

// One searchable character of a text: a Han character (with its readings) or a Latin letter or digit.
// Eight bytes: an index holds one per character of every text.
struct Unit {
  uint16_t byte_begin = 0;      // texts are indexed up to kMaxIndexedTextBytes
  uint16_t readings_begin = 0;  // Han: into IndexData::unit_readings (never outgrows the pinyin table's 50,000)
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
inline uint64_t FirstSymbols(const Unit& unit, const std::vector<pinyin::SyllableId>& unit_readings) {
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
inline size_t FieldSlot(SearchField field) {
  return static_cast<size_t>(field) - static_cast<size_t>(SearchField::kTitle);
}

// One field value in one language, as pinyin matching reads it (small: a query visits thousands)...
struct TextSpan {
  uint64_t symbols = 0;  // every symbol some unit can consume
  uint32_t units_begin = 0;
  uint32_t units_end = 0;
  uint32_t owner = 0;  // the course (or, for a category name, the category) the text belongs to
};

// ... and as displayed (same index in IndexData::texts as in IndexData::spans).
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
  void Finish(size_t key_count);

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
// query of two or more symbols visits only the lists its first step can come from (see FieldSweep). Each
// list is in unit order.
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
  uint32_t sessions_end = 0;  // into IndexData::sessions
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

struct IndexData {
  std::string catalog_version;
  std::vector<pinyin::SyllableId> unit_readings;
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

}  // namespace lk::search_internal
