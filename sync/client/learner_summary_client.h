// The hub's learning record for one learner, for the check-in confirmation screen:
// GET /v1/learners/{id}/summary (sync/PROTOCOL.md §7), with a short timeout (2 s by default) so an
// unreachable hub costs the screen little; on failure the caller shows the kiosk's local count and says
// it is local. Blocking: call it off the UI thread (SyncWorker::FetchLearnerSummary does).
#pragma once

#include <string>

#include "kiosk/core/status.h"
#include "sync/client/hub_client.h"
#include "sync/protocol/learner_summary.h"

namespace lk::sync {

constexpr int kLearnerSummaryTimeoutMs = 2000;

Result<LearnerSummary> FetchLearnerSummary(HubClient& client, const std::string& learner_id,
                                           int timeout_ms = kLearnerSummaryTimeoutMs);

}  // namespace lk::sync
