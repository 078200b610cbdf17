// The console's words in Chinese (first) and English: one table, handed to every template as `t`
// ({{t.nav_today}}), and the language a request asked for. Pure: thread-safe.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "kiosk/core/domain.h"
#include "sync/hub/http_server.h"

namespace lk::hub::console {

// `?lang=zh|en` first, then the lk_lang cookie, then Accept-Language starting with "en"; else Chinese.
Language RequestLang(const HttpRequest& req);
// key -> text in `lang`, every key present in both languages.
const nlohmann::json& Texts(Language lang);
std::string Text(Language lang, const std::string& key);

}  // namespace lk::hub::console
