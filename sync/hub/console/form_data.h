// Form and cookie decoding for the console: application/x-www-form-urlencoded bodies (the console's
// forms) and the Cookie header (links are encoded with sync::UrlEncode, protocol.h). Pure functions: thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace lk::hub::console {

// name -> value; '+' is a space and %XX escapes are decoded (libmicrohttpd's unescaper), CR dropped
// (textareas send CRLF). A repeated name keeps its first value. Names and values that are not valid UTF-8 are dropped.
std::map<std::string, std::string> ParseForm(std::string_view body);

// The value of cookie `name` in a Cookie header ("a=1; b=2"); "" when absent.
std::string CookieValue(std::string_view cookie_header, std::string_view name);

}  // namespace lk::hub::console
