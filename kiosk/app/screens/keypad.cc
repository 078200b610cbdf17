#include "kiosk/app/screens/keypad.h"

#include <algorithm>
#include <cmath>

#include "kiosk/app/screens/chrome.h"

namespace lk::ui {

std::vector<Key> DigitKeys(UiContext& ctx) {
  std::vector<Key> keys;
  for (char c = '1'; c <= '9'; ++c) keys.push_back({Key::Action::kType, std::string(1, c)});
  keys.push_back({Key::Action::kClear, std::string(ctx.T("keypad.clear"))});
  keys.push_back({Key::Action::kType, "0"});
  keys.push_back({Key::Action::kBackspace, std::string(ctx.T("keypad.backspace"))});
  return keys;
}

std::vector<Key> LetterKeys(UiContext& ctx, bool lower_case, const std::string& extra) {
  std::vector<Key> keys;
  for (char c = 'A'; c <= 'Z'; ++c) {
    keys.push_back({Key::Action::kType, std::string(1, lower_case ? char(c - 'A' + 'a') : c)});
  }
  keys.push_back({Key::Action::kType, extra, extra == " " ? 2 : 1});
  keys.push_back({Key::Action::kClear, std::string(ctx.T("keypad.clear")), 2});
  keys.push_back({Key::Action::kBackspace, std::string(ctx.T("keypad.backspace")), 2});
  return keys;
}

namespace {

// The (row, column) of each key in rows of `columns`.
std::vector<std::pair<int, int>> Place(const std::vector<Key>& keys, int columns) {
  std::vector<std::pair<int, int>> at;
  int row = 0, col = 0;
  for (const Key& key : keys) {
    if (col + key.span > columns && col > 0) ++row, col = 0;
    at.push_back({row, col});
    col += key.span;
  }
  return at;
}

}  // namespace

std::optional<Key> KeyGrid(UiContext& ctx, const std::string& id, const std::vector<Key>& keys, int columns,
                           const ImRect& area) {
  const Metrics& m = ctx.m();
  const float key_h = m.target;
  if (columns <= 0) {
    const int rows_fit = std::max(1, int((area.GetHeight() + m.gap) / (key_h + m.gap)));
    int slots = 0;
    for (const Key& key : keys) slots += key.span;
    columns = std::max(1, (slots + rows_fit - 1) / rows_fit);
    while (!keys.empty() && Place(keys, columns).back().first + 1 > rows_fit) ++columns;
  }
  const std::vector<std::pair<int, int>> at = Place(keys, columns);
  const int rows = at.empty() ? 0 : at.back().first + 1;
  const float key_w = std::floor((area.GetWidth() - m.gap * float(columns - 1)) / float(columns));
  const float grid_h = float(rows) * key_h + float(rows - 1) * m.gap;
  const float y0 = area.Min.y + std::max(0.0f, std::round((area.GetHeight() - grid_h) / 2));
  std::optional<Key> tapped;
  for (size_t i = 0; i < keys.size(); ++i) {
    const Key& key = keys[i];
    const auto [row, col] = at[i];
    ImVec2 min(area.Min.x + float(col) * (key_w + m.gap), y0 + float(row) * (key_h + m.gap));
    ImVec2 size(key_w * float(key.span) + m.gap * float(key.span - 1), key_h);
    const bool special = key.action != Key::Action::kType;
    const bool digit = !special && key.text.size() == 1 && key.text[0] >= '0' && key.text[0] <= '9';
    const bool space = !special && key.text == " ";
    const std::string label = space ? std::string(ctx.T("keypad.space")) : key.text;
    const std::string key_id = key.action == Key::Action::kClear       ? "clear"
                               : key.action == Key::Action::kBackspace ? "backspace"
                               : space                                 ? "space"
                                                                       : key.text;
    const FontRole role = special || space ? FontRole::kBody : digit ? FontRole::kTitle : FontRole::kHeading;
    // Backspace shows its icon when there is room for it beside the word.
    const bool icon = key.action == Key::Action::kBackspace && ButtonWidth(ctx, label, role, Icon::kBackspace, 0) <= size.x;
    ButtonSpec spec{id + "/" + key_id, ImRect(min, min + size), ButtonKind::kKey, {{label, role}},
                    icon ? Icon::kBackspace : Icon::kNone};
    if (Button(ctx, spec)) tapped = key;
  }
  return tapped;
}

void ApplyKey(const Key& key, std::string* text, size_t max_chars) {
  switch (key.action) {
    case Key::Action::kType:
      if (text->size() + key.text.size() <= max_chars) *text += key.text;
      break;
    case Key::Action::kBackspace: PopCharacter(text); break;
    case Key::Action::kClear: text->clear(); break;
  }
}

void PopCharacter(std::string* text) {
  // Continuation bytes are 10xxxxxx; drop them with the byte that leads them.
  while (!text->empty() && (static_cast<unsigned char>(text->back()) & 0xC0) == 0x80) text->pop_back();
  if (!text->empty()) text->pop_back();
}

}  // namespace lk::ui
