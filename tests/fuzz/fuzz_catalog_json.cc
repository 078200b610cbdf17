// Catalogue parser (kiosk/core/catalog_json.h): any bytes are either refused with kInvalidArgument or
// give a catalogue whose serialization parses back to the same serialization (a fixed point), with
// every text clean UTF-8 within the size limit.
#include "kiosk/core/catalog_json.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const lk::TimeMs kLoad = 1795900000000;  // 2026-11-29
  auto catalog = lk::ParseCatalogJson(AsView(data, size), kLoad, "fuzz");
  if (!catalog.ok()) {
    LK_FUZZ_CHECK(catalog.status().code() == lk::StatusCode::kInvalidArgument, "code %d: %s",
                  int(catalog.status().code()), catalog.status().message().c_str());
    LK_FUZZ_CHECK(!catalog.status().message().empty(), "an error without a message");
    return 0;
  }
  for (const auto& course : catalog->courses) {
    LK_FUZZ_CHECK(lk::IsCleanUtf8(course.title.zh) && lk::IsCleanUtf8(course.title.en), "unclean title");
    LK_FUZZ_CHECK(course.title.zh.size() <= lk::kMaxCatalogText, "title over the limit");
  }
  std::string once = lk::CatalogToJson(*catalog);
  auto again = lk::ParseCatalogJson(once, kLoad, "fuzz-roundtrip");
  LK_FUZZ_CHECK(again.ok(), "its own serialization is refused: %s", again.status().ToString().c_str());
  LK_FUZZ_CHECK(lk::CatalogToJson(*again) == once, "serialization is not a fixed point");
  return 0;
}
