#include "sync/hub/console/record_page.h"

#include <cmath>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "kiosk/core/time_zone.h"
#include "sync/hub/report_writer.h"

namespace lk::hub::console {
namespace {

using nlohmann::json;

void NoTrace(HttpResponse& res) {
  res.set_header("Cache-Control", "no-store");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("X-Robots-Tag", "noindex");
  res.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
}

}  // namespace

Result<std::unique_ptr<RecordPage>> RecordPage::Create(HubStore& store, RecordPageOptions options, Env* env) {
  if (options.public_url.rfind("http://", 0) != 0 && options.public_url.rfind("https://", 0) != 0) {
    return Status::InvalidArgument("--public-url: expected http(s)://HOST[:PORT][/PATH], got \"" +
                                   options.public_url + "\"");
  }
  while (!options.public_url.empty() && options.public_url.back() == '/') options.public_url.pop_back();
  if (!(options.link_hours > 0)) return Status::InvalidArgument("--record-link-hours: must be more than 0");
  LK_ASSIGN_OR_RETURN(TemplateSet templates, TemplateSet::Load(options.templates_dir));
  LK_ASSIGN_OR_RETURN(RecordLinks links, RecordLinks::Open(store, env->WallNowMs()));
  return std::unique_ptr<RecordPage>(new RecordPage(store, std::move(options), env, std::move(templates),
                                                    std::move(links)));
}

RecordPage::RecordPage(HubStore& store, RecordPageOptions options, Env* env, TemplateSet templates, RecordLinks links)
    : store_(store),
      options_(std::move(options)),
      env_(env),
      templates_(std::move(templates)),
      links_(std::move(links)),
      limiter_(1.0, 30, env) {}

std::string RecordPage::LinkFor(const std::string& learner_id, const std::string& centre_id, TimeMs now) const {
  const TimeMs expires_at = now + TimeMs(std::llround(options_.link_hours * double(kMsPerHour)));
  return options_.public_url + "/me/" + links_.Issue({learner_id, centre_id, expires_at});
}

HttpRoute RecordPage::Route(std::function<bool(HttpRequest&, HttpResponse&)> gate,
                            std::function<std::string(const HttpRequest&)> address) {
  return {"GET", "/me/*", false,
          [this, gate = std::move(gate), address = std::move(address)](HttpRequest& req, HttpResponse& res) {
            if (!gate(req, res)) return false;
            if (int wait = limiter_.Acquire(address(req)); wait > 0) {
              res.status = 429;
              res.content_type = "text/plain; charset=utf-8";
              res.body = "请稍后再试 / Please try again in a moment.\n";
              res.set_header("Retry-After", std::to_string(wait));
              return false;
            }
            return true;
          },
          [this](HttpRequest& req, HttpResponse& res) { Handle(req, res); }};
}

void RecordPage::Expired(HttpResponse& res) const {
  auto page = templates_.Render("me_expired", json::object());
  res.status = 404;
  res.content_type = "text/html; charset=utf-8";
  res.body = page.ok() ? *page : "link expired\n";
  NoTrace(res);
}

void RecordPage::Handle(HttpRequest& req, HttpResponse& res) {
  const TimeMs now = env_->WallNowMs();
  auto claims = req.path_params.empty() ? std::nullopt : links_.Verify(req.path_params[0], now);
  if (!claims) return Expired(res);
  auto centre = store_.GetCentre(claims->centre_id);
  if (!centre.ok()) return Expired(res);
  auto zone = zones_.Get(centre->time_zone);
  if (!zone.ok()) return Expired(res);
  const int year = (*zone)->DateOf(now).year;
  auto record = store_.LearnerRecord(claims->learner_id, (*zone)->StartOfDay({year, 1, 1}),
                                     (*zone)->StartOfDay({year + 1, 1, 1}), kRecentAttendances);
  if (!record.ok()) {
    std::cerr << "learning-hub: a record page could not be read: " << record.status().ToString() << "\n";
    res.status = 503;
    res.content_type = "text/plain; charset=utf-8";
    res.body = "暂时无法显示，请稍后再试 / Not available just now; please try again later.\n";
    return;
  }
  if (Status counted = store_.CountRecordView(links_.ViewKey(claims->learner_id), now); !counted.ok()) {
    std::cerr << "learning-hub: a record page view was not counted: " << counted.ToString() << "\n";
  }

  json centres = json::array(), courses = json::array(), recent = json::array();
  double total = 0;
  int64_t checkins = 0;
  std::map<std::string, LocalizedText> centre_names;
  for (const auto& c : record->centres) {
    total += c.credit_hours;
    checkins += c.checkins;
    centre_names[c.centre_id] = c.centre_name;
    centres.push_back({{"name_zh", c.centre_name.zh}, {"name_en", c.centre_name.en},
                       {"hours", FormatHours(c.credit_hours)}, {"checkins", c.checkins}});
  }
  for (const auto& c : record->courses) {
    courses.push_back({{"title_zh", c.title.zh}, {"title_en", c.title.en}, {"centre_zh", centre_names[c.centre_id].zh},
                       {"hours", FormatHours(c.credit_hours)}, {"sessions", c.sessions}});
  }
  for (const auto& a : record->recent) {
    recent.push_back({{"date", (*zone)->DateOf(a.starts_at).ToString()}, {"title_zh", a.course_title.zh},
                      {"title_en", a.course_title.en}, {"centre_zh", a.centre_name.zh},
                      {"hours", FormatHours(a.credit_hours)}});
  }
  json model = {{"year", year},
                {"hours", FormatHours(total)},
                {"checkins", checkins},
                {"has_centres", !centres.empty()}, {"centres", centres},
                {"has_courses", !courses.empty()}, {"courses", courses},
                {"has_recent", !recent.empty()}, {"recent", recent},
                {"as_of", (*zone)->FormatDateTime(now)},
                {"expires", (*zone)->FormatDateTime(claims->expires_at)}};
  auto page = templates_.Render("me", model);
  if (!page.ok()) {
    std::cerr << "learning-hub: the record page template failed: " << page.status().ToString() << "\n";
    res.status = 500;
    res.content_type = "text/plain; charset=utf-8";
    res.body = "internal error\n";
    return;
  }
  res.status = 200;
  res.content_type = "text/html; charset=utf-8";
  res.body = std::move(*page);
  NoTrace(res);
}

}  // namespace lk::hub::console
