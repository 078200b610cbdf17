// Strings: every user-visible text of the kiosk, one table per language (assets/i18n/zh.json, en.json).
//
// Each file is a flat JSON object of key -> text; `{name}` in a text is a placeholder that Format fills.
// Code refers to texts only by key (UiContext::T / Tf / TIn, or LK_TEXT_KEY for keys kept in tables), so a
// test can check that every key used exists in both languages. A missing key shows as the key itself.
// Immutable after Load: safe to share between threads.
#pragma once

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"

// Marks a string literal as a text key (for key tables such as weekday names); expands to the literal.
#define LK_TEXT_KEY(key) key

namespace lk::ui {

// One `{name}` -> value substitution.
struct TextArg {
  std::string_view name;
  std::string value;
};

class Strings {
 public:
  // Reads `<dir>/zh.json` and `<dir>/en.json`.
  static Result<Strings> Load(const std::string& dir);
  // Parses the two tables; `source` names them in error messages.
  static Result<Strings> Parse(std::string_view zh_json, std::string_view en_json, const std::string& source);

  // The text, or `key` itself when the table lacks it (keys are string literals, so the view stays valid).
  std::string_view Get(Language lang, std::string_view key) const;
  std::string Format(Language lang, std::string_view key, std::initializer_list<TextArg> args) const;
  bool Has(Language lang, std::string_view key) const;
  std::vector<std::string> Keys(Language lang) const;
  // Every text of both languages, for building the font's glyph set.
  std::string AllText() const;

 private:
  using Table = std::map<std::string, std::string, std::less<>>;
  const Table& table(Language lang) const { return lang == Language::kZh ? zh_ : en_; }
  Table zh_, en_;
};

// Replaces each `{name}` in `text` with its value; unknown placeholders stay as they are.
std::string FillPlaceholders(std::string_view text, std::initializer_list<TextArg> args);

}  // namespace lk::ui
