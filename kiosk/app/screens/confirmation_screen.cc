// Confirmation: the check-in is recorded - which class, when, the card number masked, and this learner's
// check-ins and hours on this kiosk this year.
#include <cmath>

#include "kiosk/app/screens/chrome.h"
#include "kiosk/app/screens/screen.h"

namespace lk::ui {
namespace {

class ConfirmationScreen final : public Screen {
 public:
  std::string_view id() const override { return screen_id::kConfirmation; }

  void Preview(UiContext& ctx) override {
    std::vector<const Session*> open = ctx.checkin().OpenSessionsNow();
    if (open.empty()) return;
    Receipt receipt;
    receipt.result.session = *open.front();
    if (const Course* course = ctx.catalog().FindCourse(open.front()->course_id)) receipt.result.course = *course;
    receipt.result.record.learner_id = "20241234";
    receipt.result.record.session_id = open.front()->id;
    receipt.result.record.recorded_at = ctx.now();
    receipt.year_summary = {12, 24};
    ctx.flow().receipt = receipt;
  }

  void Draw(UiContext& ctx) override {
    const Metrics& m = ctx.m();
    DrawTopBar(ctx, ctx.T("confirm.title"));
    BottomBar bar(ctx);
    if (bar.Action("confirm/done", ctx.T("confirm.done"), ButtonKind::kPrimary)) ctx.nav().Home();
    if (!ctx.flow().receipt) return;
    const Receipt& receipt = *ctx.flow().receipt;
    const CheckInResult& r = receipt.result;
    const std::string year = ctx.Tf("confirm.year", {{"count", std::to_string(receipt.year_summary.check_ins)},
                                                     {"hours", ctx.Hours(receipt.year_summary.credit_hours)}});
    // The course, when and where, and the year's hours: what a resident who cannot read the card needs.
    ReadAloudAction(ctx, bar, "confirm/speak",
                    {std::string(ctx.T("confirm.heading")), ctx.L(r.course.title), SessionWhen(ctx, r.session),
                     SessionRoom(ctx, r.session), year});

    const ImRect content = Areas(ctx).content;
    const float column_w = std::min(content.GetWidth(), std::round(1400 * m.scale));
    const float x0 = std::round(content.GetCenter().x - column_w / 2);
    float y = content.Min.y + m.gap;
    const float icon = std::round(LineHeight(ctx, FontRole::kTitle) * 1.1f);
    const std::string done(ctx.T("confirm.heading"));
    ImFont* title = ctx.font(FontRole::kTitle);
    const float text_w = title->CalcTextSizeA(ctx.font_size(FontRole::kTitle), FLT_MAX, 0, done.c_str()).x;
    const float group_x = std::round(content.GetCenter().x - (icon + m.gap + text_w) / 2);
    DrawIcon(ImGui::GetWindowDrawList(), Icon::kCheck, ImRect(ImVec2(group_x, y), ImVec2(group_x + icon, y + icon)),
             ToU32(ctx.colors().success), std::max(3.0f, m.border * 2));
    Text(ctx, done, FontRole::kTitle,
         ImRect(ImVec2(group_x + icon + m.gap, y + (icon - LineHeight(ctx, FontRole::kTitle)) / 2),
                ImVec2(group_x + icon + m.gap + text_w + 1, y + icon)),
         Tone::kSuccess);
    y += icon + m.gap * 1.5f;

    // The receipt card.
    std::vector<std::pair<std::string, FontRole>> lines;
    lines.push_back({ctx.L(r.course.title), FontRole::kHeading});
    lines.push_back({JoinParts(ctx, {SessionWhen(ctx, r.session), SessionRoom(ctx, r.session)}), FontRole::kBody});
    lines.push_back({ctx.Tf("confirm.time", {{"time", ctx.Clock(r.record.recorded_at)}}), FontRole::kBody});
    lines.push_back({ctx.Tf("confirm.learner", {{"id", MaskLearnerId(r.record.learner_id)}}), FontRole::kBody});
    lines.push_back({year, FontRole::kBody});
    const float pad = m.gap * 1.25f;
    const float inner_w = column_w - 2 * pad;
    float card_h = pad * 2;
    for (const auto& [text, role] : lines) card_h += TextHeight(ctx, text, role, inner_w) + m.gap * 0.5f;
    const bool over = r.over_capacity;
    const std::string over_text(ctx.T("confirm.over_capacity"));
    if (over) card_h += TextHeight(ctx, over_text, FontRole::kBody, inner_w) + m.gap * 0.5f;
    ImRect card(ImVec2(x0, y), ImVec2(x0 + column_w, std::min(content.Max.y, y + card_h)));
    Panel(ctx, card);
    float ty = card.Min.y + pad;
    for (const auto& [text, role] : lines) {
      ty += Text(ctx, text, role, ImRect(ImVec2(card.Min.x + pad, ty), ImVec2(card.Max.x - pad, card.Max.y - pad)));
      ty += m.gap * 0.5f;
    }
    if (over) Text(ctx, over_text, FontRole::kBody, ImRect(ImVec2(card.Min.x + pad, ty), ImVec2(card.Max.x - pad, card.Max.y - pad)), Tone::kAttention);
  }
};

}  // namespace

std::unique_ptr<Screen> MakeConfirmationScreen() { return std::make_unique<ConfirmationScreen>(); }

}  // namespace lk::ui
