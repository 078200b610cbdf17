// Device messages: enrolment (POST /v1/enroll) and heartbeat (POST /v1/heartbeat), sync/PROTOCOL.md §3, §6.
//
// Plain structs with JSON conversion; Parse* return kInvalidArgument naming the bad field. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"

namespace lk::sync {

struct EnrollRequest {
  std::string code;         // the one-time enrolment code from `learning-hub enroll-code`
  std::string device_name;  // optional, shown by `learning-hub devices`
  std::string app_version;  // optional
};

struct EnrollResponse {
  std::string device_id;  // UUIDv7
  std::string token;      // bearer token; shown once, the hub keeps only its hash
  Centre centre;
};

struct HeartbeatRequest {
  int64_t queue_depth = 0;          // records waiting to be pushed
  int64_t oldest_pending_age_s = 0; // age of the oldest of them, seconds (0 when none)
  std::string app_version;
  TimeMs kiosk_time = 0;            // the kiosk's clock when it sent the heartbeat
};

struct HeartbeatResponse {
  TimeMs server_time = 0;
  int64_t clock_skew_ms = 0;  // kiosk_time - server_time as the hub saw it (positive: kiosk ahead)
  int protocol_version = 0;   // the hub's
  int min_protocol_version = 0;
};

std::string EnrollRequestToJson(const EnrollRequest& request);
Result<EnrollRequest> ParseEnrollRequest(std::string_view body);
std::string EnrollResponseToJson(const EnrollResponse& response);
Result<EnrollResponse> ParseEnrollResponse(std::string_view body);

std::string HeartbeatRequestToJson(const HeartbeatRequest& request);
Result<HeartbeatRequest> ParseHeartbeatRequest(std::string_view body);
std::string HeartbeatResponseToJson(const HeartbeatResponse& response);
Result<HeartbeatResponse> ParseHeartbeatResponse(std::string_view body);

}  // namespace lk::sync
