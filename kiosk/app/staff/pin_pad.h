// PinPad: the staff PIN pad's state - the digits typed so far, the pad's stored state (lockout) and the
// last attempt's verdict. The PIN is checked as a StoreWorker task (StaffAuth: Argon2id, the attempt counted
// before it is checked); the typed digits are wiped as soon as they are handed over, and the copy on its
// way to the worker when the last reference to it goes.
// Owned by StaffMode; UI thread only.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "kiosk/app/staff/staff_desk.h"
#include "kiosk/core/staff/staff_auth.h"

namespace lk::ui {

// What the PIN pad shows.
struct PinPadView {
  bool checking = false;             // a PIN is being checked
  std::optional<PinPadState> state;  // the pad's stored state (nullopt while loading)
  std::optional<PinVerdict> last;    // the last attempt's outcome
  std::string error;                 // the store could not be read
};

class PinPad {
 public:
  explicit PinPad(StaffDesk& desk) : desk_(desk) {}
  ~PinPad() { Reset(); }

  const PinPadView& view() const { return view_; }
  std::string& entry() { return entry_; }
  // Reads the pad's stored state (lockout) again; the PIN screen does on entry.
  void Refresh(UiContext& ctx);
  // Checks the typed PIN; `unlocked` runs (on the UI thread) when it was right and the pad still shows.
  void Submit(UiContext& ctx, std::function<void(UiContext&)> unlocked);
  void Reset();

 private:
  StaffDesk& desk_;
  PinPadView view_;
  std::string entry_;
};

}  // namespace lk::ui
