# The hub console (sync/hub/console): server-rendered pages under /console/ on learning-hub's listener.
# Templates are mustache files rendered with Debian's header-only libkainjow-mustache-dev; Bootstrap 5
# and Chart.js are served from Debian's libjs-bootstrap5 and libjs-chart.js (the hub package depends
# on them); the templates and the console's own CSS/JS install to share/learning-hub/console.
find_path(KAINJOW_MUSTACHE_INCLUDE kainjow/mustache.hpp)
if(NOT KAINJOW_MUSTACHE_INCLUDE)
  message(FATAL_ERROR "kainjow/mustache.hpp not found: install libkainjow-mustache-dev (packaging/install-deps.sh)")
endif()
target_sources(hub_lib PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/audit_page.cc
  ${CMAKE_CURRENT_LIST_DIR}/catalogue_page.cc
  ${CMAKE_CURRENT_LIST_DIR}/centre_page.cc
  ${CMAKE_CURRENT_LIST_DIR}/console_app.cc
  ${CMAKE_CURRENT_LIST_DIR}/console_auth.cc
  ${CMAKE_CURRENT_LIST_DIR}/console_cli.cc
  ${CMAKE_CURRENT_LIST_DIR}/console_routes.cc
  ${CMAKE_CURRENT_LIST_DIR}/console_text.cc
  ${CMAKE_CURRENT_LIST_DIR}/daily_totals_cache.cc
  ${CMAKE_CURRENT_LIST_DIR}/devices_page.cc
  ${CMAKE_CURRENT_LIST_DIR}/export_page.cc
  ${CMAKE_CURRENT_LIST_DIR}/form_data.cc
  ${CMAKE_CURRENT_LIST_DIR}/page_util.cc
  ${CMAKE_CURRENT_LIST_DIR}/record_page.cc
  ${CMAKE_CURRENT_LIST_DIR}/template_set.cc
  ${CMAKE_CURRENT_LIST_DIR}/today_page.cc)
target_include_directories(hub_lib SYSTEM PRIVATE ${KAINJOW_MUSTACHE_INCLUDE})
install(DIRECTORY ${CMAKE_CURRENT_LIST_DIR}/templates ${CMAKE_CURRENT_LIST_DIR}/static
        DESTINATION share/learning-hub/console COMPONENT hub)
