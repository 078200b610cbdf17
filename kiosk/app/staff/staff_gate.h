// The way into staff mode, kept apart from the resident screens (staff mode is its own issue).
//
// The resident UI recognises the two ways in - holding a corner of the screen (config
// staff_gesture_corner / staff_gesture_seconds) and scanning a staff card (config staff_card_ids) - and
// calls the StaffGate. The App's default gate only logs; staff mode installs its own with
// App::SetStaffGate and navigates to its screens (added to screens/screen_list.cc).
// CornerHold is pure logic: single-threaded, owned by the UI thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <imgui.h>

namespace lk::ui {

enum class StaffEntry {
  kCornerHold,  // the configured corner was held long enough
  kStaffCard,   // a configured staff card id was scanned
};
const char* StaffEntryName(StaffEntry entry);  // "corner-hold", "staff-card"

class UiContext;
using StaffGate = std::function<void(UiContext& ctx, StaffEntry entry)>;

// Detects a press held in one corner of the screen.
class CornerHold {
 public:
  // `corner`: "top-left", "top-right", "bottom-left" or "bottom-right"; `size`: the corner square's side.
  CornerHold(std::string corner, int hold_ms) : corner_(std::move(corner)), hold_ms_(hold_ms) {}

  // Feed the pointer state each time it changes. Returns true once per hold, when it completes.
  bool Update(bool down, ImVec2 pos, ImVec2 screen, float size, uint64_t now_ms);
  // When Update should next be called to notice a completed hold.
  std::optional<uint64_t> Deadline() const;

 private:
  bool InCorner(ImVec2 pos, ImVec2 screen, float size) const;
  std::string corner_;
  int hold_ms_;
  std::optional<uint64_t> held_since_;
  bool fired_ = false;
};

}  // namespace lk::ui
