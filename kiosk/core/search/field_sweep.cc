#include "kiosk/core/search/field_sweep.h"

#include <string_view>

namespace lk::search_internal {

FieldSweep::FieldSweep(const IndexData& data, const NormalizedQuery& query, Matcher* matcher)
    : data_(data), query_(query), matcher_(*matcher), settled_(data.texts.size(), 0) {
  if (query_.literal) return;
  const std::string& typed = query_.text;
  for (pinyin::SyllableId id = 0; id < pinyin::SyllableCount(); ++id) {
    std::string_view syllable = pinyin::SyllableText(id);
    if (ReadingStartsWith(syllable, typed)) {
      readings_with_query_prefix_.push_back(id);
    } else if (TypedStartsWith(typed, syllable)) {
      readings_then_.push_back(id * kSymbolCount + SymbolIndex(typed[syllable.size()]));
    }
  }
}

}  // namespace lk::search_internal
