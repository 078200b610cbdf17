#include "kiosk/app/sync_link.h"

namespace lk::ui {

CityYear CityYearOf(const sync::LearnerSummary& summary) {
  return CityYear{summary.year,   summary.checkins,   summary.credit_hours, int(summary.centres.size()),
                  summary.as_of, summary.record_url, std::nullopt};
}

std::unique_ptr<sync::SyncWorker> StartSync(const AppOptions& options, App& app) {
  if (options.demo || !app.config_as_read() || !sync::SyncWorker::IsEnrolled(options.data_dir)) return nullptr;
  sync::SyncWorkerOptions sync_options;
  sync_options.data_dir = options.data_dir;
  sync_options.config = *app.config_as_read();
  sync_options.data_version_poll_ms = 500;
  sync_options.on_status = [&app](const SyncStatus& status) { app.PostSyncStatus(status); };
  auto worker = std::make_unique<sync::SyncWorker>(std::move(sync_options));
  worker->Start();
  sync::SyncWorker* w = worker.get();
  app.SetSyncNow([w] { w->Poke(); });
  app.SetHubSummary([w](const std::string& learner_id, std::function<void(std::optional<CityYear>)> done) {
    w->FetchLearnerSummary(
        learner_id,
        [done = std::move(done)](const std::string&, Result<sync::LearnerSummary> summary) {
          done(summary.ok() ? std::optional<CityYear>(CityYearOf(*summary)) : std::nullopt);
        },
        {.budget_ms = kCityYearBudgetMs, .after_push = true});
  });
  return worker;
}

}  // namespace lk::ui
