#include "kiosk/app/font_atlas.h"

// stb_truetype's packing API needs stb_rect_pack's types first (Debian's libstb has both).
#include <stb_rect_pack.h>
#include <stb_truetype.h>

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <utility>

namespace lk::ui {
namespace {

constexpr char32_t kEllipsis = 0x2026;  // what ImGui and CutWithEllipsis end a cut text with
constexpr int kPadding = 1;             // pixels between glyphs, as ImGui's default TexGlyphPadding
constexpr int kMaxHeight = 32 * 1024;

std::array<float, kFontRoles> EmOf(const Metrics& m) { return {m.body, m.heading, m.title, m.display}; }

void AddDigits(GlyphSet& set) {
  for (char c : std::string_view("0123456789:")) set.Add(char32_t(c));
}

}  // namespace

AtlasContents AtlasContents::Full(const Metrics& metrics, const GlyphSet& text) {
  AtlasContents c;
  c.em = EmOf(metrics);
  for (FontRole role : {FontRole::kBody, FontRole::kHeading, FontRole::kTitle}) {
    GlyphSet& set = c.chars[static_cast<int>(role)];
    for (char32_t cp = 0x20; cp <= 0xFF; ++cp) set.Add(cp);  // Basic Latin and Latin-1, as ImGui's default range
    set.AddAll(text);
    set.Add(kEllipsis);
  }
  GlyphSet& display = c.chars[static_cast<int>(FontRole::kDisplay)];
  AddDigits(display);
  for (char32_t cp : {U' ', U'?', kEllipsis}) display.Add(cp);
  c.common_range = true;
  return c;
}

AtlasContents AtlasContents::Drawn(const Metrics& metrics, const std::array<GlyphSet, kFontRoles>& drawn) {
  return Drawn(EmOf(metrics), drawn);
}

AtlasContents AtlasContents::Drawn(const std::array<float, kFontRoles>& em,
                                   const std::array<GlyphSet, kFontRoles>& drawn) {
  AtlasContents c;
  c.em = em;
  c.chars = drawn;
  for (GlyphSet& set : c.chars) {
    set.Add(U' ');
    set.Add(U'?');
    set.Add(kEllipsis);
  }
  AddDigits(c.chars[static_cast<int>(FontRole::kDisplay)]);
  return c;
}

AtlasContents AtlasContents::StandIn(const Metrics& metrics) {
  AtlasContents c;
  c.em = EmOf(metrics);
  for (GlyphSet& set : c.chars) set.Add(U'?');
  return c;
}

bool AtlasContents::Covers(const AtlasContents& other) const {
  if (!SameSizes(other) || (other.common_range && !common_range)) return false;
  for (int r = 0; r < kFontRoles; ++r) {
    if (!chars[r].ContainsAll(other.chars[r])) return false;
  }
  return true;
}

AtlasPlan PlanAtlas(const AtlasContents& contents, float em_to_size) {
  AtlasPlan plan;
  ImFontAtlas scratch;  // only for ImGui's tables: the common range, and the rectangles it needs
  scratch.Flags = kAtlasFlags;
  for (int r = 0; r < kFontRoles; ++r) {
    plan.size[r] = contents.em[r] * em_to_size;
    std::set<int> code_points(contents.chars[r].code_points().begin(), contents.chars[r].code_points().end());
    if (r == static_cast<int>(FontRole::kBody) && contents.common_range) {
      for (const ImWchar* range = scratch.GetGlyphRangesChineseSimplifiedCommon(); range[0]; range += 2) {
        for (int cp = range[0]; cp <= range[1]; ++cp) code_points.insert(cp);
      }
    }
    plan.code_points[r].assign(code_points.begin(), code_points.end());
  }
  ImFontAtlasBuildInit(&scratch);
  for (const ImFontAtlasCustomRect& rect : scratch.CustomRects) plan.reserved.push_back({rect.Width, rect.Height});
  ImGui::GetAllocatorFunctions(&plan.alloc, &plan.free, &plan.alloc_user);
  return plan;
}

Result<RasterAtlas> RasterizeAtlas(const FontFile& file, const AtlasPlan& plan) {
  stbtt_fontinfo info;
  if (!stbtt_InitFont(&info, file.data(), file.face_offset())) return Status::Internal("cannot read the font face");

  // The code points the face has, and stb_truetype's description of each role's glyphs.
  std::array<std::vector<int>, kFontRoles> present;
  std::array<std::vector<stbtt_packedchar>, kFontRoles> packed;
  std::array<stbtt_pack_range, kFontRoles> ranges{};
  int total = 0;
  for (int r = 0; r < kFontRoles; ++r) {
    for (int cp : plan.code_points[r]) {
      if (stbtt_FindGlyphIndex(&info, cp) != 0) present[r].push_back(cp);
    }
    packed[r].resize(present[r].size());
    ranges[r].font_size = plan.size[r];
    ranges[r].array_of_unicode_codepoints = present[r].data();
    ranges[r].num_chars = int(present[r].size());
    ranges[r].chardata_for_range = packed[r].data();
    total += int(present[r].size());
  }

  // Each glyph's rectangle, then a texture width for their area (as ImGui chooses it), then the packing:
  // ImGui's own rectangles first, in the top-left corner.
  std::vector<stbrp_rect> rects(static_cast<size_t>(total));
  stbtt_pack_context spc{};
  if (!stbtt_PackBegin(&spc, nullptr, 4096, kMaxHeight, 0, kPadding, nullptr)) {
    return Status::Internal("cannot start packing the font atlas");
  }
  stbtt_PackFontRangesGatherRects(&spc, &info, ranges.data(), kFontRoles, rects.data());
  stbtt_PackEnd(&spc);
  double area = 0;
  for (const stbrp_rect& rect : rects) area += double(rect.w) * rect.h;
  const double side = std::sqrt(area) + 1;
  const int width = side >= 4096 * 0.7 ? 4096 : side >= 2048 * 0.7 ? 2048 : side >= 1024 * 0.7 ? 1024 : 512;
  if (!stbtt_PackBegin(&spc, nullptr, width, kMaxHeight, 0, kPadding, nullptr)) {
    return Status::Internal("cannot start packing the font atlas");
  }
  std::vector<stbrp_rect> reserved(plan.reserved.size());
  for (size_t i = 0; i < reserved.size(); ++i) {
    reserved[i].w = plan.reserved[i][0];
    reserved[i].h = plan.reserved[i][1];
  }
  if (!reserved.empty()) {
    stbrp_pack_rects(static_cast<stbrp_context*>(spc.pack_info), reserved.data(), int(reserved.size()));
  }
  stbtt_PackFontRangesPackRects(&spc, rects.data(), total);
  int height = 0;
  bool all_packed = true;
  for (const std::vector<stbrp_rect>* list : {&reserved, &rects}) {
    for (const stbrp_rect& rect : *list) {
      all_packed = all_packed && rect.was_packed;
      height = std::max(height, rect.y + rect.h);
    }
  }
  if (!all_packed) {
    stbtt_PackEnd(&spc);
    return Status::Internal("the font atlas does not fit a " + std::to_string(width) + "-pixel-wide texture");
  }

  RasterAtlas out;
  out.width = width;
  out.height = height + 1;  // as ImGui's NoPowerOfTwoHeight
  const size_t pixels = size_t(out.width) * size_t(out.height);
  std::vector<unsigned char> alpha(pixels, 0);
  spc.pixels = alpha.data();
  spc.height = out.height;
  const bool rendered = stbtt_PackFontRangesRenderIntoRects(&spc, &info, ranges.data(), kFontRoles, rects.data());
  stbtt_PackEnd(&spc);
  if (!rendered) return Status::Internal("cannot render the font atlas");
  // RGBA for the renderer, in memory ImGui can free: its allocator function itself, not ImGui::MemAlloc,
  // which would count the allocation into the UI thread's context.
  out.rgba = std::unique_ptr<unsigned int[], ImGuiFree>(
      static_cast<unsigned int*>(plan.alloc(pixels * 4, plan.alloc_user)), {plan.free, plan.alloc_user});
  if (!out.rgba) return Status::Internal("no memory for the font atlas");
  for (size_t i = 0; i < pixels; ++i) out.rgba[i] = IM_COL32(255, 255, 255, alpha[i]);
  for (const stbrp_rect& rect : reserved) out.reserved.push_back({rect.x, rect.y, rect.w, rect.h});

  // Each glyph's quad as ImGui's stb_truetype builder lays it out: the pen on the line's top, so the
  // baseline sits at the rounded ascent.
  int ascent = 0, descent = 0, line_gap = 0;
  stbtt_GetFontVMetrics(&info, &ascent, &descent, &line_gap);
  const float u_scale = 1.0f / float(out.width), v_scale = 1.0f / float(out.height);
  for (int r = 0; r < kFontRoles; ++r) {
    RasterAtlas::Font& font = out.fonts[r];
    const float scale = stbtt_ScaleForPixelHeight(&info, plan.size[r]);
    font.size = plan.size[r];
    // Rounded away from zero, then truncated, as ImGui does (ImFloor truncates).
    font.ascent = std::trunc(float(ascent) * scale + (ascent > 0 ? 1.0f : -1.0f));
    font.descent = std::trunc(float(descent) * scale + (descent > 0 ? 1.0f : -1.0f));
    const float baseline = float(int(font.ascent + 0.5f));
    font.glyphs.reserve(present[r].size());
    for (size_t i = 0; i < present[r].size(); ++i) {
      const stbtt_packedchar& p = packed[r][i];
      font.glyphs.push_back({ImWchar(present[r][i]), p.xoff, p.yoff + baseline, p.xoff2, p.yoff2 + baseline,
                             float(p.x0) * u_scale, float(p.y0) * v_scale, float(p.x1) * u_scale,
                             float(p.y1) * v_scale, p.xadvance});
    }
  }
  return out;
}

namespace {

// ImGui's build step, given an atlas already rasterised: set while InstallAtlas runs, on its thread.
thread_local RasterAtlas* installing = nullptr;

bool BuildFromRaster(ImFontAtlas* atlas) {
  if (installing == nullptr) return false;  // never rasterise again here: a new atlas replaces this one
  RasterAtlas& raster = *installing;
  ImFontAtlasBuildInit(atlas);
  if (atlas->CustomRects.Size != int(raster.reserved.size())) return false;
  for (int i = 0; i < atlas->CustomRects.Size; ++i) {
    ImFontAtlasCustomRect& rect = atlas->CustomRects[i];
    const auto& at = raster.reserved[size_t(i)];
    if (rect.Width != at[2] || rect.Height != at[3]) return false;
    rect.X = static_cast<unsigned short>(at[0]);
    rect.Y = static_cast<unsigned short>(at[1]);
  }
  atlas->TexID = ImTextureID{};
  atlas->TexWidth = raster.width;
  atlas->TexHeight = raster.height;
  atlas->TexUvScale = ImVec2(1.0f / float(raster.width), 1.0f / float(raster.height));
  // The pixels, adopted: ImGui frees them with IM_FREE, which counts them off the context's allocations.
  atlas->TexPixelsRGBA32 = raster.rgba.release();
  if (ImGui::GetCurrentContext() != nullptr) ++ImGui::GetIO().MetricsActiveAllocations;
  for (int r = 0; r < kFontRoles; ++r) {
    ImFontConfig& config = atlas->ConfigData[r];
    ImFont* font = config.DstFont;
    const RasterAtlas::Font& from = raster.fonts[size_t(r)];
    ImFontAtlasBuildSetupFont(atlas, font, &config, from.ascent, from.descent);
    for (const RasterAtlas::Glyph& g : from.glyphs) {
      font->AddGlyph(&config, g.code_point, g.x0, g.y0, g.x1, g.y1, g.u0, g.v0, g.u1, g.v1, g.advance_x);
    }
  }
  ImFontAtlasBuildFinish(atlas);  // ImGui's white pixel and lines, the lookup tables, the ellipsis
  return true;
}

const ImFontBuilderIO kFromRaster{BuildFromRaster};

}  // namespace

Status InstallAtlas(RasterAtlas raster, ImFontAtlas* atlas, std::array<ImFont*, kFontRoles>* fonts) {
  atlas->Clear();
  atlas->Flags = kAtlasFlags;
  atlas->FontBuilderIO = &kFromRaster;
  // ImGui wants font data with each font; the glyphs are rasterised already, so one byte stands in.
  static unsigned char no_data[1] = {0};
  for (int r = 0; r < kFontRoles; ++r) {
    ImFontConfig config;
    config.FontData = no_data;
    config.FontDataSize = 1;
    config.FontDataOwnedByAtlas = false;  // ImGui keeps its own copy of the byte, freed with the input data
    config.SizePixels = raster.fonts[size_t(r)].size;
    config.OversampleH = config.OversampleV = 1;
    config.PixelSnapH = true;
    std::snprintf(config.Name, sizeof config.Name, "Noto Sans CJK SC, %.0f px", config.SizePixels);
    (*fonts)[size_t(r)] = atlas->AddFont(&config);
  }
  installing = &raster;
  const bool built = atlas->Build();
  installing = nullptr;
  if (!built) return Status::Internal("cannot install the font atlas");
  return Status::Ok();
}

}  // namespace lk::ui
