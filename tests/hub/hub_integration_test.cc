// Integration tests against a real `learning-hub` process on 127.0.0.1: enrolment, catalogue pull
// (pages, incremental, 304, full resync), attendance pushes (resend, duplicate, conflict, over capacity),
// report and learner summary, every error status with a check that the database did not change,
// cross-centre isolation, revocation, gzip bodies, durability across a crash, TLS. On the hub database
// LK_HUB_BACKEND names (HubTestDb): ctest runs it on SQLite and on PostgreSQL.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <filesystem>
#include <map>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "kiosk/core/time_zone.h"
#include "kiosk/core/uuid.h"
#include "sync/protocol/attendance_messages.h"
#include "sync/protocol/catalog_messages.h"
#include "sync/protocol/device_messages.h"
#include "sync/protocol/learner_summary.h"
#include "sync/protocol/protocol.h"
#include "tests/hub/hub_process.h"
#include "tests/testing/hub_test_db.h"

namespace lk::testing {
namespace {

using nlohmann::json;

TimeMs NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

json CatalogA(int s1_capacity = 2, bool with_s2 = true, bool with_s3 = true) {
  json sessions = json::array();
  sessions.push_back({{"id", "s-1"}, {"course", "c-1"}, {"relative", {{"day", 0}, {"at", "09:00"}, {"minutes", 120}}},
                      {"room", {{"zh", "101"}, {"en", "101"}}}, {"capacity", s1_capacity}});
  if (with_s2) {
    sessions.push_back({{"id", "s-2"}, {"course", "c-2"}, {"relative", {{"day", 0}, {"at", "14:00"}, {"minutes", 90}}},
                        {"capacity", 0}});
  }
  if (with_s3) {
    sessions.push_back({{"id", "s-3"}, {"course", "c-2"}, {"relative", {{"day", 1}, {"at", "09:00"}, {"minutes", 90}}},
                        {"capacity", 10}});
  }
  return {{"format", 1},
          {"version", "a-" + std::to_string(s1_capacity) + (with_s2 ? "-s2" : "") + (with_s3 ? "-s3" : "")},
          {"centre", {{"id", "a"}, {"name", {{"zh", "甲中心"}, {"en", "Centre A"}}}, {"time_zone", "Asia/Shanghai"}}},
          {"categories", {{{"id", "cat"}, {"name", {{"zh", "书法"}, {"en", "Calligraphy"}}}}}},
          {"courses",
           {{{"id", "c-1"}, {"category", "cat"}, {"title", {{"zh", "楷书"}, {"en", "Kaishu"}}}, {"credit_hours", 2.0}},
            {{"id", "c-2"}, {"category", "cat"}, {"title", {{"zh", "行书"}, {"en", "Xingshu"}}}, {"credit_hours", 1.5}}}},
          {"sessions", sessions}};
}

json CatalogB() {
  return {{"format", 1},
          {"version", "b-1"},
          {"centre", {{"id", "b"}, {"name", {{"zh", "乙中心"}, {"en", "Centre B"}}}, {"time_zone", "Asia/Shanghai"}}},
          {"categories", {{{"id", "cat"}, {"name", {{"zh", "太极"}, {"en", "Tai Chi"}}}}}},
          {"courses",
           {{{"id", "c-1"}, {"category", "cat"}, {"title", {{"zh", "太极拳"}, {"en", "Tai Chi"}}}, {"credit_hours", 3.0}}}},
          {"sessions",
           {{{"id", "b-1"}, {"course", "c-1"}, {"relative", {{"day", 0}, {"at", "10:00"}, {"minutes", 60}}},
             {"capacity", 30}}}}};
}

std::string Gzip(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
  std::string out(compressBound(uLong(data.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = uInt(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

class HubIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Cli({"center", "add", "--db", db_.uri(), "--id", "a", "--name", "甲中心", "--name-en", "Centre A"});
    Cli({"center", "add", "--db", db_.uri(), "--id", "b", "--name", "乙中心", "--name-en", "Centre B"});
    ImportA(CatalogA());
    WriteFile(dir_.File("b.json"), CatalogB().dump());
    Cli({"import-catalog", "--db", db_.uri(), "--center", "b", dir_.File("b.json")});
    hub_ = StartHub({});
    ASSERT_TRUE(hub_);
  }

  std::unique_ptr<HubProcess> StartHub(const std::vector<std::string>& args) {
    std::string error;
    auto hub = HubProcess::Start(db_.uri(), args, &error);
    EXPECT_TRUE(hub) << error;
    return hub;
  }

  ProcessResult Cli(const std::vector<std::string>& args, int expect_exit = 0) {
    ProcessResult r = RunHub(args);
    EXPECT_EQ(r.exit_code, expect_exit) << args[0] << ": " << r.err << r.out;
    return r;
  }

  void ImportA(const json& catalog, const std::string& retention_days = "180") {
    WriteFile(dir_.File("a.json"), catalog.dump());
    Cli({"import-catalog", "--db", db_.uri(), "--center", "a", "--tombstone-retention-days", retention_days,
         dir_.File("a.json")});
  }

  std::string Today() { return TimeZone::Load("Asia/Shanghai")->DateOf(NowMs()).ToString(); }

  static httplib::Headers Headers(const std::string& token = "", const std::string& protocol = "1") {
    httplib::Headers h;
    if (!protocol.empty()) h.emplace(sync::kProtocolHeader, protocol);
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    return h;
  }

  httplib::Client Client(const HubProcess* hub = nullptr) {
    httplib::Client cli((hub ? hub : hub_.get())->host(), (hub ? hub : hub_.get())->port());
    cli.set_connection_timeout(5);
    cli.set_read_timeout(30);
    return cli;
  }
  // The status of GET /v1/catalog for `token` (-1: no answer).
  int CatalogStatus(const std::string& token) {
    auto res = Client().Get("/v1/catalog", Headers(token));
    return res ? res->status : -1;
  }

  // Enrols a kiosk of `centre`; returns its token.
  std::string Enroll(const std::string& centre, std::string* device_id = nullptr) {
    std::string code = Cli({"enroll-code", "--db", db_.uri(), "--center", centre}).out;
    while (!code.empty() && code.back() == '\n') code.pop_back();
    auto res = Client().Post("/v1/enroll", Headers(), sync::EnrollRequestToJson({code, "kiosk", "0.1.0"}),
                             "application/json");
    EXPECT_TRUE(res);
    if (!res) return "";
    EXPECT_EQ(res->status, 200) << res->body;
    auto parsed = sync::ParseEnrollResponse(res->body);
    EXPECT_TRUE(parsed.ok()) << res->body;
    if (!parsed.ok()) return "";
    EXPECT_EQ(parsed->centre.id, centre);
    if (device_id) *device_id = parsed->device_id;
    return parsed->token;
  }

  AttendanceRecord Rec(const std::string& learner, const std::string& session,
                       RecordKind kind = RecordKind::kCheckIn) {
    AttendanceRecord r;
    r.id = NewUuid7(NowMs());
    r.seq = ++seq_;
    r.kind = kind;
    r.learner_id = learner;
    r.session_id = session;
    r.recorded_at = NowMs();
    r.source = kind == RecordKind::kCheckIn ? RecordSource::kKeypad : RecordSource::kStaff;
    if (kind != RecordKind::kCheckIn) r.reason = "staff";
    return r;
  }

  sync::BatchResponse Push(const std::string& token, const std::vector<AttendanceRecord>& records,
                           const std::string& batch_id = "") {
    sync::BatchRequest batch{batch_id.empty() ? NewUuid7(NowMs()) : batch_id, "", records};
    auto res = Client().Post("/v1/attendance/batches", Headers(token), sync::BatchRequestToJson(batch),
                             "application/json");
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << res->body;
    EXPECT_EQ(res->get_header_value(sync::kProtocolHeader), "1");
    auto parsed = sync::ParseBatchResponse(res->body);
    EXPECT_TRUE(parsed.ok()) << res->body;
    return parsed.ok() ? *parsed : sync::BatchResponse{};
  }

  // Asserts an error response: status, protocol header, error envelope with `code`.
  static void ExpectError(const httplib::Result& res, int status, const std::string& code) {
    ASSERT_TRUE(res) << "no response";
    EXPECT_EQ(res->status, status) << res->body;
    EXPECT_EQ(res->get_header_value(sync::kProtocolHeader), "1");
    auto error = sync::ParseErrorBody(res->body);
    ASSERT_TRUE(error) << res->body;
    EXPECT_EQ(error->code, code);
    EXPECT_FALSE(error->message.empty());
  }

  json SummaryJson(const std::string& centre) {
    auto r = Cli({"report", "--db", db_.uri(), "--center", centre, "--date", Today(), "--format", "json", "--summary"});
    return json::parse(r.out);
  }
  json SessionSummary(const std::string& centre, const std::string& session) {
    for (const auto& s : SummaryJson(centre)) {
      if (s["session_id"] == session) return s;
    }
    return json();
  }

  TempDir dir_;
  HubTestDb db_;  // the backend LK_HUB_BACKEND names
  std::unique_ptr<HubProcess> hub_;
  int64_t seq_ = 0;
};

TEST_F(HubIntegrationTest, HealthzNeedsNoAuthAndCarriesTheProtocolHeader) {
  auto res = Client().Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value(sync::kProtocolHeader), "1");
  EXPECT_EQ(json::parse(res->body)["status"], "ok");
  ExpectError(Client().Get("/no/such/thing"), 404, sync::error_code::kNotFound);
}

TEST_F(HubIntegrationTest, EnrolmentCodesWorkOnce) {
  std::string code = Cli({"enroll-code", "--db", db_.uri(), "--center", "a"}).out;
  code.pop_back();
  auto first = Client().Post("/v1/enroll", Headers(), sync::EnrollRequestToJson({code, "front desk", "0.1.0"}),
                             "application/json");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  auto enrolled = sync::ParseEnrollResponse(first->body);
  ASSERT_TRUE(enrolled.ok());
  EXPECT_TRUE(IsUuid7(enrolled->device_id));
  EXPECT_EQ(enrolled->centre.id, "a");
  EXPECT_EQ(enrolled->centre.name.en, "Centre A");
  // The hub stores only a hash of the token.
  EXPECT_EQ(db_.Dump().find(enrolled->token), std::string::npos);

  std::string before = db_.Dump();
  ExpectError(Client().Post("/v1/enroll", Headers(), sync::EnrollRequestToJson({code, "", ""}), "application/json"),
              403, sync::error_code::kEnrollRefused);
  ExpectError(Client().Post("/v1/enroll", Headers(), sync::EnrollRequestToJson({"AAAA-BBBB-CCCC", "", ""}),
                            "application/json"),
              403, sync::error_code::kEnrollRefused);
  ExpectError(Client().Post("/v1/enroll", Headers(), "{\"code\": ", "application/json"), 400,
              sync::error_code::kMalformed);
  EXPECT_EQ(db_.Dump(), before);
}

TEST_F(HubIntegrationTest, CatalogPagesIncrementalAnd304) {
  std::string token = Enroll("a");
  auto cli = Client();
  sync::CatalogAccumulator acc;
  std::string cursor, etag;
  int pages = 0;
  bool more = true;
  while (more) {
    auto res = cli.Get(("/v1/catalog?limit=2&since=" + cursor).c_str(), Headers(token));
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    auto page = sync::ParseCatalogPage(res->body);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    EXPECT_EQ(page->full, pages == 0);
    EXPECT_EQ(page->centre.id, "a");
    EXPECT_EQ(page->centre.time_zone, "Asia/Shanghai");
    EXPECT_LE(page->items.size(), 2u);
    acc.Apply(*page);
    cursor = page->next_cursor;
    more = page->has_more;
    ++pages;
    ASSERT_LT(pages, 20);
  }
  EXPECT_EQ(pages, 3);  // 6 items, 2 per page
  auto catalog = acc.Build();
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  EXPECT_EQ(catalog->sessions.size(), 3u);
  EXPECT_EQ(catalog->courses.size(), 2u);

  // Nothing new: an empty incremental page, then 304 with the ETag.
  auto res = cli.Get(("/v1/catalog?since=" + cursor).c_str(), Headers(token));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  auto empty = sync::ParseCatalogPage(res->body);
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->full);
  EXPECT_TRUE(empty->items.empty());
  EXPECT_EQ(empty->next_cursor, cursor);
  etag = res->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  auto headers = Headers(token);
  headers.emplace("If-None-Match", etag);
  auto not_modified = cli.Get(("/v1/catalog?since=" + cursor).c_str(), headers);
  ASSERT_TRUE(not_modified);
  EXPECT_EQ(not_modified->status, 304);
  EXPECT_EQ(not_modified->get_header_value(sync::kProtocolHeader), "1");
  EXPECT_TRUE(not_modified->body.empty());

  // The catalogue changes: s-1's capacity, s-3 removed. Only those come down.
  ImportA(CatalogA(/*s1_capacity=*/5, /*with_s2=*/true, /*with_s3=*/false));
  auto changed = cli.Get(("/v1/catalog?since=" + cursor).c_str(), headers);
  ASSERT_TRUE(changed);
  ASSERT_EQ(changed->status, 200);
  auto delta = sync::ParseCatalogPage(changed->body);
  ASSERT_TRUE(delta.ok());
  EXPECT_FALSE(delta->full);
  ASSERT_EQ(delta->items.size(), 2u);
  EXPECT_EQ(delta->items[0].id, "s-1");
  EXPECT_EQ(delta->items[0].body["capacity"], 5);
  EXPECT_EQ(delta->items[1].id, "s-3");
  EXPECT_TRUE(delta->items[1].deleted);
  acc.Apply(*delta);
  catalog = acc.Build();
  ASSERT_TRUE(catalog.ok());
  EXPECT_EQ(catalog->sessions.size(), 2u);
  std::string old_cursor = cursor;
  cursor = delta->next_cursor;

  // Tombstones that have expired: a cursor from before them gets a full resync; so does garbage.
  ImportA(CatalogA(5, /*with_s2=*/false, false), /*retention_days=*/"0");
  std::string fresh_cursor;
  for (const std::string& since : {old_cursor, cursor, std::string("garbage"), std::string("1.nope.3")}) {
    auto full = cli.Get(("/v1/catalog?since=" + since).c_str(), Headers(token));
    ASSERT_TRUE(full);
    ASSERT_EQ(full->status, 200);
    auto page = sync::ParseCatalogPage(full->body);
    ASSERT_TRUE(page.ok());
    EXPECT_TRUE(page->full) << since;
    EXPECT_FALSE(page->has_more);
    sync::CatalogAccumulator fresh;
    fresh.Apply(*page);
    EXPECT_EQ(fresh.Build()->sessions.size(), 1u);
    fresh_cursor = page->next_cursor;
  }
  // After the resync the client is at the head of the feed again.
  auto latest = cli.Get(("/v1/catalog?since=" + fresh_cursor).c_str(), Headers(token));
  ASSERT_TRUE(latest);
  auto page = sync::ParseCatalogPage(latest->body);
  ASSERT_TRUE(page.ok());
  EXPECT_FALSE(page->full);
  EXPECT_TRUE(page->items.empty());
}

TEST_F(HubIntegrationTest, PushResendDuplicateConflictAndOverCapacity) {
  std::string token = Enroll("a");
  auto r1 = Rec("L-1", "s-1"), r2 = Rec("L-2", "s-1"), r3 = Rec("L-3", "s-1");
  auto unknown = Rec("L-4", "no-such-session");
  std::string batch_id = NewUuid7(NowMs());
  auto first = Push(token, {r1, r2, r3, unknown}, batch_id);
  ASSERT_EQ(first.results.size(), 4u);
  EXPECT_FALSE(first.resent);
  EXPECT_EQ(first.results[0].outcome, sync::RecordOutcome::kAccepted);
  EXPECT_EQ(first.results[1].outcome, sync::RecordOutcome::kAccepted);
  EXPECT_EQ(first.results[2].outcome, sync::RecordOutcome::kAccepted);  // over capacity: accepted, flagged
  EXPECT_EQ(first.results[2].flags, std::vector<std::string>{"over_capacity"});
  EXPECT_EQ(first.results[3].outcome, sync::RecordOutcome::kRejected);
  EXPECT_EQ(first.results[3].reason, "unknown_session");
  EXPECT_EQ(first.results[0].id, r1.id);

  // The kiosk never saw the reply and resends the same batch: same answers, nothing counted twice.
  auto resent = Push(token, {r1, r2, r3, unknown}, batch_id);
  EXPECT_TRUE(resent.resent);
  ASSERT_EQ(resent.results.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(resent.results[i].outcome, first.results[i].outcome) << i;
    EXPECT_EQ(resent.results[i].flags, first.results[i].flags) << i;
  }
  // The same record in a new batch: duplicate (success). Same id, other content: conflict, kept aside.
  auto dup = Push(token, {r1});
  EXPECT_EQ(dup.results[0].outcome, sync::RecordOutcome::kDuplicate);
  AttendanceRecord tampered = r2;
  tampered.learner_id = "L-99";
  auto conflict = Push(token, {tampered});
  EXPECT_EQ(conflict.results[0].outcome, sync::RecordOutcome::kConflict);

  json s1 = SessionSummary("a", "s-1");
  EXPECT_EQ(s1["records"], 3);
  EXPECT_EQ(s1["checkins"], 3);
  EXPECT_EQ(s1["over_capacity"], 1);
  EXPECT_EQ(s1["conflicts"], 1);
  json rows =
      json::parse(Cli({"report", "--db", db_.uri(), "--center", "a", "--date", Today(), "--format", "json"}).out);
  ASSERT_EQ(rows.size(), 3u);
  for (const auto& row : rows) EXPECT_NE(row["learner_id"], "L-99");  // never overwritten

  // A void: the check-in stops counting, the report shows both.
  auto v = Rec("L-2", "s-1", RecordKind::kVoid);
  v.refers_to = r2.id;
  EXPECT_EQ(Push(token, {v}).results[0].outcome, sync::RecordOutcome::kAccepted);
  s1 = SessionSummary("a", "s-1");
  EXPECT_EQ(s1["records"], 4);
  EXPECT_EQ(s1["checkins"], 2);
  EXPECT_EQ(s1["voided"], 1);
}

TEST_F(HubIntegrationTest, ReportAndLearnerSummaryAcrossCentres) {
  std::string a = Enroll("a"), b = Enroll("b");
  Push(a, {Rec("L-7", "s-1"), Rec("L-7", "s-2"), Rec("L-8", "s-1")});
  Push(b, {Rec("L-7", "b-1")});
  auto res = Client().Get("/v1/learners/L-7/summary", Headers(a));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto summary = sync::ParseLearnerSummary(res->body);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->learner_id, "L-7");
  EXPECT_EQ(summary->checkins, 3);
  EXPECT_DOUBLE_EQ(summary->credit_hours, 2.0 + 1.5 + 3.0);
  ASSERT_EQ(summary->centres.size(), 2u);
  EXPECT_EQ(summary->centres[0].centre_id, "a");
  EXPECT_DOUBLE_EQ(summary->centres[0].credit_hours, 3.5);
  EXPECT_EQ(summary->centres[1].centre_name.en, "Centre B");
  // Need to know: a learner centre B never saw, and one it has not seen at all, are both "not found".
  ExpectError(Client().Get("/v1/learners/L-404/summary", Headers(b)), 404, "not_found");
  ExpectError(Client().Get("/v1/learners/L-8/summary", Headers(b)), 404, "not_found");

  std::string csv = Cli({"report", "--db", db_.uri(), "--center", "a", "--date", Today()}).out;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 4) << csv;  // header + 3 records
  EXPECT_EQ(csv.rfind("session_id,session_start,", 0), 0u);
  std::string summary_csv = Cli({"report", "--db", db_.uri(), "--center", "a", "--date", Today(), "--summary"}).out;
  EXPECT_NE(summary_csv.find("\ns-1,"), std::string::npos) << summary_csv;
  EXPECT_EQ(SessionSummary("a", "s-1")["checkins"], 2);
  EXPECT_EQ(SessionSummary("a", "s-2")["checkins"], 1);
  EXPECT_EQ(SessionSummary("b", "b-1")["checkins"], 1);
  Cli({"report", "--db", db_.uri(), "--center", "a", "--date", "2026-02-30"}, 1);
}

// The record to take home (PROTOCOL.md §7): with --public-url the summary carries a link to /me/TOKEN, a
// page of this year's hours per centre and per course and the last attendances; the token hides the id,
// opens nothing once altered or expired (hubs restarted on the same database, their clocks moved on with
// LK_FAKE_NOW: the key lives in the database), and every view is counted under a keyed hash.
TEST_F(HubIntegrationTest, RecordLinkOpensTheLearnersYearUntilItExpires) {
  const std::string public_url = "https://credit.example.cn";
  std::string a = Enroll("a"), b = Enroll("b");
  Push(a, {Rec("L-7", "s-1"), Rec("L-7", "s-2"), Rec("L-8", "s-1")});
  Push(b, {Rec("L-7", "b-1")});
  // Without --public-url there is no link and no page.
  auto plain = Client().Get("/v1/learners/L-7/summary", Headers(a));
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->body.find("record_url"), std::string::npos);
  auto no_page = Client().Get("/me/anything");
  ASSERT_TRUE(no_page);
  EXPECT_EQ(no_page->status, 404);

  hub_->Stop();
  hub_ = StartHub({"--public-url", public_url + "/", "--record-link-hours", "24"});
  ASSERT_TRUE(hub_);
  const TimeMs issued_at = NowMs();
  auto res = Client().Get("/v1/learners/L-7/summary", Headers(a));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto summary = sync::ParseLearnerSummary(res->body);
  ASSERT_TRUE(summary.ok());
  const std::string prefix = public_url + "/me/";
  ASSERT_EQ(summary->record_url.rfind(prefix, 0), 0u) << summary->record_url;
  const std::string token = summary->record_url.substr(prefix.size());
  EXPECT_EQ(token.find("L-7"), std::string::npos) << "the card number is not in the link in clear";
  EXPECT_LT(summary->record_url.size(), 200u) << "short enough for a QR code scanned at 40 cm";

  auto page = Client().Get("/me/" + token);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(page->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(page->get_header_value("Referrer-Policy"), "no-referrer");
  const std::string& html = page->body;
  EXPECT_NE(html.find("<p class=\"total\" id=\"year-hours\">6.5 学时</p>"), std::string::npos) << html;
  EXPECT_NE(html.find("甲中心<span class=\"en\">Centre A · 2 次</span></span><span class=\"hours\">3.5 学时"),
            std::string::npos) << html;
  EXPECT_NE(html.find("乙中心<span class=\"en\">Centre B · 1 次</span></span><span class=\"hours\">3 学时"),
            std::string::npos) << html;
  EXPECT_NE(html.find("太极拳<span class=\"en\">Tai Chi · 乙中心 · 1 次"), std::string::npos) << html;
  EXPECT_NE(html.find(Today()), std::string::npos) << "the attendances carry their date";
  EXPECT_EQ(html.find("L-7"), std::string::npos) << "nothing else of the system: not even the id";
  EXPECT_EQ(html.find("/console"), std::string::npos);

  // Views: counted per learner under a keyed hash, never the id.
  ASSERT_TRUE(Client().Get("/me/" + token));
  EXPECT_EQ(db_.QueryStrings("SELECT CAST(views AS TEXT) FROM record_page_views"), std::vector<std::string>{"2"});
  std::vector<std::string> keys = db_.QueryStrings("SELECT learner_key FROM record_page_views");
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].size(), 32u);
  EXPECT_EQ(keys[0].find("L-7"), std::string::npos);

  // One byte altered, cut short, or made up: the plain expired page, and no view counted.
  auto expect_expired = [&](const HubProcess* hub, const std::string& t) {
    auto r = Client(hub).Get("/me/" + t);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404) << t;
    EXPECT_NE(r->body.find("链接已过期"), std::string::npos) << r->body;
    EXPECT_EQ(r->body.find("学时</span>"), std::string::npos);
  };
  std::string altered = token;
  altered[altered.size() / 2] = altered[altered.size() / 2] == 'A' ? 'B' : 'A';
  expect_expired(nullptr, altered);
  expect_expired(nullptr, token.substr(0, token.size() - 1));
  expect_expired(nullptr, "not-a-token");
  EXPECT_EQ(db_.QueryStrings("SELECT CAST(views AS TEXT) FROM record_page_views"), std::vector<std::string>{"2"});

  // The same database a day later: 23 h after issue the link still opens, 25 h after it is expired.
  hub_->Stop();
  hub_.reset();
  for (auto [hours, opens] : {std::pair{23, true}, std::pair{25, false}}) {
    std::string error;
    auto later = HubProcess::Start(db_.uri(), {"--public-url", public_url}, &error, 10000,
                                   {"LK_FAKE_NOW=" + FormatRfc3339Utc(issued_at + hours * kMsPerHour)});
    ASSERT_TRUE(later) << error;
    if (opens) {
      auto r = Client(later.get()).Get("/me/" + token);
      ASSERT_TRUE(r);
      EXPECT_EQ(r->status, 200) << hours << " h: " << r->body;
    } else {
      expect_expired(later.get(), token);
    }
  }
  hub_ = StartHub({});
}

// The Credit Bank feed (sync/CREDIT_EXPORT.md): credit-export from a cursor lists each learner's session
// credited once (a repeat check-in earns nothing more), a void between two calls withdraws exactly that
// session's hours (a void of one of two counting records withdraws nothing), and the same cursor gives
// the same entries every time.
TEST_F(HubIntegrationTest, CreditExportWithdrawsExactlyAVoidedSessionAndRepeatsItself) {
  auto credit_export = [&](const std::string& since, const std::string& format = "json") {
    ProcessResult r = Cli({"credit-export", "--db", db_.uri(), "--since", since, "--format", format});
    return format == "json" ? json::parse(r.out) : json(r.out);
  };
  std::string a = Enroll("a"), b = Enroll("b");
  AttendanceRecord c1 = Rec("L-7", "s-1"), c2 = Rec("L-7", "s-2"), c3 = Rec("L-8", "s-1"), repeat = Rec("L-7", "s-1");
  Push(a, {c1, c2, c3, repeat});
  Push(b, {Rec("L-7", "b-1")});

  json first = credit_export("0");
  ASSERT_EQ(first["entries"].size(), 4u) << first.dump(2);
  std::map<std::pair<std::string, std::string>, double> credited;
  auto hours = [&](const std::string& learner, const std::string& session) { return credited[{learner, session}]; };
  for (const json& e : first["entries"]) {
    EXPECT_EQ(e["kind"], "credit");
    EXPECT_GT(e["credit_hours"].get<double>(), 0);
    credited[{e["learner_id"], e["session_id"]}] = e["credit_hours"];
  }
  EXPECT_EQ(credited.size(), 4u) << "one entry per learner and session";
  EXPECT_DOUBLE_EQ(hours("L-7", "s-1") + hours("L-7", "s-2") + hours("L-7", "b-1"), 6.5);
  EXPECT_EQ(first["next_cursor"], first["entries"].back()["cursor"]);
  EXPECT_EQ(credit_export("0")["entries"], first["entries"]) << "the same cursor, the same entries";
  const std::string cursor = first["next_cursor"];
  EXPECT_EQ(credit_export(cursor)["entries"], json::array()) << "nothing new yet";

  // Between two calls: a void of L-7's s-2, and of one of L-7's two counting s-1 records.
  AttendanceRecord v2 = Rec("L-7", "s-2", RecordKind::kVoid), v1 = Rec("L-7", "s-1", RecordKind::kVoid);
  v2.refers_to = c2.id;
  v1.refers_to = c1.id;
  Push(a, {v2, v1});
  json second = credit_export(cursor);
  ASSERT_EQ(second["entries"].size(), 1u) << second.dump(2);
  const json& w = second["entries"][0];
  EXPECT_EQ(w["kind"], "withdraw");
  EXPECT_EQ(w["learner_id"], "L-7");
  EXPECT_EQ(w["centre_id"], "a");
  EXPECT_EQ(w["session_id"], "s-2");
  EXPECT_DOUBLE_EQ(w["credit_hours"].get<double>(), hours("L-7", "s-2")) << "the hours withdrawn";
  EXPECT_EQ(w["record_id"], v2.id);
  EXPECT_EQ(credit_export(cursor)["entries"], second["entries"]) << "twice from the same cursor";
  EXPECT_EQ(credit_export(second["next_cursor"])["entries"], json::array());

  // The sum of everything exported is what the learner summary says.
  double sum = 0;
  const json everything = credit_export("0");
  for (const json& e : everything["entries"]) {
    if (e["learner_id"] == "L-7") sum += (e["kind"] == "credit" ? 1 : -1) * e["credit_hours"].get<double>();
  }
  auto summary = Client().Get("/v1/learners/L-7/summary", Headers(a));
  ASSERT_TRUE(summary);
  EXPECT_DOUBLE_EQ(sum, sync::ParseLearnerSummary(summary->body)->credit_hours);

  // CSV: a header, each row with its cursor; bad cursors are refused.
  std::string csv = credit_export(cursor, "csv").get<std::string>();
  EXPECT_EQ(csv.rfind("cursor,entry,kind,learner_id,centre_id,session_id,course_id,session_start,credit_hours,"
                      "record_id,received_at\r\n", 0), 0u) << csv;
  EXPECT_NE(csv.find(",withdraw,L-7,a,s-2,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("," + json(hours("L-7", "s-2")).dump() + "," + v2.id + ","), std::string::npos) << csv;
  Cli({"credit-export", "--db", db_.uri(), "--since", "yesterday"}, 1);
}

TEST_F(HubIntegrationTest, AVoidFromAnotherCentreNeverCancelsACheckIn) {
  std::string a = Enroll("a"), b = Enroll("b");
  // Centre A's device voids an id that is not at the hub yet; then centre B's check-in with that id.
  AttendanceRecord b_checkin = Rec("L-5", "b-1");
  AttendanceRecord a_void = Rec("L-5", "s-1", RecordKind::kVoid);
  a_void.refers_to = b_checkin.id;
  auto voided = Push(a, {a_void});
  ASSERT_EQ(voided.results.size(), 1u);
  EXPECT_EQ(voided.results[0].outcome, sync::RecordOutcome::kAccepted);
  EXPECT_EQ(voided.results[0].flags, std::vector<std::string>{sync::record_flag::kUnknownTarget});
  auto pushed = Push(b, {b_checkin});
  ASSERT_EQ(pushed.results.size(), 1u);
  EXPECT_EQ(pushed.results[0].outcome, sync::RecordOutcome::kAccepted);

  // B's record counts in B's report and in the learner summary; A's void acts on nothing.
  EXPECT_EQ(SessionSummary("b", "b-1")["checkins"], 1);
  EXPECT_EQ(SessionSummary("b", "b-1")["voided"], 0);
  json rows =
      json::parse(Cli({"report", "--db", db_.uri(), "--center", "b", "--date", Today(), "--format", "json"}).out);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["flags"], json::array()) << rows.dump();
  auto res = Client().Get("/v1/learners/L-5/summary", Headers(b));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(sync::ParseLearnerSummary(res->body)->checkins, 1);
  json a_rows =
      json::parse(Cli({"report", "--db", db_.uri(), "--center", "a", "--date", Today(), "--format", "json"}).out);
  ASSERT_EQ(a_rows.size(), 1u);
  EXPECT_EQ(a_rows[0]["flags"], json::array({sync::record_flag::kUnknownTarget})) << a_rows.dump();

  // Whoever pushes an id first does not own it: A's genuine check-in with the id B used is A's own
  // record, not a conflict, and counts at A.
  AttendanceRecord b_second = Rec("L-7", "b-1");
  ASSERT_EQ(Push(b, {b_second}).results.size(), 1u);
  AttendanceRecord a_checkin = Rec("L-6", "s-2");
  a_checkin.id = b_second.id;
  auto a_pushed = Push(a, {a_checkin});
  ASSERT_EQ(a_pushed.results.size(), 1u);
  EXPECT_EQ(a_pushed.results[0].outcome, sync::RecordOutcome::kAccepted);
  EXPECT_EQ(SessionSummary("a", "s-2")["checkins"], 1);
  EXPECT_EQ(SessionSummary("b", "b-1")["checkins"], 2);
}

TEST_F(HubIntegrationTest, ABodyNobodyReadsIsRefusedBeforeItIsRead) {
  std::string token = Enroll("a");
  // Headers announcing a gzip body on routes that take none, and no body byte sent: the hub must answer
  // at once (it does not wait for, read or inflate the body) and close the connection.
  // 413 for a route that takes no body, 404 for a method and path that are no route.
  struct Case {
    std::string method, path, status;
  };
  for (const Case& c : std::vector<Case>{{"POST", "/healthz", "404"},
                                         {"GET", "/healthz", "413"},
                                         {"GET", "/v1/catalog", "413"},
                                         {"POST", "/v1/catalog", "404"},
                                         {"GET", "/v1/learners/L-1/summary", "413"},
                                         {"POST", "/nowhere", "404"},
                                         {"PUT", "/v1/attendance/batches", "404"}}) {
    for (const std::string framing : {"Content-Length: 204800\r\n", "Transfer-Encoding: chunked\r\n"}) {
      std::string head = c.method + " " + c.path + " HTTP/1.1\r\nHost: x\r\nX-Learning-Protocol: 1\r\n" +
                         "Authorization: Bearer " + token + "\r\nContent-Encoding: gzip\r\n" + framing + "\r\n";
      std::string answer = RawExchange(hub_->port(), head, 5);
      std::string what = c.method + " " + c.path + " with " + framing;
      EXPECT_EQ(answer.rfind("HTTP/1.1 " + c.status, 0), 0u) << what << ": " << answer.substr(0, 200);
      EXPECT_NE(answer.find("Connection: close"), std::string::npos) << what;
      EXPECT_NE(answer.find("X-Learning-Protocol: 1"), std::string::npos) << what;
    }
  }
  auto health = Client().Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

// Behind a reverse proxy every request comes from the proxy's address: only with --trusted-proxy does
// the hub take the client's address from X-Forwarded-For (for the per-address buckets), and only the
// last hop, the one the proxy added.
TEST_F(HubIntegrationTest, PerAddressLimitsUseXForwardedForOnlyFromATrustedProxy) {
  // The enrolment bucket holds 20 attempts per address (refilled at 1/s).
  auto guesses_refused_as_limited = [&](const std::string& forwarded_for, int attempts) {
    int limited = 0;
    for (int i = 0; i < attempts; ++i) {
      auto headers = Headers();
      headers.emplace("X-Forwarded-For", forwarded_for);
      auto res = Client().Post("/v1/enroll", headers, sync::EnrollRequestToJson({"WRONG-CODE", "k", "0.1.0"}),
                               "application/json");
      EXPECT_TRUE(res);
      if (res && res->status == 429) ++limited;
    }
    return limited;
  };
  hub_.reset();
  hub_ = StartHub({"--trusted-proxy", "127.0.0.1"});
  ASSERT_TRUE(hub_);
  EXPECT_GT(guesses_refused_as_limited("203.0.113.7", 30), 0) << "one address's guesses are limited";
  EXPECT_EQ(guesses_refused_as_limited("203.0.113.7, 203.0.113.8", 10), 0) << "another address has its own bucket";
  hub_.reset();
  hub_ = StartHub({});  // no trusted proxy: the header is ignored, everything is 127.0.0.1
  ASSERT_TRUE(hub_);
  EXPECT_GT(guesses_refused_as_limited("203.0.113.9", 30), 0);
  EXPECT_GT(guesses_refused_as_limited("203.0.113.10", 10), 0) << "an untrusted X-Forwarded-For was believed";
}

TEST_F(HubIntegrationTest, TheReportCsvNeutralisesFormulas) {
  std::string a = Enroll("a");
  Push(a, {Rec("=1+2", "s-2"), Rec("@SUM(A1)", "s-2"), Rec("-3", "s-2")});
  std::string csv = Cli({"report", "--db", db_.uri(), "--center", "a", "--date", Today()}).out;
  for (const char* cell : {"'=1+2,", "'@SUM(A1),", "'-3,"}) EXPECT_NE(csv.find(cell), std::string::npos) << cell << csv;
  EXPECT_EQ(csv.find(",=1+2"), std::string::npos) << csv;
}

TEST_F(HubIntegrationTest, GuessingTokensFromOneAddressIsSlowedDown) {
  int limited = 0, refused = 0;
  for (int i = 0; i < 40; ++i) {
    auto res = Client().Get("/v1/catalog", Headers("lkt1_" + std::string(43, char('A' + i % 26))));
    ASSERT_TRUE(res);
    if (res->status == 429) {
      ++limited;
      EXPECT_FALSE(res->get_header_value("Retry-After").empty());
    } else {
      EXPECT_EQ(res->status, 401);
      ++refused;
    }
  }
  // A burst of 20 is answered 401; the rest wait (1 per second refills: a few more may pass).
  EXPECT_GE(refused, 20);
  EXPECT_GE(limited, 10);
}

TEST_F(HubIntegrationTest, GzipRequestBodies) {
  std::string token = Enroll("a");
  sync::BatchRequest batch{NewUuid7(NowMs()), "", {Rec("L-1", "s-2"), Rec("L-2", "s-2")}};
  auto headers = Headers(token);
  headers.emplace("Content-Encoding", "gzip");
  auto res = Client().Post("/v1/attendance/batches", headers, Gzip(sync::BatchRequestToJson(batch)),
                           "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto parsed = sync::ParseBatchResponse(res->body);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->results[1].outcome, sync::RecordOutcome::kAccepted);
  std::string before = db_.Dump();
  auto odd = Headers(token);
  odd.emplace("Content-Encoding", "compress");
  // An encoding the hub does not decode is refused before the body is read.
  ExpectError(Client().Post("/v1/attendance/batches", odd, "xxxx", "application/json"), 415, "unsupported_encoding");
  EXPECT_EQ(db_.Dump(), before);
}

TEST_F(HubIntegrationTest, Error400LeavesTheDatabaseUnchanged) {
  std::string token = Enroll("a");
  std::string before = db_.Dump();
  auto cli = Client();
  std::string valid = sync::BatchRequestToJson({NewUuid7(NowMs()), "", {Rec("L-1", "s-1")}});
  ExpectError(cli.Post("/v1/attendance/batches", Headers(token), "{not json", "application/json"), 400, "malformed");
  ExpectError(cli.Post("/v1/attendance/batches", Headers(token), R"({"records": []})", "application/json"), 400,
              "malformed");
  ExpectError(cli.Post("/v1/attendance/batches", Headers(token, ""), valid, "application/json"), 400, "malformed");
  ExpectError(cli.Post("/v1/attendance/batches", Headers(token, "one"), valid, "application/json"), 400, "malformed");
  std::vector<AttendanceRecord> many;
  for (int i = 0; i < 501; ++i) many.push_back(Rec("L-" + std::to_string(i), "s-2"));
  ExpectError(cli.Post("/v1/attendance/batches", Headers(token), sync::BatchRequestToJson({NewUuid7(NowMs()), "", many}),
                       "application/json"),
              400, "malformed");
  ExpectError(cli.Post("/v1/heartbeat", Headers(token), R"({"queue_depth": -3})", "application/json"), 400,
              "malformed");
  ExpectError(cli.Get("/v1/catalog?limit=zero", Headers(token)), 400, "malformed");
  ExpectError(cli.Get("/v1/learners/a%20b/summary", Headers(token)), 400, "malformed");
  EXPECT_EQ(db_.Dump(), before);
}

TEST_F(HubIntegrationTest, Error401LeavesTheDatabaseUnchanged) {
  Enroll("a");
  std::string before = db_.Dump();
  auto cli = Client();
  std::string body = sync::BatchRequestToJson({NewUuid7(NowMs()), "", {Rec("L-1", "s-1")}});
  ExpectError(cli.Post("/v1/attendance/batches", Headers(), body, "application/json"), 401, "unauthorized");
  ExpectError(cli.Post("/v1/attendance/batches", Headers("lkt1_not-a-real-token"), body, "application/json"), 401,
              "unauthorized");
  auto basic = Headers();
  basic.emplace("Authorization", "Basic YWRtaW46YWRtaW4=");
  ExpectError(cli.Post("/v1/attendance/batches", basic, body, "application/json"), 401, "unauthorized");
  ExpectError(cli.Get("/v1/catalog", Headers("nope")), 401, "unauthorized");
  ExpectError(cli.Get("/v1/learners/L-1/summary", Headers()), 401, "unauthorized");
  ExpectError(cli.Post("/v1/heartbeat", Headers("nope"), "{}", "application/json"), 401, "unauthorized");
  // The connection stays usable after refusals with unread bodies.
  EXPECT_EQ(cli.Get("/healthz")->status, 200);
  EXPECT_EQ(db_.Dump(), before);
}

TEST_F(HubIntegrationTest, Error403RevokedDeviceAndOtherCentre) {
  std::string device_a;
  std::string a = Enroll("a", &device_a);
  std::string b = Enroll("b");
  auto b_record = Rec("L-1", "b-1");
  Push(b, {b_record});
  std::string before = db_.Dump();
  auto cli = Client();
  // Centre A's kiosk cannot push into or read centre B.
  ExpectError(cli.Post("/v1/attendance/batches", Headers(a),
                       sync::BatchRequestToJson({NewUuid7(NowMs()), "b", {Rec("L-1", "b-1")}}), "application/json"),
              403, "forbidden");
  ExpectError(cli.Get("/v1/catalog?centre=b", Headers(a)), 403, "forbidden");
  EXPECT_EQ(db_.Dump(), before);
  // Naming B's session from A is refused per record; a void of B's record id from A acts on nothing
  // (records are keyed by centre: at A that id is unknown) and says so.
  auto v = Rec("L-1", "s-1", RecordKind::kVoid);
  v.refers_to = b_record.id;
  auto cross = Push(a, {Rec("L-1", "b-1"), v});
  EXPECT_EQ(cross.results[0].reason, "unknown_session");
  EXPECT_EQ(cross.results[1].outcome, sync::RecordOutcome::kAccepted);
  EXPECT_EQ(cross.results[1].flags, std::vector<std::string>{sync::record_flag::kUnknownTarget});
  EXPECT_EQ(SessionSummary("b", "b-1")["checkins"], 1);
  EXPECT_EQ(SessionSummary("b", "b-1")["voided"], 0);
  // A's catalogue never contains B's sessions.
  auto page = sync::ParseCatalogPage(cli.Get("/v1/catalog", Headers(a))->body);
  ASSERT_TRUE(page.ok());
  for (const auto& item : page->items) EXPECT_NE(item.id, "b-1");
  EXPECT_EQ(SessionSummary("b", "b-1")["records"], 1);

  Cli({"revoke", "--db", db_.uri(), "--device", device_a});
  before = db_.Dump();
  ExpectError(cli.Post("/v1/attendance/batches", Headers(a),
                       sync::BatchRequestToJson({NewUuid7(NowMs()), "", {Rec("L-5", "s-1")}}), "application/json"),
              403, "device_revoked");
  ExpectError(cli.Get("/v1/catalog", Headers(a)), 403, "device_revoked");
  ExpectError(cli.Post("/v1/heartbeat", Headers(a), sync::HeartbeatRequestToJson({0, 0, "0.1.0", NowMs()}),
                       "application/json"),
              403, "device_revoked");
  ExpectError(cli.Get("/v1/learners/L-1/summary", Headers(a)), 403, "device_revoked");
  EXPECT_EQ(db_.Dump(), before);
  Cli({"revoke", "--db", db_.uri(), "--device", "no-such-device"}, 1);
}

TEST_F(HubIntegrationTest, Error413LeavesTheDatabaseUnchanged) {
  hub_.reset();
  auto hub = StartHub({"--max-body", "4096"});
  ASSERT_TRUE(hub);
  hub_ = std::move(hub);
  std::string token = Enroll("a");
  std::string before = db_.Dump();
  std::vector<AttendanceRecord> records;
  for (int i = 0; i < 40; ++i) records.push_back(Rec("L-" + std::to_string(i), "s-2"));
  std::string big = sync::BatchRequestToJson({NewUuid7(NowMs()), "", records});
  ASSERT_GT(big.size(), 4096u);
  ExpectError(Client().Post("/v1/attendance/batches", Headers(token), big, "application/json"), 413,
              "payload_too_large");
  // Small on the wire, large once inflated (a gzip bomb).
  std::string bomb = R"({"batch_id": ")" + NewUuid7(NowMs()) + R"(", "records": [)" + std::string(200000, ' ') + "]}";
  auto headers = Headers(token);
  headers.emplace("Content-Encoding", "gzip");
  std::string compressed = Gzip(bomb);
  ASSERT_LT(compressed.size(), 4096u);
  ExpectError(Client().Post("/v1/attendance/batches", headers, compressed, "application/json"), 413,
              "payload_too_large");
  EXPECT_EQ(db_.Dump(), before);
  EXPECT_EQ(Push(token, {Rec("L-1", "s-2")}).results.size(), 1u);  // still serving
}

TEST_F(HubIntegrationTest, Error426WhenTheProtocolIsTooOld) {
  std::string token = Enroll("a");
  hub_.reset();
  hub_ = StartHub({"--min-protocol", "2"});
  ASSERT_TRUE(hub_);
  std::string before = db_.Dump();
  auto res = Client().Post("/v1/attendance/batches", Headers(token),
                           sync::BatchRequestToJson({NewUuid7(NowMs()), "", {Rec("L-1", "s-1")}}), "application/json");
  ExpectError(res, 426, "protocol_too_old");
  EXPECT_EQ(res->get_header_value(sync::kMinProtocolHeader), "2");
  ExpectError(Client().Get("/v1/catalog", Headers(token)), 426, "protocol_too_old");
  ExpectError(Client().Post("/v1/enroll", Headers(), R"({"code": "X"})", "application/json"), 426, "protocol_too_old");
  EXPECT_EQ(Client().Get("/v1/catalog", Headers(token, "2"))->status, 200);
  EXPECT_EQ(db_.Dump(), before);
}

TEST_F(HubIntegrationTest, Error429WhenADeviceSendsTooFast) {
  std::string token = Enroll("a");
  hub_.reset();
  hub_ = StartHub({"--rate", "0.01", "--burst", "2"});
  ASSERT_TRUE(hub_);
  auto cli = Client();
  std::string hb = sync::HeartbeatRequestToJson({1, 2, "0.1.0", NowMs()});
  EXPECT_EQ(cli.Post("/v1/heartbeat", Headers(token), hb, "application/json")->status, 200);
  EXPECT_EQ(cli.Post("/v1/heartbeat", Headers(token), hb, "application/json")->status, 200);
  std::string before = db_.Dump();
  auto res = cli.Post("/v1/attendance/batches", Headers(token),
                      sync::BatchRequestToJson({NewUuid7(NowMs()), "", {Rec("L-1", "s-1")}}), "application/json");
  ExpectError(res, 429, "rate_limited");
  EXPECT_GE(std::stoi(res->get_header_value("Retry-After")), 1);
  EXPECT_EQ(db_.Dump(), before);
}

TEST_F(HubIntegrationTest, Error503WhenOverloaded) {
  std::string token = Enroll("a");
  std::string prober = Enroll("a");  // its own rate bucket: probing must not starve the slow request's
  hub_.reset();
  hub_ = StartHub({"--max-in-flight", "1"});
  ASSERT_TRUE(hub_);
  // Occupy the only slot: a request whose body is slow to arrive.
  const std::string head = "POST /v1/heartbeat HTTP/1.1\r\nHost: x\r\nX-Learning-Protocol: 1\r\nAuthorization: Bearer " +
                           token + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";
  auto occupy = [&] {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(uint16_t(hub_->port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(write(fd, head.data(), head.size()), ssize_t(head.size()));
    return fd;
  };
  int fd = occupy();
  // Until the hub has admitted it (a refused request changes nothing): a bounded wait on the hub process.
  // A probe that held the slot at the very moment the slow request was admitted makes the hub answer
  // that one 503 at once; then it is sent again.
  ASSERT_TRUE(WaitUntil(
      [&] {
        pollfd answered{fd, POLLIN, 0};
        if (poll(&answered, 1, 0) > 0) {
          close(fd);
          fd = occupy();
          return false;
        }
        return CatalogStatus(prober) == 503;
      },
      10'000))
      << "the slow request never took the only slot";
  std::string before = db_.Dump();
  auto res = Client().Post("/v1/attendance/batches", Headers(token),
                           sync::BatchRequestToJson({NewUuid7(NowMs()), "", {Rec("L-1", "s-1")}}), "application/json");
  ExpectError(res, 503, "overloaded");
  EXPECT_EQ(res->get_header_value("Retry-After"), "1");
  ExpectError(Client().Get("/v1/catalog", Headers(token)), 503, "overloaded");
  EXPECT_EQ(db_.Dump(), before);
  close(fd);
  // The slot comes back when the hub notices the closed connection: a bounded wait on the hub process.
  // (The gate answers before the rate bucket: anything but 503 means the slot is free.)
  EXPECT_TRUE(WaitUntil([&] { return CatalogStatus(prober) != 503; }, 10'000))
      << "the slot of a closed connection was never given back";
}

TEST_F(HubIntegrationTest, HeartbeatShowsInDevices) {
  std::string device;
  std::string token = Enroll("a", &device);
  auto res = Client().Post("/v1/heartbeat", Headers(token),
                           sync::HeartbeatRequestToJson({7, 120, "0.2.0", NowMs() + 90000}), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto hb = sync::ParseHeartbeatResponse(res->body);
  ASSERT_TRUE(hb.ok());
  EXPECT_NEAR(double(hb->clock_skew_ms), 90000, 5000);
  EXPECT_EQ(hb->min_protocol_version, 1);
  EXPECT_NEAR(double(hb->server_time), double(NowMs()), 5000);
  json devices = json::parse(Cli({"devices", "--db", db_.uri(), "--json"}).out);
  ASSERT_EQ(devices.size(), 1u);
  EXPECT_EQ(devices[0]["device_id"], device);
  EXPECT_EQ(devices[0]["queue_depth"], 7);
  EXPECT_EQ(devices[0]["oldest_pending_age_s"], 120);
  EXPECT_EQ(devices[0]["app_version"], "0.2.0");
  EXPECT_NEAR(devices[0]["clock_skew_ms"].get<double>(), 90000, 5000);
  std::string table = Cli({"devices", "--db", db_.uri()}).out;
  EXPECT_NE(table.find(device), std::string::npos);
  EXPECT_NE(table.find("active"), std::string::npos);
}

TEST_F(HubIntegrationTest, AcknowledgedBatchSurvivesAHubCrash) {
  std::string token = Enroll("a");
  std::vector<AttendanceRecord> records{Rec("L-1", "s-2"), Rec("L-2", "s-2")};
  std::string batch = NewUuid7(NowMs());
  Push(token, records, batch);
  hub_->Kill();  // SIGKILL right after the acknowledgement
  hub_ = StartHub({});
  ASSERT_TRUE(hub_);
  EXPECT_EQ(SessionSummary("a", "s-2")["records"], 2);
  auto resent = Push(token, records, batch);
  EXPECT_TRUE(resent.resent);
  EXPECT_EQ(resent.results[0].outcome, sync::RecordOutcome::kAccepted);
  EXPECT_EQ(SessionSummary("a", "s-2")["records"], 2);
}

TEST_F(HubIntegrationTest, ServesTls) {
  if (!std::filesystem::exists("/usr/bin/openssl")) GTEST_SKIP() << "openssl command not installed";
  std::string cert = dir_.File("cert.pem"), key = dir_.File("key.pem");
  auto made = RunProcess({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                          "/CN=127.0.0.1", "-keyout", key, "-out", cert});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  hub_.reset();
  hub_ = StartHub({"--tls-cert", cert, "--tls-key", key});
  ASSERT_TRUE(hub_);
  httplib::SSLClient cli(hub_->host(), hub_->port());
  cli.enable_server_certificate_verification(false);
  auto res = cli.Get("/healthz");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value(sync::kProtocolHeader), "1");
}

}  // namespace
}  // namespace lk::testing
