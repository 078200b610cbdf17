#include "kiosk/app/screens/keypad.h"

#include <algorithm>
#include <cmath>

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
  keys.push_back({Key::Action::kType, extra});
  keys.push_back({Key::Action::kClear, std::string(ctx.T("keypad.clear"))});
  keys.push_back({Key::Action::kBackspace, std::string(ctx.T("keypad.backspace"))});
  return keys;
}

std::optional<Key> KeyGrid(UiContext& ctx, const std::string& id, const std::vector<Key>& keys, int columns,
                           const ImRect& area) {
  const Metrics& m = ctx.m();
  const int count = int(keys.size());
  const float key_h = m.target;
  if (columns <= 0) {
    int rows = std::max(1, int((area.GetHeight() + m.gap) / (key_h + m.gap)));
    columns = (count + rows - 1) / rows;
  }
  const int rows = (count + columns - 1) / columns;
  const float key_w = std::floor((area.GetWidth() - m.gap * float(columns - 1)) / float(columns));
  const float grid_h = float(rows) * key_h + float(rows - 1) * m.gap;
  const float y0 = area.Min.y + std::max(0.0f, std::round((area.GetHeight() - grid_h) / 2));
  std::optional<Key> tapped;
  for (int i = 0; i < count; ++i) {
    const Key& key = keys[size_t(i)];
    const int row = i / columns, col = i % columns;
    ImVec2 min(area.Min.x + float(col) * (key_w + m.gap), y0 + float(row) * (key_h + m.gap));
    const bool special = key.action != Key::Action::kType;
    const bool digit = !special && key.text.size() == 1 && key.text[0] >= '0' && key.text[0] <= '9';
    const std::string label = key.action == Key::Action::kType && key.text == " " ? std::string(ctx.T("keypad.space")) : key.text;
    ButtonSpec spec{id + "/" + (key.action == Key::Action::kType ? (key.text == " " ? std::string("space") : key.text)
                                : key.action == Key::Action::kClear ? "clear" : "backspace"),
                    ImRect(min, min + ImVec2(key_w, key_h)),
                    ButtonKind::kKey,
                    {{label, special ? FontRole::kBody : digit ? FontRole::kTitle : FontRole::kHeading}},
                    key.action == Key::Action::kBackspace ? Icon::kBackspace : Icon::kNone};
    if (Button(ctx, spec)) tapped = key;
  }
  return tapped;
}

void ApplyKey(const Key& key, std::string* text, size_t max_chars) {
  switch (key.action) {
    case Key::Action::kType:
      if (text->size() + key.text.size() <= max_chars) *text += key.text;
      break;
    case Key::Action::kBackspace:
      if (!text->empty()) text->pop_back();
      break;
    case Key::Action::kClear: text->clear(); break;
  }
}

}  // namespace lk::ui
