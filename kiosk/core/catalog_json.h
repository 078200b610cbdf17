// Reads and writes the catalogue JSON format (kiosk/core/CATALOG.md): the demo catalogue, files given to
// `kioskctl import-catalog` and `learning-hub import-catalog`, and the catalogue the hub serves.
//
// Parsing validates everything a kiosk relies on (unique ids, references, end after start, sizes, UTF-8)
// and reports the first problem with its JSON path, e.g. `catalog.json: sessions[3].course: unknown course
// "c-99"`. Stateless free functions: thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"

namespace lk {

constexpr int kCatalogFormat = 1;
constexpr size_t kMaxCatalogText = 4096;  // bytes per text field
constexpr TimeMs kMaxSessionLength = kMsPerDay;  // so a session running now started in the last day

// Parses `json`. Relative session times ("relative": {...}) are resolved against `load_time` in the
// centre's time zone; `source` names the input in error messages (a file name or "hub").
Result<Catalog> ParseCatalogJson(std::string_view json, TimeMs load_time, std::string_view source);
// Reads and parses a file.
Result<Catalog> LoadCatalogFile(const std::string& path, TimeMs load_time);
// Serializes with absolute times (RFC 3339, UTC); ParseCatalogJson reads it back to an equal Catalog.
std::string CatalogToJson(const Catalog& catalog);

// True when `text` is valid UTF-8 without NUL or other C0 controls except tab and newline.
bool IsCleanUtf8(std::string_view text);

}  // namespace lk
