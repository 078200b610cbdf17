// FieldSweep: which texts of a field a query matches, each found once, without trying every text. A
// pinyin query visits only the starts filed (index_data.h, FieldIndex) under what its first one or two
// symbols can be: a prefix of a reading, a whole reading and then the next character's first letter, a
// Latin pair, or (initials pass) an initial and then the next character's first letter. A Chinese
// (literal) query scans the field's lowercased texts once. Each match is left in the Matcher for the
// caller to read (Matcher::Shape, Matcher::steps) before the sweep goes on.
//
// Not thread-safe: one per query, like the Matcher it drives. Borrows the index, the query and the
// matcher, which must outlive it.
#pragma once

#include <string.h>  // memmem

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "kiosk/core/search/index_data.h"
#include "kiosk/core/search/matcher.h"
#include "kiosk/core/search/normalized_query.h"
#include "kiosk/core/search/query_symbols.h"

namespace lk::search_internal {

class FieldSweep {
 public:
  FieldSweep(const IndexData& data, const NormalizedQuery& query, Matcher* matcher);

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
      for (pinyin::SyllableId syllable : readings_with_query_prefix_) {
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

 private:
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

  const IndexData& data_;
  const NormalizedQuery& query_;
  Matcher& matcher_;
  // Pinyin queries of two or more symbols: the readings the query is a prefix of, and the
  // FieldIndex::han_by_reading_then lists of the readings the query starts with.
  std::vector<pinyin::SyllableId> readings_with_query_prefix_;
  std::vector<size_t> readings_then_;
  // settled_[text] == sweep_: the current sweep is done with the text (it matched, or cannot).
  std::vector<uint32_t> settled_;
  uint32_t sweep_ = 0;
};

}  // namespace lk::search_internal
