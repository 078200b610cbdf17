// RecordPage: the learner's record to take home, GET /me/TOKEN on the hub's listener (sync/PROTOCOL.md §7),
// served only when `serve --public-url URL` says where phones reach the hub (the URL the kiosk's QR code
// carries). The kiosk gets the link in the learner summary (LinkFor); the token is a RecordLinks
// capability (record_link.h) that expires after `serve --record-link-hours` (24 by default).
//
// The page is mobile-first, Chinese first, large text: this year's hours (in the time zone of the centre
// whose kiosk made the link) per centre and per course, and the last 30 attendances with date and course;
// nothing else of the system (no ids, no links). An altered or expired token, and any other failure to
// open it, gets the same plain "link expired" page (404). Every page shown is counted per learner under
// RecordLinks::ViewKey (never the id in clear); nothing about the request is logged. Pages carry
// no-store, no-referrer and noindex. Requests pass the hub's in-flight gate and a per-address rate limit.
//
// Templates: me.mustache and me_expired.mustache in the console's templates directory (TemplateSet).
// Thread-safety: after Create, every method may be called from the server's threads at once.
// Ownership: borrows the store, which must outlive it.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "kiosk/core/env.h"
#include "kiosk/core/status.h"
#include "sync/hub/console/template_set.h"
#include "sync/hub/hub_store.h"
#include "sync/hub/http_server.h"
#include "sync/hub/rate_limiter.h"
#include "sync/hub/record_link.h"
#include "sync/hub/zone_cache.h"

namespace lk::hub::console {

struct RecordPageOptions {
  std::string public_url;         // "https://hub.example.cn" (no trailing slash needed)
  double link_hours = 24;         // how long a link opens the page
  std::string templates_dir;      // holds me.mustache and me_expired.mustache
};

class RecordPage {
 public:
  static constexpr int kRecentAttendances = 30;

  static Result<std::unique_ptr<RecordPage>> Create(HubStore& store, RecordPageOptions options, Env* env);

  // The page's URL for `learner_id`, as asked about by a kiosk of `centre_id`, valid from `now`.
  std::string LinkFor(const std::string& learner_id, const std::string& centre_id, TimeMs now) const;
  // GET /me/* behind `gate` (the server's in-flight admission); `address` names the client.
  HttpRoute Route(std::function<bool(HttpRequest&, HttpResponse&)> gate,
                  std::function<std::string(const HttpRequest&)> address);

 private:
  RecordPage(HubStore& store, RecordPageOptions options, Env* env, TemplateSet templates, RecordLinks links);
  void Handle(HttpRequest& req, HttpResponse& res);
  void Expired(HttpResponse& res) const;

  HubStore& store_;
  const RecordPageOptions options_;
  Env* const env_;
  const TemplateSet templates_;
  const RecordLinks links_;
  RateLimiter limiter_;  // per client address
  ZoneCache zones_;
};

}  // namespace lk::hub::console
