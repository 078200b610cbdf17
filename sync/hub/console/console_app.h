// ConsoleApp: what every console page shares: the stores, the login rules, the templates, the clock,
// and the helpers that render a page in the viewer's language, refuse, redirect and audit. Pages
// (console_pages.h) are free functions over a ConsoleApp and one PageCall.
//
// Thread-safety: immutable after construction but for its caches (zones, daily totals), which lock;
// the stores are thread-safe. Borrows the stores and env.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/core/env.h"
#include "kiosk/core/time_zone.h"
#include "sync/hub/console/console_auth.h"
#include "sync/hub/console/console_text.h"
#include "sync/hub/console/daily_totals_cache.h"
#include "sync/hub/console/template_set.h"
#include "sync/hub/console_store.h"
#include "sync/hub/hub_store.h"
#include "sync/hub/http_server.h"
#include "sync/hub/zone_cache.h"

namespace lk::hub::console {

struct ConsoleOptions {
  // templates/ and static/ (installed by the learning-hub package).
  std::string dir = "/usr/share/learning-hub/console";
  // Debian's libjs-bootstrap5 and libjs-chart.js put their files here.
  std::string javascript_dir = "/usr/share/javascript";
  ConsoleAuthOptions auth;
  bool secure_cookies = false;  // Secure cookie flag: set when serving TLS
  TimeMs tombstone_retention_ms = 30 * kMsPerDay;  // for catalogue uploads, as import-catalog's default
  TimeMs enroll_code_ms = 24 * kMsPerHour;
};

// One request to a page, with who asks and in which language.
struct PageCall {
  HttpRequest& req;
  HttpResponse& res;
  const Viewer& viewer;
  Language lang;
  TimeMs now;
  std::map<std::string, std::string> form;  // a POST's fields (CSRF already checked)
  std::string address;                      // the client's address (for the audit log)
};

class ConsoleApp {
 public:
  ConsoleApp(HubStore& hub, ConsoleOptions options, TemplateSet templates, Env* env);

  HubStore& hub() const { return hub_; }
  ConsoleStore& store() const { return hub_.Console(); }
  ConsoleAuth& auth() { return auth_; }
  const ConsoleOptions& options() const { return options_; }
  Env* env() const { return env_; }

  // Renders template `name` inside the layout, with `model` plus t (texts), lang, viewer, csrf and nav.
  void Render(PageCall& call, const std::string& name, nlohmann::json model, const std::string& nav) const;
  // A plain page for a refusal: 400, 403, 404 (the text key names the message).
  void Refuse(PageCall& call, int status, const std::string& text_key, const std::string& detail = "") const;
  void StoreError(PageCall& call, const Status& status) const;
  static void Redirect(HttpResponse& res, const std::string& location);
  static void Json(HttpResponse& res, const nlohmann::json& body);
  Status Audit(const PageCall& call, const std::string& action, const std::string& target,
               const std::string& detail) const;

  // The centres the viewer may see (by id).
  Result<std::vector<CentreRow>> VisibleCentres(const Viewer& viewer) const;
  // The centre, if it exists and the viewer may see it.
  Result<std::optional<CentreRow>> VisibleCentre(const Viewer& viewer, const std::string& centre_id) const;
  // A centre's zone (cached; Asia/Shanghai when the name does not load).
  const TimeZone& Zone(const std::string& name) const;
  DailyTotalsCache& daily_totals() const { return daily_totals_; }

 private:
  HubStore& hub_;
  ConsoleOptions options_;
  TemplateSet templates_;
  ConsoleAuth auth_;
  Env* env_;
  mutable ZoneCache zones_;
  mutable DailyTotalsCache daily_totals_;
  TimeZone fallback_zone_;
};

// Formats for the pages.
std::string LocalizedName(const LocalizedText& text, Language lang);
// "L****0021": enough to tell learners on one roster apart, not enough to identify one.
std::string MaskLearnerId(const std::string& id);

}  // namespace lk::hub::console
