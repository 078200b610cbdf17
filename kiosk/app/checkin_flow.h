// CheckInFlow: the resident's way to a check-in, from a session tapped (or a card scanned) to the
// confirmation or a problem screen. It checks the window and the id's shape at once, runs the check-in as a
// StoreWorker task (the record and this learner's summary for the year on this kiosk), and moves to the
// confirmation or a problem screen when the result comes back. The confirmation shows the local figure at
// once; when a hub summary source is set (the sync worker's summary thread, see App::SetHubSummary) the
// flow then asks it for the learner's city-wide year and puts the answer, or "unavailable", on the receipt.
// One check-in at a time; a result (or a hub answer) for a resident the kiosk has since forgotten (idle
// reset, Done) is dropped, never shown to the next one.
//
// The flow's state lives in UiContext::flow() (ResidentFlow), so the idle reset forgets it with the rest.
// Ownership: the App owns it and lends it the context and the worker (null when the configuration does not
// allow check-ins); both outlive it. UI thread only.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/app/resident_flow.h"
#include "kiosk/app/store_worker.h"
#include "kiosk/core/attendance_store.h"
#include "kiosk/core/domain.h"

namespace lk::ui {

class UiContext;

// Asks the hub for a learner's city-wide year. `done` must run on the UI thread, exactly once, within
// about 1.5 s (nullopt: offline, slow or refused).
using HubSummarySource =
    std::function<void(const std::string& learner_id, std::function<void(std::optional<CityYear>)> done)>;

class CheckInFlow {
 public:
  CheckInFlow(UiContext& ctx, StoreWorker* worker) : ctx_(ctx), worker_(worker) {}
  CheckInFlow(const CheckInFlow&) = delete;
  CheckInFlow& operator=(const CheckInFlow&) = delete;

  bool available() const { return worker_ != nullptr; }
  // Where the confirmation's city-wide year comes from; unset, the confirmation shows the local figure alone.
  void set_hub_summary(HubSummarySource source) { hub_summary_ = std::move(source); }
  // Starts checking in to `session`: the keypad when its window is open, else a problem screen.
  void Start(const Session& session);
  // Offers a choice of sessions (the picker); with a pending scan, picking one checks in at once.
  void OfferSessions(std::vector<std::string> session_ids);
  // Validates the id, then runs the check-in; the result moves to the confirmation or a problem screen.
  void Submit(const std::string& learner_id, const std::string& session_id, RecordSource source);
  // A scan on a screen that does not take it: asks which of today's open sessions.
  void CheckInScannedIdSomewhere(const std::string& learner_id);
  void ShowProblem(Problem problem);
  // Sessions today whose check-in window is open now, by start.
  std::vector<const Session*> OpenSessionsNow() const;

 private:
  struct Reply {
    CheckInResult result;
    LearnerSummary year_summary;  // this learner's check-ins on this kiosk this calendar year
  };
  void OnReply(uint64_t request, const std::string& learner_id, const std::string& session_id, Result<Reply> reply);
  void AskHub(uint64_t request, const std::string& learner_id);

  UiContext& ctx_;
  StoreWorker* const worker_;
  HubSummarySource hub_summary_;
  uint64_t next_request_ = 1;
};

}  // namespace lk::ui
