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

// A text of a catalogue the kiosk will draw boxes in: whose (the centre, a category, course or session, by
// id), which field, how many characters are not showable and which (each once, in order).
struct UnshowableText {
  std::string owner;  // "centre", "category", "course", "session"
  std::string id;
  std::string field;  // "name", "title", "summary", "teacher", "room"
  int count = 0;
  std::string characters;
};
// Each such text (its zh and en text separately), the centre first, then categories, courses and sessions
// in catalogue order. The hub's console shows these in its own words.
std::vector<UnshowableText> UnshowableTexts(const Catalog& catalog);
// One line per UnshowableText (what `kioskctl import-catalog` and the hub's `import-catalog` print):
// "course c-tea: title has 1 character a kiosk cannot show (𠮷), drawn as □".
std::vector<std::string> UnshowableTextWarnings(const Catalog& catalog);

}  // namespace lk
