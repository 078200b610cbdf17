// One test per ranking rule of SearchIndex (see the MatchTier list in search_index.h). Course ids are chosen
// so that ordering by id alone would give a different answer than the rule under test.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "kiosk/core/search/search_index.h"
#include "tests/search/search_test_catalog.h"

namespace lk {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using namespace search_testing;

std::vector<std::string> Rank(const std::vector<Course>& courses, std::string_view query,
                              const std::vector<Session>& sessions = {}, const std::vector<Category>& categories = {}) {
  Catalog catalog;
  catalog.courses = courses;
  catalog.sessions = sessions;
  catalog.categories = categories;
  return HitIds(Search(SearchIndex::Build(catalog), query));
}

TEST(SearchRanking, TitleExactBeforePrefixBeforeInner) {
  EXPECT_THAT(Rank({MakeCourse("a-inner", "硬笔书法", ""), MakeCourse("b-prefix", "书法入门", ""),
                    MakeCourse("c-exact", "书法", "")},
                   "shufa"),
              ElementsAre("c-exact", "b-prefix", "a-inner"));
}

TEST(SearchRanking, TitleInnerBeforeTitleInitials) {
  EXPECT_THAT(Rank({MakeCourse("a-initials", "书法", ""), MakeCourse("b-inner", "", "Classic SF Films")}, "sf"),
              ElementsAre("b-inner", "a-initials"));
}

TEST(SearchRanking, TitleInitialsBeforeTeacher) {
  EXPECT_THAT(Rank({MakeCourse("a-teacher", "太极拳", "", "", "王芳"), MakeCourse("b-title", "文法课", "")}, "wf"),
              ElementsAre("b-title", "a-teacher"));
}

TEST(SearchRanking, TeacherBeforeCategory) {
  EXPECT_THAT(
      Rank({MakeCourse("a-category", "电脑课", "", "cat-net"), MakeCourse("b-teacher", "书法", "", "", "王老师")},
           "wang", {}, {{"cat-net", {"网络课堂", "Internet"}, 1}}),
      ElementsAre("b-teacher", "a-category"));
}

TEST(SearchRanking, CategoryBeforeSummary) {
  EXPECT_THAT(Rank({MakeCourse("a-summary", "电脑课", "", "", "", "学会使用网络。"),
                    MakeCourse("b-category", "电脑课", "", "cat-net")},
                   "wangluo", {}, {{"cat-net", {"网络课堂", "Internet"}, 1}}),
              ElementsAre("b-category", "a-summary"));
}

TEST(SearchRanking, SummariesNeedFullPinyin) {
  std::vector<Course> courses = {MakeCourse("a", "电脑课", "", "", "", "学会使用网络。")};
  EXPECT_THAT(Rank(courses, "xhsy"), IsEmpty());
  EXPECT_THAT(Rank(courses, "xuehuishiyong"), ElementsAre("a"));
  EXPECT_THAT(Rank(courses, "xuehuishiy"), ElementsAre("a"));
}

TEST(SearchRanking, ACourseRanksByItsBestField) {
  // b's title only contains the query, but that beats a's teacher and c's summary.
  EXPECT_THAT(Rank({MakeCourse("a", "太极拳", "", "", "王芳"), MakeCourse("b", "跟王芳学画画", "", "", "王芳"),
                    MakeCourse("c", "太极拳", "", "", "", "王芳老师授课")},
                   "wangfang"),
              ElementsAre("b", "a", "c"));
}

TEST(SearchRanking, SessionTodayBeforeLaterWithinATier) {
  EXPECT_THAT(Rank({MakeCourse("a-tomorrow", "书法一班", ""), MakeCourse("b-today", "书法二班", "")}, "shufa",
                   {MakeSession("a-tomorrow", 24), MakeSession("b-today", 10)}),
              ElementsAre("b-today", "a-tomorrow"));
}

TEST(SearchRanking, SessionTodayDoesNotBeatABetterTier) {
  EXPECT_THAT(Rank({MakeCourse("a-prefix", "书法一班", ""), MakeCourse("b-inner-today", "硬笔书法", "")}, "shufa",
                   {MakeSession("b-inner-today", 1)}),
              ElementsAre("a-prefix", "b-inner-today"));
}

TEST(SearchRanking, SoonerNextSessionFirstThenNoSession) {
  EXPECT_THAT(Rank({MakeCourse("a-none", "书法一班", ""), MakeCourse("b-later", "书法二班", ""),
                    MakeCourse("c-sooner", "书法三班", ""), MakeCourse("d-over", "书法四班", "")},
                   "shufa", {MakeSession("b-later", 72), MakeSession("c-sooner", 30), MakeSession("d-over", -48)}),
              ElementsAre("c-sooner", "b-later", "a-none", "d-over"));
}

TEST(SearchRanking, CourseIdBreaksTies) {
  EXPECT_THAT(Rank({MakeCourse("c", "书法", ""), MakeCourse("a", "书法", ""), MakeCourse("b", "书法", "")}, "sf"),
              ElementsAre("a", "b", "c"));
}

TEST(SearchRanking, EmptyQueryByStartTimeThenId) {
  EXPECT_THAT(
      Rank({MakeCourse("a-late", "书法", ""), MakeCourse("c-early", "国画", ""), MakeCourse("b-early", "摄影", "")}, "",
           {MakeSession("a-late", 5), MakeSession("c-early", 2), MakeSession("b-early", 2)}),
      ElementsAre("b-early", "c-early", "a-late"));
}

TEST(SearchRanking, ScoreIsTenPerTierPlusFiveForToday) {
  Catalog catalog;
  catalog.courses = {MakeCourse("a", "书法", ""), MakeCourse("b", "硬笔书法", "")};
  catalog.sessions = {MakeSession("b", 1)};
  std::vector<SearchHit> hits = Search(SearchIndex::Build(catalog), "shufa");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].tier, MatchTier::kTitleExact);
  EXPECT_EQ(hits[0].score, 70);
  EXPECT_EQ(hits[1].tier, MatchTier::kTitleInner);
  EXPECT_EQ(hits[1].score, 55);
}

TEST(SearchRanking, RepeatedQueriesGiveTheSameOrder) {
  Catalog catalog;
  for (int i = 0; i < 50; ++i) {
    catalog.courses.push_back(MakeCourse("c" + std::to_string(i % 7) + "-" + std::to_string(i), "书法班", ""));
  }
  SearchIndex index = SearchIndex::Build(catalog);
  std::vector<std::string> first = HitIds(Search(index, "sf"));
  EXPECT_EQ(first.size(), 50u);
  EXPECT_TRUE(std::is_sorted(first.begin(), first.end()));
  for (int i = 0; i < 5; ++i) EXPECT_EQ(HitIds(Search(index, "sf")), first);
}

}  // namespace
}  // namespace lk
