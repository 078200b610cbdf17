// SearchIndexService: rebuilds off the caller's thread, publishes by swapping, coalesces, skips unchanged.
#include "kiosk/core/search/search_index_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tests/search/search_test_catalog.h"

namespace lk {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using namespace search_testing;

std::shared_ptr<const Catalog> CatalogVersion(const std::string& version, const std::string& title) {
  auto catalog = std::make_shared<Catalog>();
  catalog->version = version;
  catalog->courses = {MakeCourse("c-1", title, "")};
  return catalog;
}

TEST(SearchIndexService, StartsEmptyAndPublishesBuiltIndexes) {
  SearchIndexService service;
  EXPECT_EQ(service.Current()->course_count(), 0u);
  service.OnCatalogChanged(CatalogVersion("v1", "书法"));
  service.WaitUntilIdle();
  std::shared_ptr<const SearchIndex> first = service.Current();
  EXPECT_EQ(first->catalog_version(), "v1");
  EXPECT_THAT(HitIds(Search(*first, "sf")), ElementsAre("c-1"));

  service.OnCatalogChanged(CatalogVersion("v2", "太极拳"));
  service.WaitUntilIdle();
  EXPECT_EQ(service.Current()->catalog_version(), "v2");
  EXPECT_THAT(HitIds(Search(*service.Current(), "sf")), IsEmpty());
  // An index handed out earlier stays usable after it has been replaced.
  EXPECT_THAT(HitIds(Search(*first, "sf")), ElementsAre("c-1"));
}

TEST(SearchIndexService, BuildsOnItsOwnThreadAndSkipsUnchangedVersions) {
  std::atomic<int> builds = 0;
  std::atomic<bool> built_elsewhere = true;
  const std::thread::id test_thread = std::this_thread::get_id();
  SearchIndexService service([&](const std::shared_ptr<const SearchIndex>&) {
    ++builds;
    if (std::this_thread::get_id() == test_thread) built_elsewhere = false;
  });
  service.OnCatalogChanged(CatalogVersion("v1", "书法"));
  service.WaitUntilIdle();
  service.OnCatalogChanged(CatalogVersion("v1", "书法"));
  service.WaitUntilIdle();
  EXPECT_EQ(builds, 1);
  EXPECT_TRUE(built_elsewhere);
}

TEST(SearchIndexService, CoalescesChangesAndEndsWithTheNewest) {
  std::atomic<int> builds = 0;
  SearchIndexService service([&](const std::shared_ptr<const SearchIndex>&) { ++builds; });
  for (int i = 0; i < 50; ++i) service.OnCatalogChanged(CatalogVersion("v" + std::to_string(i), "书法"));
  service.WaitUntilIdle();
  EXPECT_EQ(service.Current()->catalog_version(), "v49");
  EXPECT_GE(builds, 1);
  EXPECT_LE(builds, 50);
}

TEST(SearchIndexService, QueriesWhileRebuilding) {
  SearchIndexService service;
  service.OnCatalogChanged(CatalogVersion("v0", "书法"));
  std::atomic<bool> done = false;
  std::thread ui([&] {
    while (!done) {
      std::shared_ptr<const SearchIndex> index = service.Current();
      std::vector<SearchHit> hits = Search(*index, "sf");
      if (index->course_count() == 1) {
        EXPECT_THAT(HitIds(hits), ElementsAre("c-1"));
      }
    }
  });
  for (int i = 1; i <= 20; ++i) {
    service.OnCatalogChanged(CatalogVersion("v" + std::to_string(i), "书法"));
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  service.WaitUntilIdle();
  done = true;
  ui.join();
  EXPECT_EQ(service.Current()->catalog_version(), "v20");
}

TEST(SearchIndexService, DestroysWithABuildQueued) {
  auto service = std::make_unique<SearchIndexService>();
  service->OnCatalogChanged(CatalogVersion("v1", "书法"));
  service.reset();  // must neither hang nor crash
}

}  // namespace
}  // namespace lk
