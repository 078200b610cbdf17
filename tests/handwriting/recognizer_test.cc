// The handwriting recogniser (kiosk/core/handwriting/recognizer.h) over Debian's real zinnia model: the
// committed stroke files (tests/data/strokes/, drawn by the test author) come out as their characters, and
// the catalogue boost reorders near-equal candidates only.
#include "kiosk/core/handwriting/recognizer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "kiosk/core/catalog_json.h"
#include "tests/testing/test_util.h"

namespace lk {
namespace {

// Each committed stroke file and the character it was drawn as; all occur in the demo catalogue.
struct StrokeFile {
  const char* name;
  const char* character;
};
constexpr StrokeFile kStrokeFiles[] = {
    {"er", "二"}, {"shi", "十"}, {"wang", "王"}, {"gong", "工"}, {"zhong", "中"}, {"kou", "口"}, {"ri", "日"},
};

std::vector<Stroke> LoadStrokes(const std::string& name) {
  auto strokes = LoadStrokesFile(testing::SourcePath("tests/data/strokes/" + name + ".json"));
  EXPECT_TRUE(strokes.ok()) << strokes.status().ToString();
  return strokes.ok() ? *strokes : std::vector<Stroke>{};
}

std::vector<std::string> Characters(const std::vector<Candidate>& candidates) {
  std::vector<std::string> out;
  for (const Candidate& c : candidates) out.push_back(c.character);
  return out;
}

bool Contains(const std::vector<Candidate>& candidates, const std::string& character) {
  auto chars = Characters(candidates);
  return std::find(chars.begin(), chars.end(), character) != chars.end();
}

class RecognizerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto opened = HandwritingRecognizer::Open(ModelPath(std::getenv("LK_ZINNIA_MODEL"), ""));
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    recognizer_ = new HandwritingRecognizer(std::move(opened).value());
    auto demo = LoadCatalogFile(testing::DemoCatalogPath(), 0);
    ASSERT_TRUE(demo.ok()) << demo.status().ToString();
    demo_characters_ = new std::unordered_set<std::string>(CatalogueCharacters(*demo));
  }
  static void TearDownTestSuite() {
    delete recognizer_;
    delete demo_characters_;
  }
  static HandwritingRecognizer* recognizer_;
  static std::unordered_set<std::string>* demo_characters_;
};
HandwritingRecognizer* RecognizerTest::recognizer_ = nullptr;
std::unordered_set<std::string>* RecognizerTest::demo_characters_ = nullptr;

TEST_F(RecognizerTest, EachCommittedStrokeFileIsInTheTopEightWithAndWithoutTheBoost) {
  for (const StrokeFile& file : kStrokeFiles) {
    const std::vector<Stroke> strokes = LoadStrokes(file.name);
    auto plain = recognizer_->Recognize(strokes, 8);
    ASSERT_TRUE(plain.ok()) << plain.status().ToString();
    EXPECT_TRUE(Contains(*plain, file.character)) << file.name << ": " << ::testing::PrintToString(Characters(*plain));
    auto boosted = recognizer_->Suggest(strokes, *demo_characters_, 8);
    ASSERT_TRUE(boosted.ok()) << boosted.status().ToString();
    ASSERT_EQ(boosted->size(), 8u);
    EXPECT_TRUE(Contains(*boosted, file.character)) << file.name << ": " << ::testing::PrintToString(Characters(*boosted));
    EXPECT_TRUE(demo_characters_->count(file.character)) << file.character << " should be a catalogue character";
  }
}

TEST_F(RecognizerTest, ScoresComeBestFirst) {
  auto candidates = recognizer_->Recognize(LoadStrokes("zhong"), 20);
  ASSERT_TRUE(candidates.ok());
  ASSERT_EQ(candidates->size(), 20u);
  EXPECT_TRUE(std::is_sorted(candidates->begin(), candidates->end(),
                             [](const Candidate& a, const Candidate& b) { return a.score > b.score; }));
}

TEST_F(RecognizerTest, TheBoostBringsANearEqualCatalogueCharacterIntoTheTopEight) {
  // 二 drawn as two strokes: zinnia ranks 十 (a catalogue character: 二十四式太极拳) below its eighth
  // candidate, but within the margin of non-catalogue ones, so the pad shows it.
  const std::vector<Stroke> strokes = LoadStrokes("er");
  auto plain = recognizer_->Recognize(strokes, 8);
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(Contains(*plain, "十")) << ::testing::PrintToString(Characters(*plain));
  auto boosted = recognizer_->Suggest(strokes, *demo_characters_, 8);
  ASSERT_TRUE(boosted.ok());
  EXPECT_EQ(boosted->front().character, "二");
  EXPECT_TRUE(Contains(*boosted, "十")) << ::testing::PrintToString(Characters(*boosted));
  for (const Candidate& c : *boosted) EXPECT_EQ(c.in_catalogue, demo_characters_->count(c.character) > 0);
}

TEST_F(RecognizerTest, RefusesStrokesOffTheSquare) {
  auto candidates = recognizer_->Recognize({{{0, 0}, {1200, 10}}}, 8);
  ASSERT_FALSE(candidates.ok());
  EXPECT_EQ(candidates.status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(recognizer_->Recognize({}, 8).ok());
}

TEST(RecognizerOpenTest, AMissingModelIsNotFoundNamingTheFileAndThePackage) {
  auto opened = HandwritingRecognizer::Open("/nonexistent/model.zinnia");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kNotFound);
  EXPECT_NE(opened.status().message().find("/nonexistent/model.zinnia"), std::string::npos);
  EXPECT_NE(opened.status().message().find("tegaki-zinnia-simplified-chinese"), std::string::npos);
}

TEST(RecognizerOpenTest, AFileThatIsNotAModelIsAnIoError) {
  testing::TempDir dir;
  testing::WriteFile(dir.path() + "/bad.model", "not a zinnia model");
  auto opened = HandwritingRecognizer::Open(dir.path() + "/bad.model");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kIoError);
  EXPECT_NE(opened.status().message().find("bad.model"), std::string::npos);
}

TEST(ModelPathTest, TheEnvironmentWinsThenTheConfigThenDebiansModel) {
  EXPECT_EQ(ModelPath("/env.model", "/config.model"), "/env.model");
  EXPECT_EQ(ModelPath("", "/config.model"), "/config.model");
  EXPECT_EQ(ModelPath(nullptr, "/config.model"), "/config.model");
  EXPECT_EQ(ModelPath(nullptr, ""), kDefaultZinniaModel);
}

TEST(CatalogueCharactersTest, TitlesTeachersAndCategoriesButNotSummariesOrRooms) {
  Catalog catalog;
  catalog.categories.push_back({.id = "c", .name = {"中医", "TCM"}});
  Course course;
  course.id = "k";
  course.title = {"书法", "Calligraphy"};
  course.teacher = {"王老师", "Wang"};
  course.summary = {"颜体", ""};
  catalog.courses.push_back(course);
  Session session;
  session.room = {"楼", ""};
  catalog.sessions.push_back(session);
  const auto chars = CatalogueCharacters(catalog);
  for (const char* c : {"中", "医", "书", "法", "王", "老", "师"}) EXPECT_TRUE(chars.count(c)) << c;
  for (const char* c : {"颜", "体", "楼"}) EXPECT_FALSE(chars.count(c)) << c;
}

std::vector<Candidate> Scored(std::initializer_list<std::pair<const char*, float>> scores) {
  std::vector<Candidate> out;
  for (const auto& [character, score] : scores) out.push_back({character, score, false});
  return out;
}

TEST(CatalogueBoostTest, ACatalogueCharacterPassesOnlyRivalsLessThanTheMarginAhead) {
  const std::unordered_set<std::string> catalogue = {"书", "王"};
  // 书 is 0.19 behind 甲 (near-equal): it goes first. 王 is 0.21 behind 乙: 乙 keeps its place.
  auto boosted = BoostCatalogueCandidates(Scored({{"甲", 1.0f}, {"书", 0.81f}, {"乙", 0.5f}, {"王", 0.29f}}), catalogue, 8);
  EXPECT_EQ(Characters(boosted), (std::vector<std::string>{"书", "甲", "乙", "王"}));
  EXPECT_TRUE(boosted[0].in_catalogue);
  EXPECT_FALSE(boosted[1].in_catalogue);
  EXPECT_TRUE(boosted[3].in_catalogue);
  // A clear first (0.21 ahead) keeps first place.
  boosted = BoostCatalogueCandidates(Scored({{"甲", 1.0f}, {"书", 0.79f}}), catalogue, 8);
  EXPECT_EQ(Characters(boosted), (std::vector<std::string>{"甲", "书"}));
}

TEST(CatalogueBoostTest, KeepsZinniasOrderWithinEachGroupAndCutsAtTheLimit) {
  const std::unordered_set<std::string> catalogue = {"书", "王"};
  auto boosted = BoostCatalogueCandidates(
      Scored({{"甲", 0.5f}, {"乙", 0.5f}, {"王", 0.4f}, {"书", 0.4f}, {"丙", 0.45f}}), catalogue, 3);
  EXPECT_EQ(Characters(boosted), (std::vector<std::string>{"王", "书", "甲"}));
  EXPECT_TRUE(BoostCatalogueCandidates({}, catalogue, 8).empty());
  // Without a catalogue the order is zinnia's.
  boosted = BoostCatalogueCandidates(Scored({{"甲", 0.5f}, {"书", 0.49f}}), {}, 8);
  EXPECT_EQ(Characters(boosted), (std::vector<std::string>{"甲", "书"}));
}

}  // namespace
}  // namespace lk
