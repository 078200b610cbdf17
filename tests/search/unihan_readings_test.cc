// The build-time reader of Unihan_Readings.txt and the pinyin table generator built on it.
#include "kiosk/core/search/unihan_readings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "tests/testing/test_util.h"

namespace lk::unihan {
namespace {

using ::testing::ElementsAre;

constexpr const char* kSample =
    "# Unihan_Readings.txt sample\n"
    "#\n"
    "U+4E00\tkDefinition\tone; a, an; alone\n"
    "U+65C5\tkHanyuPinyin\t32178.070:lǚ\n"
    "U+65C5\tkMandarin\tlǚ\n"
    "U+884C\tkHanyuPinyin\t20811.060:háng,xìng,xíng,hàng,héng\n"
    "U+884C\tkMandarin\txíng\n"
    "U+884C\tkXHC1983\t0442.080:háng 0443.050:hàng 0460.010:xìng 1290.030:xíng\n"
    "U+957F\tkMandarin\tzhǎng\n"
    "U+957F\tkXHC1983\t0121.040:cháng 1456.020:zhǎng\n"
    "U+379E\tkXHC1983\t1092.070*,1092.071:sóng\n"
    "U+4E07\tkMandarin\twàn mò\n";

ReadingsByCodePoint Parse(const std::string& text) {
  std::istringstream in(text);
  std::string error;
  auto readings = ParseUnihanReadings(in, &error);
  EXPECT_TRUE(readings.has_value()) << error;
  return readings.value_or(ReadingsByCodePoint{});
}

std::string ParseError(const std::string& text) {
  std::istringstream in(text);
  std::string error;
  EXPECT_FALSE(ParseUnihanReadings(in, &error).has_value());
  return error;
}

TEST(NormalizeReading, StripsTonesAndWritesUmlautAsV) {
  EXPECT_EQ(NormalizeReading("zhǎng"), "zhang");
  EXPECT_EQ(NormalizeReading("lǚ"), "lv");
  EXPECT_EQ(NormalizeReading("nü"), "nv");
  EXPECT_EQ(NormalizeReading("lüè"), "lve");
  EXPECT_EQ(NormalizeReading("ń"), "n");
  EXPECT_EQ(NormalizeReading("ḿ"), "m");
  EXPECT_EQ(NormalizeReading("hm"), "hm");
  EXPECT_EQ(NormalizeReading("ê\u0304"), "e");  // ê with a combining macron
}

TEST(NormalizeReading, WritesTheToneAsANumberWhenAsked) {
  EXPECT_EQ(NormalizeReading("zhǎng", Tone::kNumber), "zhang3");
  EXPECT_EQ(NormalizeReading("lǚ", Tone::kNumber), "lv3");
  EXPECT_EQ(NormalizeReading("yī", Tone::kNumber), "yi1");
  EXPECT_EQ(NormalizeReading("háng", Tone::kNumber), "hang2");
  EXPECT_EQ(NormalizeReading("yuè", Tone::kNumber), "yue4");
  EXPECT_EQ(NormalizeReading("zhe", Tone::kNumber), "zhe5");
  EXPECT_EQ(NormalizeReading("ḿ", Tone::kNumber), "m2");
  EXPECT_EQ(NormalizeReading("ê\u0304", Tone::kNumber), "e1");
  EXPECT_EQ(NormalizeReading("a\u030C", Tone::kNumber), "a3");
}

TEST(NormalizeReading, RejectsWhatIsNotPinyin) {
  EXPECT_EQ(NormalizeReading(""), std::nullopt);
  EXPECT_EQ(NormalizeReading("zhang3"), std::nullopt);
  EXPECT_EQ(NormalizeReading("Zhang"), std::nullopt);
  EXPECT_EQ(NormalizeReading("\xff"), std::nullopt);
}

TEST(ParseUnihanReadings, KeepsEveryDistinctReadingMostCustomaryFirst) {
  ReadingsByCodePoint readings = Parse(kSample);
  EXPECT_THAT(readings.at(U'长'), ElementsAre("zhang", "chang"));
  EXPECT_THAT(readings.at(U'行'), ElementsAre("xing", "hang", "heng"));
  EXPECT_THAT(readings.at(U'旅'), ElementsAre("lv"));
  EXPECT_THAT(readings.at(U'万'), ElementsAre("wan", "mo"));
  EXPECT_THAT(readings.at(U'\u379E'), ElementsAre("song"));
  EXPECT_EQ(readings.count(U'一'), 0u) << "only the three reading fields count";
  EXPECT_EQ(readings.size(), 5u);
}

TEST(ParseUnihanReadings, KeepsTonesWhenAsked) {
  std::istringstream in(kSample);
  std::string error;
  std::optional<ReadingsByCodePoint> readings = ParseUnihanReadings(in, &error, Tone::kNumber);
  ASSERT_TRUE(readings.has_value()) << error;
  EXPECT_THAT(readings->at(U'长'), ElementsAre("zhang3", "chang2"));
  EXPECT_THAT(readings->at(U'行'), ElementsAre("xing2", "hang2", "hang4", "xing4", "heng2"));
}

TEST(ParseReadingCounts, ReadsKHanyuPinlu) {
  std::istringstream in("U+7740\tkHanyuPinlu\tzhe(10643) zháo(545) zhuó(125) zhāo(15)\n"
                        "U+7740\tkMandarin\tzhe\n");
  std::string error;
  std::optional<ReadingCounts> counts = ParseReadingCounts(in, &error);
  ASSERT_TRUE(counts.has_value()) << error;
  EXPECT_EQ(counts->at(U'着'),
            (std::map<std::string, uint32_t>{{"zhe5", 10643}, {"zhao2", 545}, {"zhuo2", 125}, {"zhao1", 15}}));
  std::istringstream bad("U+7740\tkHanyuPinlu\tzhe(1x)\n");
  EXPECT_FALSE(ParseReadingCounts(bad, &error).has_value());
  EXPECT_EQ(error, "line 1: bad kHanyuPinlu entry \"zhe(1x)\"");
}

TEST(ParseSimplifiedVariants, MapsTraditionalToItsFirstSimplifiedVariant) {
  std::istringstream in("U+9280\tkSimplifiedVariant\tU+94F6\n"
                        "U+94F6\tkTraditionalVariant\tU+9280\n"
                        "U+4E7E\tkSimplifiedVariant\tU+4E7E U+5E72\n"
                        "U+8457\tkSimplifiedVariant\tU+7740 U+8457\n"
                        "U+767C\tkSimplifiedVariant\tU+53D1\n");
  std::string error;
  std::optional<std::map<char32_t, char32_t>> simplified = ParseSimplifiedVariants(in, &error);
  ASSERT_TRUE(simplified.has_value()) << error;
  // 乾 and 著 are simplified characters too, so they are left as they are.
  EXPECT_EQ(*simplified, (std::map<char32_t, char32_t>{{U'銀', U'银'}, {U'發', U'发'}}));
  std::istringstream bad("U+9280\tkSimplifiedVariant\tsilver\n");
  EXPECT_FALSE(ParseSimplifiedVariants(bad, &error).has_value());
  EXPECT_EQ(error, "line 1: bad kSimplifiedVariant \"silver\"");
}

TEST(ParseUnihanReadings, NamesTheLineOfABadRecord) {
  EXPECT_EQ(ParseError("# ok\nU+4E00\tkMandarin\n"), "line 2: expected `U+XXXX<TAB>field<TAB>value`");
  EXPECT_EQ(ParseError("X+4E00\tkMandarin\tyī\n"), "line 1: bad code point \"X+4E00\"");
  EXPECT_EQ(ParseError("U+4E00\tkMandarin\tyi1\n"), "line 1: \"yi1\" is not a pinyin reading");
}

TEST(PinyinTableGen, WritesASortedTableFromStdin) {
  testing::TempDir dir;
  std::string output = dir.File("table.cc");
  testing::ProcessResult result = testing::RunProcess({LK_PINYIN_TABLE_GEN, output}, kSample);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::string table = testing::ReadFile(output);
  EXPECT_NE(table.find("// 5 code points, 9 readings, 9 syllables."), std::string::npos) << table;
  EXPECT_NE(table.find("\"changhanghenglvmosongwanxingzhang\""), std::string::npos) << table;
  EXPECT_NE(table.find("0x379e, 0x4e07, 0x65c5, 0x884c, 0x957f,"), std::string::npos) << table;
  // Syllable ids per code point, in code point order: 㞞 song; 万 wan mo; 旅 lv; 行 xing hang heng; 长 zhang chang.
  EXPECT_NE(table.find("kFirstReading[] = {\n    0, 1, 3, 4, 7, 9,\n};"), std::string::npos) << table;
  EXPECT_NE(table.find("kReadings[] = {\n    5, 6, 4, 3, 7, 1, 2, 8, 0,\n};"), std::string::npos) << table;
}

TEST(PinyinTableGen, FailsWithoutReadings) {
  testing::TempDir dir;
  testing::ProcessResult result = testing::RunProcess({LK_PINYIN_TABLE_GEN, dir.File("table.cc")}, "");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("no readings on stdin"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace lk::unihan
