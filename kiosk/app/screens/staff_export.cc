// Staff export: the chosen day's, week's or month's attendance as a CSV file (UTF-8 with a byte order
// mark, so spreadsheet programs show Chinese) in the configured folder, normally a USB stick.
#include <cmath>

#include "kiosk/app/screens/staff_chrome.h"

namespace lk::ui {
namespace {

class StaffExportScreen final : public StaffScreen {
 public:
  std::string_view id() const override { return staff_screen::kExport; }

  void Draw(UiContext& ctx) override {
    StaffMode& staff = Staff(ctx);
    const Metrics& m = ctx.m();
    DrawStaffTopBar(ctx, "staff.export.title");
    BottomBar bar(ctx, /*with_navigation=*/false);
    if (StaffBarLeft(ctx, "staff/back", "nav.back", Icon::kBack)) return ctx.nav().Back();
    if (bar.Action("staff/export/submit", ctx.T(staff.desk.working() ? "staff.working" : "staff.export.submit"),
                   ButtonKind::kPrimary, Icon::kCheck, !staff.desk.working())) {
      staff.exports.Submit(ctx, staff.day.day().date);
    }

    ImRect area = Areas(ctx).content;
    const float lh = LineHeight(ctx, FontRole::kBody);

    struct Option {
      ExportSpan span;
      const char* key;
    };
    static constexpr Option kOptions[] = {{ExportSpan::kDay, LK_TEXT_KEY("staff.export.day")},
                                          {ExportSpan::kWeek, LK_TEXT_KEY("staff.export.week")},
                                          {ExportSpan::kMonth, LK_TEXT_KEY("staff.export.month")}};
    std::vector<std::vector<TextLine>> options;
    float cell_h = m.target;
    // The chosen option's check mark takes room too.
    const float text_w =
        GridCell(ctx, area, 3, 0, m.target).GetWidth() - std::round(m.body * 1.3f) - std::round(m.gap * 0.6f);
    for (const Option& option : kOptions) {
      const ExportRange range = ExportRangeFor(option.span, staff.day.day().date);
      const std::string dates =
          range.from == range.to
              ? StaffDate(ctx, range.from)
              : ctx.Tf("staff.export.range", {{"from", ShortDate(ctx, range.from)}, {"to", ShortDate(ctx, range.to)}});
      options.push_back({{std::string(ctx.T(option.key)), FontRole::kHeading}, {dates, FontRole::kBody, Tone::kMuted}});
      cell_h = std::max(cell_h, RowHeightFor(ctx, text_w, options.back()));
    }
    for (int i = 0; i < 3; ++i) {
      if (ChoiceButton(ctx, std::string("staff/export/span/") + std::to_string(i), GridCell(ctx, area, 3, i, cell_h),
                       options[size_t(i)], staff.exports.span() == kOptions[i].span)) {
        staff.exports.set_span(kOptions[i].span);
        staff.desk.ClearNotice();
      }
    }
    area.Min.y += cell_h + m.gap * 1.5f;

    const ExportRange range = ExportRangeFor(staff.exports.span(), staff.day.day().date);
    for (const std::string& line :
         {ctx.Tf("staff.export.folder", {{"dir", staff.desk.config().export_dir}}),
          ctx.Tf("staff.export.file", {{"name", ExportFileName(ctx.catalog().centre().id, range)}}),
          std::string(ctx.T("staff.export.format"))}) {
      area.Min.y += Text(ctx, line, FontRole::kBody,
                         ImRect(area.Min, ImVec2(area.Max.x, std::min(area.Max.y, area.Min.y + lh * 2))), Tone::kMuted);
      area.Min.y += m.gap * 0.5f;
    }
    // What the last export did, next to the button that did it.
    area.Min.y += m.gap * 0.5f;
    DrawNotice(ctx, area);
  }
};

}  // namespace

std::unique_ptr<Screen> MakeStaffExportScreen() { return std::make_unique<StaffExportScreen>(); }

}  // namespace lk::ui
