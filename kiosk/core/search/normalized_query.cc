#include "kiosk/core/search/normalized_query.h"

#include <algorithm>

#include "kiosk/core/search/query_symbols.h"
#include "kiosk/core/search/search_index.h"

namespace lk::search_internal {
namespace {

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

}  // namespace

NormalizedQuery NormalizeQuery(std::string_view query) {
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

}  // namespace lk::search_internal
