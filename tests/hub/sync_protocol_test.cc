// Unit tests of sync_protocol: parsing and validation of every message, without I/O.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "kiosk/core/time_zone.h"
#include "kiosk/core/uuid.h"
#include "sync/protocol/attendance_messages.h"
#include "sync/protocol/catalog_messages.h"
#include "sync/protocol/device_messages.h"
#include "sync/protocol/learner_summary.h"
#include "sync/protocol/protocol.h"

namespace lk::sync {
namespace {

using nlohmann::json;

constexpr TimeMs kNow = 1795000000000;  // 2026-11-18

AttendanceRecord Checkin(const std::string& learner = "L-1001") {
  AttendanceRecord r;
  r.id = NewUuid7(kNow);
  r.seq = 7;
  r.kind = RecordKind::kCheckIn;
  r.learner_id = learner;
  r.session_id = "s-1";
  r.recorded_at = kNow;
  r.source = RecordSource::kKeypad;
  return r;
}

TEST(ProtocolTest, VersionHeader) {
  EXPECT_EQ(ParseProtocolVersion("1"), 1);
  EXPECT_EQ(ParseProtocolVersion(" 12 "), 12);
  EXPECT_FALSE(ParseProtocolVersion(""));
  EXPECT_FALSE(ParseProtocolVersion("0"));
  EXPECT_FALSE(ParseProtocolVersion("1.0"));
  EXPECT_FALSE(ParseProtocolVersion("abc"));
  EXPECT_FALSE(ParseProtocolVersion("99999"));
}

TEST(ProtocolTest, ErrorEnvelope) {
  auto e = ParseErrorBody(ErrorBodyToJson({"malformed", "bad"}));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, "malformed");
  EXPECT_EQ(e->message, "bad");
  EXPECT_FALSE(ParseErrorBody("<html>Welcome to the hotel wifi</html>"));
  EXPECT_FALSE(ParseErrorBody("{\"results\": []}"));
}

TEST(ProtocolTest, Ids) {
  EXPECT_TRUE(IsValidId("L-1001"));
  EXPECT_TRUE(IsValidId("学员-1"));
  EXPECT_FALSE(IsValidId(""));
  EXPECT_FALSE(IsValidId("a b"));
  EXPECT_FALSE(IsValidId("a\"b"));
  EXPECT_FALSE(IsValidId(std::string(65, 'x')));
  EXPECT_FALSE(IsValidId("\xff\xfe"));
}

TEST(AttendanceMessagesTest, RecordRoundTrip) {
  AttendanceRecord r = Checkin();
  ParsedRecord p = ParseRecordJson(RecordToJson(r));
  ASSERT_TRUE(p.record) << p.message;
  EXPECT_EQ(*p.record, r);
  AttendanceRecord v = Checkin();
  v.kind = RecordKind::kVoid;
  v.refers_to = r.id;
  v.reason = "按错了";
  v.source = RecordSource::kStaff;
  p = ParseRecordJson(RecordToJson(v));
  ASSERT_TRUE(p.record) << p.message;
  EXPECT_EQ(*p.record, v);
}

TEST(AttendanceMessagesTest, RecordedAtAcceptsOffsets) {
  json j = RecordToJson(Checkin());
  j["recorded_at"] = "2026-11-18T09:30:00.250+08:00";
  ParsedRecord p = ParseRecordJson(j);
  ASSERT_TRUE(p.record);
  EXPECT_EQ(p.record->recorded_at, *ParseRfc3339("2026-11-18T01:30:00.250Z"));
}

struct BadField {
  const char* key;
  json value;  // null: remove the key
  const char* reason;
};

TEST(AttendanceMessagesTest, EveryFieldIsValidated) {
  const std::string target = NewUuid7(kNow);
  std::vector<BadField> cases = {
      {"id", "not-a-uuid", reject_reason::kInvalidId},
      {"id", "0192d3a4-5b6c-4d7e-8f90-123456789abc", reject_reason::kInvalidId},  // v4
      {"id", 12, reject_reason::kInvalidId},
      {"id", nullptr, reject_reason::kInvalidId},
      {"seq", -1, reject_reason::kInvalidSeq},
      {"seq", "7", reject_reason::kInvalidSeq},
      {"seq", nullptr, reject_reason::kInvalidSeq},
      {"kind", "checkout", reject_reason::kInvalidKind},
      {"learner_id", "", reject_reason::kInvalidLearnerId},
      {"learner_id", std::string(65, '1'), reject_reason::kInvalidLearnerId},
      {"learner_id", "a b", reject_reason::kInvalidLearnerId},
      {"learner_id", nullptr, reject_reason::kInvalidLearnerId},
      {"session_id", "", reject_reason::kInvalidSessionId},
      {"session_id", 5, reject_reason::kInvalidSessionId},
      {"recorded_at", "yesterday", reject_reason::kInvalidRecordedAt},
      {"recorded_at", "1970-01-01T00:00:00Z", reject_reason::kInvalidRecordedAt},
      {"recorded_at", nullptr, reject_reason::kInvalidRecordedAt},
      {"refers_to", target, reject_reason::kInvalidRefersTo},  // a check-in refers to nothing
      {"reason", std::string(1001, 'x'), reject_reason::kInvalidReason},
      {"reason", 3, reject_reason::kInvalidReason},
      {"source", "phone", reject_reason::kInvalidSource},
      {"source", nullptr, reject_reason::kInvalidSource},
  };
  for (const auto& c : cases) {
    json j = RecordToJson(Checkin());
    if (c.value.is_null()) {
      j.erase(c.key);
    } else {
      j[c.key] = c.value;
    }
    ParsedRecord p = ParseRecordJson(j);
    EXPECT_FALSE(p.record) << c.key << "=" << c.value.dump();
    EXPECT_EQ(p.reject_reason, c.reason) << c.key << "=" << c.value.dump();
    EXPECT_FALSE(p.message.empty());
  }
  EXPECT_EQ(ParseRecordJson(json::array()).reject_reason, reject_reason::kNotAnObject);
}

TEST(AttendanceMessagesTest, VoidNeedsATarget) {
  AttendanceRecord v = Checkin();
  v.kind = RecordKind::kVoid;
  EXPECT_EQ(ParseRecordJson(RecordToJson(v)).reject_reason, reject_reason::kInvalidRefersTo);
  v.refers_to = v.id;
  EXPECT_EQ(ParseRecordJson(RecordToJson(v)).reject_reason, reject_reason::kInvalidRefersTo);
  AttendanceRecord c = Checkin();
  c.kind = RecordKind::kCorrection;  // a hand-made check-in: no target needed
  EXPECT_TRUE(ParseRecordJson(RecordToJson(c)).record);
}

TEST(AttendanceMessagesTest, BatchRequestWholeRequestErrors) {
  EXPECT_FALSE(ParseBatchRequest("not json").ok());
  EXPECT_FALSE(ParseBatchRequest("[]").ok());
  EXPECT_FALSE(ParseBatchRequest(R"({"records": []})").ok());
  std::string id = NewUuid7(kNow);
  EXPECT_FALSE(ParseBatchRequest(R"({"batch_id": "x", "records": [{}]})").ok());
  EXPECT_FALSE(ParseBatchRequest(R"({"batch_id": ")" + id + R"(", "records": []})").ok());
  EXPECT_FALSE(ParseBatchRequest(R"({"batch_id": ")" + id + R"(", "records": {}})").ok());
  EXPECT_FALSE(ParseBatchRequest(R"({"batch_id": ")" + id + R"(", "centre_id": 5, "records": [{}]})").ok());
  BatchRequest big{id, "", std::vector<AttendanceRecord>(kMaxBatchRecords + 1, Checkin())};
  auto parsed = ParseBatchRequest(BatchRequestToJson(big));
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("at most 500"), std::string::npos);
  big.records.resize(kMaxBatchRecords);
  EXPECT_TRUE(ParseBatchRequest(BatchRequestToJson(big)).ok());
}

TEST(AttendanceMessagesTest, BatchRequestKeepsPerRecordProblems) {
  BatchRequest batch{NewUuid7(kNow), "centre-a", {Checkin(), Checkin()}};
  json j = json::parse(BatchRequestToJson(batch));
  j["records"][1]["kind"] = "dance";
  j["records"].push_back("junk");
  auto parsed = ParseBatchRequest(j.dump());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->batch_id, batch.batch_id);
  EXPECT_EQ(parsed->centre_id, "centre-a");
  ASSERT_EQ(parsed->records.size(), 3u);
  EXPECT_TRUE(parsed->records[0].record);
  EXPECT_EQ(parsed->records[1].reject_reason, reject_reason::kInvalidKind);
  EXPECT_EQ(parsed->records[1].id, batch.records[1].id);
  EXPECT_EQ(parsed->records[2].reject_reason, reject_reason::kNotAnObject);
}

TEST(AttendanceMessagesTest, SameContentIgnoresSeq) {
  AttendanceRecord a = Checkin(), b = a;
  b.seq = 99;
  EXPECT_TRUE(SameRecordContent(a, b));
  b.learner_id = "L-2";
  EXPECT_FALSE(SameRecordContent(a, b));
}

TEST(AttendanceMessagesTest, BatchResponseRoundTrip) {
  BatchResponse r;
  r.batch_id = NewUuid7(kNow);
  r.resent = true;
  r.server_time = kNow;
  r.results = {{"a", RecordOutcome::kAccepted, "", "", {"over_capacity"}},
               {"b", RecordOutcome::kDuplicate, "", "", {}},
               {"c", RecordOutcome::kConflict, "", "kept", {}},
               {"d", RecordOutcome::kRejected, "unknown_session", "no such session", {}}};
  auto back = ParseBatchResponse(BatchResponseToJson(r));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->batch_id, r.batch_id);
  EXPECT_TRUE(back->resent);
  EXPECT_EQ(back->server_time, kNow);
  EXPECT_EQ(back->results, r.results);
  EXPECT_FALSE(ParseBatchResponse("<html>portal</html>").ok());
  EXPECT_FALSE(ParseBatchResponse(
                   R"({"batch_id":"x","server_time":"2026-01-01T00:00:00Z","results":[{"id":"a","status":"maybe"}]})")
                   .ok());
}

Catalog SmallCatalog() {
  Catalog c;
  c.version = "v1";
  c.centre = {"centre-a", {"中心", "Centre"}, "Asia/Shanghai"};
  c.categories = {{"cat", {"书法", "Calligraphy"}, 1}};
  c.courses = {{"course-1", "cat", {"楷书", "Kaishu"}, {}, {}, 2.0}};
  c.sessions = {{"s-1", "course-1", kNow, kNow + kMsPerHour, {"101", "101"}, 20},
                {"s-2", "course-1", kNow + kMsPerDay, kNow + kMsPerDay + kMsPerHour, {}, 0}};
  return c;
}

TEST(CatalogMessagesTest, ItemsRoundTripThroughTheCatalogueFormat) {
  Catalog c = SmallCatalog();
  auto items = CatalogItems(c);
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].type, ItemType::kCategory);
  EXPECT_EQ(items[3].type, ItemType::kSession);
  auto back = CatalogFromItems(c.centre, c.version, items);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->sessions, c.sessions);
  EXPECT_EQ(back->courses, c.courses);
}

TEST(CatalogMessagesTest, PageRoundTripAndAccumulator) {
  Catalog c = SmallCatalog();
  CatalogPage full;
  full.full = true;
  full.centre = c.centre;
  full.catalog_version = "v1";
  full.items = CatalogItems(c);
  full.next_cursor = "1.abc.4";
  auto parsed = ParseCatalogPage(CatalogPageToJson(full));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_TRUE(parsed->full);
  EXPECT_EQ(parsed->items.size(), 4u);
  EXPECT_EQ(parsed->next_cursor, "1.abc.4");

  CatalogAccumulator acc;
  acc.Apply(*parsed);
  CatalogPage delta;
  delta.centre = c.centre;
  delta.catalog_version = "v2";
  CatalogItem gone;
  gone.type = ItemType::kSession;
  gone.id = "s-2";
  gone.deleted = true;
  delta.items = {gone};
  auto delta_parsed = ParseCatalogPage(CatalogPageToJson(delta));
  ASSERT_TRUE(delta_parsed.ok());
  EXPECT_TRUE(delta_parsed->items[0].deleted);
  acc.Apply(*delta_parsed);
  auto built = acc.Build();
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  EXPECT_EQ(built->version, "v2");
  ASSERT_EQ(built->sessions.size(), 1u);
  EXPECT_EQ(built->sessions[0].id, "s-1");

  // A full page forgets what was there.
  CatalogPage reset = full;
  reset.items.resize(2);  // category + course only
  acc.Apply(reset);
  ASSERT_TRUE(acc.Build().ok());
  EXPECT_TRUE(acc.Build()->sessions.empty());
}

TEST(CatalogMessagesTest, BadItemsAreRefused) {
  EXPECT_FALSE(ParseCatalogItemJson(json{{"type", "room"}, {"id", "x"}}).ok());
  EXPECT_FALSE(ParseCatalogItemJson(json{{"type", "session"}}).ok());
  EXPECT_FALSE(ParseCatalogPage(R"({"full": true})").ok());
}

TEST(DeviceMessagesTest, EnrollAndHeartbeat) {
  auto e = ParseEnrollRequest(EnrollRequestToJson({"ABCD-EFGH-JKMN", "kiosk 1", "0.1.0"}));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->code, "ABCD-EFGH-JKMN");
  EXPECT_EQ(e->device_name, "kiosk 1");
  EXPECT_FALSE(ParseEnrollRequest("{}").ok());
  EXPECT_FALSE(ParseEnrollRequest(R"({"code": 5})").ok());
  EXPECT_FALSE(ParseEnrollRequest(R"({"code": "x", "device_name": 5})").ok());

  HeartbeatRequest hb{12, 300, "0.1.0", kNow};
  auto h = ParseHeartbeatRequest(HeartbeatRequestToJson(hb));
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h->queue_depth, 12);
  EXPECT_EQ(h->oldest_pending_age_s, 300);
  EXPECT_EQ(h->kiosk_time, kNow);
  EXPECT_FALSE(ParseHeartbeatRequest(R"({"queue_depth": -1, "kiosk_time": "2026-01-01T00:00:00Z"})").ok());
  EXPECT_FALSE(ParseHeartbeatRequest(R"({"queue_depth": 1})").ok());

  auto r = ParseHeartbeatResponse(HeartbeatResponseToJson({kNow, -1500, 1, 1}));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->clock_skew_ms, -1500);
}

// Found by libFuzzer (tests/fuzz/corpus/protocol_messages/heartbeat-min-version-beyond-int64): numbers a
// JSON parser can only hold as floats must be refused, not converted.
TEST(DeviceMessagesTest, HeartbeatResponseNumbersOutOfRangeAreRefused) {
  const std::string head = R"({"server_time": "2026-12-01T01:06:00Z", "clock_skew_ms": 1880, "protocol_version": 1, )";
  for (const char* version : {"-9223372036854775809", "1e300", "1.5", "4294967296", "-1", "\"1\""}) {
    auto r = ParseHeartbeatResponse(head + R"("min_protocol_version": )" + version + "}");
    EXPECT_FALSE(r.ok()) << version;
  }
  EXPECT_FALSE(ParseHeartbeatResponse(R"({"server_time": "2026-12-01T01:06:00Z", "clock_skew_ms": 1e30, )"
                                      R"("protocol_version": 1, "min_protocol_version": 1})")
                   .ok());
  EXPECT_TRUE(ParseHeartbeatResponse(head + R"("min_protocol_version": 1})").ok());
}

TEST(LearnerSummaryTest, CountsMustBeIntegersInRange) {
  const std::string good =
      R"({"learner_id": "L-1", "year": 2026, "checkins": 3, "credit_hours": 5.5, "as_of": "2026-12-01T01:06:00Z", )"
      R"("centres": []})";
  ASSERT_TRUE(ParseLearnerSummary(good).ok());
  for (const auto& [from, to] :
       std::vector<std::pair<std::string, std::string>>{{"\"year\": 2026", "\"year\": 1e300"},
                                                        {"\"checkins\": 3", "\"checkins\": -3"},
                                                        {"\"checkins\": 3", "\"checkins\": 18446744073709551615"}}) {
    std::string bad = good;
    bad.replace(bad.find(from), from.size(), to);
    EXPECT_FALSE(ParseLearnerSummary(bad).ok()) << to;
  }
}

TEST(LearnerSummaryTest, RoundTrip) {
  LearnerSummary s{"L-1", 2026, 3, 5.5, {{"a", {"甲", "A"}, 2, 4.0}, {"b", {"乙", "B"}, 1, 1.5}}, kNow};
  auto back = ParseLearnerSummary(LearnerSummaryToJson(s));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->checkins, 3);
  EXPECT_DOUBLE_EQ(back->credit_hours, 5.5);
  ASSERT_EQ(back->centres.size(), 2u);
  EXPECT_EQ(back->centres[1].centre_name.zh, "乙");
  EXPECT_EQ(back->record_url, "");
  EXPECT_EQ(LearnerSummaryToJson(s).find("record_url"), std::string::npos) << "absent when the hub has no page";
}

TEST(LearnerSummaryTest, RecordUrlTravelsAndMustBeAnHttpUrl) {
  LearnerSummary s{"L-1", 2026, 1, 1.5, {}, kNow, "https://hub.example.cn/me/abc"};
  auto back = ParseLearnerSummary(LearnerSummaryToJson(s));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->record_url, "https://hub.example.cn/me/abc");
  s.record_url = "javascript:alert(1)";
  EXPECT_FALSE(ParseLearnerSummary(LearnerSummaryToJson(s)).ok());
  s.record_url = "https://hub.example.cn/me/" + std::string(kMaxRecordUrlBytes, 'a');
  EXPECT_FALSE(ParseLearnerSummary(LearnerSummaryToJson(s)).ok());
}

}  // namespace
}  // namespace lk::sync
