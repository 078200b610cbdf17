#include "sync/client/heartbeat.h"

#include "kiosk/core/device_state.h"
#include "kiosk/core/outbox.h"

namespace lk::sync {

Result<HeartbeatResponse> SendHeartbeat(Database& db, HubClient& client, const std::string& app_version, TimeMs now) {
  LK_ASSIGN_OR_RETURN(OutboxDepth depth, Outbox(db).Depth());
  HeartbeatRequest beat;
  beat.queue_depth = depth.pending;
  beat.oldest_pending_age_s = depth.oldest_pending_at ? std::max<TimeMs>(0, now - depth.oldest_pending_at) / 1000 : 0;
  beat.app_version = app_version;
  beat.kiosk_time = now;
  HubRequest request;
  request.method = "POST";
  request.path = kHeartbeatPath;
  request.body = HeartbeatRequestToJson(beat);
  LK_ASSIGN_OR_RETURN(HubResponse response, client.Send(request));
  LK_RETURN_IF_ERROR(ExpectHub(response, {200}));
  auto answer = ParseHeartbeatResponse(response.body);
  if (!answer.ok()) {
    return Status::Unavailable("the hub's heartbeat answer could not be read (" + answer.status().message() + ")");
  }
  LK_RETURN_IF_ERROR(DeviceState(db).Set(device_key::kClockSkewMs, std::to_string(answer->clock_skew_ms), now));
  return answer;
}

}  // namespace lk::sync
