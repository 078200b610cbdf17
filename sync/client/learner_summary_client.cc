#include "sync/client/learner_summary_client.h"

#include "sync/protocol/protocol.h"

namespace lk::sync {

Result<LearnerSummary> FetchLearnerSummary(HubClient& client, const std::string& learner_id, int timeout_ms) {
  HubRequest request;
  request.path = "/v1/learners/" + UrlEncode(learner_id) + "/summary";
  request.transfer_timeout_ms = timeout_ms;
  LK_ASSIGN_OR_RETURN(HubResponse response, client.Send(request));
  LK_RETURN_IF_ERROR(ExpectHub(response, {200}));
  auto summary = ParseLearnerSummary(response.body);
  if (!summary.ok()) {
    return Status::Unavailable("the hub's learner summary could not be read (" + summary.status().message() + ")");
  }
  return summary;
}

}  // namespace lk::sync
