# Staff mode's core (kiosk/core/staff): PIN (libsodium Argon2id) with a persistent lockout, audited
# corrections and settings, CSV export. Included from kiosk/core/CMakeLists.txt after kiosk_core is defined.
target_sources(kiosk_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/staff_auth.cc
  ${CMAKE_CURRENT_LIST_DIR}/settings_store.cc
  ${CMAKE_CURRENT_LIST_DIR}/corrections.cc
  ${CMAKE_CURRENT_LIST_DIR}/csv_export.cc
  ${CMAKE_CURRENT_LIST_DIR}/staff_events.cc
  ${CMAKE_CURRENT_LIST_DIR}/sync_report.cc)
# Headers do not expose libsodium; a static library still carries the link dependency to its users.
target_link_libraries(kiosk_core PRIVATE PkgConfig::SODIUM)
