#include "kiosk/app/navigator.h"

namespace lk::ui {

std::vector<std::string>& Navigator::Next() {
  if (!pending_) pending_ = stack_;
  return *pending_;
}

void Navigator::Push(std::string_view screen) {
  auto& next = Next();
  if (next.back() != screen) next.emplace_back(screen);
}

void Navigator::Back() {
  auto& next = Next();
  if (next.size() > 1) next.pop_back();
}

void Navigator::Home() { pending_ = std::vector<std::string>{root_, home_}; }

void Navigator::ResetToRoot() { pending_ = std::vector<std::string>{root_}; }

bool Navigator::ApplyPending() {
  if (!pending_) return false;
  bool changed = *pending_ != stack_;
  stack_ = std::move(*pending_);
  pending_.reset();
  return changed;
}

}  // namespace lk::ui
