// Font atlases in two halves, so that the slow half can run off the UI thread.
//
// AtlasContents says what an atlas holds: each role's size (the theme's em) and characters; the body may
// also hold ImGui's GB2312-common range (about 2,500 characters, for a text that is neither a UI string nor
// catalogue text: a handwriting candidate, a course name from the hub). PlanAtlas turns it into the code
// points to render (UI thread: it reads ImGui's range tables and asks ImGui which rectangles of its own the
// texture must hold). RasterizeAtlas renders and packs them with stb_truetype straight from the mapped font
// file into plain memory: it calls nothing of ImGui's (not even its allocator, which counts into the UI
// thread's context), so it may run on any thread while the UI thread draws. InstallAtlas (UI thread) turns
// its result into an ImFontAtlas, one ImFont per role; the atlas cannot build itself again later (that would
// rasterise on the UI thread): it is replaced instead. The pixels come already in RGBA, the SDL renderer's
// format, in memory from ImGui's allocator function (the process's malloc, which any thread may call; the
// plan takes it from the UI thread) so that the atlas adopts them without a copy: the UI thread's share of
// a new atlas is the texture upload. RasterAtlas is move-only; no shared state.
#pragma once

#include <array>
#include <memory>
#include <vector>

#include <imgui.h>

#include "kiosk/app/fonts.h"
#include "kiosk/app/theme.h"
#include "kiosk/core/status.h"

namespace lk::ui {

struct AtlasContents {
  std::array<float, kFontRoles> em{};     // each role's size: the theme's em, in pixels
  std::array<GlyphSet, kFontRoles> chars;  // each role's characters
  bool common_range = false;               // the body also holds GB2312's common characters

  // What any screen can draw: the UI strings and catalogue `text` (with Latin-1 and the ellipsis) at body,
  // heading and title size, GB2312's common range at body size, and the clock's digits at display size.
  static AtlasContents Full(const Metrics& metrics, const GlyphSet& text);
  // What one frame drew, role by role, with the space, '?' (ImGui's fallback), the ellipsis (a cut text)
  // and the clock's digits (the next minute).
  static AtlasContents Drawn(const Metrics& metrics, const std::array<GlyphSet, kFontRoles>& drawn);
  static AtlasContents Drawn(const std::array<float, kFontRoles>& em, const std::array<GlyphSet, kFontRoles>& drawn);
  // '?' alone at each size: enough to lay out a frame and learn what it draws.
  static AtlasContents StandIn(const Metrics& metrics);

  bool SameSizes(const AtlasContents& other) const { return em == other.em; }
  // Same sizes, and at least `other`'s characters in every role.
  bool Covers(const AtlasContents& other) const;
  const GlyphSet& of(FontRole role) const { return chars[static_cast<int>(role)]; }
};

// The atlas flags: no mouse cursors (a touch kiosk), the texture no taller than its glyphs.
constexpr ImFontAtlasFlags kAtlasFlags = ImFontAtlasFlags_NoMouseCursors | ImFontAtlasFlags_NoPowerOfTwoHeight;

struct AtlasPlan {
  std::array<float, kFontRoles> size{};                  // ImGui sizes (ascent to descent), pixels
  std::array<std::vector<int>, kFontRoles> code_points;  // ascending
  std::vector<std::array<int, 2>> reserved;              // ImGui's own rectangles (white pixel, lines): w, h
  ImGuiMemAllocFunc alloc = nullptr;                     // ImGui's allocator, for the pixels
  ImGuiMemFreeFunc free = nullptr;
  void* alloc_user = nullptr;
};

// UI thread.
AtlasPlan PlanAtlas(const AtlasContents& contents, float em_to_size);

// Frees memory from ImGui's allocator function.
struct ImGuiFree {
  ImGuiMemFreeFunc free = nullptr;
  void* user = nullptr;
  void operator()(unsigned int* p) const { free(p, user); }
};

struct RasterAtlas {
  struct Glyph {
    ImWchar code_point;
    float x0, y0, x1, y1;  // the quad, relative to the pen on the line's top
    float u0, v0, u1, v1;
    float advance_x;
  };
  struct Font {
    float size = 0, ascent = 0, descent = 0;
    std::vector<Glyph> glyphs;  // the plan's code points that the font has
  };
  int width = 0, height = 0;
  std::unique_ptr<unsigned int[], ImGuiFree> rgba;  // width * height, white with the coverage as alpha
  std::array<Font, kFontRoles> fonts;
  std::vector<std::array<int, 4>> reserved;  // the plan's rectangles, packed: x, y, w, h
};

// Any thread; `file` must outlive the call.
Result<RasterAtlas> RasterizeAtlas(const FontFile& file, const AtlasPlan& plan);

// UI thread. Clears `atlas` and fills it from `raster`, whose pixels it adopts; `fonts` receives one ImFont
// per role.
Status InstallAtlas(RasterAtlas raster, ImFontAtlas* atlas, std::array<ImFont*, kFontRoles>* fonts);

}  // namespace lk::ui
