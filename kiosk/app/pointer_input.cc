#include "kiosk/app/pointer_input.h"

namespace lk::ui {

void PointerInput::Press(ImVec2 pos) {
  if (DownAfterQueue()) return Move(pos);  // a second press without a release: the same touch
  queue_.push_back({pos, true});
}

void PointerInput::Move(ImVec2 pos) {
  if (!DownAfterQueue()) return;
  // Consecutive drag positions collapse into one; a queued press keeps its own frame.
  if (queue_.size() > 1 && queue_.back().down && queue_[queue_.size() - 2].down) {
    queue_.back().pos = pos;
  } else {
    queue_.push_back({pos, true});
  }
}

void PointerInput::Release(ImVec2 pos) {
  if (!DownAfterQueue()) return;
  queue_.push_back({pos, false});
  queue_.push_back({});  // then off the screen
}

void PointerInput::ApplyTo(ImGuiIO& io) {
  if (!queue_.empty()) {
    current_ = queue_.front();
    queue_.pop_front();
  }
  io.MousePos = current_.pos;
  io.MouseDown[0] = current_.down;
  for (int i = 1; i < IM_ARRAYSIZE(io.MouseDown); ++i) io.MouseDown[i] = false;
  io.MouseWheel = io.MouseWheelH = 0;
}

void PointerInput::Reset() {
  queue_.clear();
  queue_.push_back({});  // lifted off the screen: releasing over a widget would click it
}

}  // namespace lk::ui
