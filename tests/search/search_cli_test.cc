// kioskctl search over a data directory holding the demo catalogue.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "tests/testing/test_util.h"

namespace lk {
namespace {

using testing::RunProcess;

class SearchCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::ProcessResult imported = Run({"import-catalog", testing::DemoCatalogPath()});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }
  testing::ProcessResult Run(std::vector<std::string> args) {
    args.insert(args.begin(), {testing::BinaryPath("kioskctl"), "--data-dir", dir_.path()});
    return RunProcess(args, "", {"LK_FAKE_NOW=2026-03-10T09:00:00+08:00"});
  }
  nlohmann::json Json(std::vector<std::string> args) {
    args.push_back("--json");
    testing::ProcessResult result = Run(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return nlohmann::json::parse(result.out, nullptr, false);
  }
  testing::TempDir dir_;
};

TEST_F(SearchCliTest, InitialsFindCalligraphyWithWhy) {
  nlohmann::json hits = Json({"search", "sf"});
  ASSERT_TRUE(hits.is_array());
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0]["course_id"], "c-calligraphy-kaishu");
  EXPECT_EQ(hits[0]["tier"], "title-initials");
  EXPECT_EQ(hits[0]["method"], "initials");
  EXPECT_EQ(hits[0]["why"], "title starts with \"书法\" (initials s f = shu fa)");
  EXPECT_EQ(hits[0]["highlights"], nlohmann::json::parse("[[0, 6]]"));
  EXPECT_EQ(hits[0]["title"]["zh"], "书法入门（楷书）");
}

TEST_F(SearchCliTest, WordsAreJoinedAndTextOutputNamesCourseTitleAndWhy) {
  testing::ProcessResult result = Run({"search", "shu", "fa", "--limit", "1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.rfind("c-calligraphy-kaishu  书法入门（楷书）  title starts with \"书法\" (pinyin shu fa)", 0),
            0u)
      << result.out;
  EXPECT_EQ(std::count(result.out.begin(), result.out.end(), '\n'), 1) << result.out;
}

TEST_F(SearchCliTest, NoMatchIsAnEmptyResultNotAnError) {
  testing::ProcessResult result = Run({"search", "qqqzx"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "no course matches \"qqqzx\"\n");
  EXPECT_EQ(Json({"search", "qqqzx"}), nlohmann::json::array());
}

TEST_F(SearchCliTest, NoQueryListsTodaysSessions) {
  nlohmann::json hits = Json({"search"});
  ASSERT_TRUE(hits.is_array());
  ASSERT_FALSE(hits.empty());
  for (const nlohmann::json& hit : hits) {
    EXPECT_EQ(hit["tier"], "todays-session");
    EXPECT_TRUE(hit["session_today"].get<bool>());
    EXPECT_NE(hit["next_session"]["start"].get<std::string>().find("2026-03-10T"), std::string::npos) << hit;
  }
}

}  // namespace
}  // namespace lk
