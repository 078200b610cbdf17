// Matcher: matches one normalized query against the indexed texts, one text at a time, as
// search_index.h describes ("How a query matches a text"), and says where the match lies: the units
// consumed with the reading each used (pinyin mode), or the substring's offset (literal mode).
//
// Pinyin mode parses the query against the text's units from a start, depth first, trying full readings
// before initials; a (unit, query position) pair that failed is remembered for the text and never tried
// again. Finding which texts and starts to try is FieldSweep's (field_sweep.h).
//
// Not thread-safe: owns the per-query scratch memory, so each query makes its own. Borrows the index and
// the query, which must outlive it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "kiosk/core/search/index_data.h"
#include "kiosk/core/search/normalized_query.h"
#include "kiosk/core/search/search_index.h"

namespace lk::search_internal {

// Initials (MatchMethod::kInitials) are tried in a pass of their own, after full pinyin.
enum class Pass { kPinyin, kInitials };

// One Han character or Latin symbol consumed by a match.
struct Step {
  uint32_t unit = 0;
  pinyin::SyllableId syllable = 0;  // Han: the reading used
  uint8_t consumed = 0;             // query symbols consumed
  bool initial_only = false;
  bool in_full = false;  // the whole reading (or the Latin symbol) consumed
};

// Where a match lies in its text.
struct MatchShape {
  bool starts_text = false;  // begins at the text's first character
  bool whole_text = false;   // starts_text and consumes the text completely, the last syllable in full
};

class Matcher {
 public:
  Matcher(const IndexData& data, const NormalizedQuery& query) : data_(data), query_(query) {}

  // Pinyin mode. Prepares to match `text_index` (a no-op when it is the text begun last, with the same
  // pass); false when the text lacks a symbol of the query.
  bool BeginText(uint32_t text_index, Pass pass);

  // Pinyin mode. Whether a match in the text begun begins at `unit`; the first parse found tries full
  // readings before initials. On success steps() holds it.
  bool MatchFrom(uint32_t unit) { return Consume(unit, 0, 0); }

  // Pinyin mode, for starts known to match (FieldSweep): records that the query is a prefix of the
  // reading `syllable` of `unit`, without reading the unit.
  void AcceptReadingPrefix(uint32_t unit, pinyin::SyllableId syllable);

  // Pinyin mode, a one-symbol query: it matches at every start that can consume the symbol (FieldSweep).
  // Reads the unit only when the text is that one character (to know whether the match is exact).
  void AcceptOneSymbol(uint32_t unit);

  // Pinyin mode. After a match, prefers one from the text's first character when there is one.
  void PreferTextStart();

  // Literal mode: records a match found by scanning.
  void SetLiteralMatch(size_t begin, size_t text_size) {
    literal_begin_ = begin;
    literal_text_size_ = text_size;
  }

  // Either mode: the earliest match in the text.
  bool Find(uint32_t text_index, Pass pass);

  // The last match.
  std::span<const Step> steps() const { return std::span(steps_).first(step_count_); }
  size_t literal_begin() const { return literal_begin_; }
  MatchShape Shape() const;

 private:
  // Whether query_.text[pos...] can be consumed by the units from `unit_index` on; on success
  // steps_[depth...] hold the parse.
  bool Consume(uint32_t unit_index, uint32_t pos, uint32_t depth);

  const IndexData& data_;
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

}  // namespace lk::search_internal
