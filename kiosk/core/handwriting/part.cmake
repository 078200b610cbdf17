# Handwriting input (kiosk/core/handwriting): strokes and their JSON form, and the recogniser over zinnia
# (Debian libzinnia-dev; the model comes from tegaki-zinnia-simplified-chinese and is found at run time).
# Included from kiosk/core/CMakeLists.txt after kiosk_core is defined.
pkg_check_modules(ZINNIA REQUIRED IMPORTED_TARGET zinnia)
target_sources(kiosk_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/recognizer.cc
  ${CMAKE_CURRENT_LIST_DIR}/strokes.cc)
# Headers do not expose zinnia; a static library still carries the link dependency to its users.
target_link_libraries(kiosk_core PRIVATE PkgConfig::ZINNIA)
