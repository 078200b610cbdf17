// Confirmation: the check-in is recorded - which class, when, the card number masked, and this learner's
// check-ins and hours on this kiosk this year; then, once the hub has answered, the city-wide year from
// the Credit Bank (hours, check-ins, centres, as of when) with a QR code of the learner's record page on the
// hub to take home, or a calm line that the hours will be credited once the kiosk is online.
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
    // The city-wide year as the hub answers it (the screenshots show the other states too).
    receipt.city_state = CityYearState::kAnswered;
    receipt.city = CityYear{ctx.zone().DateOf(ctx.now()).year, 31, 58.5, 3, ctx.now(), kSampleRecordUrl, std::nullopt};
    receipt.city->record_qr = QrCode::Encode(receipt.city->record_url);
    ctx.flow().receipt = receipt;
  }

  void Draw(UiContext& ctx) override {
    const Metrics& m = ctx.m();
    DrawTopBar(ctx, ctx.T("confirm.title"));
    BottomBar bar(ctx);
    if (bar.Action("confirm/done", ctx.T("confirm.done"), ButtonKind::kPrimary)) {
      ctx.flow().receipt.reset();  // the resident is done: nothing of the hub's answer stays behind
      ctx.nav().Home();
      return;
    }
    if (!ctx.flow().receipt) return;
    const Receipt& receipt = *ctx.flow().receipt;
    const CheckInResult& r = receipt.result;
    const std::string year = ctx.Tf("confirm.year", {{"count", std::to_string(receipt.year_summary.check_ins)},
                                                     {"hours", ctx.Hours(receipt.year_summary.credit_hours)}});
    const std::string city_year =
        receipt.city_state == CityYearState::kAnswered
            ? ctx.Tf("confirm.city_year", {{"count", std::to_string(receipt.city->check_ins)},
                                           {"hours", ctx.Hours(receipt.city->credit_hours)},
                                           {"centres", std::to_string(receipt.city->centres)}})
            : std::string();
    // The course, when and where, and the year's hours: what a resident who cannot read the card needs.
    ReadAloudAction(ctx, bar, "confirm/speak",
                    {std::string(ctx.T("confirm.heading")), ctx.L(r.course.title), SessionWhen(ctx, r.session),
                     SessionRoom(ctx, r.session), year, city_year});

    const ImRect content = Areas(ctx).content;
    // The record to take home: a QR code of the hub's link, beside the card, about 9 cm square on a 22"
    // screen (whole pixels per module, a 4-module quiet zone) so a phone reads it from 40 cm.
    const QrCode* qr = receipt.city && receipt.city->record_qr ? &*receipt.city->record_qr : nullptr;
    const float qr_target = std::round(420 * m.scale);
    const std::string qr_caption(ctx.T("confirm.record_qr"));
    const float column_w = qr ? content.GetWidth() - 2 * m.gap : std::min(content.GetWidth(), std::round(1400 * m.scale));
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
    // The code and its caption fit between the heading and the bottom bar.
    const float qr_room = content.Max.y - y - TextHeight(ctx, qr_caption, FontRole::kBody, qr_target) - m.gap * 0.5f;
    const float qr_module =
        qr ? std::max(4.0f, std::floor(std::min(qr_target, qr_room) / float(qr->width + 8))) : 0;
    const float qr_side = qr_module * float(qr ? qr->width + 8 : 0);

    // The receipt card.
    std::vector<TextLine> lines;
    lines.push_back({ctx.L(r.course.title), FontRole::kHeading});
    lines.push_back({JoinParts(ctx, {SessionWhen(ctx, r.session), SessionRoom(ctx, r.session)}), FontRole::kBody});
    lines.push_back({JoinParts(ctx, {ctx.Tf("confirm.time", {{"time", ctx.Clock(r.record.recorded_at)}}),
                                     ctx.Tf("confirm.learner", {{"id", MaskLearnerId(r.record.learner_id)}})}),
                     FontRole::kBody});
    lines.push_back({year, FontRole::kBody});
    switch (receipt.city_state) {
      case CityYearState::kNotAsked: break;
      case CityYearState::kAsking:
        lines.push_back({std::string(ctx.T("confirm.city_asking")), FontRole::kBody, Tone::kMuted});
        break;
      case CityYearState::kAnswered:
        lines.push_back({city_year, FontRole::kBody, Tone::kHighlight});
        lines.push_back({ctx.Tf("confirm.city_as_of", {{"time", ctx.Clock(receipt.city->as_of)}}), FontRole::kBody,
                         Tone::kMuted});
        break;
      case CityYearState::kUnavailable:
        lines.push_back({std::string(ctx.T("confirm.city_offline")), FontRole::kBody, Tone::kMuted});
        break;
    }
    const float pad = m.gap * 1.25f;
    const float card_w = qr ? column_w - qr_side - m.gap * 1.5f : column_w;
    const float inner_w = card_w - 2 * pad;
    float card_h = pad * 2;
    for (const TextLine& line : lines) card_h += TextHeight(ctx, line.text, line.role, inner_w) + m.gap * 0.5f;
    const bool over = r.over_capacity;
    const std::string over_text(ctx.T("confirm.over_capacity"));
    if (over) card_h += TextHeight(ctx, over_text, FontRole::kBody, inner_w) + m.gap * 0.5f;
    ImRect card(ImVec2(x0, y), ImVec2(x0 + card_w, std::min(content.Max.y, y + card_h)));
    Panel(ctx, card);
    float ty = card.Min.y + pad;
    for (const TextLine& line : lines) {
      ty += Text(ctx, line.text, line.role, ImRect(ImVec2(card.Min.x + pad, ty), ImVec2(card.Max.x - pad, card.Max.y - pad)),
                 line.tone);
      ty += m.gap * 0.5f;
    }
    if (over) Text(ctx, over_text, FontRole::kBody, ImRect(ImVec2(card.Min.x + pad, ty), ImVec2(card.Max.x - pad, card.Max.y - pad)), Tone::kAttention);
    if (qr) DrawRecordQr(ctx, *qr, qr_caption, qr_module, ImVec2(x0 + column_w - qr_side, y), content.Max.y);
  }

 private:
  // The code (dark on white whatever the theme, as scanners expect) and its caption under it.
  static void DrawRecordQr(UiContext& ctx, const QrCode& qr, const std::string& caption, float module, ImVec2 at,
                           float bottom) {
    const float side = module * float(qr.width + 8);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(at, ImVec2(at.x + side, at.y + side), IM_COL32(255, 255, 255, 255));
    const ImVec2 origin(at.x + 4 * module, at.y + 4 * module);
    for (int yy = 0; yy < qr.width; ++yy) {
      for (int xx = 0; xx < qr.width; ++xx) {
        if (!qr.at(xx, yy)) continue;
        const ImVec2 a(origin.x + float(xx) * module, origin.y + float(yy) * module);
        draw->AddRectFilled(a, ImVec2(a.x + module, a.y + module), IM_COL32(0, 0, 0, 255));
      }
    }
    const float top = at.y + side + ctx.m().gap * 0.5f;
    Text(ctx, caption, FontRole::kBody, ImRect(ImVec2(at.x, top), ImVec2(at.x + side, bottom)), Tone::kMuted);
  }
};

}  // namespace

std::unique_ptr<Screen> MakeConfirmationScreen() { return std::make_unique<ConfirmationScreen>(); }

}  // namespace lk::ui
