// The font and its atlases: the em size; every character of the UI strings and the catalogue has a real
// glyph at every size of the full atlas (never ImGui's '?' fallback), including ones outside GB2312's common
// range; an atlas of what a screen drew holds just that and the clock's digits; the glyph boxes and pixels
// are those of ImGui's own builder (layouts unchanged); rasterising calls nothing of ImGui's, not even its
// allocator, so it can run beside the UI thread.
#include "kiosk/app/fonts.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <thread>

#include <gtest/gtest.h>

#include "kiosk/app/catalog_snapshot.h"
#include "kiosk/app/font_atlas.h"
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
    auto file = FontFile::Open(kDefaultFontPath, kDefaultFontFace);
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    file_.emplace(std::move(file).value());
    auto strings = Strings::Load(lk::testing::SourcePath("assets/i18n"));
    ASSERT_TRUE(strings.ok());
    auto catalog = LoadCatalogFile(lk::testing::DemoCatalogPath(), 1796176800000);
    ASSERT_TRUE(catalog.ok());
    ui_text_ = strings->AllText();
    snapshot_ = CatalogSnapshot::Build(*catalog, {});
    glyphs_.AddUtf8(ui_text_);
    for (char32_t cp : snapshot_->glyphs().code_points()) glyphs_.Add(cp);
  }
  // Rasterises `contents` and installs it into `atlas`.
  void Build(const AtlasContents& contents, ImFontAtlas* atlas) {
    auto raster = RasterizeAtlas(*file_, PlanAtlas(contents, file_->em_to_size()));
    ASSERT_TRUE(raster.ok()) << raster.status().ToString();
    ASSERT_TRUE(InstallAtlas(std::move(raster).value(), atlas, &fonts_).ok());
  }
  ImFont* Get(FontRole role) const { return fonts_[size_t(role)]; }
  std::optional<FontFile> file_;
  std::array<ImFont*, kFontRoles> fonts_{};
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

TEST_F(FontAtlasTest, EveryCharacterOfTheUiAndTheCatalogueHasAGlyphInEverySizeOfTheFullAtlas) {
  ImFontAtlas atlas;
  ASSERT_NO_FATAL_FAILURE(Build(AtlasContents::Full(MakeTheme(false, 1.0f).metrics, glyphs_), &atlas));
  EXPECT_TRUE(snapshot_->glyphs().unsupported().empty());
  int checked = 0;
  for (char32_t cp : glyphs_.code_points()) {
    for (FontRole role : {FontRole::kBody, FontRole::kHeading, FontRole::kTitle}) {
      EXPECT_NE(Get(role)->FindGlyphNoFallback(ImWchar(cp)), nullptr)
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
  EXPECT_NE(Get(FontRole::kBody)->FindGlyphNoFallback(ImWchar(common_only)), nullptr);
  EXPECT_EQ(Get(FontRole::kHeading)->FindGlyphNoFallback(ImWchar(common_only)), nullptr)
      << "headings hold only what the kiosk can show in them";
  for (char c : std::string("0123456789:")) EXPECT_NE(Get(FontRole::kDisplay)->FindGlyphNoFallback(c), nullptr);
  EXPECT_NE(Get(FontRole::kBody)->FindGlyphNoFallback(0x2026), nullptr) << "the ellipsis of a cut text";
}

TEST_F(FontAtlasTest, BodyTextIsAtLeast28PixelsAndLargeText15Times) {
  for (bool large : {false, true}) {
    ImFontAtlas atlas;
    ASSERT_NO_FATAL_FAILURE(Build(AtlasContents::Full(MakeTheme(large, 1.0f).metrics, glyphs_), &atlas));
    // A CJK ideograph's advance is one em: the font size as a typographer means it.
    const ImFontGlyph* guo = Get(FontRole::kBody)->FindGlyphNoFallback(U'国');
    ASSERT_NE(guo, nullptr);
    EXPECT_GE(guo->AdvanceX, large ? 1.5f * 28 : 28) << (large ? "large" : "standard");
  }
  EXPECT_NEAR(file_->em_to_size(), 1.448, 0.02) << "Noto Sans CJK: (ascender - descender) / em";
}

TEST_F(FontAtlasTest, AnAtlasOfWhatAScreenDrewHoldsJustThatAndTheClocksDigits) {
  std::array<GlyphSet, kFontRoles> drawn;
  drawn[size_t(FontRole::kTitle)].AddUtf8("交道口");
  drawn[size_t(FontRole::kHeading)].AddUtf8("12月2日 星期三");
  drawn[size_t(FontRole::kDisplay)].AddUtf8("10:00");
  ImFontAtlas atlas;
  ASSERT_NO_FATAL_FAILURE(Build(AtlasContents::Drawn(MakeTheme(false, 1.0f).metrics, drawn), &atlas));
  EXPECT_NE(Get(FontRole::kTitle)->FindGlyphNoFallback(U'道'), nullptr);
  EXPECT_EQ(Get(FontRole::kBody)->FindGlyphNoFallback(U'道'), nullptr) << "drawn at title size only";
  EXPECT_NE(Get(FontRole::kHeading)->FindGlyphNoFallback(U'期'), nullptr);
  EXPECT_EQ(Get(FontRole::kHeading)->FindGlyphNoFallback(U'国'), nullptr);
  for (char c : std::string("0123456789:")) EXPECT_NE(Get(FontRole::kDisplay)->FindGlyphNoFallback(c), nullptr);
  for (FontRole role : {FontRole::kBody, FontRole::kHeading, FontRole::kTitle, FontRole::kDisplay}) {
    EXPECT_NE(Get(role)->FindGlyphNoFallback('?'), nullptr) << "ImGui's fallback is a real question mark";
    EXPECT_NE(Get(role)->FindGlyphNoFallback(0x2026), nullptr);
    EXPECT_LT(Get(role)->Glyphs.Size, 20);
  }
  EXPECT_LE(atlas.TexWidth, 512) << "a small texture";
}

// The same glyph boxes, advances and coverage as ImGui's stb_truetype builder gives the same font at the same
// size (as the kiosk built its atlas before): text is laid out and drawn as it was.
TEST_F(FontAtlasTest, GlyphsAreThoseOfImGuisOwnBuilder) {
  const Metrics metrics = MakeTheme(false, 1.0f).metrics;
  const std::string sample = "国饪Ag…1:";
  GlyphSet text;
  text.AddUtf8(sample);
  ImFontAtlas ours;
  ASSERT_NO_FATAL_FAILURE(Build(AtlasContents::Full(metrics, text), &ours));

  ImFontAtlas theirs;
  theirs.Flags |= kAtlasFlags;
  ImFontGlyphRangesBuilder builder;
  builder.AddText(sample.c_str());
  ImVector<ImWchar> ranges;
  builder.BuildRanges(&ranges);
  ImFontConfig config;
  config.FontNo = kDefaultFontFace;
  config.FontDataOwnedByAtlas = false;
  config.OversampleH = config.OversampleV = 1;
  config.PixelSnapH = true;
  ImFont* ref = theirs.AddFontFromMemoryTTF(const_cast<unsigned char*>(file_->data()), int(file_->size()),
                                            metrics.heading * file_->em_to_size(), &config, ranges.Data);
  ASSERT_TRUE(theirs.Build());
  unsigned char* ref_pixels = nullptr;
  int ref_w = 0, ref_h = 0;
  theirs.GetTexDataAsAlpha8(&ref_pixels, &ref_w, &ref_h);
  unsigned char* our_pixels = nullptr;
  int our_w = 0, our_h = 0;
  ours.GetTexDataAsRGBA32(&our_pixels, &our_w, &our_h);

  ImFont* mine = Get(FontRole::kHeading);
  EXPECT_FLOAT_EQ(mine->FontSize, ref->FontSize);
  EXPECT_FLOAT_EQ(mine->Ascent, ref->Ascent);
  EXPECT_FLOAT_EQ(mine->Descent, ref->Descent);
  for (char32_t cp : DecodeUtf8(sample)) {
    const ImFontGlyph* a = mine->FindGlyphNoFallback(ImWchar(cp));
    const ImFontGlyph* b = ref->FindGlyphNoFallback(ImWchar(cp));
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    EXPECT_FLOAT_EQ(a->AdvanceX, b->AdvanceX) << uint32_t(cp);
    EXPECT_FLOAT_EQ(a->X0, b->X0) << uint32_t(cp);
    EXPECT_FLOAT_EQ(a->Y0, b->Y0) << uint32_t(cp);
    EXPECT_FLOAT_EQ(a->X1, b->X1) << uint32_t(cp);
    EXPECT_FLOAT_EQ(a->Y1, b->Y1) << uint32_t(cp);
    const int w = int(std::lround((a->U1 - a->U0) * float(our_w)));
    const int h = int(std::lround((a->V1 - a->V0) * float(our_h)));
    ASSERT_EQ(w, int(std::lround((b->U1 - b->U0) * float(ref_w))));
    ASSERT_EQ(h, int(std::lround((b->V1 - b->V0) * float(ref_h))));
    const int ax = int(std::lround(a->U0 * float(our_w))), ay = int(std::lround(a->V0 * float(our_h)));
    const int bx = int(std::lround(b->U0 * float(ref_w))), by = int(std::lround(b->V0 * float(ref_h)));
    int differing = 0;
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        const unsigned char coverage = our_pixels[(size_t(ay + y) * size_t(our_w) + size_t(ax + x)) * 4 + 3];
        differing += coverage != ref_pixels[size_t(by + y) * size_t(ref_w) + size_t(bx + x)];
      }
    }
    EXPECT_EQ(differing, 0) << "U+" << std::hex << uint32_t(cp);
  }
}

namespace {
std::atomic<int> imgui_allocations{0};
void* CountingAlloc(size_t size, void*) {
  ++imgui_allocations;
  return std::malloc(size);
}
void CountingFree(void* p, void*) { std::free(p); }
}  // namespace

// ImGui::MemAlloc counts every allocation into the current context, unguarded: from another thread that is a
// data race with the UI thread. Rasterising may call ImGui's allocator function (once, for the pixels the
// atlas adopts) but nothing that touches the context.
TEST_F(FontAtlasTest, RasterizingTouchesNoImGuiContextSoItCanRunBesideTheUiThread) {
  ImGuiMemAllocFunc alloc = nullptr;
  ImGuiMemFreeFunc free = nullptr;
  void* user = nullptr;
  ImGui::GetAllocatorFunctions(&alloc, &free, &user);
  ImGui::SetAllocatorFunctions(CountingAlloc, CountingFree);
  ImGuiContext* context = ImGui::CreateContext();
  const AtlasPlan plan = PlanAtlas(AtlasContents::Full(MakeTheme(false, 1.0f).metrics, glyphs_), file_->em_to_size());
  const int counted_before = ImGui::GetIO().MetricsActiveAllocations;
  imgui_allocations = 0;
  Result<RasterAtlas> raster = Status::Internal("not run");
  std::thread([&] { raster = RasterizeAtlas(*file_, plan); }).join();
  EXPECT_EQ(ImGui::GetIO().MetricsActiveAllocations, counted_before) << "the context was not touched";
  EXPECT_EQ(imgui_allocations, 1) << "the pixels, from ImGui's allocator function";
  ASSERT_TRUE(raster.ok()) << raster.status().ToString();
  EXPECT_GT(raster->fonts[size_t(FontRole::kBody)].glyphs.size(), 3000u) << "GB2312's common range and the text";

  // Installed on this (the UI) thread, the atlas owns the pixels and ImGui's count of them is right.
  {
    ImFontAtlas atlas;
    ASSERT_TRUE(InstallAtlas(std::move(raster).value(), &atlas, &fonts_).ok());
    EXPECT_NE(atlas.TexPixelsRGBA32, nullptr);
  }
  EXPECT_EQ(ImGui::GetIO().MetricsActiveAllocations, counted_before);
  ImGui::DestroyContext(context);
  ImGui::SetAllocatorFunctions(alloc, free, user);
}

TEST(AtlasContentsTest, CoversMeansTheSameSizesAndEveryCharacter) {
  const Metrics standard = MakeTheme(false, 1.0f).metrics, large = MakeTheme(true, 1.0f).metrics;
  GlyphSet text;
  text.AddUtf8("太极拳");
  GlyphSet more = text;
  more.AddUtf8("龘");
  const AtlasContents full = AtlasContents::Full(standard, text);
  EXPECT_TRUE(full.Covers(full));
  EXPECT_FALSE(full.Covers(AtlasContents::Full(standard, more)));
  EXPECT_TRUE(AtlasContents::Full(standard, more).Covers(full));
  EXPECT_FALSE(AtlasContents::Full(large, more).Covers(full)) << "other sizes";
  std::array<GlyphSet, kFontRoles> drawn;
  drawn[size_t(FontRole::kTitle)] = text;
  const AtlasContents first = AtlasContents::Drawn(standard, drawn);
  EXPECT_TRUE(full.Covers(first));
  EXPECT_FALSE(first.Covers(full)) << "no common range, no Latin";
}

}  // namespace
}  // namespace lk::ui
