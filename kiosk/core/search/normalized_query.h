// NormalizeQuery: what a resident typed, reduced to what matching needs (see search_index.h, "How a
// query matches a text"). A query of ASCII only becomes pinyin mode: its letters (lowercased) and digits,
// everything else dropped. A query holding anything beyond ASCII (Chinese) becomes literal mode: trimmed
// of ASCII and ideographic spaces, ASCII-lowercased, without NUL, matched as a substring. Either is cut to
// SearchIndex::kMaxQueryLength (a literal query at a character boundary).
//
// A value type; NormalizeQuery is a pure function, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lk::search_internal {

struct NormalizedQuery {
  bool literal = false;  // holds non-ASCII text: matched as a substring of the ASCII-lowercased texts
  std::string text;      // pinyin mode: letters and digits; literal mode: trimmed, ASCII lowercased, no NUL
  uint64_t symbols = 0;  // pinyin mode: every symbol in `text` (query_symbols.h)
};

NormalizedQuery NormalizeQuery(std::string_view query);

}  // namespace lk::search_internal
