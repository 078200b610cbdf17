// Strokes and their JSON form (kiosk/core/handwriting/strokes.h): what is accepted, and errors that name
// the file, the stroke and the point.
#include "kiosk/core/handwriting/strokes.h"

#include <gtest/gtest.h>

#include "tests/testing/test_util.h"

namespace lk {
namespace {

TEST(StrokesJsonTest, ReadsStrokesInOrderWithTheirPoints) {
  auto strokes = ParseStrokesJson("[[[0,0],[1000,1000]], [[500,20]]]", "s.json");
  ASSERT_TRUE(strokes.ok()) << strokes.status().ToString();
  ASSERT_EQ(strokes->size(), 2u);
  EXPECT_EQ((*strokes)[0], (Stroke{{0, 0}, {1000, 1000}}));
  EXPECT_EQ((*strokes)[1], (Stroke{{500, 20}}));
}

TEST(StrokesJsonTest, RefusesWhatIsNotStrokesOnTheSquareNamingTheFile) {
  struct Case {
    const char* json;
    const char* expected;
  } cases[] = {
      {"[[[1,2],", "pad.json: not valid JSON"},
      {"{\"strokes\": []}", "pad.json: expected strokes as [[[x,y],...],...]"},
      {"[[[1,2,3]]]", "pad.json: expected strokes as"},
      {"[[[1.5,2]]]", "pad.json: expected strokes as"},
      {"[[[\"1\",2]]]", "pad.json: expected strokes as"},
      {"[[[1,2],[1001,5]]]", "pad.json: stroke 1 point 2 (1001,5) is outside 0..1000"},
      {"[[[1,2]],[[3,-1]]]", "pad.json: stroke 2 point 1 (3,-1) is outside 0..1000"},
      {"[[[1,2]],[[3,99999999999]]]", "pad.json: stroke 2 point 1 (3,99999999999) is outside"},
      {"[[[1,2]],[]]", "pad.json: stroke 2 has no points"},
      {"[]", "pad.json: no strokes"},
  };
  for (const Case& c : cases) {
    auto strokes = ParseStrokesJson(c.json, "pad.json");
    ASSERT_FALSE(strokes.ok()) << c.json;
    EXPECT_EQ(strokes.status().code(), StatusCode::kInvalidArgument) << c.json;
    EXPECT_NE(strokes.status().message().find(c.expected), std::string::npos)
        << c.json << " gave " << strokes.status().message();
  }
}

TEST(StrokesJsonTest, ValidateRefusesEmptyStrokesAndPointsOffTheSquare) {
  EXPECT_TRUE(ValidateStrokes({{{0, 0}, {kStrokeSquare, kStrokeSquare}}}).ok());
  EXPECT_FALSE(ValidateStrokes({}).ok());
  EXPECT_FALSE(ValidateStrokes({{}}).ok());
  EXPECT_FALSE(ValidateStrokes({{{0, kStrokeSquare + 1}}}).ok());
  EXPECT_FALSE(ValidateStrokes({{{-1, 0}}}).ok());
}

TEST(StrokesJsonTest, LoadNamesAMissingFile) {
  auto strokes = LoadStrokesFile("/nonexistent/strokes.json");
  ASSERT_FALSE(strokes.ok());
  EXPECT_EQ(strokes.status().code(), StatusCode::kNotFound);
  EXPECT_NE(strokes.status().message().find("/nonexistent/strokes.json"), std::string::npos);
}

TEST(StrokesJsonTest, EveryCommittedStrokeFileIsWellFormed) {
  const auto files = testing::DirEntries(testing::SourcePath("tests/data/strokes"));
  int json_files = 0;
  for (const std::string& name : files) {
    if (name.size() < 5 || name.substr(name.size() - 5) != ".json") continue;
    ++json_files;
    auto strokes = LoadStrokesFile(testing::SourcePath("tests/data/strokes/" + name));
    EXPECT_TRUE(strokes.ok()) << strokes.status().ToString();
  }
  EXPECT_GE(json_files, 5);
}

}  // namespace
}  // namespace lk
