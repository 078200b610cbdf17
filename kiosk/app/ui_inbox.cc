#include "kiosk/app/ui_inbox.h"

namespace lk::ui {

void UiInbox::Post(std::function<bool()> apply) {
  {
    std::lock_guard lock(mutex_);
    queued_.push_back(std::move(apply));
  }
  if (wake_) wake_();
}

bool UiInbox::Drain() {
  std::vector<std::function<bool()>> ready;
  {
    std::lock_guard lock(mutex_);
    ready.swap(queued_);
  }
  bool changed = false;
  for (auto& apply : ready) changed |= apply();
  return changed;
}

}  // namespace lk::ui
