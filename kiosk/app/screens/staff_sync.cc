// Staff sync panel: how uploading stands (records waiting and since when, the last success, the last
// error in words, the clock's difference from the hub), the records the hub set aside and why, and a
// Sync now button.
#include <cmath>
#include <cstdlib>

#include "kiosk/app/screens/staff_chrome.h"
#include "kiosk/core/checkin_policy.h"

namespace lk::ui {
namespace {

constexpr int64_t kSkewToleranceMs = 2000;

class StaffSyncScreen final : public StaffScreen {
 public:
  std::string_view id() const override { return staff_screen::kSync; }

  void OnEnter(UiContext&) override { page_ = 0; }

  void Draw(UiContext& ctx) override {
    StaffMode& staff = Staff(ctx);
    const Metrics& m = ctx.m();
    DrawStaffTopBar(ctx, "staff.sync.title");
    BottomBar bar(ctx, /*with_navigation=*/false);
    if (StaffBarLeft(ctx, "staff/back", "nav.back", Icon::kBack)) return ctx.nav().Back();
    if (bar.Action("staff/sync/now", ctx.T("staff.sync.now"), ButtonKind::kPrimary, Icon::kNone,
                   staff.sync.can_sync_now())) {
      staff.sync.SyncNow(ctx);
    }

    ImRect area = DrawNotice(ctx, Areas(ctx).content);
    const std::optional<SyncReport>& report = staff.sync.report();
    if (!report) {
      Text(ctx, ctx.T("staff.loading"), FontRole::kBody, area, Tone::kMuted);
      return;
    }
    const SyncStatus& sync = ctx.sync_status();
    auto when = [&](TimeMs t) { return StaffDate(ctx, ctx.zone().DateOf(t)) + " " + ctx.Clock(t); };

    std::string connection(ctx.T(!staff.sync.can_sync_now()                          ? "staff.sync.not_set_up"
                                 : !sync.enrolled                               ? "staff.sync.unknown"
                                 : sync.online                                  ? "staff.sync.online"
                                                                                : "staff.sync.offline"));
    std::string error = report->last_error.empty() ? std::string(ctx.T("staff.sync.none")) : report->last_error;
    if (!report->last_error.empty() && report->last_error_at) {
      error = ctx.Tf(report->last_success && *report->last_success > *report->last_error_at ? "staff.sync.error_past"
                                                                                            : "staff.sync.error_at",
                     {{"error", report->last_error}, {"time", when(*report->last_error_at)}});
    }
    std::string skew(ctx.T("staff.sync.unknown"));
    if (report->clock_skew_ms) {
      const int64_t ms = *report->clock_skew_ms;
      const std::string seconds = std::to_string((std::llabs(ms) + 500) / 1000);
      skew = std::llabs(ms) <= kSkewToleranceMs
                 ? std::string(ctx.T("staff.sync.skew_ok"))
                 : ctx.Tf(ms > 0 ? "staff.sync.skew_ahead" : "staff.sync.skew_behind", {{"seconds", seconds}});
    }
    const std::pair<const char*, std::string> rows[] = {
        {LK_TEXT_KEY("staff.sync.connection"), connection},
        {LK_TEXT_KEY("staff.sync.pending"),
         ctx.Tf("staff.sync.records", {{"count", std::to_string(report->outbox.pending)}})},
        {LK_TEXT_KEY("staff.sync.oldest"), report->outbox.oldest_pending_at ? when(report->outbox.oldest_pending_at)
                                                                            : std::string(ctx.T("staff.sync.none"))},
        {LK_TEXT_KEY("staff.sync.last_success"),
         report->last_success ? when(*report->last_success) : std::string(ctx.T("staff.sync.never"))},
        {LK_TEXT_KEY("staff.sync.last_error"), error},
        {LK_TEXT_KEY("staff.sync.skew"), skew},
        {LK_TEXT_KEY("staff.sync.set_aside"),
         ctx.Tf("staff.sync.records", {{"count", std::to_string(report->outbox.set_aside)}})},
    };
    const float lh = LineHeight(ctx, FontRole::kBody);
    const float label_w = std::round(area.GetWidth() * 0.3f);
    for (const auto& [key, value] : rows) {
      Text(ctx, ctx.T(key), FontRole::kBody,
           ImRect(area.Min, ImVec2(area.Min.x + label_w - m.gap, area.Min.y + lh * 2)), Tone::kMuted);
      area.Min.y +=
          std::max(lh, Text(ctx, value, FontRole::kBody,
                            ImRect(ImVec2(area.Min.x + label_w, area.Min.y), ImVec2(area.Max.x, area.Min.y + lh * 2))));
      area.Min.y += m.gap * 0.4f;
    }
    if (report->set_aside.empty()) return;

    // The set-aside records, a page at a time.
    area.Min.y += m.gap * 0.6f;
    const float row_h = RowHeight(ctx, 2);
    const ImRect pager_area(ImVec2(area.Min.x, area.Max.y - m.target), area.Max);
    int per_page = RowsThatFit(ctx, area.GetHeight(), row_h);
    if (int(report->set_aside.size()) > per_page)
      per_page = RowsThatFit(ctx, area.GetHeight() - m.target - m.gap, row_h);
    PageSlice slice = Pager(ctx, "staff/set-aside", int(report->set_aside.size()), per_page, &page_, pager_area);
    for (int i = 0; i < slice.count; ++i) {
      const SetAsideRecord& r = report->set_aside[size_t(slice.first + i)];
      const ImRect row = RowRect(ctx, area, i, row_h);
      Panel(ctx, row);
      const std::string text = JoinParts(ctx, {when(r.record.recorded_at), MaskLearnerId(r.record.learner_id),
                                               r.record.session_id, r.reason.empty() ? r.hub_result : r.reason});
      const ImRect inner(row.Min + ImVec2(m.gap, 0), row.Max - ImVec2(m.gap, 0));
      const float h = std::min(TextHeight(ctx, text, FontRole::kBody, inner.GetWidth()), inner.GetHeight());
      Text(ctx, text, FontRole::kBody, ImRect(ImVec2(inner.Min.x, row.GetCenter().y - h / 2), inner.Max),
           Tone::kAttention);
    }
  }

 private:
  int page_ = 0;
};

}  // namespace

std::unique_ptr<Screen> MakeStaffSyncScreen() { return std::make_unique<StaffSyncScreen>(); }

}  // namespace lk::ui
