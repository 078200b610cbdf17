// Devices (/console/devices): every kiosk the viewer may see with its last contact, queue, version,
// clock skew and state; revoking one (a confirm page, then a POST); issuing an enrolment code.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <tuple>

#include "sync/hub/console/console_pages.h"
#include "sync/protocol/protocol.h"
#include "sync/hub/console/form_data.h"
#include "sync/hub/console/page_util.h"
#include "sync/hub/credentials.h"

namespace lk::hub::console {
namespace {

constexpr size_t kDevicesPerPage = 100;

// The kiosk with this id among those the viewer may see.
Result<std::optional<DeviceInfo>> VisibleDevice(ConsoleApp& app, const Viewer& viewer, const std::string& id) {
  LK_ASSIGN_OR_RETURN(std::vector<DeviceInfo> devices, app.store().ListDevices(viewer.Filter()));
  for (DeviceInfo& d : devices) {
    if (d.device_id == id) return std::optional<DeviceInfo>{std::move(d)};
  }
  return std::optional<DeviceInfo>{};
}

}  // namespace

// GET /console/devices[?centre=ID][&show=attention][&page=N]: the visible kiosks (of one centre if asked),
// those needing attention first, then by centre and name; kDevicesPerPage to a page.
void DevicesPage(ConsoleApp& app, PageCall& call) {
  auto centres = app.VisibleCentres(call.viewer);
  if (!centres.ok()) return app.StoreError(call, centres.status());
  CentreFilter filter = call.viewer.Filter();
  const std::string only_centre = call.req.query_value("centre");
  if (!only_centre.empty()) {
    auto centre = app.VisibleCentre(call.viewer, only_centre);
    if (!centre.ok()) return app.StoreError(call, centre.status());
    if (!*centre) return app.Refuse(call, 403, "forbidden");
    filter.centre_id = only_centre;
  }
  const bool attention_only = call.req.query_value("show") == "attention";
  const int64_t page = std::max<int64_t>(1, std::atoll(call.req.query_value("page").c_str()));
  auto devices = app.store().ListDevices(filter);
  if (!devices.ok()) return app.StoreError(call, devices.status());

  std::map<std::string, const CentreRow*> by_id;
  for (const CentreRow& c : *centres) by_id[c.centre.id] = &c;
  const std::string newest = NewestVersion(*devices);
  struct Listed {
    const DeviceInfo* device;
    DeviceState state;
    int rank;  // 0 needs attention, 1 fine, 2 revoked
  };
  std::vector<Listed> listed;
  listed.reserve(devices->size());
  for (const DeviceInfo& d : *devices) {
    DeviceState state = AssessDevice(d, call.now, newest);
    if (attention_only && !state.needs_attention()) continue;
    listed.push_back({&d, state, state.needs_attention() ? 0 : state.revoked ? 2 : 1});
  }
  std::stable_sort(listed.begin(), listed.end(), [](const Listed& a, const Listed& b) {
    return std::tie(a.rank, a.device->centre_id, a.device->name) < std::tie(b.rank, b.device->centre_id, b.device->name);
  });

  const TimeZone& zone = app.Zone(centres->empty() ? "Asia/Shanghai" : centres->front().centre.time_zone);
  const size_t first = std::min(listed.size(), size_t(page - 1) * kDevicesPerPage);
  const size_t last = std::min(listed.size(), first + kDevicesPerPage);
  nlohmann::json rows = nlohmann::json::array();
  for (size_t k = first; k < last; ++k) {
    const DeviceInfo& d = *listed[k].device;
    nlohmann::json m = DeviceModel(d, listed[k].state, call.now, zone, call.lang);
    auto centre = by_id.find(d.centre_id);
    m["centre_name"] = centre == by_id.end() ? d.centre_id : LocalizedName(centre->second->centre.name, call.lang);
    m["revoke_url"] = "/console/devices/revoke?device=" + sync::UrlEncode(d.device_id);
    rows.push_back(std::move(m));
  }
  auto page_url = [&](int64_t n) {
    std::string url = "/console/devices?page=" + std::to_string(n);
    if (!only_centre.empty()) url += "&centre=" + sync::UrlEncode(only_centre);
    if (attention_only) url += "&show=attention";
    return url;
  };
  std::string range = Text(call.lang, "device_range");
  for (auto [key, value] : {std::pair{"{from}", listed.empty() ? 0 : first + 1}, std::pair{"{to}", last},
                            std::pair{"{total}", listed.size()}}) {
    range.replace(range.find(key), std::string(key).size(), std::to_string(value));
  }
  nlohmann::json model{{"devices", rows},
                       {"filter_centre", CentreChoice(*centres, only_centre, "filter-centre", true, call.lang)},
                       {"enroll_centre", CentreChoice(*centres, "", "enroll-centre", false, call.lang)},
                       {"has_devices", !rows.empty()},
                       {"attention_only", attention_only},
                       {"range", range},
                       {"prev_url", first > 0 ? nlohmann::json(page_url(page - 1)) : nullptr},
                       {"next_url", last < listed.size() ? nlohmann::json(page_url(page + 1)) : nullptr}};
  if (std::string done = call.req.query_value("revoked"); !done.empty()) model["revoked_done"] = done;
  app.Render(call, "devices", std::move(model), "devices");
}

void RevokeConfirmPage(ConsoleApp& app, PageCall& call) {
  auto device = VisibleDevice(app, call.viewer, call.req.query_value("device"));
  if (!device.ok()) return app.StoreError(call, device.status());
  if (!*device) return app.Refuse(call, 403, "forbidden");
  app.Render(call, "revoke", {{"device_id", (*device)->device_id}, {"name", (*device)->name}}, "devices");
}

void RevokeDevice(ConsoleApp& app, PageCall& call) {
  const std::string id = call.form["device"];
  auto device = VisibleDevice(app, call.viewer, id);
  if (!device.ok()) return app.StoreError(call, device.status());
  if (!*device) return app.Refuse(call, 403, "forbidden");
  if (call.form["confirm"] != "yes") return app.Refuse(call, 400, "bad_request", "confirm=yes missing");
  Status revoked = app.hub().RevokeDevice(id, call.now);
  if (!revoked.ok()) return app.StoreError(call, revoked);
  Status audited = app.Audit(call, "device.revoke", id, "kiosk of centre " + (*device)->centre_id + " revoked");
  if (!audited.ok()) return app.StoreError(call, audited);
  ConsoleApp::Redirect(call.res, "/console/devices?revoked=" + sync::UrlEncode(id));
}

void IssueEnrollCode(ConsoleApp& app, PageCall& call) {
  const std::string centre_id = call.form["centre"];
  auto centre = app.VisibleCentre(call.viewer, centre_id);
  if (!centre.ok()) return app.StoreError(call, centre.status());
  if (!*centre) return app.Refuse(call, 403, "forbidden");
  const std::string code = NewEnrollCode();
  const TimeMs expires = call.now + app.options().enroll_code_ms;
  Status added = app.hub().AddEnrollCode(centre_id, HashEnrollCode(code), call.now, expires);
  if (!added.ok()) return app.StoreError(call, added);
  Status audited = app.Audit(call, "device.enroll_code", centre_id, "one-time enrolment code issued");
  if (!audited.ok()) return app.StoreError(call, audited);
  const TimeZone& zone = app.Zone((*centre)->centre.time_zone);
  app.Render(call, "enroll_code",
             {{"code", code},
              {"expires", zone.FormatDateTime(expires)},
              {"centre_name", LocalizedName((*centre)->centre.name, call.lang)}},
             "devices");
}

}  // namespace lk::hub::console
