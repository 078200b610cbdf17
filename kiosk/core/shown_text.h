// Shown text: what of a catalogue's text a kiosk can draw. Invisible format characters (joiners, variation
// selectors, the byte order mark, bidi marks and embeddings, soft hyphens) are dropped where a catalogue
// is read, so they never show as "?" or stop a search from matching; a character beyond the Basic
// Multilingual Plane (CJK Extension B such as 𠮷, emoji), which the kiosk's font atlas cannot hold (Dear
// ImGui as Debian builds it has 16-bit characters), is drawn as a neutral box, and importing a catalogue
// that has one warns with the course.
// Pure functions over valid UTF-8 (catalog_json.h's IsCleanUtf8); thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/domain.h"

namespace lk {

inline constexpr char32_t kUnshowableBox = 0x25A1;  // □, drawn in place of what the atlas cannot hold

bool IsFormatCharacter(char32_t c);
std::string DropFormatCharacters(std::string_view text);
bool IsShowable(char32_t c);  // within the Basic Multilingual Plane
// `text` with every character that is not showable replaced by kUnshowableBox.
std::string BoxUnshowable(std::string_view text);

// One line per course, category or the centre with a text the kiosk will draw boxes in:
// "course c-tea: title has 1 character a kiosk cannot show (𠮷), drawn as □".
std::vector<std::string> UnshowableTextWarnings(const Catalog& catalog);

}  // namespace lk
