// pinyin_reader: what the kiosk says for a text, over the phrase dictionary the build generated from
// Debian's terra_pinyin, pinyin_simp and Unihan.
#include "kiosk/core/speech/pinyin_reader.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/testing/test_util.h"

namespace lk::speech {
namespace {

struct Phrase {
  std::string text;
  std::string reading;
};

// tests/speech/polyphone_phrases.tsv, without its comments.
std::vector<Phrase> PolyphonePhrases() {
  std::ifstream in(testing::SourcePath("tests/speech/polyphone_phrases.tsv"));
  std::vector<Phrase> phrases;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    EXPECT_NE(tab, std::string::npos) << line;
    if (tab != std::string::npos) phrases.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  return phrases;
}

TEST(PinyinReader, ReadsEveryListedPolyphonePhraseRight) {
  std::vector<Phrase> phrases = PolyphonePhrases();
  ASSERT_GE(phrases.size(), 60u);
  int wrong = 0;
  for (const Phrase& phrase : phrases) {
    std::string got = ToPinyin(phrase.text);
    if (got != phrase.reading) ++wrong;
    EXPECT_EQ(got, phrase.reading) << phrase.text;
  }
  EXPECT_EQ(wrong, 0) << "of " << phrases.size();
}

TEST(PinyinReader, CutsARunIntoTheFewestWords) {
  // 学分银行 is not itself a word: 学分 + 银行, never 分银 or a character-by-character 行 (xing2).
  EXPECT_EQ(ToPinyin("学分银行"), "xue2 fen1 yin2 hang2");
  EXPECT_EQ(ToPinyin("朝阳区长者学分银行"), "chao2 yang2 qu1 zhang3 zhe3 xue2 fen1 yin2 hang2");
  // A character alone takes its likeliest reading.
  EXPECT_EQ(ToPinyin("长"), "chang2");
  EXPECT_EQ(ToPinyin("行"), "xing2");
}

TEST(PinyinReader, ReadsNumbersAsAPersonSaysThem) {
  struct Case {
    const char* text;
    const char* reading;
  } cases[] = {
      {"14:30", "shi2 si4 dian3 san1 shi2"},
      {"9:05", "jiu3 dian3 ling2 wu3"},
      {"14:00", "shi2 si4 dian3"},
      {"2:15", "liang3 dian3 shi2 wu3"},
      {"14:30-16:00", "shi2 si4 dian3 san1 shi2 dao4 shi2 liu4 dian3"},
      {"14:30 – 16:00", "shi2 si4 dian3 san1 shi2 dao4 shi2 liu4 dian3"},
      {"12月4日", "shi2 er4 yue4 si4 ri4"},
      {"2026年12月4日", "er4 ling2 er4 liu4 nian2 shi2 er4 yue4 si4 ri4"},
      {"2026-12-04", "er4 ling2 er4 liu4 nian2 shi2 er4 yue4 si4 ri4"},
      {"1.5 学时", "yi1 dian3 wu3 xue2 shi2"},
      {"0.5", "ling2 dian3 wu3"},
      {"50%", "bai3 fen1 zhi1 wu3 shi2"},
      {"2节课", "liang3 jie2 ke4"},
      {"2楼", "er4 lou2"},
      {"10", "shi2"},
      {"15", "shi2 wu3"},
      {"110", "yi1 bai3 yi1 shi2"},
      {"101", "yi1 bai3 ling2 yi1"},
      {"1005", "yi1 qian1 ling2 wu3"},
      {"20000", "er4 wan4"},
      {"100010", "shi2 wan4 ling2 yi1 shi2"},
      {"301室", "san1 bai3 ling2 yi1 shi4"},
      {"0101", "ling2 yi1 ling2 yi1"},
      {"13800138000", "yi1 san1 ba1 ling2 ling2 yi1 san1 ba1 ling2 ling2 ling2"},
      {"１４：３０", "shi2 si4 dian3 san1 shi2"},  // fullwidth digits and colon
  };
  for (const Case& c : cases) EXPECT_EQ(ToPinyin(c.text), c.reading) << c.text;
}

TEST(PinyinReader, ReadsLatinWordsInEnglishAndPunctuationAsPauses) {
  EXPECT_EQ(ReadAloud("Python 入门", Language::kZh),
            (std::vector<SpeechRun>{{SpeechVoice::kEnglish, "Python"}, {SpeechVoice::kMandarinPinyin, "ru4 men2"}}));
  EXPECT_EQ(ReadAloud("书法\n14:30。", Language::kZh),
            (std::vector<SpeechRun>{{SpeechVoice::kMandarinPinyin, "shu1 fa3. shi2 si4 dian3 san1 shi2."}}));
  EXPECT_EQ(ReadAloud("书法，14:30。", Language::kZh),
            (std::vector<SpeechRun>{{SpeechVoice::kMandarinPinyin, "shu1 fa3, shi2 si4 dian3 san1 shi2."}}));
  EXPECT_EQ(ReadAloud("智能手机 (Smart Phone) 入门", Language::kZh),
            (std::vector<SpeechRun>{{SpeechVoice::kMandarinPinyin, "zhi4 neng2 shou3 ji1"},
                                    {SpeechVoice::kEnglish, "Smart Phone"},
                                    {SpeechVoice::kMandarinPinyin, "ru4 men2"}}));
}

TEST(PinyinReader, EnglishTextIsOneEnglishRun) {
  EXPECT_EQ(ReadAloud("  Calligraphy\n 14:30  Room 2 ", Language::kEn),
            (std::vector<SpeechRun>{{SpeechVoice::kEnglish, "Calligraphy. 14:30 Room 2"}}));
  EXPECT_EQ(ReadAloud("Checked in!\nRoom 2\n", Language::kEn),
            (std::vector<SpeechRun>{{SpeechVoice::kEnglish, "Checked in! Room 2."}}));
}

TEST(PinyinReader, SkipsWhatHasNoReading) {
  EXPECT_EQ(ToPinyin("书法😀\xff"), "shu1 fa3");
  EXPECT_EQ(ToPinyin("★ ☆"), "");
  EXPECT_TRUE(ReadAloud("", Language::kZh).empty());
  EXPECT_TRUE(ReadAloud("  ", Language::kEn).empty());
}

}  // namespace
}  // namespace lk::speech
