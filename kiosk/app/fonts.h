// Fonts: Noto Sans CJK SC (face 2 of fonts-noto-cjk's NotoSansCJK-Regular.ttc), the roles the theme sizes
// (FontRole), and the sets of characters an atlas holds.
//
// GlyphSet collects the code points of texts (the UI strings, the catalogue, what a screen drew). FontFile
// maps the font collection read-only, once: atlases are rasterised straight from the map (font_atlas.h), so
// only the pages of the glyphs drawn are ever read, and nothing copies the 19 MB file. ImGui 1.86 stores
// characters in 16 bits: code points beyond U+FFFF cannot be shown and are reported by
// GlyphSet::unsupported().
// Thread-safety: a FontFile is immutable once open and may be read from any thread; GlyphSet is a value.
// FontFile and MappedFile are move-only.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

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
  void AddAll(const GlyphSet& other);
  bool Contains(char32_t code_point) const { return code_points_.contains(code_point); }
  bool ContainsAll(const GlyphSet& other) const;
  bool empty() const { return code_points_.empty(); }
  size_t size() const { return code_points_.size(); }
  const std::set<char32_t>& code_points() const { return code_points_; }
  // Code points the font system cannot show (beyond U+FFFF).
  const std::set<char32_t>& unsupported() const { return unsupported_; }

 private:
  std::set<char32_t> code_points_;
  std::set<char32_t> unsupported_;
};

// The sizes of text the theme has (theme.h's Metrics), one ImFont each.
enum class FontRole { kBody, kHeading, kTitle, kDisplay };
constexpr int kFontRoles = 4;

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

// One face of a font file (or collection), mapped.
class FontFile {
 public:
  static Result<FontFile> Open(const std::string& path, int face_index);
  const unsigned char* data() const { return static_cast<const unsigned char*>(file_.data()); }
  size_t size() const { return file_.size(); }
  // Where the face's tables start within the file (stb_truetype's font offset).
  int face_offset() const { return face_offset_; }
  // ImGui size per em: ImGui sizes fonts by ascent-to-descent height (about 1.45 em for this font), the
  // theme by em.
  float em_to_size() const { return em_to_size_; }

 private:
  FontFile(MappedFile file, int face_offset, float em_to_size)
      : file_(std::move(file)), face_offset_(face_offset), em_to_size_(em_to_size) {}
  MappedFile file_;
  int face_offset_;
  float em_to_size_;
};

}  // namespace lk::ui
