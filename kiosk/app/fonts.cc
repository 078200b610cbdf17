#include "kiosk/app/fonts.h"

#include <fcntl.h>
#include <stb_truetype.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
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

void GlyphSet::AddAll(const GlyphSet& other) {
  code_points_.insert(other.code_points_.begin(), other.code_points_.end());
  unsupported_.insert(other.unsupported_.begin(), other.unsupported_.end());
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

Result<FontFile> FontFile::Open(const std::string& path, int face_index) {
  LK_ASSIGN_OR_RETURN(MappedFile file, MappedFile::Open(path));
  const auto* bytes = static_cast<const unsigned char*>(file.data());
  int offset = stbtt_GetFontOffsetForIndex(bytes, face_index);
  stbtt_fontinfo info;
  if (offset < 0 || !stbtt_InitFont(&info, bytes, offset)) {
    return Status::InvalidArgument(path + ": no font face " + std::to_string(face_index));
  }
  // ImGui scales a font so that ascent - descent is its size; the theme's sizes are ems.
  float em_to_size = stbtt_ScaleForMappingEmToPixels(&info, 1) / stbtt_ScaleForPixelHeight(&info, 1);
  return FontFile(std::move(file), offset, em_to_size);
}

}  // namespace lk::ui
