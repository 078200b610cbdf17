// Console: the hub console's routes under /console/ on learning-hub's own listener (so its TLS, limits
// and replicas apply): the pages of console_pages.h behind login, the login and logout forms, the live
// fragments the pages poll, and the static files (Bootstrap 5 and Chart.js from Debian's libjs-*
// packages, the console's own CSS and JS), all read once at start-up.
//
// Every page request: the session cookie is resolved to a viewer (none: the login page, or 401 for a
// fragment); a POST must carry the session's CSRF token (form field `csrf` or header X-CSRF-Token);
// pages for the city role only refuse others with 403. Responses are never cached and carry a strict
// Content-Security-Policy (no inline script or style), X-Frame-Options DENY and nosniff.
//
// Thread-safety: immutable after Create; handlers run on the server's threads at once. Borrows the
// store and env, which must outlive it.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/core/status.h"
#include "sync/hub/console/console_app.h"
#include "sync/hub/http_server.h"

namespace lk::hub::console {

class Console {
 public:
  // Loads templates and static files; errors name the file that is missing or broken.
  static Result<std::unique_ptr<Console>> Create(HubStore& hub, ConsoleOptions options, Env* env);

  // The routes. `admit` runs first on each (the server's in-flight gate); `client_address` names the
  // client for the audit log (the server knows its trusted proxies).
  std::vector<HttpRoute> Routes(std::function<bool(HttpRequest&, HttpResponse&)> admit,
                                std::function<std::string(const HttpRequest&)> client_address);

 private:
  struct StaticContent {
    std::string type;
    std::string body;
  };
  Console(HubStore& hub, ConsoleOptions options, TemplateSet templates, std::map<std::string, StaticContent> files,
          Env* env);

  ConsoleApp app_;
  std::map<std::string, StaticContent> static_files_;  // by name under /console/static/
};

}  // namespace lk::hub::console
