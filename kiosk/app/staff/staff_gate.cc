#include "kiosk/app/staff/staff_gate.h"

#include "kiosk/core/enum_names.h"

namespace lk::ui {

namespace {
constexpr EnumName<StaffEntry> kStaffEntryNames[] = {{StaffEntry::kCornerHold, "corner-hold"},
                                                     {StaffEntry::kStaffCard, "staff-card"}};
}  // namespace

const char* StaffEntryName(StaffEntry entry) { return NameOf(kStaffEntryNames, entry); }

bool CornerHold::InCorner(ImVec2 pos, ImVec2 screen, float size) const {
  bool left = corner_.ends_with("left");
  bool top = corner_.starts_with("top");
  bool x_ok = left ? pos.x >= 0 && pos.x < size : pos.x >= screen.x - size && pos.x <= screen.x;
  bool y_ok = top ? pos.y >= 0 && pos.y < size : pos.y >= screen.y - size && pos.y <= screen.y;
  return x_ok && y_ok;
}

bool CornerHold::Update(bool down, ImVec2 pos, ImVec2 screen, float size, uint64_t now_ms) {
  if (!down || !InCorner(pos, screen, size)) {
    held_since_.reset();
    fired_ = false;
    return false;
  }
  if (!held_since_) held_since_ = now_ms;
  if (fired_ || now_ms - *held_since_ < uint64_t(hold_ms_)) return false;
  fired_ = true;
  return true;
}

std::optional<uint64_t> CornerHold::Deadline() const {
  if (!held_since_ || fired_) return std::nullopt;
  return *held_since_ + uint64_t(hold_ms_);
}

}  // namespace lk::ui
