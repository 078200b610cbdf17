// BuildIndex: reads a catalogue into the IndexData a SearchIndex queries (index_data.h). Texts are cut
// into units as the matcher reads them: a Han character with its pinyin readings, a Latin letter or digit
// (full-width forms count as ASCII), and nothing for spaces, punctuation and anything else, which only
// separate words. Each byte of a sequence that is not well-formed UTF-8 (kiosk/core/utf8.h) reads as
// U+FFFD, so it too only separates words, and never swallows the character after it. Each text's starts
// are filed in its field's lists by what a query must begin with to match there.
//
// Copies everything it needs from the catalogue; the result owns its memory and is immutable.
// Thread-safe: builds share nothing.
#pragma once

#include <memory>

#include "kiosk/core/domain.h"
#include "kiosk/core/search/index_data.h"

namespace lk::search_internal {

// The index of `catalog`'s courses, with their categories and sessions.
std::unique_ptr<const IndexData> BuildIndex(const Catalog& catalog);

}  // namespace lk::search_internal
