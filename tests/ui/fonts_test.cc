// The font and its glyph set: the em size, and that every character of the UI strings and the catalogue
// has a real glyph (never ImGui's '?' fallback), including ones outside GB2312's common range.
#include "kiosk/app/fonts.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "kiosk/app/catalog_snapshot.h"
#include "kiosk/app/strings.h"
#include "kiosk/app/theme.h"
#include "kiosk/core/catalog_json.h"
#include "tests/testing/test_util.h"

namespace lk::ui {
namespace {

bool InRanges(const ImWchar* ranges, char32_t cp) {
  for (; ranges[0]; ranges += 2) {
    if (cp >= ranges[0] && cp <= ranges[1]) return true;
  }
  return false;
}

TEST(FontsTest, DecodeUtf8) {
  EXPECT_EQ(DecodeUtf8("a饪😀"), (std::vector<char32_t>{U'a', U'饪', U'😀'}));
  EXPECT_EQ(DecodeUtf8("\xE9\xA5"), (std::vector<char32_t>{0xFFFD, 0xFFFD})) << "a cut-off sequence";
  EXPECT_EQ(DecodeUtf8("\x80x"), (std::vector<char32_t>{0xFFFD, U'x'}));
}

TEST(FontsTest, GlyphSetKeepsWhatImGuiCanShow) {
  GlyphSet set;
  set.AddUtf8("咨询\n😀");
  EXPECT_TRUE(set.Contains(U'咨'));
  EXPECT_FALSE(set.Contains(U'\n'));
  EXPECT_FALSE(set.Contains(U'😀'));
  EXPECT_TRUE(set.unsupported().contains(U'😀'));
  GlyphSet smaller;
  smaller.AddUtf8("询");
  EXPECT_TRUE(set.ContainsAll(smaller));
  EXPECT_FALSE(smaller.ContainsAll(set));
}

class FontAtlasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto fonts = FontSet::Open(kDefaultFontPath, kDefaultFontFace);
    ASSERT_TRUE(fonts.ok()) << fonts.status().ToString();
    fonts_.emplace(std::move(fonts).value());
    auto strings = Strings::Load(lk::testing::SourcePath("assets/i18n"));
    ASSERT_TRUE(strings.ok());
    auto catalog = LoadCatalogFile(lk::testing::DemoCatalogPath(), 1796176800000);
    ASSERT_TRUE(catalog.ok());
    ui_text_ = strings->AllText();
    snapshot_ = CatalogSnapshot::Build(*catalog, {});
    glyphs_.AddUtf8(ui_text_);
    for (char32_t cp : snapshot_->glyphs().code_points()) glyphs_.Add(cp);
  }
  std::optional<FontSet> fonts_;
  std::string ui_text_;
  std::shared_ptr<const CatalogSnapshot> snapshot_;
  GlyphSet glyphs_;
};

TEST_F(FontAtlasTest, TheCommonRangeAloneMissesCharactersTheKioskShows) {
  ImFontAtlas atlas;
  const ImWchar* common = atlas.GetGlyphRangesChineseSimplifiedCommon();
  for (char32_t cp : {U'咨', U'烹', U'饪', U'馈', U'喆', U'堃', U'玥', U'轼'}) {
    EXPECT_FALSE(InRanges(common, cp)) << "premise: U+" << std::hex << uint32_t(cp) << " is not in the common range";
    EXPECT_TRUE(glyphs_.Contains(cp)) << std::hex << uint32_t(cp);
  }
}

TEST_F(FontAtlasTest, EveryCharacterOfTheUiAndTheCatalogueHasAGlyphInEverySize) {
  ImFontAtlas atlas;
  Metrics metrics = MakeTheme(false, 1.0f).metrics;
  ASSERT_TRUE(fonts_->Build(&atlas, metrics, glyphs_).ok());
  EXPECT_TRUE(snapshot_->glyphs().unsupported().empty());
  int checked = 0;
  for (char32_t cp : glyphs_.code_points()) {
    for (FontRole role : {FontRole::kBody, FontRole::kHeading, FontRole::kTitle}) {
      EXPECT_NE(fonts_->Get(role)->FindGlyphNoFallback(ImWchar(cp)), nullptr)
          << "U+" << std::hex << uint32_t(cp) << " in role " << int(role);
    }
    ++checked;
  }
  EXPECT_GT(checked, 700);
  // The body size also carries GB2312's common characters, for any text that is neither.
  char32_t common_only = 0;
  for (const ImWchar* r = atlas.GetGlyphRangesChineseSimplifiedCommon(); r[0] && !common_only; r += 2) {
    for (char32_t cp = std::max<char32_t>(r[0], 0x4E00); cp <= std::min<char32_t>(r[1], 0x9FFF) && !common_only; ++cp) {
      if (!glyphs_.Contains(cp)) common_only = cp;
    }
  }
  ASSERT_NE(common_only, 0u);
  EXPECT_NE(fonts_->Get(FontRole::kBody)->FindGlyphNoFallback(ImWchar(common_only)), nullptr);
  EXPECT_EQ(fonts_->Get(FontRole::kHeading)->FindGlyphNoFallback(ImWchar(common_only)), nullptr)
      << "headings hold only what the kiosk can show in them";
  for (char c : std::string("0123456789:")) EXPECT_NE(fonts_->Get(FontRole::kDisplay)->FindGlyphNoFallback(c), nullptr);
}

TEST_F(FontAtlasTest, BodyTextIsAtLeast28PixelsAndLargeText15Times) {
  for (bool large : {false, true}) {
    ImFontAtlas atlas;
    ASSERT_TRUE(fonts_->Build(&atlas, MakeTheme(large, 1.0f).metrics, glyphs_).ok());
    // A CJK ideograph's advance is one em: the font size as a typographer means it.
    const ImFontGlyph* guo = fonts_->Get(FontRole::kBody)->FindGlyphNoFallback(U'国');
    ASSERT_NE(guo, nullptr);
    EXPECT_GE(guo->AdvanceX, large ? 1.5f * 28 : 28) << (large ? "large" : "standard");
  }
  EXPECT_NEAR(fonts_->em_to_size(), 1.448, 0.02) << "Noto Sans CJK: (ascender - descender) / em";
}

}  // namespace
}  // namespace lk::ui
