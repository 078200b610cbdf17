// The acceptance queries against the demo catalogue (assets/demo/catalog.json).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kiosk/core/catalog_json.h"
#include "kiosk/core/search/search_index.h"
#include "tests/search/search_test_catalog.h"
#include "tests/testing/test_util.h"

namespace lk {
namespace {

using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::IsSupersetOf;
using ::testing::Not;
using namespace search_testing;

class DemoCatalogSearch : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<Catalog> catalog = LoadCatalogFile(testing::DemoCatalogPath(), Now());
    ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
    index_ = new SearchIndex(SearchIndex::Build(*catalog));
  }
  static void TearDownTestSuite() { delete index_; }

  // The ids of the hits in the best tier the query reaches.
  static std::vector<std::string> TopTier(std::string_view query) {
    std::vector<SearchHit> hits = Search(*index_, query);
    std::vector<std::string> ids;
    for (const SearchHit& hit : hits) {
      if (hit.tier == hits.front().tier) ids.push_back(hit.course_id);
    }
    return ids;
  }

  static SearchIndex* index_;
};
SearchIndex* DemoCatalogSearch::index_ = nullptr;

TEST_F(DemoCatalogSearch, Calligraphy) {
  for (std::string_view query : {"sf", "shufa", "shu fa", "shuf"}) {
    EXPECT_THAT(HitIds(Search(*index_, query, 5)), IsSupersetOf({"c-calligraphy-kaishu", "c-calligraphy-hardpen"}))
        << query;
  }
  EXPECT_THAT(TopTier("calli"), Contains("c-calligraphy-kaishu"));
  EXPECT_THAT(TopTier("xingshu"), Contains("c-calligraphy-xingshu"));
}

TEST_F(DemoCatalogSearch, TaiChiLongevityMusicTravel) {
  EXPECT_THAT(TopTier("tjq"), Contains("c-taichi-24"));
  EXPECT_THAT(TopTier("changshou"), Contains("c-tcm-longevity"));
  EXPECT_THAT(TopTier("cs"), Contains("c-tcm-longevity"));
  EXPECT_THAT(TopTier("yinyue"), Contains("c-music-appreciation"));
  EXPECT_THAT(HitIds(Search(*index_, "yy", 10)), Contains("c-music-appreciation"));
  for (std::string_view query : {"lv", "lu", "lvyou", "luyou"}) {
    EXPECT_THAT(HitIds(Search(*index_, query, 10)), IsSupersetOf({"c-english-travel", "c-travel-safety"})) << query;
  }
  EXPECT_THAT(TopTier("lvxing"), Contains("c-travel-planning"));
}

TEST_F(DemoCatalogSearch, TeachersAndEmptyStates) {
  EXPECT_THAT(TopTier("wanglaoshi"), IsSupersetOf({"c-calligraphy-kaishu", "c-calligraphy-lishu"}));
  EXPECT_THAT(Search(*index_, ""), Not(IsEmpty()));
  for (const SearchHit& hit : Search(*index_, "")) EXPECT_TRUE(hit.has_session_today) << hit.course_id;
  EXPECT_THAT(Search(*index_, "qqqzx"), IsEmpty());
}

}  // namespace
}  // namespace lk
