// PointerInput: the one path by which taps reach Dear ImGui, for the real event loop and for tests alike.
//
// Touch arrives as SDL's mouse events synthesized from the first finger (finger events are ignored, so a tap
// is handled once). Each press, drag and release is queued as a pointer state and applied one per frame
// after the platform backend's NewFrame (which under the dummy/offscreen drivers cannot see the pointer):
// a press and release that arrive in the same frame still give ImGui a press frame and a release frame.
// After a release the pointer leaves the screen, because a finger does not hover.
//
// Single-threaded, owned by the UI thread.
#pragma once

#include <deque>

#include <imgui.h>

namespace lk::ui {

class PointerInput {
 public:
  void Press(ImVec2 pos);
  void Move(ImVec2 pos);  // only while pressed (a finger that is not touching has no position)
  void Release(ImVec2 pos);
  // Called once per frame after the platform NewFrame.
  void ApplyTo(ImGuiIO& io);
  bool HasQueued() const { return !queue_.empty(); }
  bool pressed() const { return current_.down; }
  ImVec2 position() const { return current_.pos; }
  // Drops queued input and lifts the pointer (the kiosk reset).
  void Reset();

 private:
  struct State {
    ImVec2 pos{-FLT_MAX, -FLT_MAX};
    bool down = false;
  };
  bool DownAfterQueue() const { return queue_.empty() ? current_.down : queue_.back().down; }
  std::deque<State> queue_;
  State current_;
};

}  // namespace lk::ui
