// Enrolment: the kiosk's identity at the hub (device id and bearer token) and the hub it belongs to.
//
// `kioskctl enroll --hub URL --code CODE` posts the one-time code to POST /v1/enroll and keeps the
// answer in `<data_dir>/device.json`, mode 0600, written with Env::WriteFileAtomically so a crash leaves
// the old file or the new one. The device id (not a secret)
// is also kept in the database (device_state `enrol.device_id`) for status displays.
// A hub URL in the config ([sync] hub_url) wins over the enrolled one. Free functions; no shared state.
#pragma once

#include <optional>
#include <string>

#include "kiosk/core/config.h"
#include "kiosk/core/domain.h"
#include "kiosk/core/env.h"
#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"
#include "sync/client/hub_client.h"

namespace lk::sync {

constexpr const char* kCredentialsFileName = "device.json";

struct Enrollment {
  std::string hub_url;
  std::string device_id;
  std::string token;
  Centre centre;
  TimeMs enrolled_at = 0;
};

std::string CredentialsPath(const std::string& data_dir);
// nullopt when the kiosk was never enrolled; an error when the file exists but cannot be used.
Result<std::optional<Enrollment>> LoadEnrollment(const std::string& data_dir);
Status SaveEnrollment(const std::string& data_dir, const Enrollment& enrollment, Env* env = Env::Default());

// The URL to talk to: the config's when set, else the enrolled one.
std::string EffectiveHubUrl(const KioskConfig& config, const Enrollment& enrollment);

// HubClientOptions from the config's [sync] section (timeouts, CA file, pinned key) for `url`/`token`.
HubClientOptions ClientOptionsFromConfig(const KioskConfig& config, const std::string& url, const std::string& token);

// Enrols with the hub at `hub_url` (config's URL wins when set) using `code`, saves the credentials
// file and records the device id in `db`. `device_name` is optional (shown by `learning-hub devices`).
// `env` writes the file and dates the enrolment.
Result<Enrollment> EnrollDevice(const KioskConfig& config, const std::string& data_dir, Database& db,
                                const std::string& hub_url, const std::string& code, const std::string& device_name,
                                const std::string& app_version, Env* env = Env::Default());

}  // namespace lk::sync
