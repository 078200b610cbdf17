#include "kiosk/app/widget_log.h"

namespace lk::ui {

void WidgetLog::BeginFrame() {
  widgets_.clear();
  texts_.clear();
  layer_ = top_ = Layer::kScreen;
}

void WidgetLog::AddWidget(WidgetRecord record) {
  record.layer = layer_;
  if (layer_ > top_) top_ = layer_;
  widgets_.push_back(std::move(record));
}

void WidgetLog::AddText(TextRecord record) {
  record.layer = layer_;
  if (layer_ > top_) top_ = layer_;
  texts_.push_back(std::move(record));
}

const WidgetRecord* WidgetLog::FindById(std::string_view id) const {
  for (const WidgetRecord& w : widgets_) {
    if (w.id == id && w.layer == top_) return &w;
  }
  return nullptr;
}

const WidgetRecord* WidgetLog::FindByLabel(std::string_view label) const {
  for (const WidgetRecord& w : widgets_) {
    if (w.layer == top_ && w.label() == label) return &w;
  }
  for (const WidgetRecord& w : widgets_) {
    if (w.layer != top_) continue;
    for (const std::string& line : w.lines) {
      if (line == label) return &w;
    }
  }
  return nullptr;
}

}  // namespace lk::ui
