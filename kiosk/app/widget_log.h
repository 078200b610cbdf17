// WidgetLog: what the last frame drew, as a resident would see it: every touch target (id, label, rectangle,
// whether its text fits) and every text (font, rectangle, whether it fits). Written by the widget helpers
// while drawing; read by UiDriver so tests tap by label and check sizes, overlaps and glyph coverage.
//
// Single-threaded, owned by the UI thread. Cleared at the start of each frame.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h>

#include "kiosk/app/fonts.h"

namespace lk::ui {

// Layer 0 is the screen; layer 1 is drawn over it (the idle prompt) and blocks the screen's targets.
enum class Layer { kScreen = 0, kOverlay = 1 };

struct WidgetRecord {
  std::string id;                  // the ImGui id label, e.g. "nav/back"
  std::vector<std::string> lines;  // the visible text lines (first = the main label)
  ImRect rect;
  bool enabled = true;
  bool text_fits = true;
  Layer layer = Layer::kScreen;
  const std::string& label() const {
    static const std::string empty;
    return lines.empty() ? empty : lines.front();
  }
};

struct TextRecord {
  std::string text;
  ImFont* font = nullptr;
  float size = 0;
  ImRect rect;     // the box the text was given
  bool fits = true;
  Layer layer = Layer::kScreen;
  bool cut = false;  // too long for its box: what shows ends with an ellipsis
};

class WidgetLog {
 public:
  void BeginFrame();
  void set_layer(Layer layer) { layer_ = layer; }
  Layer layer() const { return layer_; }
  void AddWidget(WidgetRecord record);
  void AddText(TextRecord record);

  const std::vector<WidgetRecord>& widgets() const { return widgets_; }
  const std::vector<TextRecord>& texts() const { return texts_; }
  // The topmost layer drawn this frame; widgets below it cannot be touched.
  Layer top_layer() const { return top_; }
  const WidgetRecord* FindById(std::string_view id) const;
  // The first widget on the top layer whose main label (or any line) equals `label`.
  const WidgetRecord* FindByLabel(std::string_view label) const;

 private:
  Layer layer_ = Layer::kScreen;
  Layer top_ = Layer::kScreen;
  std::vector<WidgetRecord> widgets_;
  std::vector<TextRecord> texts_;
};

}  // namespace lk::ui
