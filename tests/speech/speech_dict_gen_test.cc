// speech_dict_gen, the build step that turns terra_pinyin, pinyin_simp and Unihan into the phrase table: run
// on small files whose every line tests one rule of how the sources combine.
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "tests/testing/test_util.h"

namespace lk {
namespace {

constexpr const char* kTerra =
    "# Rime dictionary\n---\nname: terra_pinyin\n...\n\n"
    "銀\tyin2\n"
    "行\thang2\t10%\n"
    "行\txing2\t90%\n"
    "銀行\tyin2 hang2\n"
    "長\tchang2\t90%\n"
    "長\tzhang3\t10%\n"
    "长\tzhang3\n"
    "長者\tzhang3 zhe3\n"
    "着急\tzhao1 ji2\n"
    "着急\tzhao2 ji2\n"
    "美國５１區\tmei3 guo2 wu3 shi2 yi1 qu1\n";

constexpr const char* kSimp =
    "# Rime dictionary\n---\nname: pinyin_simp\n...\n\n"
    "银行\tyin hang\t21172\n"
    "银行\tyin xing\t3\n"
    "长\tchang\t13911\n"
    "长\tzhang\t9175\n"
    "长跑\tchang pao\t100\n"
    "跑\tpao\t50\n"
    "着急\tzhao ji\t4096\n"
    "奇词\tqi ci\t5\n";

constexpr const char* kUnihan =
    "U+8DD1\tkMandarin\tpǎo\n"
    "U+4E00\tkMandarin\tyī\n"
    "U+7740\tkHanyuPinlu\tzhe(10643) zháo(545) zhuó(125) zhāo(15)\n"
    "U+9280\tkSimplifiedVariant\tU+94F6\n"
    "U+9577\tkSimplifiedVariant\tU+957F\n"
    "U+570B\tkSimplifiedVariant\tU+56FD\n";

// The quoted pieces of the generated `constexpr char NAME[] = "..." "...";`.
std::vector<std::string> Pieces(const std::string& table, const std::string& name) {
  size_t begin = table.find("constexpr char " + name + "[] =");
  size_t end = table.find(';', begin);
  std::string text = table.substr(begin, end - begin);
  std::vector<std::string> pieces;
  std::regex quoted("\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), quoted); it != std::sregex_iterator(); ++it) {
    pieces.push_back((*it)[1]);
  }
  return pieces;
}

TEST(SpeechDictGen, CombinesTerraSimpAndUnihan) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("terra.yaml"), kTerra);
  testing::WriteFile(dir.File("simp.yaml"), kSimp);
  std::string output = dir.File("table.cc");
  testing::ProcessResult result = testing::RunProcess(
      {LK_SPEECH_DICT_GEN, dir.File("terra.yaml"), dir.File("simp.yaml"), output}, kUnihan);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::string table = testing::ReadFile(output);
  std::vector<std::string> keys = Pieces(table, "kKeys");
  std::vector<std::string> readings = Pieces(table, "kReadings");
  ASSERT_EQ(keys.size(), readings.size()) << table;
  std::map<std::string, std::string> reading_of;
  for (size_t i = 0; i < keys.size(); ++i) reading_of[keys[i]] = readings[i];
  EXPECT_EQ(reading_of, (std::map<std::string, std::string>{
                            {"银", "yin2"},                // terra, mapped to simplified
                            {"行", "xing2"},               // the larger share
                            {"银行", "yin2 hang2"},        // terra's tones; pinyin_simp's heavier reading agrees
                            {"长", "chang2"},              // pinyin_simp weighs chang above zhang
                            {"长者", "zhang3 zhe3"},       // terra only
                            {"着急", "zhao2 ji2"},         // a tie in terra, broken by kHanyuPinlu's counts
                            {"长跑", "chang2 pao3"},       // pinyin_simp only: tones from terra's 长, Unihan's 跑
                            {"跑", "pao3"},
                            {"一", "yi1"},                 // Unihan only
                        }))
      << table;
  EXPECT_NE(table.find("9 spellings. Left out: 1 pinyin_simp words with a syllable no toned reading explains, "
                       "1 words not one syllable per character."),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("kWeights[] = {"), std::string::npos);
}

TEST(SpeechDictGen, NamesTheLineOfABadEntry) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("terra.yaml"), std::string(kTerra) + "錯\tcuo\n");
  testing::WriteFile(dir.File("simp.yaml"), kSimp);
  testing::ProcessResult result = testing::RunProcess(
      {LK_SPEECH_DICT_GEN, dir.File("terra.yaml"), dir.File("simp.yaml"), dir.File("table.cc")}, kUnihan);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("terra.yaml line 17: unexpected entry \"錯\tcuo\""), std::string::npos) << result.err;

  testing::WriteFile(dir.File("terra.yaml"), kTerra);
  testing::WriteFile(dir.File("simp.yaml"), std::string(kSimp) + "银\tyin\t12x\n");
  result = testing::RunProcess(
      {LK_SPEECH_DICT_GEN, dir.File("terra.yaml"), dir.File("simp.yaml"), dir.File("table.cc")}, kUnihan);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("simp.yaml line 14: unexpected entry \"银\tyin\t12x\""), std::string::npos) << result.err;
}

}  // namespace
}  // namespace lk
