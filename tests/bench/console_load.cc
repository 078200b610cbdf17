#include "tests/bench/console_load.h"

#include <httplib.h>

#include <chrono>

#include "kiosk/core/secret_hash.h"
#include "sync/hub/console_store.h"

namespace lk::bench {
namespace {

constexpr int kDistricts = 16;
constexpr const char* kPassword = "benchmark password";

std::string DistrictOf(size_t centre_index) { return "district-" + std::to_string(centre_index % kDistricts); }

std::string CookieFrom(const httplib::Result& res, const std::string& name) {
  if (!res) return "";
  for (const auto& [key, value] : res->headers) {
    if (key == "Set-Cookie" && value.rfind(name + "=", 0) == 0) return value.substr(0, value.find(';'));
  }
  return "";
}

// Logs in; the session cookie ("lk_session=...").
Result<std::string> Login(httplib::Client& client, const std::string& login) {
  auto form = client.Get("/console/login");
  std::string csrf_cookie = CookieFrom(form, "lk_login_csrf");
  if (csrf_cookie.empty()) return Status::Unavailable("GET /console/login gave no login token");
  std::string token = csrf_cookie.substr(csrf_cookie.find('=') + 1);
  auto res = client.Post("/console/login", {{"Cookie", csrf_cookie}},
                         "login_csrf=" + token + "&login=" + login + "&password=benchmark+password",
                         "application/x-www-form-urlencoded");
  std::string session = CookieFrom(res, "lk_session");
  if (session.empty()) return Status::Unavailable("login as " + login + " failed: " + (res ? std::to_string(res->status) : "no answer"));
  return session;
}

}  // namespace

Result<ConsoleTimes> MeasureConsole(const std::vector<KioskEndpoint>& endpoints, hub::HubStore& store,
                                    const CityFacts& facts, int requests_per_page, std::mt19937_64& rng) {
  hub::ConsoleStore& console = store.Console();
  for (size_t i = 0; i < facts.centres.size(); ++i) {
    LK_RETURN_IF_ERROR(console.SetCentreDistrict(facts.centres[i].id, DistrictOf(i)));
  }
  LK_ASSIGN_OR_RETURN(std::string hash, HashSecret(kPassword));
  const std::string busiest = [&] {
    size_t best = 0;
    for (size_t i = 0; i < facts.centres.size(); ++i) {
      if (facts.centres[i].records > facts.centres[best].records) best = i;
    }
    return facts.centres[best].id;
  }();
  struct Role {
    const char* name;
    hub::ConsoleUser user;
  };
  std::vector<Role> roles = {
      {"city", {"bench-city", hub::ConsoleRole::kCity, "", "", false, 0}},
      {"district", {"bench-district", hub::ConsoleRole::kDistrict, DistrictOf(0), "", false, 0}},
      {"centre", {"bench-centre", hub::ConsoleRole::kCentre, "", busiest, false, 0}},
  };
  for (const Role& r : roles) {
    Status added = console.AddUser(r.user, hash, 0);
    if (!added.ok() && added.code() != StatusCode::kAlreadyExists) return added;
  }

  ConsoleTimes times;
  std::uniform_int_distribution<size_t> pick_centre(0, facts.centres.size() - 1);
  for (const Role& r : roles) {
    httplib::Client client(endpoints.front().host, endpoints.front().port);
    client.set_read_timeout(60, 0);
    LK_ASSIGN_OR_RETURN(std::string cookie, Login(client, r.user.login));
    for (int i = 0; i < requests_per_page; ++i) {
      // A centre the role may see: its own, one of its district, or any.
      std::string centre = r.user.role == hub::ConsoleRole::kCentre ? busiest : facts.centres[pick_centre(rng)].id;
      if (r.user.role == hub::ConsoleRole::kDistrict) centre = facts.centres[(pick_centre(rng) / kDistricts) * kDistricts].id;
      std::vector<std::pair<std::string, std::string>> pages = {
          {"today", "/console/"},
          {"today live", "/console/live/today"},
          {"centre", "/console/centre/" + centre},
          {"centre live", "/console/live/centre/" + centre},
          {"devices", "/console/devices"},
      };
      if (r.user.role == hub::ConsoleRole::kCity) pages.emplace_back("audit", "/console/audit");
      for (const auto& [label, path] : pages) {
        auto start = std::chrono::steady_clock::now();
        auto res = client.Get(path, {{"Cookie", cookie}});
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        if (!res || res->status != 200) {
          return Status::Unavailable("GET " + path + " as " + r.name + ": " +
                                     (res ? std::to_string(res->status) : "no answer"));
        }
        times[label + " as " + r.name].push_back(ms);
      }
    }
  }
  return times;
}

}  // namespace lk::bench
