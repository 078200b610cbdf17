#include "kiosk/core/catalog_json.h"

#include <gtest/gtest.h>

#include "kiosk/core/shown_text.h"
#include "kiosk/core/time_zone.h"
#include "tests/testing/test_util.h"

namespace lk {
namespace {

const TimeMs kLoad = *ParseRfc3339("2026-11-29T10:07:00+08:00");

std::string Minimal(const std::string& sessions) {
  return R"({"format": 1, "version": "v1",
    "centre": {"id": "c1", "name": {"zh": "中心", "en": "Centre"}, "time_zone": "Asia/Shanghai"},
    "categories": [{"id": "calligraphy", "name": {"zh": "书法", "en": "Calligraphy"}}],
    "courses": [{"id": "c-1", "category": "calligraphy", "title": {"zh": "书法入门", "en": "Calligraphy"},
                 "credit_hours": 2}],
    "sessions": [)" + sessions + "]}";
}

TEST(CatalogJsonTest, ResolvesRelativeTimesInTheCentreZone) {
  auto catalog = ParseCatalogJson(Minimal(R"(
      {"id": "s-now", "course": "c-1", "relative": {"from_load_minutes": -20, "minutes": 90}},
      {"id": "s-tomorrow", "course": "c-1", "relative": {"day": 1, "at": "09:00", "minutes": 60}})"),
                                  kLoad, "test");
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  ASSERT_EQ(catalog->sessions.size(), 2u);
  // Load time 10:07 rounds down to 10:05; minus 20 minutes is 09:45 local.
  EXPECT_EQ(catalog->sessions[0].starts_at, *ParseRfc3339("2026-11-29T09:45:00+08:00"));
  EXPECT_EQ(catalog->sessions[0].ends_at, *ParseRfc3339("2026-11-29T11:15:00+08:00"));
  EXPECT_EQ(catalog->sessions[1].starts_at, *ParseRfc3339("2026-11-30T09:00:00+08:00"));
}

TEST(CatalogJsonTest, SerializedCatalogParsesBackEqual) {
  auto catalog = ParseCatalogJson(Minimal(R"({"id": "s", "course": "c-1", "start": "2026-11-29T09:00:00+08:00",
                                             "end": "2026-11-29T10:00:00+08:00", "capacity": 3})"),
                                  kLoad, "test");
  ASSERT_TRUE(catalog.ok());
  auto again = ParseCatalogJson(CatalogToJson(*catalog), 0, "again");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->courses, catalog->courses);
  EXPECT_EQ(again->sessions, catalog->sessions);
  EXPECT_EQ(again->centre, catalog->centre);
}

TEST(CatalogJsonTest, ErrorsNameTheSourceAndPath) {
  struct Case {
    std::string json, expected;
  } cases[] = {
      {"{", "test: not valid JSON"},
      {"[]", "expected a JSON object"},
      {Minimal(R"({"id": "s", "course": "nope", "start": "2026-11-29T09:00:00Z", "end": "2026-11-29T10:00:00Z"})"),
       "test: sessions[0].course: unknown course \"nope\""},
      {Minimal(R"({"id": "s", "course": "c-1", "start": "2026-11-29T09:00:00Z", "end": "2026-11-29T08:00:00Z"})"),
       "sessions[0].end: must be after the start"},
      {Minimal(R"({"id": "s", "course": "c-1", "start": "9am", "end": "2026-11-29T08:00:00Z"})"),
       "sessions[0].start"},
      {Minimal(R"({"id": "s", "course": "c-1", "relative": {"day": 0, "at": "25:00", "minutes": 60}})"),
       "sessions[0].relative.at: expected a local time HH:MM"},
      {Minimal(R"({"id": "s", "course": "c-1", "start": "2026-11-29T09:00:00Z", "end": "2026-11-29T10:00:00Z",
                   "capacity": -1})"),
       "sessions[0].capacity: expected an integer from 0 to 100000"},
      {Minimal(R"({"id": "s", "course": "c-1", "start": "2026-11-29T09:00:00Z", "end": "2026-11-29T10:00:00Z"},
                  {"id": "s", "course": "c-1", "start": "2026-11-29T09:00:00Z", "end": "2026-11-29T10:00:00Z"})"),
       "sessions[1].id: duplicate id \"s\""},
      {Minimal("").replace(Minimal("").find("\"format\": 1"), 11, "\"format\": 2"), "format 2 is not supported"},
  };
  for (const auto& c : cases) {
    Status s = ParseCatalogJson(c.json, kLoad, "test").status();
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.expected;
    EXPECT_NE(s.message().find(c.expected), std::string::npos) << "got: " << s.message();
  }
}

TEST(CatalogJsonTest, RejectsMalformedUtf8AndHugeText) {
  std::string bad_utf8 = Minimal("");
  bad_utf8.replace(bad_utf8.find("书法入门"), 3, "\xC3\x28");
  EXPECT_NE(ParseCatalogJson(bad_utf8, kLoad, "t").status().message().find(""), std::string::npos);
  EXPECT_FALSE(ParseCatalogJson(bad_utf8, kLoad, "t").ok());
  std::string huge = Minimal("");
  huge.replace(huge.find("书法入门"), 12, std::string(5000, 'x'));
  EXPECT_NE(ParseCatalogJson(huge, kLoad, "t").status().message().find("longer than 4096 bytes"), std::string::npos);
  EXPECT_FALSE(IsCleanUtf8("\xED\xA0\x80"));  // a surrogate
  EXPECT_FALSE(IsCleanUtf8("\xC0\xAF"));      // overlong
  EXPECT_TRUE(IsCleanUtf8("书法 Calligraphy\n"));
}

TEST(CatalogJsonTest, InvisibleFormatCharactersAreDroppedAndUnshowableOnesNamed) {
  // A zero-width joiner, a variation selector, a byte order mark and a bidi mark in the title; an
  // Extension B character (𠮷) and an emoji, which the kiosk's atlas cannot hold, in the summary.
  std::string text = Minimal("");
  text.replace(text.find("\"书法入门\""), std::string("\"书法入门\"").size(), "\"书\u200d法\ufe0f入\ufeff门\u200e\"");
  text.replace(text.find("\"credit_hours\""), 0, "\"summary\": {\"zh\": \"𠮷祥 😀\"}, ");
  auto catalog = ParseCatalogJson(text, kLoad, "t");
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  EXPECT_EQ(catalog->courses[0].title.zh, "书法入门") << "searchable and shown as written";
  EXPECT_EQ(catalog->courses[0].summary.zh, "𠮷祥 😀") << "kept as written: only its drawing changes";
  EXPECT_EQ(BoxUnshowable(catalog->courses[0].summary.zh), "□祥 □");
  auto warnings = UnshowableTextWarnings(*catalog);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "course c-1: summary has 2 characters a kiosk cannot show (𠮷😀), drawn as □");
  // The same finding, by parts (what the hub console's catalogue preview shows in its own words).
  auto found = UnshowableTexts(*catalog);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].owner, "course");
  EXPECT_EQ(found[0].id, "c-1");
  EXPECT_EQ(found[0].field, "summary");
  EXPECT_EQ(found[0].count, 2);
  EXPECT_EQ(found[0].characters, "𠮷😀");

  std::string only_joiners = Minimal("");
  only_joiners.replace(only_joiners.find("\"书法入门\", \"en\": \"Calligraphy\""),
                       std::string("\"书法入门\", \"en\": \"Calligraphy\"").size(), "\"\u200d\u200b\"");
  EXPECT_NE(ParseCatalogJson(only_joiners, kLoad, "t").status().message().find("needs a zh or an en text"),
            std::string::npos);
  EXPECT_EQ(DropFormatCharacters("a\xC2\xAD" "b\xE2\x81\xA0" "c"), "abc");  // soft hyphen, word joiner
}

TEST(CatalogJsonTest, DemoCatalogueIsValidAndHasSessionsToday) {
  auto catalog = LoadCatalogFile(testing::DemoCatalogPath(), kLoad);
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  EXPECT_GE(catalog->courses.size(), 40u);
  EXPECT_GE(catalog->categories.size(), 8u);
  auto zone = TimeZone::Load(catalog->centre.time_zone);
  ASSERT_TRUE(zone.ok());
  int in_progress = 0, later_today = 0;
  for (const auto& s : catalog->sessions) {
    if (s.starts_at <= kLoad && kLoad < s.ends_at) ++in_progress;
    if (s.starts_at > kLoad && zone->DateOf(s.starts_at) == zone->DateOf(kLoad)) ++later_today;
  }
  EXPECT_GT(in_progress, 0);
  EXPECT_GT(later_today, 0);
}

}  // namespace
}  // namespace lk
