// What queries find: the acceptance queries, polyphonic characters, ü, English, Chinese text,
// highlights and explanations.
#include "kiosk/core/search/search_index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "tests/search/search_test_catalog.h"

namespace lk {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::IsSupersetOf;
using ::testing::Not;
using namespace search_testing;

Catalog TestCatalog() {
  Catalog catalog;
  catalog.version = "test-1";
  catalog.categories = {
      {"cat-calligraphy", {"书法", "Calligraphy"}, 1},
      {"cat-health", {"养生", "Wellness"}, 2},
      {"cat-travel", {"旅游", "Travel"}, 3},
      {"cat-music", {"音乐", "Music"}, 4},
  };
  catalog.courses = {
      MakeCourse("c-calli-basic", "书法入门（楷书）", "Calligraphy for Beginners", "cat-calligraphy", "王芳",
                 "从执笔讲起，适合零基础。"),
      MakeCourse("c-calli-pen", "硬笔书法", "Pen Calligraphy", "cat-calligraphy", "周老师"),
      MakeCourse("c-taiji", "二十四式太极拳", "24-Form Tai Chi", "cat-health", "孙老师"),
      MakeCourse("c-longevity", "长寿养生讲座", "Longevity Lecture", "cat-health", "李医生"),
      MakeCourse("c-music", "音乐欣赏", "Music Appreciation", "cat-music", "林老师"),
      MakeCourse("c-travel", "老年旅游英语", "Travel English for Seniors", "cat-travel"),
      MakeCourse("c-banking", "银行卡安全", "Bank Card Safety"),
      MakeCourse("c-running-script", "行书进阶", "Running Script", "cat-calligraphy"),
      MakeCourse("c-happy-choir", "快乐合唱", "Happy Choir", "cat-music"),
      MakeCourse("c-python", "学Python", "Python for Seniors"),
      MakeCourse("c-women", "女性健康", "Women's Health", "cat-health"),
  };
  catalog.sessions = {
      MakeSession("c-calli-basic", 1),  // 10:00 today
      MakeSession("c-taiji", 3),        // 12:00 today
      MakeSession("c-music", -0.5),     // 08:30 today, running now
      MakeSession("c-longevity", -3),   // 06:00 today, over
      MakeSession("c-travel", 48),      // the day after tomorrow
      MakeSession("c-calli-pen", 24),   // tomorrow
  };
  return catalog;
}

class SearchIndexTest : public ::testing::Test {
 protected:
  SearchIndex index_ = SearchIndex::Build(TestCatalog());

  std::vector<std::string> Ids(std::string_view query) { return HitIds(Search(index_, query)); }
  SearchHit First(std::string_view query) {
    std::vector<SearchHit> hits = Search(index_, query);
    EXPECT_FALSE(hits.empty()) << query;
    return hits.empty() ? SearchHit{} : hits.front();
  }
};

// --- The acceptance queries ---

TEST_F(SearchIndexTest, InitialsFullPinyinSpacesAndMixFindCalligraphy) {
  for (std::string_view query : {"sf", "shufa", "shu fa", "shuf", "SHUFA", "shu'fa"}) {
    EXPECT_THAT(Ids(query), IsSupersetOf({"c-calli-basic", "c-calli-pen"})) << query;
  }
}

TEST_F(SearchIndexTest, InitialsFindTaiChi) { EXPECT_THAT(Ids("tjq"), ElementsAre("c-taiji")); }

TEST_F(SearchIndexTest, ChangshouAndCsFindLongevity) {
  EXPECT_EQ(First("changshou").course_id, "c-longevity");
  EXPECT_EQ(First("cs").course_id, "c-longevity");
}

TEST_F(SearchIndexTest, YinyueAndYyFindMusic) {
  EXPECT_EQ(First("yinyue").course_id, "c-music");
  EXPECT_EQ(First("yy").course_id, "c-music");
}

TEST_F(SearchIndexTest, LvAndLuFindTitlesWithLv) {
  EXPECT_THAT(Ids("lv"), Contains("c-travel"));
  EXPECT_THAT(Ids("lu"), Contains("c-travel"));
  EXPECT_THAT(Ids("lvyou"), Contains("c-travel"));
  EXPECT_THAT(Ids("luyou"), Contains("c-travel"));
  EXPECT_EQ(First("lv").why, "title contains \"旅\" (pinyin lü)");
}

TEST_F(SearchIndexTest, EnglishPrefixFindsCalligraphy) {
  EXPECT_THAT(Ids("calli"), IsSupersetOf({"c-calli-basic", "c-calli-pen"}));
  SearchHit hit = First("calli");
  EXPECT_EQ(hit.language, Language::kEn);
  EXPECT_EQ(hit.method, MatchMethod::kText);
}

TEST_F(SearchIndexTest, EmptyQueryListsTodaysSessionsByStartTime) {
  // c-music started 08:30 and still runs; c-longevity's session is over; the others are on later days.
  EXPECT_THAT(Ids(""), ElementsAre("c-music", "c-calli-basic", "c-taiji"));
  EXPECT_THAT(Ids("   "), ElementsAre("c-music", "c-calli-basic", "c-taiji"));
  SearchHit hit = First("");
  EXPECT_EQ(hit.tier, MatchTier::kTodaysSession);
  EXPECT_TRUE(hit.has_session_today);
  EXPECT_EQ(hit.why, "session today 08:30-09:30");
  EXPECT_THAT(hit.highlights, IsEmpty());
}

TEST_F(SearchIndexTest, QueryWithoutMatchIsEmpty) {
  EXPECT_THAT(Ids("qqqzx"), IsEmpty());
  EXPECT_THAT(Ids("书画院"), IsEmpty());
}

// --- Readings ---

TEST_F(SearchIndexTest, PolyphonicCharactersMatchEveryReading) {
  EXPECT_EQ(First("zhangshou").course_id, "c-longevity");     // 长 as zhang
  EXPECT_EQ(First("yinhang").course_id, "c-banking");         // 行 as hang
  EXPECT_EQ(First("xingshu").course_id, "c-running-script");  // 行 as xing
  EXPECT_EQ(First("kuaile").course_id, "c-happy-choir");      // 乐 as le
  EXPECT_EQ(First("yinyue").course_id, "c-music");            // 乐 as yue
}

TEST_F(SearchIndexTest, UmlautTypedAsVOrU) {
  EXPECT_EQ(First("nv").course_id, "c-women");
  EXPECT_EQ(First("nu").course_id, "c-women");
  EXPECT_EQ(First("nvxing").course_id, "c-women");
}

TEST(SearchIndex, TypedVIsOnlyUmlaut) {
  Catalog catalog;
  catalog.courses = {MakeCourse("a-road", "路", ""), MakeCourse("b-travel", "旅", ""), MakeCourse("c-green", "绿", "")};
  SearchIndex index = SearchIndex::Build(catalog);
  EXPECT_THAT(HitIds(Search(index, "lu")), ElementsAre("a-road", "b-travel", "c-green"));  // 绿 is lü and lù
  EXPECT_THAT(HitIds(Search(index, "lv")), ElementsAre("b-travel", "c-green"));
  EXPECT_EQ(Search(index, "lu").at(1).why, "title is \"旅\" (pinyin lü)");
}

TEST_F(SearchIndexTest, RetroflexInitialsTakeOneOrTwoLetters) {
  EXPECT_EQ(First("chs").course_id, "c-longevity");
  EXPECT_EQ(First("zhs").course_id, "c-longevity");
  EXPECT_EQ(First("shf").course_id, "c-calli-basic");
}

TEST_F(SearchIndexTest, SkipsPunctuationInTheText) {
  SearchHit hit = First("rumenkaishu");
  EXPECT_EQ(hit.course_id, "c-calli-basic");
  // 入门 and 楷书, around the full-width bracket.
  EXPECT_THAT(hit.highlights, ElementsAre(TextRange{6, 12}, TextRange{15, 21}));
}

TEST_F(SearchIndexTest, LatinLettersAndDigitsInTitles) {
  EXPECT_EQ(First("xuepy").course_id, "c-python");
  EXPECT_EQ(First("xuepy").method, MatchMethod::kPinyin);
  EXPECT_EQ(First("xpython").method, MatchMethod::kInitials);
  EXPECT_EQ(First("24").course_id, "c-taiji");
  EXPECT_EQ(First("taichi").course_id, "c-taiji");
  EXPECT_EQ(First("Tai Chi").course_id, "c-taiji");
}

TEST_F(SearchIndexTest, EnglishMatchesOnlyAtWordStarts) {
  EXPECT_THAT(Ids("graphy"), IsEmpty());
  EXPECT_THAT(Ids("seniors"), IsSupersetOf({"c-travel", "c-python"}));
}

// --- Chinese typed by staff or a scanner ---

TEST_F(SearchIndexTest, ChineseQueryMatchesAsSubstring) {
  EXPECT_THAT(Ids("书法"), IsSupersetOf({"c-calli-basic", "c-calli-pen"}));
  EXPECT_THAT(Ids(" 太极\u3000"), ElementsAre("c-taiji"));
  SearchHit hit = First("楷书");
  EXPECT_EQ(hit.course_id, "c-calli-basic");
  EXPECT_EQ(hit.tier, MatchTier::kTitleInner);
  EXPECT_EQ(hit.why, "title contains \"楷书\"");
  EXPECT_THAT(hit.highlights, ElementsAre(TextRange{15, 21}));
}

// --- Other fields ---

TEST_F(SearchIndexTest, TeacherCategoryAndSummary) {
  SearchHit teacher = First("wangfang");
  EXPECT_EQ(teacher.course_id, "c-calli-basic");
  EXPECT_EQ(teacher.tier, MatchTier::kTeacher);
  EXPECT_EQ(teacher.why, "teacher is \"王芳\" (pinyin wang fang)");
  EXPECT_EQ(First("wf").tier, MatchTier::kTeacher);

  SearchHit summary = First("zhibi");
  EXPECT_EQ(summary.course_id, "c-calli-basic");
  EXPECT_EQ(summary.tier, MatchTier::kSummary);
  EXPECT_EQ(summary.matched_text, "从执笔讲起，适合零基础。");

  std::vector<SearchHit> hits = Search(index_, "yangsheng");
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].course_id, "c-longevity");  // 长寿养生讲座: in the title
  EXPECT_EQ(hits[0].tier, MatchTier::kTitleInner);
  EXPECT_EQ(hits[1].tier, MatchTier::kCategory);
  EXPECT_EQ(hits[1].why, "category is \"养生\" (pinyin yang sheng)");
}

TEST_F(SearchIndexTest, SummariesDoNotMatchByInitials) { EXPECT_THAT(Ids("zb"), IsEmpty()); }

// --- What a hit tells the UI ---

TEST_F(SearchIndexTest, HitExplainsAndHighlightsThePinyinMatch) {
  SearchHit hit = First("shuf");
  EXPECT_EQ(hit.course_id, "c-calli-basic");
  EXPECT_EQ(hit.tier, MatchTier::kTitlePrefix);
  EXPECT_EQ(hit.field, SearchField::kTitle);
  EXPECT_EQ(hit.method, MatchMethod::kPinyin);
  EXPECT_EQ(hit.language, Language::kZh);
  EXPECT_EQ(hit.matched_text, "书法入门（楷书）");
  EXPECT_THAT(hit.highlights, ElementsAre(TextRange{0, 6}));
  EXPECT_EQ(hit.why, "title starts with \"书法\" (pinyin shu fa)");
  EXPECT_EQ(hit.title.en, "Calligraphy for Beginners");
  ASSERT_TRUE(hit.next_session.has_value());
  EXPECT_EQ(hit.next_session->starts_at, Now() + kMsPerHour);
  EXPECT_TRUE(hit.has_session_today);
}

TEST_F(SearchIndexTest, HitExplainsInitials) {
  SearchHit hit = First("tjq");
  EXPECT_EQ(hit.tier, MatchTier::kTitleInitials);
  EXPECT_EQ(hit.method, MatchMethod::kInitials);
  EXPECT_EQ(hit.why, "title contains \"太极拳\" (initials t j q = tai ji quan)");
  EXPECT_THAT(hit.highlights, ElementsAre(TextRange{12, 21}));
}

TEST_F(SearchIndexTest, HitHighlightsEachWordOfAnEnglishMatch) {
  SearchHit hit = First("taichi");
  EXPECT_EQ(hit.matched_text, "24-Form Tai Chi");
  EXPECT_THAT(hit.highlights, ElementsAre(TextRange{8, 11}, TextRange{12, 15}));
  EXPECT_EQ(hit.why, "title contains \"Tai Chi\"");
  EXPECT_EQ(hit.tier, MatchTier::kTitleInner);
}

TEST_F(SearchIndexTest, LimitCutsTheList) {
  EXPECT_EQ(Search(index_, "s", 2).size(), 2u);
  EXPECT_THAT(Search(index_, "s", 0), IsEmpty());
}

TEST_F(SearchIndexTest, OverlongQueriesAreCut) {
  std::string query(500, 'x');
  EXPECT_THAT(Ids(query), IsEmpty());
  EXPECT_THAT(Ids(std::string(500, ' ') + "shufa"), Not(IsEmpty())) << "spaces do not count";
}

TEST(SearchIndex, ExactnessOfOneCharacterTitles) {
  Catalog catalog;
  catalog.courses = {MakeCourse("a", "阿", ""), MakeCourse("b", "书", ""), MakeCourse("c", "切", "")};
  SearchIndex index = SearchIndex::Build(catalog);
  auto first = [&](std::string_view query) { return Search(index, query).at(0); };
  EXPECT_EQ(first("a").tier, MatchTier::kTitleExact);
  EXPECT_EQ(first("s").tier, MatchTier::kTitlePrefix);
  EXPECT_EQ(first("shu").tier, MatchTier::kTitleExact);
  // 切 reads qie and qi: `qi` is the whole of one reading, not just the start of the other.
  EXPECT_EQ(first("qi").tier, MatchTier::kTitleExact);
  EXPECT_EQ(first("qi").why, "title is \"切\" (pinyin qi)");
  EXPECT_EQ(first("qie").tier, MatchTier::kTitleExact);
}

TEST(SearchIndex, AnyQueryAndAnyTextAreSafe) {
  Catalog catalog = TestCatalog();
  catalog.courses.push_back(MakeCourse("c-odd", "\xff\xfe书法\xe4", "Ｃａｌｌｉ　１２", "", "\xc3", "x"));
  catalog.courses.push_back(MakeCourse("c-long", std::string(70000, 'a') + "书法", std::string(5000, ' ')));
  SearchIndex index = SearchIndex::Build(catalog);
  EXPECT_THAT(HitIds(Search(index, "calli12")), Contains("c-odd"));  // full-width Latin counts as Latin
  EXPECT_THAT(HitIds(Search(index, "aaaa")), Contains("c-long"));
  std::mt19937 random(7);
  const std::vector<std::string> pieces = {"a",      "s", "h",  "u",  "v",    "zh",       "1",
                                           " ",      "'", "书", "法", "\xff", "\xe4\xb8", std::string(1, '\0'),
                                           "\u3000", "Z", "ng", "lv", "qu"};
  for (int i = 0; i < 2000; ++i) {
    std::string query;
    for (int n = random() % 90; n > 0; --n) query += pieces[random() % pieces.size()];
    std::vector<SearchHit> hits = Search(index, query, 7);
    ASSERT_LE(hits.size(), 7u) << query;
    for (const SearchHit& hit : hits) {
      for (const TextRange& range : hit.highlights) {
        ASSERT_LT(range.begin, range.end) << query;
        ASSERT_LE(range.end, hit.matched_text.size()) << query;
      }
    }
  }
}

// A malformed byte reads as U+FFFD: like punctuation it separates words, and a sequence cut short or
// missing a continuation byte never swallows the character after it.
TEST(SearchIndex, MalformedUtf8InATextSkipsOnlyTheBadBytes) {
  const std::string cut_short = "\xe6\xb3";  // the first two of 法's three bytes
  const std::string lead_byte = "\xe6";      // then 'A', where a continuation byte belongs
  Catalog catalog;
  catalog.courses = {MakeCourse("cut", "书" + cut_short + "法", ""),
                     MakeCourse("lost", "太" + lead_byte + "A极拳", "")};
  SearchIndex index = SearchIndex::Build(catalog);

  std::vector<SearchHit> cut = Search(index, "shufa");
  ASSERT_THAT(HitIds(cut), ElementsAre("cut"));
  EXPECT_EQ(cut[0].tier, MatchTier::kTitleExact);
  EXPECT_THAT(cut[0].highlights, ElementsAre(TextRange{0, 3}, TextRange{5, 8}));
  EXPECT_EQ(cut[0].why, "title is \"书" + cut_short + "法\" (pinyin shu fa)");

  std::vector<SearchHit> lost = Search(index, "jiquan");
  ASSERT_THAT(HitIds(lost), ElementsAre("lost"));
  EXPECT_THAT(lost[0].highlights, ElementsAre(TextRange{5, 11}));
  EXPECT_EQ(lost[0].why, "title contains \"极拳\" (pinyin ji quan)");
  EXPECT_THAT(HitIds(Search(index, "a")), Contains("lost"));
  EXPECT_THAT(HitIds(Search(index, "tjq")), IsEmpty()) << "the A between 太 and 极 is a word of its own";
}

TEST(SearchIndex, QueriedFromSeveralThreadsWhileAnotherIndexIsBuilt) {
  const SearchIndex index = SearchIndex::Build(TestCatalog());
  const std::vector<std::string> queries = {"sf", "shuf", "tjq", "calli", "书法", "", "lv", "zhangshou"};
  std::vector<std::vector<std::string>> expected;
  for (const std::string& query : queries) expected.push_back(HitIds(Search(index, query)));
  auto query_all = [&] {
    for (int round = 0; round < 50; ++round) {
      for (size_t i = 0; i < queries.size(); ++i) EXPECT_EQ(HitIds(Search(index, queries[i])), expected[i]);
    }
  };
  std::thread first(query_all), second(query_all);
  SearchIndex next = SearchIndex::Build(TestCatalog());
  first.join();
  second.join();
  EXPECT_EQ(HitIds(Search(next, "sf")), expected[0]);
}

TEST(SearchIndex, EmptyIndexFindsNothing) {
  SearchIndex index;
  EXPECT_EQ(index.course_count(), 0u);
  EXPECT_THAT(Search(index, "sf"), IsEmpty());
  EXPECT_THAT(Search(index, ""), IsEmpty());
}

TEST(SearchIndex, SessionsOfUnknownCoursesAndCoursesWithoutCategoryAreFine) {
  Catalog catalog = TestCatalog();
  catalog.sessions.push_back(MakeSession("c-missing", 1));
  catalog.courses[0].category_id = "no-such-category";
  SearchIndex index = SearchIndex::Build(catalog);
  EXPECT_EQ(index.catalog_version(), "test-1");
  EXPECT_EQ(index.course_count(), catalog.courses.size());
  EXPECT_THAT(HitIds(Search(index, "")), ElementsAre("c-music", "c-calli-basic", "c-taiji"));
}

}  // namespace
}  // namespace lk
