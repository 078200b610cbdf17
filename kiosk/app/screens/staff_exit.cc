// Staff exit: the only way to close the kiosk app (for maintenance), after a confirmation that says what
// closing means for residents.
#include <cmath>

#include "kiosk/app/screens/staff_chrome.h"

namespace lk::ui {
namespace {

class StaffExitScreen final : public StaffScreen {
 public:
  std::string_view id() const override { return staff_screen::kExit; }

  void Draw(UiContext& ctx) override {
    StaffMode& staff = Staff(ctx);
    const Metrics& m = ctx.m();
    DrawStaffTopBar(ctx, "staff.exit.title");
    BottomBar bar(ctx, /*with_navigation=*/false);
    if (StaffBarLeft(ctx, "staff/exit/cancel", "staff.cancel", Icon::kBack)) return ctx.nav().Back();
    if (bar.Action("staff/exit/confirm", ctx.T(staff.desk.working() ? "staff.working" : "staff.exit.confirm"),
                   ButtonKind::kPrimary, Icon::kNone, !staff.desk.working())) {
      staff.ConfirmExit(ctx);
    }

    const ImRect content = Areas(ctx).content;
    const float column_w = std::min(content.GetWidth(), std::round(1400 * m.scale));
    const float x0 = std::round(content.GetCenter().x - column_w / 2);
    float y = content.Min.y + m.gap * 2;
    const float icon = std::round(LineHeight(ctx, FontRole::kTitle) * 1.2f);
    DrawIcon(ImGui::GetWindowDrawList(), Icon::kAttention, ImRect(ImVec2(x0, y), ImVec2(x0 + icon, y + icon)),
             ToU32(ctx.colors().attention), std::max(3.0f, m.border * 1.5f));
    const float text_x = x0 + icon + m.gap * 1.5f;
    y += Text(ctx, ctx.T("staff.exit.heading"), FontRole::kTitle,
              ImRect(ImVec2(text_x, y), ImVec2(x0 + column_w, y + LineHeight(ctx, FontRole::kTitle) * 2)),
              Tone::kAttention);
    y += m.gap;
    Text(ctx, ctx.T("staff.exit.body"), FontRole::kHeading,
         ImRect(ImVec2(text_x, y), ImVec2(x0 + column_w, content.Max.y)));
  }
};

}  // namespace

std::unique_ptr<Screen> MakeStaffExitScreen() { return std::make_unique<StaffExitScreen>(); }

}  // namespace lk::ui
