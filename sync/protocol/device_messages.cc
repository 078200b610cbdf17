#include "sync/protocol/device_messages.h"

#include <nlohmann/json.hpp>

#include "kiosk/core/catalog_json.h"
#include "kiosk/core/time_zone.h"
#include "sync/protocol/catalog_messages.h"
#include "sync/protocol/protocol.h"

namespace lk::sync {

using nlohmann::json;

namespace {

Result<json> ParseObject(std::string_view body, const char* what) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) return Status::InvalidArgument(std::string(what) + ": body is not valid JSON");
  if (!j.is_object()) return Status::InvalidArgument(std::string(what) + ": expected a JSON object");
  return j;
}

// Optional short text field.
Status ShortText(const json& j, const char* key, std::string* out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::Ok();
  if (!it->is_string()) return Status::InvalidArgument(std::string(key) + ": expected a string");
  const auto& s = it->get_ref<const std::string&>();
  if (s.size() > kMaxShortText || !IsCleanUtf8(s)) {
    return Status::InvalidArgument(std::string(key) + ": at most 200 bytes of UTF-8 text");
  }
  *out = s;
  return Status::Ok();
}

Status NonNegative(const json& j, const char* key, int64_t* out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::Ok();
  if (!it->is_number_integer() || (it->is_number_unsigned() && it->get<uint64_t>() > uint64_t(INT64_MAX)) ||
      it->get<int64_t>() < 0) {
    return Status::InvalidArgument(std::string(key) + ": expected an integer >= 0");
  }
  *out = it->get<int64_t>();
  return Status::Ok();
}

}  // namespace

std::string EnrollRequestToJson(const EnrollRequest& r) {
  json j = {{"code", r.code}};
  if (!r.device_name.empty()) j["device_name"] = r.device_name;
  if (!r.app_version.empty()) j["app_version"] = r.app_version;
  return DumpJson(j);
}

Result<EnrollRequest> ParseEnrollRequest(std::string_view body) {
  LK_ASSIGN_OR_RETURN(json j, ParseObject(body, "enroll"));
  EnrollRequest r;
  auto code = j.find("code");
  if (code == j.end() || !code->is_string() || code->get_ref<const std::string&>().empty() ||
      code->get_ref<const std::string&>().size() > 64) {
    return Status::InvalidArgument("code: expected the enrolment code as a string");
  }
  r.code = code->get<std::string>();
  LK_RETURN_IF_ERROR(ShortText(j, "device_name", &r.device_name));
  LK_RETURN_IF_ERROR(ShortText(j, "app_version", &r.app_version));
  return r;
}

std::string EnrollResponseToJson(const EnrollResponse& r) {
  json j = {{"device_id", r.device_id}, {"token", r.token}, {"centre", CentreToJson(r.centre)}};
  return DumpJson(j);
}

Result<EnrollResponse> ParseEnrollResponse(std::string_view body) {
  LK_ASSIGN_OR_RETURN(json j, ParseObject(body, "enroll response"));
  EnrollResponse r;
  try {
    r.device_id = j.at("device_id").get<std::string>();
    r.token = j.at("token").get<std::string>();
    LK_ASSIGN_OR_RETURN(r.centre, ParseCentreJson(j.at("centre")));
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("enroll response: ") + e.what());
  }
  return r;
}

std::string HeartbeatRequestToJson(const HeartbeatRequest& r) {
  json j = {{"queue_depth", r.queue_depth},
            {"oldest_pending_age_s", r.oldest_pending_age_s},
            {"app_version", r.app_version},
            {"kiosk_time", FormatRfc3339Utc(r.kiosk_time)}};
  return DumpJson(j);
}

Result<HeartbeatRequest> ParseHeartbeatRequest(std::string_view body) {
  LK_ASSIGN_OR_RETURN(json j, ParseObject(body, "heartbeat"));
  HeartbeatRequest r;
  LK_RETURN_IF_ERROR(NonNegative(j, "queue_depth", &r.queue_depth));
  LK_RETURN_IF_ERROR(NonNegative(j, "oldest_pending_age_s", &r.oldest_pending_age_s));
  LK_RETURN_IF_ERROR(ShortText(j, "app_version", &r.app_version));
  auto t = j.find("kiosk_time");
  if (t == j.end() || !t->is_string()) return Status::InvalidArgument("kiosk_time: expected an RFC 3339 time");
  auto parsed = ParseRfc3339(t->get<std::string>());
  if (!parsed.ok()) return Status::InvalidArgument("kiosk_time: " + parsed.status().message());
  r.kiosk_time = *parsed;
  return r;
}

std::string HeartbeatResponseToJson(const HeartbeatResponse& r) {
  json j = {{"server_time", FormatRfc3339Utc(r.server_time)},
            {"clock_skew_ms", r.clock_skew_ms},
            {"protocol_version", r.protocol_version},
            {"min_protocol_version", r.min_protocol_version}};
  return DumpJson(j);
}

Result<HeartbeatResponse> ParseHeartbeatResponse(std::string_view body) {
  LK_ASSIGN_OR_RETURN(json j, ParseObject(body, "heartbeat response"));
  HeartbeatResponse r;
  try {
    LK_ASSIGN_OR_RETURN(r.server_time, ParseRfc3339(j.at("server_time").get<std::string>()));
    LK_ASSIGN_OR_RETURN(r.clock_skew_ms, IntegerAt(j, "clock_skew_ms"));
    LK_ASSIGN_OR_RETURN(r.protocol_version, IntegerAt(j, "protocol_version", 0, INT32_MAX));
    LK_ASSIGN_OR_RETURN(r.min_protocol_version, IntegerAt(j, "min_protocol_version", 0, INT32_MAX));
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("heartbeat response: ") + e.what());
  }
  return r;
}

}  // namespace lk::sync
