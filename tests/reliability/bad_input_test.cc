// Bad input, deterministic cases (the fuzz targets in tests/fuzz explore the rest): SQL metacharacters
// in every text field and id are stored and read back verbatim; malformed UTF-8, huge strings, deep
// nesting and numbers out of range are refused with a message naming the place, never a crash.
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "kiosk/core/attendance_store.h"
#include "kiosk/core/catalog_json.h"
#include "kiosk/core/catalog_store.h"
#include "kiosk/core/config.h"
#include "kiosk/core/kiosk_store.h"
#include "sync/protocol/attendance_messages.h"
#include "tests/reliability/rel_util.h"
#include "tests/testing/test_util.h"

namespace lk {
namespace {

const char* const kSql[] = {"'; DROP TABLE attendance; --", "' OR '1'='1", "x'); DELETE FROM outbox; --",
                            "%_[]*?", "Robert'); DROP TABLE session;--", "1; ATTACH DATABASE '/tmp/x' AS y"};

// Ids may hold printable bytes without spaces or quotes (the parser also refuses `'`, which
// kiosk/core/CATALOG.md does not mention): semicolons, dashes, parentheses, `%`, `=`, `*` pass.
std::string SqlId(int i) { return std::string("id;--") + std::to_string(i) + ";DROP(TABLE)x=1%_*"; }

Catalog HostileCatalog(TimeMs now) {
  Catalog c = rel::TestCatalog(now, 2);
  c.version = kSql[0];
  c.centre.name = {kSql[1], kSql[2]};
  c.categories[0].id = SqlId(0);
  c.categories[0].name = {kSql[3], kSql[4]};
  c.courses[0].id = SqlId(1);
  c.courses[0].category_id = SqlId(0);
  c.courses[0].title = {kSql[5], kSql[0]};
  c.courses[0].summary = {kSql[1], kSql[2]};
  c.courses[0].teacher = {kSql[3], kSql[4]};
  for (size_t i = 0; i < c.sessions.size(); ++i) {
    c.sessions[i].id = SqlId(int(10 + i));
    c.sessions[i].course_id = SqlId(1);
    c.sessions[i].room = {kSql[5], kSql[0]};
  }
  return c;
}

TEST(BadInputTest, SqlMetacharactersInEveryCatalogueFieldAreStoredVerbatim) {
  testing::TempDir dir;
  Catalog hostile = HostileCatalog(rel::kNow);
  // Through the JSON parser, as a catalogue file or the hub would deliver it.
  auto parsed = ParseCatalogJson(CatalogToJson(hostile), rel::kNow, "hostile.json");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  auto store = KioskStore::Open(dir.path());
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE(CatalogStore(store->db()).Replace(*parsed, rel::kNow).ok());
  auto loaded = CatalogStore(store->db()).Load();
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(CatalogToJson(*loaded), CatalogToJson(*parsed));
  EXPECT_EQ(rel::IntegrityCheck(store->db()), "ok");
  EXPECT_EQ(*store->db().QueryInt("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('attendance', 'outbox', 'session')"),
            3)
      << "a table is gone";

  // Check-ins and voids against those ids, with metacharacters in the void reason.
  AttendanceStore attendance(store->db(), CheckInPolicy::FromConfig(KioskConfig{}));
  auto r = attendance.CheckIn("L0001", SqlId(10), rel::kNow, RecordSource::kKeypad);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto v = attendance.Void(r->record.id, kSql[2], rel::kNow + 1);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  auto roster = attendance.Roster(0, rel::kNow + kMsPerDay);
  ASSERT_TRUE(roster.ok());
  ASSERT_EQ(roster->size(), 1u);  // the void is not a roster row; it marks the check-in voided
  EXPECT_EQ((*roster)[0].record.session_id, SqlId(10));
  EXPECT_EQ((*roster)[0].course_title_zh, kSql[5]);
  EXPECT_TRUE((*roster)[0].voided);
  EXPECT_EQ((*roster)[0].void_reason, kSql[2]);
  // A learner id with metacharacters never gets past the policy.
  auto bad = attendance.CheckIn("L1' OR '1'='1", SqlId(10), rel::kNow, RecordSource::kScanner);
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
}

TEST(BadInputTest, MalformedUtf8HugeStringsDeepNestingAndOutOfRangeNumbersAreRefusedWithAPath) {
  using nlohmann::json;
  const json good = json::parse(CatalogToJson(rel::TestCatalog(rel::kNow, 1)));
  ASSERT_TRUE(ParseCatalogJson(good.dump(), rel::kNow, "good.json").ok());
  // `edit` changes the document; a value "@RAW@" is then replaced by `raw` bytes (for invalid UTF-8 and
  // numbers JSON libraries will not write).
  auto make = [&](const std::function<void(json&)>& edit, const std::string& raw = "") {
    json j = good;
    edit(j);
    std::string s = j.dump();
    size_t at = s.find("\"@RAW@\"");
    if (at != std::string::npos) s.replace(at, 7, raw);
    return s;
  };
  struct Case {
    std::string name, json, expect_in_message;
  };
  auto title = [](json& j) { j["courses"][0]["title"]["zh"] = "@RAW@"; };
  std::vector<Case> cases = {
      // Invalid UTF-8 in the file is refused by the JSON layer ("not valid JSON") before any field.
      {"overlong slash", make(title, "\"\xc0\xaf\""), ""},
      {"surrogate", make(title, "\"\xed\xa0\x80\""), ""},
      {"above U+10FFFF", make(title, "\"\xf4\x90\x80\x80\""), ""},
      {"truncated sequence", make(title, "\"\xe4\xb8\""), ""},
      // Escapes that decode to text the kiosk must not show.
      {"escaped NUL", make(title, "\"a\\u0000b\""), "courses[0].title"},
      {"escaped lone surrogate", make(title, "\"\\ud800\""), ""},
      {"escaped carriage return", make(title, "\"a\\rb\""), "courses[0].title"},
      {"huge text", make([](json& j) { j["courses"][0]["title"]["zh"] = std::string(100000, 'x'); }),
       "courses[0].title"},
      {"huge id", make([](json& j) { j["sessions"][0]["id"] = std::string(65, 's'); }), "sessions[0].id"},
      {"capacity 2^63", make([](json& j) { j["sessions"][0]["capacity"] = "@RAW@"; }, "9223372036854775808"),
       "sessions[0].capacity"},
      {"capacity -1", make([](json& j) { j["sessions"][0]["capacity"] = -1; }), "sessions[0].capacity"},
      {"capacity 1e3", make([](json& j) { j["sessions"][0]["capacity"] = "@RAW@"; }, "1e3"), "sessions[0].capacity"},
      {"credit hours 1e309", make([](json& j) { j["courses"][0]["credit_hours"] = "@RAW@"; }, "1e309"), ""},
      {"credit hours -1", make([](json& j) { j["courses"][0]["credit_hours"] = -1; }), "courses[0].credit_hours"},
      {"format 2^64", make([](json& j) { j["format"] = "@RAW@"; }, "18446744073709551616"), "format"},
      {"sort order huge", make([](json& j) { j["categories"][0]["sort_order"] = "@RAW@"; }, "-9223372036854775809"),
       "categories[0].sort_order"},
      {"year 99999", make([](json& j) { j["sessions"][0]["start"] = "99999-01-01T00:00:00Z"; }), "sessions[0].start"},
      {"deep nesting", std::string(100000, '[') + std::string(100000, ']'), ""},
      {"deep objects", [] {
         std::string s;
         for (int i = 0; i < 50000; ++i) s += "{\"a\":";
         return s + "1" + std::string(50000, '}');
       }(), ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = ParseCatalogJson(c.json, rel::kNow, "bad.json");
    ASSERT_FALSE(r.ok()) << "accepted";
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find("bad.json"), std::string::npos) << r.status().message();
    EXPECT_NE(r.status().message().find(c.expect_in_message), std::string::npos) << r.status().message();
  }
}

TEST(BadInputTest, TheHubsBatchParserRefusesDeepAndHugeInputWithoutCrashing) {
  std::string deep = "{\"batch_id\":\"019a2b3c-9999-7000-8000-000000000001\",\"records\":[" + std::string(100000, '[') +
                     std::string(100000, ']') + "]}";
  auto r = sync::ParseBatchRequest(deep);
  if (r.ok()) {
    ASSERT_EQ(r->records.size(), 1u);
    EXPECT_FALSE(r->records[0].record.has_value());
  } else {
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
  std::string huge = "{\"batch_id\":\"" + std::string(1 << 20, 'a') + "\",\"records\":[]}";
  EXPECT_FALSE(sync::ParseBatchRequest(huge).ok());
}

// Found by fuzz_kiosk_config: libstdc++ compiles a regex recursively, so a learner_id_pattern of ~100k
// characters overflowed the stack and killed whoever loaded the config (the kiosk, kioskctl
// check-config). Now refused with a message.
TEST(BadInputTest, AHugeLearnerIdPatternIsAConfigErrorNotACrash) {
  std::string toml = "[checkin]\nlearner_id_pattern = \"" + std::string(200000, 'h') + "\"\n";
  auto config = ParseKioskConfig(toml, "kiosk.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("learner_id_pattern"), std::string::npos) << config.status().message();
  EXPECT_NE(config.status().message().find("kiosk.toml"), std::string::npos);
}

TEST(BadInputTest, ConfigValuesOutOfRangeAndOfTheWrongTypeAreErrorsNamingTheKey) {
  const std::pair<const char*, const char*> cases[] = {
      {"[checkin]\nopen_before_minutes = 9223372036854775807\n", "open_before_minutes"},
      {"[checkin]\nopen_before_minutes = -1\n", "open_before_minutes"},
      {"[display]\nrotation_degrees = 45\n", "rotation_degrees"},
      {"[display]\ntouch_calibration = [1, 2, 3]\n", "touch_calibration"},
      {"[display]\ntouch_calibration = [nan, inf, 0, 0, 1, 0]\n", "touch_calibration"},
      {"[sync]\nretention_days = 0\n", "retention_days"},
      {"[sync]\nretention_days = \"90\"\n", "retention_days"},
      {"[staff]\npin_max_attempts = 1e9\n", "pin_max_attempts"},
      {"[kiosk]\ntime_zone = \"../../etc/passwd\"\n", "time_zone"},
      {"[kiosk]\ntime_zone = \"\xc0\xaf\"\n", "kiosk.toml"},
      {"a = " "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]\n", "kiosk.toml"},
  };
  for (const auto& [toml, key] : cases) {
    SCOPED_TRACE(toml);
    auto config = ParseKioskConfig(toml, "kiosk.toml");
    ASSERT_FALSE(config.ok());
    EXPECT_NE(config.status().message().find(key), std::string::npos) << config.status().message();
  }
}

}  // namespace
}  // namespace lk
