#include "sync/client/enrollment.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "kiosk/core/device_state.h"
#include "kiosk/core/time_zone.h"
#include "sync/protocol/catalog_messages.h"
#include "sync/protocol/device_messages.h"
#include "sync/protocol/protocol.h"

namespace lk::sync {

std::string CredentialsPath(const std::string& data_dir) { return data_dir + "/" + kCredentialsFileName; }

Result<std::optional<Enrollment>> LoadEnrollment(const std::string& data_dir) {
  std::string path = CredentialsPath(data_dir);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::optional<Enrollment>();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read " + path + ": " + std::strerror(errno));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::Corruption(path + ": not a valid credentials file; enrol the kiosk again");
  }
  Enrollment e;
  try {
    e.hub_url = j.at("hub_url").get<std::string>();
    e.device_id = j.at("device_id").get<std::string>();
    e.token = j.at("token").get<std::string>();
    e.enrolled_at = j.value("enrolled_at", int64_t{0});
    if (j.contains("centre")) {
      auto centre = ParseCentreJson(j.at("centre"));
      if (centre.ok()) e.centre = *centre;
    }
  } catch (const nlohmann::json::exception& ex) {
    return Status::Corruption(path + ": " + ex.what() + "; enrol the kiosk again");
  }
  return std::optional<Enrollment>(std::move(e));
}

Status SaveEnrollment(const std::string& data_dir, const Enrollment& e, Env* env) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return Status::IoError("cannot create data directory " + data_dir + ": " + ec.message());
  nlohmann::json j = {{"hub_url", e.hub_url},
                      {"device_id", e.device_id},
                      {"token", e.token},
                      {"centre", CentreToJson(e.centre)},
                      {"enrolled_at", e.enrolled_at}};
  return env->WriteFileAtomically(CredentialsPath(data_dir), j.dump(2) + "\n", {.mode = 0600});
}

std::string EffectiveHubUrl(const KioskConfig& config, const Enrollment& enrollment) {
  return config.hub_url.empty() ? enrollment.hub_url : config.hub_url;
}

HubClientOptions ClientOptionsFromConfig(const KioskConfig& config, const std::string& url, const std::string& token) {
  HubClientOptions o;
  o.base_url = url;
  o.token = token;
  o.ca_file = config.ca_file;
  o.pinned_public_key = config.pinned_public_key;
  o.connect_timeout_ms = config.connect_timeout_seconds * 1000;
  o.transfer_timeout_ms = config.transfer_timeout_seconds * 1000;
  return o;
}

Result<Enrollment> EnrollDevice(const KioskConfig& config, const std::string& data_dir, Database& db,
                                const std::string& hub_url, const std::string& code, const std::string& device_name,
                                const std::string& app_version, Env* env) {
  std::string url = config.hub_url.empty() ? hub_url : config.hub_url;
  if (url.empty()) return Status::InvalidArgument("no hub URL: give --hub URL or set [sync] hub_url in the config");
  LK_RETURN_IF_ERROR(CheckHubUrl(url));
  LK_ASSIGN_OR_RETURN(HubClient client, HubClient::Create(ClientOptionsFromConfig(config, url, "")));
  EnrollRequest request{code, device_name, app_version};
  HubRequest http;
  http.method = "POST";
  http.path = "/v1/enroll";
  http.body = EnrollRequestToJson(request);
  LK_ASSIGN_OR_RETURN(HubResponse response, client.Send(http));
  if (response.from_hub && response.http_status == 403) {
    auto error = ParseErrorBody(response.body);
    return Status::PermissionDenied("the hub refused the enrolment code" +
                                    (error ? " (" + error->message + ")" : std::string()) +
                                    "; ask for a new code with `learning-hub enroll-code`");
  }
  LK_RETURN_IF_ERROR(ExpectHub(response, {200, 201}));
  LK_ASSIGN_OR_RETURN(EnrollResponse answer, ParseEnrollResponse(response.body));
  Enrollment e;
  e.hub_url = hub_url.empty() ? url : hub_url;
  while (!e.hub_url.empty() && e.hub_url.back() == '/') e.hub_url.pop_back();
  e.device_id = answer.device_id;
  e.token = answer.token;
  e.centre = answer.centre;
  e.enrolled_at = env->WallNowMs();
  LK_RETURN_IF_ERROR(SaveEnrollment(data_dir, e, env));
  DeviceState state(db);
  LK_RETURN_IF_ERROR(state.Set(device_key::kDeviceId, e.device_id, e.enrolled_at));
  LK_RETURN_IF_ERROR(state.Set(device_key::kCentreId, e.centre.id, e.enrolled_at));
  LK_RETURN_IF_ERROR(state.Set(device_key::kHubUrl, e.hub_url, e.enrolled_at));
  return e;
}

}  // namespace lk::sync
