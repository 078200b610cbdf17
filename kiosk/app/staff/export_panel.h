// ExportPanel: the staff export - a day, its week (Monday to Sunday) or its month of attendance written
// as CSV to the USB stick's folder ([staff] export_dir) as a StoreWorker task, audited as "staff".
// Owned by StaffMode; UI thread only.
#pragma once

#include "kiosk/app/staff/staff_desk.h"
#include "kiosk/core/staff/csv_export.h"

namespace lk::ui {

// Export ranges offered on the export screen.
enum class ExportSpan { kDay, kWeek, kMonth };

// The dates `span` covers around `date`.
ExportRange ExportRangeFor(ExportSpan span, LocalDate date);

class ExportPanel {
 public:
  explicit ExportPanel(StaffDesk& desk) : desk_(desk) {}

  ExportSpan span() const { return span_; }
  void set_span(ExportSpan span) { span_ = span; }
  // Writes the chosen span around `date`.
  void Submit(UiContext& ctx, LocalDate date);
  void Reset() { span_ = ExportSpan::kDay; }

 private:
  StaffDesk& desk_;
  ExportSpan span_ = ExportSpan::kDay;
};

}  // namespace lk::ui
