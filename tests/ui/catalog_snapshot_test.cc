#include "kiosk/app/catalog_snapshot.h"

#include <gtest/gtest.h>

#include "kiosk/core/catalog_json.h"
#include "tests/testing/test_util.h"

namespace lk::ui {
namespace {

constexpr TimeMs kNow = 1796176800000;  // 2026-12-02 10:00 in Beijing

std::shared_ptr<const CatalogSnapshot> Demo(SessionCounts counts = {}) {
  auto catalog = LoadCatalogFile(lk::testing::DemoCatalogPath(), kNow);
  EXPECT_TRUE(catalog.ok());
  return CatalogSnapshot::Build(*catalog, std::move(counts));
}

TEST(CatalogSnapshotTest, LooksThingsUp) {
  auto snapshot = Demo();
  ASSERT_TRUE(snapshot->loaded());
  EXPECT_FALSE(CatalogSnapshot::Empty()->loaded());
  EXPECT_EQ(snapshot->categories().front()->id, "calligraphy");
  ASSERT_NE(snapshot->FindCourse("c-taichi-24"), nullptr);
  EXPECT_EQ(snapshot->FindCourse("c-nope"), nullptr);
  auto sessions = snapshot->SessionsOf("c-taichi-24");
  ASSERT_EQ(sessions.size(), 3u);
  EXPECT_LT(sessions[0]->starts_at, sessions[1]->starts_at);
  EXPECT_EQ(snapshot->CoursesIn("taichi").size(), 4u);
  EXPECT_TRUE(snapshot->search().course_count() > 0);
}

TEST(CatalogSnapshotTest, TodaysSessionsAndPlacesLeft) {
  auto snapshot = Demo({{"s-tcm-chronic-1", 3}, {"s-taichi-24-1", 7}});
  auto today = snapshot->SessionsBetween(kNow, kNow + 14 * kMsPerHour);
  EXPECT_EQ(today.size(), 19u) << "the demo has 20 sessions today, one already over";
  const Session* chronic = snapshot->FindSession("s-tcm-chronic-1");
  ASSERT_NE(chronic, nullptr);
  EXPECT_EQ(snapshot->PlacesLeft(*chronic), 0);
  EXPECT_EQ(snapshot->PlacesLeft(*snapshot->FindSession("s-taichi-24-1")), 43);
  auto recounted = snapshot->WithCounts({});
  EXPECT_EQ(recounted->PlacesLeft(*recounted->FindSession("s-taichi-24-1")), 50);
  EXPECT_EQ(&recounted->catalog(), &snapshot->catalog()) << "the catalogue is shared, not copied";
}

TEST(CatalogSnapshotTest, CollectsEveryCharacter) {
  auto snapshot = Demo();
  for (char32_t cp : {U'喆', U'堃', U'玥', U'饪', U'筝', U'轼'}) EXPECT_TRUE(snapshot->glyphs().Contains(cp));
}

}  // namespace
}  // namespace lk::ui
