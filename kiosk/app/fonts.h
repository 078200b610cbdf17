// Fonts: Noto Sans CJK SC (face 2 of fonts-noto-cjk's NotoSansCJK-Regular.ttc) at the sizes the theme uses,
// with a glyph set built so that no character the kiosk shows falls back to '?'.
//
// GlyphSet collects the code points of texts (the UI strings, the catalogue). FontSet maps the font file
// once and builds an ImFontAtlas from it: the body size holds ImGui's GB2312-common range plus the glyph
// set; the heading and title sizes hold the glyph set (every text the kiosk can show at those sizes is a UI
// string or catalogue text); the display size holds the clock's digits. Build again whenever the glyph set
// grows or the sizes change. ImGui 1.86 stores characters in 16 bits: code points beyond U+FFFF cannot be
// shown and are reported by GlyphSet::unsupported().
// Single-threaded: use from the UI thread (the atlas belongs to the ImGui context). Move-only.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "kiosk/app/theme.h"
#include "kiosk/core/status.h"

namespace lk::ui {

constexpr const char* kDefaultFontPath = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
constexpr int kDefaultFontFace = 2;  // Noto Sans CJK SC within the collection

// Decodes UTF-8 (kiosk/core/utf8.h); each malformed byte decodes as U+FFFD.
std::vector<char32_t> DecodeUtf8(std::string_view text);

class GlyphSet {
 public:
  void AddUtf8(std::string_view text);
  void Add(char32_t code_point);
  bool Contains(char32_t code_point) const { return code_points_.contains(code_point); }
  bool ContainsAll(const GlyphSet& other) const;
  const std::set<char32_t>& code_points() const { return code_points_; }
  // Code points the font system cannot show (beyond U+FFFF).
  const std::set<char32_t>& unsupported() const { return unsupported_; }

 private:
  std::set<char32_t> code_points_;
  std::set<char32_t> unsupported_;
};

enum class FontRole { kBody, kHeading, kTitle, kDisplay };

// A read-only memory map of a file. Move-only.
class MappedFile {
 public:
  static Result<MappedFile> Open(const std::string& path);
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();
  const void* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  MappedFile(void* data, size_t size) : data_(data), size_(size) {}
  void* data_ = nullptr;
  size_t size_ = 0;
};

class FontSet {
 public:
  static Result<FontSet> Open(const std::string& path, int face_index);

  // Clears `atlas` and builds every role at `metrics`' sizes for `text`.
  Status Build(ImFontAtlas* atlas, const Metrics& metrics, const GlyphSet& text);
  ImFont* Get(FontRole role) const { return fonts_[static_cast<int>(role)]; }
  // The ImGui size of a role (ascent to descent, about 1.45 em for this font): pass it to AddText.
  float SizeOf(FontRole role) const;
  // ImGui size per em: ImGui sizes fonts by ascent-to-descent height, the theme by em.
  float em_to_size() const { return em_to_size_; }
  // The glyph set of the last Build.
  const GlyphSet& built() const { return built_; }

 private:
  FontSet(MappedFile file, int face, float em_to_size) : file_(std::move(file)), face_(face), em_to_size_(em_to_size) {}
  MappedFile file_;
  int face_;
  float em_to_size_;
  GlyphSet built_;
  Metrics built_metrics_;
  std::vector<ImWchar> body_ranges_, text_ranges_, display_ranges_;  // must outlive the atlas build
  ImFont* fonts_[4] = {};
};

}  // namespace lk::ui
