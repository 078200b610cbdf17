#include "kiosk/app/staff/sync_panel.h"

#include "kiosk/app/staff/staff_mode.h"

namespace lk::ui {
namespace {
constexpr int kSetAsideShown = 20;
}  // namespace

void SyncPanel::Open(UiContext& ctx) {
  seen_ = ctx.sync_status();
  if (ctx.nav().current() != staff_screen::kSync) desk_.Go(ctx, staff_screen::kSync);
  desk_.Run<SyncReport>([](KioskStore& store) { return LoadSyncReport(store.db(), kSetAsideShown); },
                        [this, &ctx](Result<SyncReport> report) {
                          if (!report.ok()) return desk_.TellProblem(ctx, report.status());
                          report_ = std::move(report).value();
                        });
}

bool SyncPanel::Follow(UiContext& ctx) {
  if (ctx.nav().current() != staff_screen::kSync || !report_ || ctx.sync_status() == seen_) return false;
  Open(ctx);
  return true;
}

void SyncPanel::SyncNow(UiContext& ctx) {
  if (!sync_now_) return;
  sync_now_();
  desk_.Tell(std::string(ctx.T("staff.sync.started")), false);
}

}  // namespace lk::ui
