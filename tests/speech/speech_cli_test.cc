// kioskctl pinyin and kioskctl say: the real binary, the real espeak-ng, the WAV checked with sox.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/testing/test_util.h"

namespace lk {
namespace {

using testing::RunProcess;

class SpeechCliTest : public ::testing::Test {
 protected:
  testing::ProcessResult Kioskctl(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), {testing::BinaryPath("kioskctl"), "--data-dir", dir_.path()});
    return RunProcess(args, input);
  }
  // sox's `stat` figures for a WAV file ("Length (seconds)", "RMS amplitude", ...).
  std::map<std::string, double> SoxStat(const std::string& wav) {
    testing::ProcessResult stat = RunProcess({LK_SOX, wav, "-n", "stat"});
    EXPECT_EQ(stat.exit_code, 0) << stat.err;
    std::map<std::string, double> figures;
    std::istringstream lines(stat.err);  // sox writes stat to stderr
    for (std::string line; std::getline(lines, line);) {
      size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      while (!name.empty() && name.back() == ' ') name.pop_back();
      figures[name] = std::atof(line.c_str() + colon + 1);
    }
    return figures;
  }
  std::string Soxi(const std::string& option, const std::string& wav) {
    testing::ProcessResult soxi = RunProcess({LK_SOXI, option, wav});
    EXPECT_EQ(soxi.exit_code, 0) << soxi.err;
    return soxi.out.substr(0, soxi.out.find('\n'));
  }
  testing::TempDir dir_;
};

TEST_F(SpeechCliTest, PinyinIsRightOnEveryListedPolyphonePhrase) {
  std::ifstream in(testing::SourcePath("tests/speech/polyphone_phrases.tsv"));
  std::string phrases;
  std::vector<std::string> expected;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    phrases += line.substr(0, line.find('\t')) + "\n";
    expected.push_back(line.substr(line.find('\t') + 1));
  }
  ASSERT_GE(expected.size(), 60u);
  testing::ProcessResult result = Kioskctl({"pinyin", "-"}, phrases);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::istringstream got(result.out);
  std::istringstream asked(phrases);
  for (const std::string& reading : expected) {
    std::string line;
    std::string phrase;
    std::getline(got, line);
    std::getline(asked, phrase);
    EXPECT_EQ(line, reading) << phrase;
  }
}

TEST_F(SpeechCliTest, PinyinReadsATitleWithItsTime) {
  testing::ProcessResult result = Kioskctl({"pinyin", "长者书法班", "14:30-16:00", "1.5", "学时"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "zhang3 zhe3 shu1 fa3 ban1 shi2 si4 dian3 san1 shi2 dao4 shi2 liu4 dian3 yi1 dian3 wu3 xue2 shi2\n");
}

TEST_F(SpeechCliTest, PinyinOfNothingReadableIsOneErrorLine) {
  testing::ProcessResult result = Kioskctl({"pinyin", "★☆"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "kioskctl: nothing in \"★☆\" can be read aloud\n");
}

TEST_F(SpeechCliTest, SayWritesANonSilentWavOfPlausibleLength) {
  std::string short_wav = dir_.File("short.wav");
  std::string long_wav = dir_.File("long.wav");
  std::string english_wav = dir_.File("english.wav");
  // 4 syllables; then 4 + 5 + 9 syllables.
  ASSERT_EQ(Kioskctl({"say", "学分银行", "--out", short_wav}).exit_code, 0);
  testing::ProcessResult result = Kioskctl({"say", "学分银行，书法入门，14:30-16:00", "--out", long_wav});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find(" samples at 22050 Hz"), std::string::npos) << result.out;
  ASSERT_EQ(Kioskctl({"say", "Calligraphy for beginners, Room 2", "--out", english_wav}).exit_code, 0);

  EXPECT_EQ(Soxi("-r", long_wav), "22050");
  EXPECT_EQ(Soxi("-c", long_wav), "1");
  EXPECT_EQ(Soxi("-b", long_wav), "16");
  double short_seconds = std::atof(Soxi("-D", short_wav).c_str());
  double long_seconds = std::atof(Soxi("-D", long_wav).c_str());
  // At 150 words a minute a syllable takes about a fifth of a second.
  EXPECT_GT(short_seconds, 4 * 0.12);
  EXPECT_LT(short_seconds, 4 * 0.6);
  EXPECT_GT(long_seconds, 18 * 0.12);
  EXPECT_LT(long_seconds, 18 * 0.6 + 1.5);  // and the pauses
  EXPECT_GT(long_seconds, short_seconds * 2);
  for (const std::string& wav : {short_wav, long_wav, english_wav}) {
    std::map<std::string, double> stat = SoxStat(wav);
    EXPECT_GT(stat["RMS     amplitude"], 0.02) << wav << " is silent";
    EXPECT_GT(stat["Maximum amplitude"], 0.2) << wav;
  }
  double english_seconds = std::atof(Soxi("-D", english_wav).c_str());
  EXPECT_GT(english_seconds, 1.0);
  EXPECT_LT(english_seconds, 5.0);
}

TEST_F(SpeechCliTest, SayRefusesABadLanguageAndAnUnwritableFile) {
  testing::ProcessResult language = Kioskctl({"say", "书法", "--lang", "fr", "--out", dir_.File("a.wav")});
  EXPECT_EQ(language.exit_code, 1);
  EXPECT_EQ(language.err, "kioskctl: --lang must be zh, en or auto, not \"fr\"\n");
  testing::ProcessResult unwritable = Kioskctl({"say", "书法", "--out", dir_.File("no/such/dir/a.wav")});
  EXPECT_NE(unwritable.exit_code, 0);
  EXPECT_NE(unwritable.err.find("no/such/dir"), std::string::npos) << unwritable.err;
  EXPECT_EQ(std::count(unwritable.err.begin(), unwritable.err.end(), '\n'), 1) << unwritable.err;
}

}  // namespace
}  // namespace lk
