// The protocol's fixed parts: version numbers, header names, limits and the error envelope
// ({"error": {"code": "...", "message": "..."}}) every non-2xx response of learning-hub carries.
//
// See sync/PROTOCOL.md for the contract. Constants and stateless free functions: thread-safe.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/core/record_rules.h"
#include "kiosk/core/status.h"

namespace lk::sync {

// The version this code speaks, and the oldest one a hub built from it accepts.
constexpr int kProtocolVersion = 1;
constexpr int kMinProtocolVersion = 1;

// Present on EVERY hub response (2xx, 304, errors, /healthz). A response without it did not come from a
// learning-hub (a captive portal, a proxy's error page) and is never an acknowledgement.
constexpr const char* kProtocolHeader = "X-Learning-Protocol";
// On hub responses: the oldest protocol version the hub accepts.
constexpr const char* kMinProtocolHeader = "X-Learning-Min-Protocol";

constexpr size_t kMaxBatchRecords = 500;
// The id and reason rules live in kiosk/core/record_rules.h: the kiosk checks them where a record is
// written, the hub where one is read.
using ::lk::IsValidId;
using ::lk::kMaxIdBytes;
using ::lk::kMaxReasonBytes;
constexpr size_t kMaxShortText = 200;     // app version, device name
constexpr size_t kDefaultMaxBodyBytes = 1 << 20;

// Error codes in the error envelope, one per situation a client may need to tell apart.
namespace error_code {
constexpr const char* kMalformed = "malformed";                       // 400
constexpr const char* kUnauthorized = "unauthorized";                 // 401
constexpr const char* kEnrollRefused = "enroll_code_refused";         // 403 on /v1/enroll
constexpr const char* kRevoked = "device_revoked";                    // 403
constexpr const char* kForbidden = "forbidden";                       // 403: another centre's data
constexpr const char* kNotFound = "not_found";                        // 404
constexpr const char* kPayloadTooLarge = "payload_too_large";         // 413
constexpr const char* kUnsupportedEncoding = "unsupported_encoding";  // 415
constexpr const char* kProtocolTooOld = "protocol_too_old";           // 426
constexpr const char* kRateLimited = "rate_limited";                  // 429
constexpr const char* kInternal = "internal";                         // 500
constexpr const char* kOverloaded = "overloaded";                     // 503
}  // namespace error_code

struct ErrorBody {
  std::string code;
  std::string message;
};
std::string ErrorBodyToJson(const ErrorBody& error);
// Parses an error envelope; nullopt when `body` is not one (e.g. a captive portal's HTML).
std::optional<ErrorBody> ParseErrorBody(std::string_view body);

// Serialises a message without throwing: nlohmann's dump() throws on invalid UTF-8, which would kill the
// thread that sends it; here such bytes become U+FFFD. (Records are checked before they are sent, so a
// replacement never changes what a record says: see Pusher.)
std::string DumpJson(const nlohmann::json& message);

// Parses the value of X-Learning-Protocol: a decimal integer 1..9999. nullopt when absent or garbage.
std::optional<int> ParseProtocolVersion(std::string_view header_value);

// The integer at `key` of a JSON object, required, within [min, max]. (nlohmann's get<int>() converts a
// float, or an integer too large for int64 that it parsed as one, with undefined behaviour.)
Result<int64_t> IntegerAt(const nlohmann::json& object, const char* key, int64_t min = INT64_MIN,
                          int64_t max = INT64_MAX);

// Percent-encodes a path segment or query value (RFC 3986 unreserved characters stay), for the
// client's requests and the console's links alike.
std::string UrlEncode(std::string_view text);

}  // namespace lk::sync
