#include "sync/hub/console/console_routes.h"

#include <fstream>
#include <sstream>

#include "sync/hub/console/console_pages.h"
#include "sync/protocol/protocol.h"
#include "sync/hub/console/form_data.h"
#include "sync/hub/credentials.h"

namespace lk::hub::console {
namespace {

constexpr const char* kSessionCookie = "lk_session";
constexpr const char* kLoginCsrfCookie = "lk_login_csrf";

using Handler = void (*)(ConsoleApp&, PageCall&);

enum class Reply { kPage, kFragment };  // a fragment (polled, or fetched by script) gets 401, not a redirect

struct PageRoute {
  const char* method;
  const char* pattern;
  Handler handle;
  bool city_only = false;
  Reply reply = Reply::kPage;
};

// Every page, once.
const PageRoute kPages[] = {
    {"GET", "/console/", TodayPage},
    {"GET", "/console/live/today", TodayLive, false, Reply::kFragment},
    {"GET", "/console/centre/*", CentrePage},
    {"GET", "/console/live/centre/*", CentreLive, false, Reply::kFragment},
    {"POST", "/console/reveal", RevealLearner, false, Reply::kFragment},
    {"GET", "/console/devices", DevicesPage},
    {"GET", "/console/devices/revoke", RevokeConfirmPage},
    {"POST", "/console/devices/revoke", RevokeDevice},
    {"POST", "/console/devices/enroll-code", IssueEnrollCode},
    {"GET", "/console/catalogue", CataloguePage},
    {"POST", "/console/catalogue/preview", CataloguePreview},
    {"POST", "/console/catalogue/apply", CatalogueApply},
    {"GET", "/console/export", ExportPage},
    {"GET", "/console/export.csv", ExportCsv},
    {"GET", "/console/audit", AuditPage, true},
};

struct StaticFile {
  const char* name;       // under /console/static/
  const char* root;       // "js": the javascript dir; "console": the console's static dir
  const char* path;
  const char* type;
};

const StaticFile kStaticFiles[] = {
    {"bootstrap.min.css", "js", "bootstrap5/css/bootstrap.min.css", "text/css; charset=utf-8"},
    {"bootstrap.bundle.min.js", "js", "bootstrap5/js/bootstrap.bundle.min.js", "text/javascript; charset=utf-8"},
    {"chart.min.js", "js", "chart.js/chart.min.js", "text/javascript; charset=utf-8"},
    {"console.css", "console", "static/console.css", "text/css; charset=utf-8"},
    {"console.js", "console", "static/console.js", "text/javascript; charset=utf-8"},
};

Result<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument("console: cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void SecurityHeaders(HttpResponse& res) {
  res.set_header("Cache-Control", "no-store");
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                 "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "same-origin");
}

std::string Cookie(const std::string& name, const std::string& value, TimeMs max_age_ms, bool secure) {
  return name + "=" + value + "; Path=/console; HttpOnly; SameSite=Strict; Max-Age=" +
         std::to_string(max_age_ms / 1000) + (secure ? "; Secure" : "");
}

// Where to go after login: only a console path (no open redirect).
std::string SafeNext(const std::string& next) {
  if (next.rfind("/console/", 0) == 0 && next.find("//", 1) == std::string::npos && next.find('\\') == std::string::npos) {
    return next;
  }
  return "/console/";
}

const Viewer& NoViewer() {
  static const Viewer none;
  return none;
}

}  // namespace

Result<std::unique_ptr<Console>> Console::Create(HubStore& hub, ConsoleOptions options, Env* env) {
  LK_ASSIGN_OR_RETURN(TemplateSet templates, TemplateSet::Load(options.dir + "/templates"));
  std::map<std::string, StaticContent> files;
  for (const StaticFile& f : kStaticFiles) {
    std::string root = std::string(f.root) == "js" ? options.javascript_dir : options.dir;
    files[f.name].type = f.type;
    LK_ASSIGN_OR_RETURN(files[f.name].body, ReadWhole(root + "/" + f.path));
  }
  return std::unique_ptr<Console>(new Console(hub, std::move(options), std::move(templates), std::move(files), env));
}

Console::Console(HubStore& hub, ConsoleOptions options, TemplateSet templates,
                 std::map<std::string, StaticContent> files, Env* env)
    : app_(hub, std::move(options), std::move(templates), env), static_files_(std::move(files)) {}

std::vector<HttpRoute> Console::Routes(std::function<bool(HttpRequest&, HttpResponse&)> admit,
                                       std::function<std::string(const HttpRequest&)> client_address) {
  std::vector<HttpRoute> routes;
  const bool secure = app_.options().secure_cookies;
  const TimeMs session_ms = app_.options().auth.session_ms;

  // The language a link asked for sticks (a cookie), so one click switches every page.
  auto remember_lang = [secure](const HttpRequest& req, HttpResponse& res) {
    std::string asked = req.query_value("lang");
    if (asked == "zh" || asked == "en") res.set_header("Set-Cookie", Cookie("lk_lang", asked, 365 * kMsPerDay, secure));
  };

  for (const PageRoute& page : kPages) {
    const bool post = std::string(page.method) == "POST";
    routes.push_back(HttpRoute{page.method, page.pattern, post, admit,
                               [this, page, post, client_address, remember_lang](HttpRequest& req, HttpResponse& res) {
      SecurityHeaders(res);
      remember_lang(req, res);
      auto viewer = app_.auth().Resolve(CookieValue(req.header("cookie"), kSessionCookie));
      PageCall call{req, res, NoViewer(), RequestLang(req), app_.env()->WallNowMs(), {}, client_address(req)};
      if (!viewer.ok()) return app_.StoreError(call, viewer.status());
      if (!*viewer) {
        if (page.reply == Reply::kFragment || post) {
          res.status = 401;
          return ConsoleApp::Json(res, {{"error", "not logged in"}});
        }
        std::string target = req.path;
        if (!req.query.empty()) {
          std::string query;
          for (const auto& [k, v] : req.query) query += (query.empty() ? "?" : "&") + sync::UrlEncode(k) + "=" + sync::UrlEncode(v);
          target += query;
        }
        return ConsoleApp::Redirect(res, "/console/login?next=" + sync::UrlEncode(target));
      }
      PageCall signed_in{req, res, **viewer, call.lang, call.now, {}, call.address};
      if (post) {
        signed_in.form = ParseForm(req.body);
        std::string token = signed_in.form.count("csrf") ? signed_in.form["csrf"] : req.header("x-csrf-token");
        if (token.empty() || !ConstantTimeEquals(token, (*viewer)->session.csrf_token)) {
          return app_.Refuse(signed_in, 403, "session_expired", "CSRF token missing or wrong");
        }
      }
      if (page.city_only && !(*viewer)->IsCity()) return app_.Refuse(signed_in, 403, "forbidden");
      page.handle(app_, signed_in);
    }});
  }

  routes.push_back(HttpRoute{"GET", "/console", false, admit, [](HttpRequest&, HttpResponse& res) {
    ConsoleApp::Redirect(res, "/console/");
  }});

  routes.push_back(HttpRoute{"GET", "/console/login", false, admit,
                             [this, secure, client_address, remember_lang](HttpRequest& req, HttpResponse& res) {
    SecurityHeaders(res);
    remember_lang(req, res);
    PageCall call{req, res, NoViewer(), RequestLang(req), app_.env()->WallNowMs(), {}, client_address(req)};
    const std::string csrf = NewToken();
    res.set_header("Set-Cookie", Cookie(kLoginCsrfCookie, csrf, kMsPerHour, secure));
    app_.Render(call, "login", {{"login_csrf", csrf}, {"next", SafeNext(req.query_value("next"))}}, "");
  }});

  routes.push_back(HttpRoute{"POST", "/console/login", true, admit,
                             [this, secure, session_ms, client_address](HttpRequest& req, HttpResponse& res) {
    SecurityHeaders(res);
    PageCall call{req, res, NoViewer(), RequestLang(req), app_.env()->WallNowMs(), ParseForm(req.body),
                  client_address(req)};
    // Login CSRF: the form's token must match the cookie set with the form (double submit).
    const std::string cookie = CookieValue(req.header("cookie"), kLoginCsrfCookie);
    if (cookie.empty() || !ConstantTimeEquals(cookie, call.form["login_csrf"])) {
      return app_.Refuse(call, 403, "session_expired", "login form token missing or wrong");
    }
    auto result = app_.auth().Login(call.form["login"], call.form["password"], call.address);
    if (!result.ok()) return app_.StoreError(call, result.status());
    if (result->outcome == LoginOutcome::kOk) {
      res.set_header("Set-Cookie", Cookie(kSessionCookie, result->token, session_ms, secure));
      return ConsoleApp::Redirect(res, SafeNext(call.form["next"]));
    }
    nlohmann::json model{{"login_csrf", cookie}, {"next", SafeNext(call.form["next"])}, {"login", call.form["login"]}};
    if (result->outcome == LoginOutcome::kLocked) {
      res.status = 429;
      model["locked_until"] = app_.Zone("Asia/Shanghai").FormatDateTime(result->locked_until);
    } else {
      res.status = 401;
      model["failed"] = true;
      if (result->attempts_left > 0) model["attempts_left"] = result->attempts_left;
    }
    app_.Render(call, "login", std::move(model), "");
  }});

  routes.push_back(HttpRoute{"POST", "/console/logout", true, admit,
                             [this, secure, client_address](HttpRequest& req, HttpResponse& res) {
    SecurityHeaders(res);
    auto viewer = app_.auth().Resolve(CookieValue(req.header("cookie"), kSessionCookie));
    PageCall call{req, res, NoViewer(), RequestLang(req), app_.env()->WallNowMs(), ParseForm(req.body),
                  client_address(req)};
    if (!viewer.ok()) return app_.StoreError(call, viewer.status());
    if (*viewer) {
      if (!ConstantTimeEquals(call.form["csrf"], (*viewer)->session.csrf_token)) {
        return app_.Refuse(call, 403, "session_expired", "CSRF token missing or wrong");
      }
      Status out = app_.auth().Logout(**viewer, call.address);
      if (!out.ok()) return app_.StoreError(call, out);
    }
    res.set_header("Set-Cookie", Cookie(kSessionCookie, "", 0, secure));
    ConsoleApp::Redirect(res, "/console/login");
  }});

  routes.push_back(HttpRoute{"GET", "/console/static/*", false, admit, [this](HttpRequest& req, HttpResponse& res) {
    auto it = static_files_.find(req.path_params.at(0));
    if (it == static_files_.end()) {
      res.status = 404;
      res.content_type = "text/plain; charset=utf-8";
      res.body = "no such file";
      return;
    }
    res.content_type = it->second.type;
    res.set_header("Cache-Control", "public, max-age=3600");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.body = it->second.body;
  }});
  return routes;
}

}  // namespace lk::hub::console
