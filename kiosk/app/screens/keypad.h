// Keypad: big on-screen keys for the learner id (digits, or letters) and the search query (letters).
// UI thread only, while drawing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h>

#include "kiosk/app/ui_context.h"
#include "kiosk/app/widgets.h"

namespace lk::ui {

struct Key {
  enum class Action { kType, kBackspace, kClear };
  Action action = Action::kType;
  std::string text;  // what kType types, and the key's label
  int span = 1;      // columns the key takes
};

// The digits as on a phone: 1-9, then Clear, 0, Backspace.
std::vector<Key> DigitKeys(UiContext& ctx);
// A-Z (lower case for search), '-' or space, Clear, Backspace.
std::vector<Key> LetterKeys(UiContext& ctx, bool lower_case, const std::string& extra);

// Lays `keys` out in rows of `columns` columns (0: as many rows as fit `area` at the theme's target height,
// and as few columns as that needs; a key that does not fit at the end of a row starts the next), centred
// vertically in `area`; returns the key tapped this frame.
std::optional<Key> KeyGrid(UiContext& ctx, const std::string& id, const std::vector<Key>& keys, int columns,
                           const ImRect& area);

// Applies a key to `text` (at most `max_chars` bytes); backspace removes the last character (PopCharacter).
void ApplyKey(const Key& key, std::string* text, size_t max_chars);
// Removes the last UTF-8 character of `text` (all its bytes), if any.
void PopCharacter(std::string* text);

}  // namespace lk::ui
