#include "sync/protocol/attendance_messages.h"

#include "kiosk/core/catalog_json.h"
#include "kiosk/core/enum_names.h"
#include "kiosk/core/time_zone.h"
#include "kiosk/core/uuid.h"
#include "sync/protocol/protocol.h"

namespace lk::sync {

using nlohmann::json;

namespace {
constexpr EnumName<RecordOutcome> kRecordOutcomeNames[] = {{RecordOutcome::kRejected, "rejected"},
                                                           {RecordOutcome::kAccepted, "accepted"},
                                                           {RecordOutcome::kDuplicate, "duplicate"},
                                                           {RecordOutcome::kConflict, "conflict"}};
}  // namespace

const char* RecordOutcomeName(RecordOutcome outcome) { return NameOf(kRecordOutcomeNames, outcome); }
std::optional<RecordOutcome> ParseRecordOutcome(std::string_view name) { return FromName(kRecordOutcomeNames, name); }

std::optional<std::pair<std::string, std::string>> ValidateRecord(const AttendanceRecord& r) {
  using R = std::pair<std::string, std::string>;
  if (!IsUuid7(r.id)) return R{reject_reason::kInvalidId, "id: expected a UUIDv7"};
  if (r.seq < 0) return R{reject_reason::kInvalidSeq, "seq: expected an integer >= 0"};
  if (!IsValidId(r.learner_id)) {
    return R{reject_reason::kInvalidLearnerId, "learner_id: expected 1..64 printable characters without spaces"};
  }
  if (!IsValidId(r.session_id)) {
    return R{reject_reason::kInvalidSessionId, "session_id: expected 1..64 printable characters without spaces"};
  }
  // Sanity window for kiosk clocks: 2000-01-01 .. 2200-01-01.
  if (r.recorded_at < 946684800000LL || r.recorded_at > 7258118400000LL) {
    return R{reject_reason::kInvalidRecordedAt, "recorded_at: outside 2000..2200"};
  }
  switch (r.kind) {
    case RecordKind::kCheckIn:
      if (!r.refers_to.empty()) return R{reject_reason::kInvalidRefersTo, "refers_to: a check-in refers to nothing"};
      break;
    case RecordKind::kVoid:
      if (!IsUuid7(r.refers_to)) return R{reject_reason::kInvalidRefersTo, "refers_to: a void needs the UUIDv7 of its record"};
      break;
    case RecordKind::kCorrection:
      if (!r.refers_to.empty() && !IsUuid7(r.refers_to)) {
        return R{reject_reason::kInvalidRefersTo, "refers_to: expected a UUIDv7 or nothing"};
      }
      break;
  }
  if (r.refers_to == r.id) return R{reject_reason::kInvalidRefersTo, "refers_to: a record cannot refer to itself"};
  if (!IsValidReason(r.reason)) {
    return R{reject_reason::kInvalidReason, "reason: at most 1000 bytes of UTF-8 text"};
  }
  return std::nullopt;
}

json RecordToJson(const AttendanceRecord& r) {
  json j = {{"id", r.id},
            {"seq", r.seq},
            {"kind", RecordKindName(r.kind)},
            {"learner_id", r.learner_id},
            {"session_id", r.session_id},
            {"recorded_at", FormatRfc3339Utc(r.recorded_at)},
            {"source", RecordSourceName(r.source)}};
  if (!r.refers_to.empty()) j["refers_to"] = r.refers_to;
  if (!r.reason.empty()) j["reason"] = r.reason;
  return j;
}

ParsedRecord ParseRecordJson(const json& j) {
  ParsedRecord out;
  auto reject = [&](const char* reason, std::string message) {
    out.record.reset();
    out.reject_reason = reason;
    out.message = std::move(message);
    return out;
  };
  if (!j.is_object()) return reject(reject_reason::kNotAnObject, "expected a record object");
  auto text = [&](const char* key, std::string* value) -> int {  // 1 ok, 0 absent, -1 wrong type
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return 0;
    if (!it->is_string()) return -1;
    *value = it->get<std::string>();
    return 1;
  };
  AttendanceRecord r;
  if (text("id", &r.id) != 1) return reject(reject_reason::kInvalidId, "id: missing or not a string");
  out.id = r.id;
  if (!IsUuid7(r.id)) return reject(reject_reason::kInvalidId, "id: expected a UUIDv7");
  auto seq = j.find("seq");
  if (seq == j.end() || !seq->is_number_integer() ||
      (seq->is_number_unsigned() && seq->get<uint64_t>() > uint64_t(INT64_MAX))) {
    return reject(reject_reason::kInvalidSeq, "seq: missing or not an integer");
  }
  r.seq = seq->get<int64_t>();
  std::string kind;
  if (text("kind", &kind) != 1) return reject(reject_reason::kInvalidKind, "kind: missing or not a string");
  auto parsed_kind = ParseRecordKind(kind);
  if (!parsed_kind) return reject(reject_reason::kInvalidKind, "kind: expected checkin, void or correction");
  r.kind = *parsed_kind;
  if (text("learner_id", &r.learner_id) != 1) {
    return reject(reject_reason::kInvalidLearnerId, "learner_id: missing or not a string");
  }
  if (text("session_id", &r.session_id) != 1) {
    return reject(reject_reason::kInvalidSessionId, "session_id: missing or not a string");
  }
  std::string recorded_at;
  if (text("recorded_at", &recorded_at) != 1) {
    return reject(reject_reason::kInvalidRecordedAt, "recorded_at: missing or not a string");
  }
  auto at = ParseRfc3339(recorded_at);
  if (!at.ok()) return reject(reject_reason::kInvalidRecordedAt, "recorded_at: " + at.status().message());
  r.recorded_at = *at;
  if (text("refers_to", &r.refers_to) < 0) return reject(reject_reason::kInvalidRefersTo, "refers_to: not a string");
  if (text("reason", &r.reason) < 0) return reject(reject_reason::kInvalidReason, "reason: not a string");
  std::string source;
  if (text("source", &source) != 1) return reject(reject_reason::kInvalidSource, "source: missing or not a string");
  auto parsed_source = ParseRecordSource(source);
  if (!parsed_source) return reject(reject_reason::kInvalidSource, "source: expected keypad, scanner, staff or cli");
  r.source = *parsed_source;
  if (auto bad = ValidateRecord(r)) return reject(bad->first.c_str(), bad->second);
  out.record = std::move(r);
  return out;
}

bool SameRecordContent(const AttendanceRecord& a, const AttendanceRecord& b) {
  return a.id == b.id && a.kind == b.kind && a.learner_id == b.learner_id && a.session_id == b.session_id &&
         a.recorded_at == b.recorded_at && a.refers_to == b.refers_to && a.reason == b.reason &&
         a.source == b.source;
}

std::string BatchRequestToJson(const BatchRequest& batch) {
  json records = json::array();
  for (const auto& r : batch.records) records.push_back(RecordToJson(r));
  json j = {{"batch_id", batch.batch_id}, {"records", std::move(records)}};
  if (!batch.centre_id.empty()) j["centre_id"] = batch.centre_id;
  return DumpJson(j);
}

Result<ParsedBatch> ParseBatchRequest(std::string_view body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) return Status::InvalidArgument("body is not valid JSON");
  if (!j.is_object()) return Status::InvalidArgument("body: expected a JSON object");
  ParsedBatch out;
  auto id = j.find("batch_id");
  if (id == j.end() || !id->is_string() || !IsUuid7(id->get_ref<const std::string&>())) {
    return Status::InvalidArgument("batch_id: expected a UUIDv7 string");
  }
  out.batch_id = id->get<std::string>();
  auto centre = j.find("centre_id");
  if (centre != j.end() && !centre->is_null()) {
    if (!centre->is_string() || !IsValidId(centre->get_ref<const std::string&>())) {
      return Status::InvalidArgument("centre_id: expected a centre id");
    }
    out.centre_id = centre->get<std::string>();
  }
  auto records = j.find("records");
  if (records == j.end() || !records->is_array()) return Status::InvalidArgument("records: expected an array");
  if (records->empty()) return Status::InvalidArgument("records: a batch has at least one record");
  if (records->size() > kMaxBatchRecords) {
    return Status::InvalidArgument("records: at most " + std::to_string(kMaxBatchRecords) + " per batch, got " +
                                   std::to_string(records->size()));
  }
  out.records.reserve(records->size());
  for (const auto& r : *records) out.records.push_back(ParseRecordJson(r));
  return out;
}

std::string BatchResponseToJson(const BatchResponse& response) {
  json results = json::array();
  for (const auto& r : response.results) {
    json item = {{"id", r.id}, {"status", RecordOutcomeName(r.outcome)}};
    if (!r.reason.empty()) item["reason"] = r.reason;
    if (!r.message.empty()) item["message"] = r.message;
    if (!r.flags.empty()) item["flags"] = r.flags;
    results.push_back(std::move(item));
  }
  json j = {{"batch_id", response.batch_id},
            {"resent", response.resent},
            {"server_time", FormatRfc3339Utc(response.server_time)},
            {"results", std::move(results)}};
  return DumpJson(j);
}

Result<BatchResponse> ParseBatchResponse(std::string_view body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::InvalidArgument("batch response: not a JSON object");
  BatchResponse out;
  try {
    out.batch_id = j.at("batch_id").get<std::string>();
    out.resent = j.value("resent", false);
    LK_ASSIGN_OR_RETURN(out.server_time, ParseRfc3339(j.at("server_time").get<std::string>()));
    for (const auto& item : j.at("results")) {
      RecordResult r;
      r.id = item.at("id").get<std::string>();
      auto outcome = ParseRecordOutcome(item.at("status").get<std::string>());
      if (!outcome) return Status::InvalidArgument("batch response: unknown status for record " + r.id);
      r.outcome = *outcome;
      r.reason = item.value("reason", "");
      r.message = item.value("message", "");
      if (item.contains("flags")) r.flags = item.at("flags").get<std::vector<std::string>>();
      out.results.push_back(std::move(r));
    }
  } catch (const json::exception& e) {
    return Status::InvalidArgument(std::string("batch response: ") + e.what());
  }
  return out;
}

}  // namespace lk::sync
