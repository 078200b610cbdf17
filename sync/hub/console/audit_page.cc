// Audit log (/console/audit, city role): who did what, when, from where; filter by login, action
// prefix and dates; newest first, a page at a time.
#include "sync/hub/console/console_pages.h"
#include "sync/protocol/protocol.h"
#include "sync/hub/console/form_data.h"
#include "sync/hub/console/page_util.h"

namespace lk::hub::console {

void AuditPage(ConsoleApp& app, PageCall& call) {
  const TimeZone& zone = app.Zone("Asia/Shanghai");
  AuditFilter filter;
  filter.login = call.req.query_value("login");
  filter.action_prefix = call.req.query_value("action");
  filter.limit = 100;
  std::string from_text = call.req.query_value("from"), to_text = call.req.query_value("to");
  if (!from_text.empty() || !to_text.empty()) {
    LocalDate from, to;
    if (!PeriodFromQuery(call.req, zone, call.now, 1, &from, &to)) {
      return app.Refuse(call, 400, "bad_request", "from/to: expected YYYY-MM-DD");
    }
    filter.from = zone.StartOfDay(from);
    filter.to = zone.StartOfDay(AddDays(to, 1));
  }
  if (std::string before = call.req.query_value("before"); !before.empty()) {
    try {
      filter.before_id = std::stoll(before);
    } catch (const std::exception&) {
      return app.Refuse(call, 400, "bad_request", "before: expected a number");
    }
  }
  auto entries = app.store().ListAudit(filter);
  if (!entries.ok()) return app.StoreError(call, entries.status());
  nlohmann::json rows = nlohmann::json::array();
  for (const AuditEntry& e : *entries) {
    rows.push_back({{"at", zone.FormatDateTime(e.at)},
                    {"login", e.login.empty() ? Text(call.lang, "on_the_hub") : e.login},
                    {"action", e.action},
                    {"target", e.target},
                    {"detail", e.detail},
                    {"address", e.address}});
  }
  nlohmann::json model{{"entries", rows},
                       {"login", filter.login},
                       {"action", filter.action_prefix},
                       {"from", from_text},
                       {"to", to_text}};
  if (entries->size() == filter.limit) {
    model["older_url"] = "/console/audit?login=" + sync::UrlEncode(filter.login) + "&action=" +
                         sync::UrlEncode(filter.action_prefix) + "&from=" + sync::UrlEncode(from_text) + "&to=" +
                         sync::UrlEncode(to_text) + "&before=" + std::to_string(entries->back().id);
  }
  app.Render(call, "audit", std::move(model), "audit");
}

}  // namespace lk::hub::console
