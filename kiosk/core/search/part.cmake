# Course search (kiosk/core/search): the pinyin table and the search index (search_index.h, and the parts
# it wires: index_builder, matcher, field_sweep, ranking, match_explanation).
# Included from kiosk/core/CMakeLists.txt after kiosk_core is defined.

# Build-time reader of Unihan_Readings.txt and the generator of the compiled pinyin table. Independent of
# kiosk_core, which is built from the generator's output.
add_library(lk_unihan_readings STATIC ${CMAKE_CURRENT_LIST_DIR}/unihan_readings.cc)
target_include_directories(lk_unihan_readings PUBLIC ${PROJECT_SOURCE_DIR})
add_executable(lk_pinyin_table_gen ${CMAKE_CURRENT_LIST_DIR}/pinyin_table_gen.cc)
target_link_libraries(lk_pinyin_table_gen PRIVATE lk_unihan_readings)

set(LK_UNIHAN_READINGS "/usr/share/unicode/Unihan_Readings.txt.bz2" CACHE FILEPATH
    "bzip2-compressed Unihan_Readings.txt (Debian package unicode-data)")
if(NOT EXISTS "${LK_UNIHAN_READINGS}")
  message(FATAL_ERROR "${LK_UNIHAN_READINGS} not found: install the unicode-data package (packaging/install-deps.sh)")
endif()
find_program(LK_BZIP2 bzip2 REQUIRED)

set(LK_PINYIN_TABLE_SOURCE ${CMAKE_CURRENT_BINARY_DIR}/pinyin_table_data.cc)
add_custom_command(
  OUTPUT ${LK_PINYIN_TABLE_SOURCE}
  COMMAND sh -c "\"$0\" -dc \"$1\" | \"$2\" \"$3\""
          ${LK_BZIP2} ${LK_UNIHAN_READINGS} $<TARGET_FILE:lk_pinyin_table_gen> ${LK_PINYIN_TABLE_SOURCE}
  DEPENDS lk_pinyin_table_gen ${LK_UNIHAN_READINGS}
  COMMENT "Generating the pinyin table from ${LK_UNIHAN_READINGS}"
  VERBATIM)

target_sources(kiosk_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/field_sweep.cc
  ${CMAKE_CURRENT_LIST_DIR}/index_builder.cc
  ${CMAKE_CURRENT_LIST_DIR}/index_data.cc
  ${CMAKE_CURRENT_LIST_DIR}/match_explanation.cc
  ${CMAKE_CURRENT_LIST_DIR}/matcher.cc
  ${CMAKE_CURRENT_LIST_DIR}/normalized_query.cc
  ${CMAKE_CURRENT_LIST_DIR}/pinyin.cc
  ${CMAKE_CURRENT_LIST_DIR}/ranking.cc
  ${CMAKE_CURRENT_LIST_DIR}/search_index.cc
  ${LK_PINYIN_TABLE_SOURCE})
