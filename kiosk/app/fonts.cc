#include "kiosk/app/fonts.h"

#include <fcntl.h>
#include <stb_truetype.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <utility>

#include "kiosk/core/utf8.h"

namespace lk::ui {

std::vector<char32_t> DecodeUtf8(std::string_view text) {
  std::vector<char32_t> out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) out.push_back(utf8::NextCodePointOrReplacement(text, &pos));
  return out;
}

void GlyphSet::AddUtf8(std::string_view text) {
  for (char32_t cp : DecodeUtf8(text)) Add(cp);
}

void GlyphSet::Add(char32_t code_point) {
  if (code_point < 0x20) return;  // tab, newline: never drawn as glyphs
  if (code_point > IM_UNICODE_CODEPOINT_MAX) {
    unsupported_.insert(code_point);
    return;
  }
  code_points_.insert(code_point);
}

bool GlyphSet::ContainsAll(const GlyphSet& other) const {
  for (char32_t cp : other.code_points_) {
    if (!code_points_.contains(cp)) return false;
  }
  return true;
}

Result<MappedFile> MappedFile::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::NotFound("cannot open " + path + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || st.st_size <= 0) {
    ::close(fd);
    return Status::IoError("cannot read " + path);
  }
  void* data = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (data == MAP_FAILED) return Status::IoError("cannot map " + path + ": " + std::strerror(errno));
  return MappedFile(data, static_cast<size_t>(st.st_size));
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    if (data_) ::munmap(data_, size_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

MappedFile::~MappedFile() {
  if (data_) ::munmap(data_, size_);
}

Result<FontSet> FontSet::Open(const std::string& path, int face_index) {
  LK_ASSIGN_OR_RETURN(MappedFile file, MappedFile::Open(path));
  const auto* bytes = static_cast<const unsigned char*>(file.data());
  int offset = stbtt_GetFontOffsetForIndex(bytes, face_index);
  stbtt_fontinfo info;
  if (offset < 0 || !stbtt_InitFont(&info, bytes, offset)) {
    return Status::InvalidArgument(path + ": no font face " + std::to_string(face_index));
  }
  // ImGui scales a font so that ascent - descent is its size; the theme's sizes are ems.
  float em_to_size = stbtt_ScaleForMappingEmToPixels(&info, 1) / stbtt_ScaleForPixelHeight(&info, 1);
  return FontSet(std::move(file), face_index, em_to_size);
}

float FontSet::SizeOf(FontRole role) const {
  switch (role) {
    case FontRole::kBody:
      return built_metrics_.body * em_to_size_;
    case FontRole::kHeading:
      return built_metrics_.heading * em_to_size_;
    case FontRole::kTitle:
      return built_metrics_.title * em_to_size_;
    case FontRole::kDisplay:
      return built_metrics_.display * em_to_size_;
  }
  return built_metrics_.body * em_to_size_;
}

namespace {

// The builder's ranges in a std::vector: ImVector's copy passes a null pointer to memcpy when empty, so
// a FontSet holding ImVectors could not be moved under UBSan.
std::vector<ImWchar> RangesOf(ImFontGlyphRangesBuilder& builder) {
  ImVector<ImWchar> ranges;
  builder.BuildRanges(&ranges);
  return std::vector<ImWchar>(ranges.begin(), ranges.end());
}

}  // namespace

Status FontSet::Build(ImFontAtlas* atlas, const Metrics& metrics, const GlyphSet& text) {
  atlas->Clear();
  atlas->Flags |= ImFontAtlasFlags_NoMouseCursors | ImFontAtlasFlags_NoPowerOfTwoHeight;

  ImFontGlyphRangesBuilder text_builder;
  text_builder.AddRanges(atlas->GetGlyphRangesDefault());  // Basic Latin and Latin-1
  for (char32_t cp : text.code_points()) text_builder.AddChar(static_cast<ImWchar>(cp));
  text_builder.AddChar(0x2026);  // the ellipsis ImGui uses when it must cut a text
  text_ranges_ = RangesOf(text_builder);

  ImFontGlyphRangesBuilder body_builder = text_builder;
  body_builder.AddRanges(atlas->GetGlyphRangesChineseSimplifiedCommon());
  body_ranges_ = RangesOf(body_builder);

  ImFontGlyphRangesBuilder display_builder;
  display_builder.AddText("0123456789:");
  display_ranges_ = RangesOf(display_builder);

  struct RoleSpec {
    FontRole role;
    float size;
    const ImWchar* ranges;
  };
  const RoleSpec specs[] = {
      {FontRole::kBody, metrics.body * em_to_size_, body_ranges_.data()},
      {FontRole::kHeading, metrics.heading * em_to_size_, text_ranges_.data()},
      {FontRole::kTitle, metrics.title * em_to_size_, text_ranges_.data()},
      {FontRole::kDisplay, metrics.display * em_to_size_, display_ranges_.data()},
  };
  for (const RoleSpec& spec : specs) {
    ImFontConfig config;
    config.FontNo = face_;
    config.FontDataOwnedByAtlas = false;  // ImGui copies it (App::BuildFonts frees the copies after the upload)
    // CJK glyphs gain nothing from horizontal oversampling, and it would triple the atlas.
    config.OversampleH = 1;
    config.OversampleV = 1;
    config.PixelSnapH = true;
    ImFont* font = atlas->AddFontFromMemoryTTF(const_cast<void*>(file_.data()), static_cast<int>(file_.size()),
                                               spec.size, &config, spec.ranges);
    if (!font) return Status::Internal("cannot load the font face");
    fonts_[static_cast<int>(spec.role)] = font;
  }
  if (!atlas->Build()) return Status::Internal("cannot build the font atlas");
  built_ = text;
  built_metrics_ = metrics;
  return Status::Ok();
}

}  // namespace lk::ui
