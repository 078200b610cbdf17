#include "kiosk/core/shown_text.h"

#include "kiosk/core/utf8.h"

namespace lk {
namespace {

// What of `text` is not showable, as text (each character once, in order) and as a count.
struct Unshowable {
  std::string characters;
  int count = 0;
};

Unshowable FindUnshowable(std::string_view text) {
  Unshowable out;
  for (size_t pos = 0; pos < text.size();) {
    const size_t start = pos;
    std::optional<char32_t> c = utf8::NextCodePoint(text, &pos);
    if (!c || IsShowable(*c)) continue;
    ++out.count;
    const std::string_view character = text.substr(start, pos - start);
    if (out.characters.find(character) == std::string::npos) out.characters += character;
  }
  return out;
}

void Check(const char* owner, const std::string& id, const char* field, const LocalizedText& text,
           std::vector<UnshowableText>* found) {
  for (const std::string* t : {&text.zh, &text.en}) {
    Unshowable u = FindUnshowable(*t);
    if (u.count == 0) continue;
    found->push_back({owner, id, field, u.count, std::move(u.characters)});
  }
}

// `text` with each character that `replace(c, &out)` handled (appending what stands for it, or nothing)
// replaced; every other character, and a malformed byte, copied as it is.
template <typename Replace>
std::string Rewrite(std::string_view text, Replace replace) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    const size_t start = pos;
    std::optional<char32_t> c = utf8::NextCodePoint(text, &pos);
    if (!c || !replace(*c, &out)) out.append(text.substr(start, pos - start));
  }
  return out;
}

}  // namespace

bool IsFormatCharacter(char32_t c) {
  return c == 0x00AD ||                   // soft hyphen
         c == 0x061C ||                   // Arabic letter mark
         (c >= 0x200B && c <= 0x200F) ||  // zero-width space, ZWNJ, ZWJ, LRM, RLM
         (c >= 0x202A && c <= 0x202E) ||  // bidi embeddings and overrides
         (c >= 0x2060 && c <= 0x2064) ||  // word joiner, invisible operators
         (c >= 0x2066 && c <= 0x2069) ||  // bidi isolates
         (c >= 0xFE00 && c <= 0xFE0F) ||  // variation selectors
         c == 0xFEFF ||                   // byte order mark
         (c >= 0xE0000 && c <= 0xE007F) ||  // tags
         (c >= 0xE0100 && c <= 0xE01EF);    // variation selectors supplement
}

std::string DropFormatCharacters(std::string_view text) {
  return Rewrite(text, [](char32_t c, std::string*) { return IsFormatCharacter(c); });
}

bool IsShowable(char32_t c) { return c <= 0xFFFF; }

std::string BoxUnshowable(std::string_view text) {
  return Rewrite(text, [](char32_t c, std::string* out) {
    if (IsShowable(c)) return false;
    utf8::Append(kUnshowableBox, out);
    return true;
  });
}

std::vector<UnshowableText> UnshowableTexts(const Catalog& catalog) {
  std::vector<UnshowableText> found;
  Check("centre", catalog.centre.id, "name", catalog.centre.name, &found);
  for (const Category& c : catalog.categories) Check("category", c.id, "name", c.name, &found);
  for (const Course& c : catalog.courses) {
    Check("course", c.id, "title", c.title, &found);
    Check("course", c.id, "summary", c.summary, &found);
    Check("course", c.id, "teacher", c.teacher, &found);
  }
  for (const Session& s : catalog.sessions) Check("session", s.id, "room", s.room, &found);
  return found;
}

std::vector<std::string> UnshowableTextWarnings(const Catalog& catalog) {
  std::vector<std::string> warnings;
  for (const UnshowableText& u : UnshowableTexts(catalog)) {
    warnings.push_back(u.owner + " " + u.id + ": " + u.field + " has " + std::to_string(u.count) + " character" +
                       (u.count == 1 ? "" : "s") + " a kiosk cannot show (" + u.characters + "), drawn as □");
  }
  return warnings;
}

}  // namespace lk
