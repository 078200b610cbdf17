#include "sync/hub/console/form_data.h"

#include <microhttpd.h>

#include <string>

#include "kiosk/core/catalog_json.h"

namespace lk::hub::console {
namespace {

std::string Unescape(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '+') c = ' ';
  }
  out.resize(MHD_http_unescape(out.data()));
  std::erase(out, '\r');  // browsers send a textarea's lines as CRLF
  return out;
}

}  // namespace

std::map<std::string, std::string> ParseForm(std::string_view body) {
  std::map<std::string, std::string> form;
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t end = body.find('&', pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view pair = body.substr(pos, end - pos);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string name = Unescape(pair.substr(0, eq));
      std::string value = eq == std::string_view::npos ? "" : Unescape(pair.substr(eq + 1));
      if (IsCleanUtf8(name) && IsCleanUtf8(value)) form.emplace(std::move(name), std::move(value));
    }
    pos = end + 1;
  }
  return form;
}

std::string CookieValue(std::string_view header, std::string_view name) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = header.substr(pos, end - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    size_t eq = item.find('=');
    if (eq != std::string_view::npos && item.substr(0, eq) == name) return std::string(item.substr(eq + 1));
    pos = end + 1;
  }
  return "";
}

}  // namespace lk::hub::console
