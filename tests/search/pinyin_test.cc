// The pinyin table compiled from Debian's Unihan_Readings.txt.
#include "kiosk/core/search/pinyin.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace lk::pinyin {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(Pinyin, PolyphonicCharactersHaveEveryCommonReading) {
  EXPECT_THAT(ReadingsOf(U'长'), Contains("chang"));
  EXPECT_THAT(ReadingsOf(U'长'), Contains("zhang"));
  EXPECT_THAT(ReadingsOf(U'乐'), Contains("le"));
  EXPECT_THAT(ReadingsOf(U'乐'), Contains("yue"));
  EXPECT_THAT(ReadingsOf(U'行'), Contains("xing"));
  EXPECT_THAT(ReadingsOf(U'行'), Contains("hang"));
  EXPECT_THAT(ReadingsOf(U'绿'), Contains("lv"));
  EXPECT_THAT(ReadingsOf(U'绿'), Contains("lu"));
}

TEST(Pinyin, MostCustomaryReadingComesFirstWithoutTones) {
  EXPECT_THAT(ReadingsOf(U'旅'), ElementsAre("lv"));
  EXPECT_THAT(ReadingsOf(U'书'), ElementsAre("shu"));
  EXPECT_THAT(ReadingsOf(U'法'), Contains("fa"));
  EXPECT_EQ(ReadingsOf(U'行').front(), "xing");
  EXPECT_EQ(ReadingsOf(U'女').front(), "nv");
}

TEST(Pinyin, CoversTraditionalAndSupplementaryCharacters) {
  EXPECT_THAT(ReadingsOf(U'書'), ElementsAre("shu"));
  EXPECT_THAT(ReadingsOf(U'長'), Contains("chang"));
  EXPECT_THAT(ReadingsOf(U'\U00020000'), Contains("he"));  // 𠀀, outside the BMP
}

TEST(Pinyin, NonHanCharactersHaveNoReadings) {
  EXPECT_THAT(ReadingsOf(U'a'), IsEmpty());
  EXPECT_THAT(ReadingsOf(U'，'), IsEmpty());
  EXPECT_THAT(ReadingsOf(U'あ'), IsEmpty());
  EXPECT_THAT(ReadingsOf(0x10FFFF), IsEmpty());
}

TEST(Pinyin, SyllablesAreFewDistinctAndSorted) {
  ASSERT_GT(SyllableCount(), 400u);
  ASSERT_LT(SyllableCount(), 450u);
  for (SyllableId id = 1; id < SyllableCount(); ++id) {
    EXPECT_LT(SyllableText(id - 1), SyllableText(id));
  }
  EXPECT_EQ(SyllableText(0), "a");
  EXPECT_EQ(SyllableText(static_cast<SyllableId>(SyllableCount() - 1)), "zuo");
}

}  // namespace
}  // namespace lk::pinyin
