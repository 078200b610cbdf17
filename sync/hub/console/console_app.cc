#include "sync/hub/console/console_app.h"

namespace lk::hub::console {
ConsoleApp::ConsoleApp(HubStore& hub, ConsoleOptions options, TemplateSet templates, Env* env)
    : hub_(hub), options_(std::move(options)), templates_(std::move(templates)),
      auth_(hub.Console(), options_.auth, env), env_(env),
      fallback_zone_(TimeZone::Load("Asia/Shanghai").value_or(TimeZone::FixedOffset("CST", 8 * 3600))) {}

void ConsoleApp::Render(PageCall& call, const std::string& name, nlohmann::json model, const std::string& nav) const {
  model["t"] = Texts(call.lang);
  model["lang"] = LanguageCode(call.lang);
  model["html_lang"] = call.lang == Language::kZh ? "zh-CN" : "en";
  model["other_lang"] = call.lang == Language::kZh ? "en" : "zh";
  model["nav_" + nav] = true;
  model["csrf"] = call.viewer.session.csrf_token;
  model["signed_in"] = !call.viewer.user.login.empty();
  model["viewer"] = {{"login", call.viewer.user.login},
                     {"role", Text(call.lang, std::string("role_") + RoleName(call.viewer.user.role))},
                     {"is_city", call.viewer.IsCity()}};
  auto html = templates_.Render(name, model);
  if (!html.ok()) {
    std::fprintf(stderr, "learning-hub: console: %s\n", html.status().message().c_str());
    call.res.status = 500;
    call.res.content_type = "text/plain; charset=utf-8";
    call.res.body = "internal error";
    return;
  }
  call.res.content_type = "text/html; charset=utf-8";
  call.res.body = std::move(*html);
}

void ConsoleApp::Refuse(PageCall& call, int status, const std::string& text_key, const std::string& detail) const {
  Render(call, "refused", {{"message", Text(call.lang, text_key)}, {"detail", detail}, {"status", status}}, "");
  if (call.res.status == 200) call.res.status = status;
}

void ConsoleApp::StoreError(PageCall& call, const Status& status) const {
  std::fprintf(stderr, "learning-hub: console %s: %s\n", call.req.path.c_str(), status.ToString().c_str());
  bool busy = status.code() == StatusCode::kUnavailable;
  call.res.status = busy ? 503 : 500;
  call.res.content_type = "text/plain; charset=utf-8";
  call.res.body = busy ? "the database is busy; try again in a moment" : "internal error";
  if (busy) call.res.set_header("Retry-After", "1");
}

void ConsoleApp::Redirect(HttpResponse& res, const std::string& location) {
  res.status = 303;
  res.set_header("Location", location);
  res.content_type = "text/plain; charset=utf-8";
}

void ConsoleApp::Json(HttpResponse& res, const nlohmann::json& body) {
  res.content_type = "application/json";
  res.body = body.dump();
}

Status ConsoleApp::Audit(const PageCall& call, const std::string& action, const std::string& target,
                         const std::string& detail) const {
  return auth_.Audit(call.viewer.user.login, action, target, detail, call.address);
}

Result<std::vector<CentreRow>> ConsoleApp::VisibleCentres(const Viewer& viewer) const {
  return store().ListCentres(viewer.Filter());
}

Result<std::optional<CentreRow>> ConsoleApp::VisibleCentre(const Viewer& viewer, const std::string& centre_id) const {
  LK_ASSIGN_OR_RETURN(std::vector<CentreRow> rows, store().ListCentres(CentreFilter::OneCentre(centre_id)));
  if (rows.empty() || !viewer.MaySee(rows.front())) return std::optional<CentreRow>{};
  return std::optional<CentreRow>{rows.front()};
}

const TimeZone& ConsoleApp::Zone(const std::string& name) const {
  auto zone = zones_.Get(name);
  return zone.ok() ? **zone : fallback_zone_;
}

std::string LocalizedName(const LocalizedText& text, Language lang) { return text.Get(lang); }

std::string MaskLearnerId(const std::string& id) {
  if (id.size() <= 4) return std::string(id.size(), '*');
  // Long ids (18-digit national id numbers) keep their last four, as bank cards do; short ones two.
  const size_t keep_back = id.size() >= 8 ? 4 : 2;
  return id.substr(0, 1) + std::string(id.size() - 1 - keep_back, '*') + id.substr(id.size() - keep_back);
}

}  // namespace lk::hub::console
