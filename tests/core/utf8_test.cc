#include "kiosk/core/utf8.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace lk::utf8 {
namespace {

// Every code point of `text`, U+FFFD for each malformed byte.
std::vector<char32_t> DecodeAll(std::string_view text) {
  std::vector<char32_t> out;
  for (size_t pos = 0; pos < text.size();) out.push_back(NextCodePointOrReplacement(text, &pos));
  return out;
}

bool IsWellFormed(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    if (!NextCodePoint(text, &pos)) return false;
  }
  return true;
}

TEST(Utf8, DecodesEveryLength) {
  EXPECT_EQ(DecodeAll("a\u00e9书😀"), (std::vector<char32_t>{U'a', U'é', U'书', U'😀'}));
  EXPECT_EQ(DecodeAll("\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf"),
            (std::vector<char32_t>{0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x10FFFF}));
  EXPECT_EQ(DecodeAll(std::string_view("\0", 1)), std::vector<char32_t>{0});
}

TEST(Utf8, AdvancesPastOneCodePoint) {
  constexpr std::string_view kText = "书a";
  size_t pos = 0;
  EXPECT_EQ(NextCodePoint(kText, &pos), U'书');
  EXPECT_EQ(pos, 3u);
  EXPECT_EQ(NextCodePoint(kText, &pos), U'a');
  EXPECT_EQ(pos, 4u);
}

TEST(Utf8, ATruncatedSequenceIsMalformedByteByByte) {
  const std::string cut_short = "\xe4\xb9";  // the first two of 书's three bytes
  constexpr char32_t kBad = kReplacementCharacter;
  EXPECT_EQ(DecodeAll(cut_short), (std::vector<char32_t>{kBad, kBad}));
  EXPECT_EQ(DecodeAll(cut_short + "法"), (std::vector<char32_t>{kBad, kBad, U'法'}));
  size_t pos = 0;
  EXPECT_EQ(NextCodePoint("\xf0\x9f\x98", &pos), std::nullopt);
  EXPECT_EQ(pos, 1u) << "a malformed sequence advances by one byte";
}

TEST(Utf8, AMissingContinuationByteNeverSwallowsTheNextCharacter) {
  constexpr char32_t kBad = kReplacementCharacter;
  EXPECT_EQ(DecodeAll(std::string("\xe6") + "A极"), (std::vector<char32_t>{kBad, U'A', U'极'}));
  EXPECT_EQ(DecodeAll(std::string("\xc3") + "书"), (std::vector<char32_t>{kBad, U'书'}));
  EXPECT_EQ(DecodeAll(std::string("\xf0\x9f") + "a\x98"), (std::vector<char32_t>{kBad, kBad, U'a', kBad}));
}

TEST(Utf8, RejectsWhatRfc3629Forbids) {
  EXPECT_FALSE(IsWellFormed("\x80")) << "a stray continuation byte";
  EXPECT_FALSE(IsWellFormed("\xf8\x88\x80\x80\x80")) << "a five-byte lead";
  EXPECT_FALSE(IsWellFormed("\xff"));
  EXPECT_FALSE(IsWellFormed("\xc0\xaf")) << "overlong /";
  EXPECT_FALSE(IsWellFormed("\xe0\x80\xaf")) << "overlong /";
  EXPECT_FALSE(IsWellFormed("\xf0\x8f\xbf\xbf")) << "overlong U+FFFF";
  EXPECT_FALSE(IsWellFormed("\xed\xa0\x80")) << "a surrogate";
  EXPECT_FALSE(IsWellFormed("\xed\xbf\xbf")) << "a surrogate";
  EXPECT_FALSE(IsWellFormed("\xf4\x90\x80\x80")) << "beyond U+10FFFF";
  EXPECT_TRUE(IsWellFormed("\xed\x9f\xbf\xee\x80\x80")) << "U+D7FF and U+E000, either side of the surrogates";
  EXPECT_TRUE(IsWellFormed(""));
  EXPECT_EQ(DecodeAll("\xc0\xaf"), (std::vector<char32_t>{kReplacementCharacter, kReplacementCharacter}));
}

}  // namespace
}  // namespace lk::utf8
