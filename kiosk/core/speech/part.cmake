# Read-aloud (kiosk/core/speech): the tone-numbered phrase dictionary and pinyin_reader (in kiosk_core), and
# the espeak-ng synthesiser (its own library, kiosk_speech, so that only the kiosk and kioskctl link
# libespeak-ng). Included from kiosk/core/CMakeLists.txt after kiosk_core and search/part.cmake (whose
# lk_unihan_readings, LK_UNIHAN_READINGS and LK_BZIP2 it reuses).

add_executable(lk_speech_dict_gen ${CMAKE_CURRENT_LIST_DIR}/speech_dict_gen.cc)
target_link_libraries(lk_speech_dict_gen PRIVATE lk_unihan_readings)

set(LK_UNIHAN_VARIANTS "/usr/share/unicode/Unihan_Variants.txt.bz2" CACHE FILEPATH
    "bzip2-compressed Unihan_Variants.txt (Debian package unicode-data)")
set(LK_TERRA_PINYIN_DICT "/usr/share/rime-data/terra_pinyin.dict.yaml" CACHE FILEPATH
    "Rime's terra_pinyin dictionary, with tones (Debian package rime-data-terra-pinyin)")
set(LK_PINYIN_SIMP_DICT "/usr/share/rime-data/pinyin_simp.dict.yaml" CACHE FILEPATH
    "Rime's pinyin_simp dictionary, simplified words with weights (Debian package rime-data-pinyin-simp)")
foreach(input LK_UNIHAN_VARIANTS LK_TERRA_PINYIN_DICT LK_PINYIN_SIMP_DICT)
  if(NOT EXISTS "${${input}}")
    message(FATAL_ERROR "${${input}} not found: install unicode-data, rime-data-terra-pinyin and "
                        "rime-data-pinyin-simp (packaging/install-deps.sh)")
  endif()
endforeach()

set(LK_PHRASE_TABLE_SOURCE ${CMAKE_CURRENT_BINARY_DIR}/speech_dict_data.cc)
add_custom_command(
  OUTPUT ${LK_PHRASE_TABLE_SOURCE}
  COMMAND sh -c "\"$0\" -dc \"$1\" \"$2\" | \"$3\" \"$4\" \"$5\" \"$6\""
          ${LK_BZIP2} ${LK_UNIHAN_READINGS} ${LK_UNIHAN_VARIANTS} $<TARGET_FILE:lk_speech_dict_gen>
          ${LK_TERRA_PINYIN_DICT} ${LK_PINYIN_SIMP_DICT} ${LK_PHRASE_TABLE_SOURCE}
  DEPENDS lk_speech_dict_gen ${LK_UNIHAN_READINGS} ${LK_UNIHAN_VARIANTS} ${LK_TERRA_PINYIN_DICT}
          ${LK_PINYIN_SIMP_DICT}
  COMMENT "Generating the read-aloud phrase dictionary from terra_pinyin, pinyin_simp and Unihan"
  VERBATIM)

target_sources(kiosk_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/pinyin_reader.cc
  ${LK_PHRASE_TABLE_SOURCE})

# The espeak-ng synthesiser (speech_synth.h).
pkg_check_modules(ESPEAK_NG REQUIRED IMPORTED_TARGET espeak-ng)
add_library(kiosk_speech STATIC ${CMAKE_CURRENT_LIST_DIR}/speech_synth.cc)
target_link_libraries(kiosk_speech PUBLIC kiosk_core PRIVATE PkgConfig::ESPEAK_NG)
