// The learning-kiosk's link to its hub: starts the background sync (sync/client/sync_worker.h) when the
// data directory is enrolled, and wires it to the App - its status to the UiInbox, the staff sync panel's
// "Sync now" to Poke, and the confirmation's city-wide year to the worker's summary thread (a push of the
// check-in first, then GET /v1/learners/{id}/summary, kCityYearBudgetMs in all; nothing of the answer is
// kept but what the App puts on the receipt). Kept out of kiosk_ui (the screens never see sync/): linked
// by learning-kiosk and the tests that run the App against a real hub. Call from the UI thread; stop the
// returned worker before the App goes.
#pragma once

#include <memory>

#include "kiosk/app/app.h"
#include "kiosk/app/app_options.h"
#include "sync/client/sync_worker.h"

namespace lk::ui {

// How long the confirmation waits for the hub's answer before it says the hours will be credited later.
constexpr int kCityYearBudgetMs = 1500;

// Null when there is nothing to sync (demo, no usable config, not enrolled).
std::unique_ptr<sync::SyncWorker> StartSync(const AppOptions& options, App& app);

// The city-wide year the confirmation shows, from the hub's summary.
CityYear CityYearOf(const sync::LearnerSummary& summary);

}  // namespace lk::ui
