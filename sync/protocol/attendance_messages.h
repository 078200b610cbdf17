// Attendance push messages: POST /v1/attendance/batches request and response (sync/PROTOCOL.md §5).
//
// The client builds a BatchRequest from queued AttendanceRecords; the hub parses it with
// ParseBatchRequest, which separates a malformed request (a non-ok Result: answer 400, change nothing)
// from per-record problems (ParsedRecord::reject_reason: answer that record `rejected`). The response
// lists one RecordResult per request record, in request order. Every outcome is final: the client drops
// the record from its queue on any of them (accepted/duplicate/conflict/rejected). A response that does
// not answer every record sent is not an acknowledgement: the client records nothing of it and resends
// the whole batch under the same id (identical resends are answered `duplicate`). Stateless free functions
// and plain structs: thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"

namespace lk::sync {

enum class RecordOutcome {
  kAccepted,   // committed now
  kDuplicate,  // the same id with the same content was committed before: success
  kConflict,   // the same id with different content exists: this copy is kept for review, not applied
  kRejected,   // invalid (reason says why); never retried
};
const char* RecordOutcomeName(RecordOutcome outcome);
std::optional<RecordOutcome> ParseRecordOutcome(std::string_view name);

// Reasons of a `rejected` result.
namespace reject_reason {
constexpr const char* kNotAnObject = "not_an_object";
constexpr const char* kInvalidId = "invalid_id";
constexpr const char* kInvalidSeq = "invalid_seq";
constexpr const char* kInvalidKind = "invalid_kind";
constexpr const char* kInvalidLearnerId = "invalid_learner_id";
constexpr const char* kInvalidSessionId = "invalid_session_id";
constexpr const char* kUnknownSession = "unknown_session";
constexpr const char* kInvalidRecordedAt = "invalid_recorded_at";
constexpr const char* kInvalidRefersTo = "invalid_refers_to";
constexpr const char* kInvalidReason = "invalid_reason";
constexpr const char* kInvalidSource = "invalid_source";
}  // namespace reject_reason

// Flags on accepted records (also shown in the hub's report).
namespace record_flag {
constexpr const char* kOverCapacity = "over_capacity";      // check-in beyond the session's capacity
constexpr const char* kRepeatCheckin = "repeat_checkin";    // this learner already checked in to the session
constexpr const char* kUnknownTarget = "refers_to_unknown"; // void/correction of a record the hub has not seen
}  // namespace record_flag

struct BatchRequest {
  std::string batch_id;  // UUIDv7 chosen by the kiosk; the SAME id when the batch is resent
  std::string centre_id; // optional: when set, the hub refuses (403) unless it is the device's centre
  std::vector<AttendanceRecord> records;
};

// One request record as the hub parsed it: `record` set when valid, otherwise `reject_reason`.
struct ParsedRecord {
  std::string id;  // the id as sent when it was a string (may be invalid), else empty
  std::optional<AttendanceRecord> record;
  std::string reject_reason;
  std::string message;  // for a person: which field, what was wrong
};

struct ParsedBatch {
  std::string batch_id;
  std::string centre_id;  // empty when the request did not name one
  std::vector<ParsedRecord> records;
};

struct RecordResult {
  std::string id;
  RecordOutcome outcome = RecordOutcome::kAccepted;
  std::string reason;               // rejected: a reject_reason code
  std::string message;              // rejected/conflict: for a person
  std::vector<std::string> flags;   // accepted/duplicate: record_flag codes
  bool operator==(const RecordResult&) const = default;
};

struct BatchResponse {
  std::string batch_id;
  bool resent = false;       // the batch id was seen before: results are the first answer's
  TimeMs server_time = 0;    // when the hub committed
  std::vector<RecordResult> results;
};

// Checks one record's fields (everything but whether the session exists); nullopt when valid, else
// a reject reason with a message.
std::optional<std::pair<std::string, std::string>> ValidateRecord(const AttendanceRecord& record);

nlohmann::json RecordToJson(const AttendanceRecord& record);
ParsedRecord ParseRecordJson(const nlohmann::json& j);
// Same id and same facts (kind, learner, session, recorded_at, refers_to, reason, source); `seq` is
// the kiosk's bookkeeping and is not compared.
bool SameRecordContent(const AttendanceRecord& a, const AttendanceRecord& b);

std::string BatchRequestToJson(const BatchRequest& batch);
// Non-ok (kInvalidArgument) when the request as a whole is malformed: not JSON, no valid batch_id, no
// records array, zero or more than kMaxBatchRecords records.
Result<ParsedBatch> ParseBatchRequest(std::string_view body);

std::string BatchResponseToJson(const BatchResponse& response);
Result<BatchResponse> ParseBatchResponse(std::string_view body);

}  // namespace lk::sync
