#include "kiosk/app/ui_inbox.h"

namespace lk::ui {

void UiInbox::Post(std::function<void()> apply) {
  {
    std::lock_guard lock(mutex_);
    queued_.push_back(std::move(apply));
  }
  if (wake_) wake_();
}

bool UiInbox::Drain() {
  std::vector<std::function<void()>> ready;
  {
    std::lock_guard lock(mutex_);
    ready.swap(queued_);
  }
  for (auto& apply : ready) apply();
  return !ready.empty();
}

}  // namespace lk::ui
