// `kioskctl recognize` as an operator or a test uses it: the real binary, the real model, a data directory
// with the demo catalogue.
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "tests/testing/test_util.h"

namespace lk {
namespace {

using testing::RunProcess;

class RecognizeCliTest : public ::testing::Test {
 protected:
  testing::ProcessResult Run(std::vector<std::string> args, std::vector<std::string> env = {}) {
    args.insert(args.begin(), {testing::BinaryPath("kioskctl"), "--data-dir", dir_.path()});
    return RunProcess(args, "", env);
  }
  void ImportDemo() {
    auto r = Run({"import-catalog", testing::DemoCatalogPath()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static std::string Strokes(const std::string& name) { return testing::SourcePath("tests/data/strokes/" + name); }
  testing::TempDir dir_;
};

TEST_F(RecognizeCliTest, PrintsTheCandidatesBestFirstMarkingCatalogueCharacters) {
  ImportDemo();
  auto json = Run({"recognize", "--strokes", Strokes("er.json"), "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto rows = nlohmann::json::parse(json.out);
  ASSERT_EQ(rows.size(), 8u);
  EXPECT_EQ(rows[0]["character"], "二");
  EXPECT_EQ(rows[0]["in_catalogue"], true);
  EXPECT_TRUE(rows[0]["score"].is_number());
  bool has_shi = std::any_of(rows.begin(), rows.end(), [](const nlohmann::json& r) { return r["character"] == "十"; });
  EXPECT_TRUE(has_shi) << "the catalogue boost brings 十 into the top 8: " << json.out;

  auto text = Run({"recognize", "--strokes", Strokes("zhong.json"), "--limit", "3"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(std::count(text.out.begin(), text.out.end(), '\n'), 3) << text.out;
  EXPECT_EQ(text.out.rfind("1  中  ", 0), 0u) << text.out;
  EXPECT_NE(text.out.find("in catalogue"), std::string::npos) << text.out;
}

TEST_F(RecognizeCliTest, WithoutTheCatalogueItIsZinniasOrderAndNeedsNoCatalogue) {
  auto r = Run({"recognize", "--strokes", Strokes("er.json"), "--json", "--no-catalog"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = nlohmann::json::parse(r.out);
  ASSERT_EQ(rows.size(), 8u);
  EXPECT_EQ(rows[0]["character"], "二");
  for (const auto& row : rows) {
    EXPECT_EQ(row["in_catalogue"], false);
    EXPECT_NE(row["character"], "十") << r.out;
  }
}

TEST_F(RecognizeCliTest, BadFilesAndAMissingModelAreOneLineNamingTheFile) {
  const std::string bad_json = dir_.File("bad.json"), off_square = dir_.File("off.json");
  testing::WriteFile(bad_json, "[[[1,2]");
  testing::WriteFile(off_square, "[[[1,2],[3,1004]]]");
  struct Case {
    std::vector<std::string> args;
    std::vector<std::string> env;
    std::string expected;
  } cases[] = {
      {{"recognize", "--strokes", bad_json, "--no-catalog"}, {}, bad_json + ": not valid JSON"},
      {{"recognize", "--strokes", off_square, "--no-catalog"}, {}, off_square + ": stroke 1 point 2 (3,1004) is outside 0..1000"},
      {{"recognize", "--strokes", dir_.File("none.json"), "--no-catalog"}, {}, "cannot read strokes file " + dir_.File("none.json")},
      {{"recognize", "--strokes", Strokes("er.json"), "--no-catalog"}, {"LK_ZINNIA_MODEL=/nonexistent/hw.model"},
       "handwriting model /nonexistent/hw.model not found"},
  };
  for (const Case& c : cases) {
    auto r = Run(c.args, c.env);
    EXPECT_EQ(r.exit_code, 1) << c.expected;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

}  // namespace
}  // namespace lk
