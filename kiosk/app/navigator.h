// Navigator: which screen is showing, as a stack of screen ids (Back pops, Home returns to the home screen,
// a reset returns to the root: the welcome screen, or the configuration-error screen).
//
// Screens ask for navigation while drawing; the change is applied between frames (ApplyPending) so a frame
// never draws half of one screen and half of another. Single-threaded, owned by the UI thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lk::ui {

class Navigator {
 public:
  Navigator(std::string root, std::string home) : stack_{root}, root_(std::move(root)), home_(std::move(home)) {}

  void Push(std::string_view screen);
  // Back from the root stays at the root.
  void Back();
  // The home screen, with the root below it.
  void Home();
  void ResetToRoot();

  const std::string& current() const { return stack_.back(); }
  const std::string& root() const { return root_; }
  const std::vector<std::string>& stack() const { return stack_; }
  bool has_pending() const { return pending_.has_value(); }
  // Applies the requested change; true when the stack changed.
  bool ApplyPending();

 private:
  std::vector<std::string>& Next();
  std::vector<std::string> stack_;
  std::optional<std::vector<std::string>> pending_;
  const std::string root_;
  const std::string home_;
};

}  // namespace lk::ui
