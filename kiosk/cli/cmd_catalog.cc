// kioskctl import-catalog, sessions.
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli_context.h"
#include "kiosk/core/attendance_store.h"
#include "kiosk/core/catalog_json.h"
#include "kiosk/core/catalog_store.h"
#include "kiosk/core/checkin_policy.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/enum_names.h"
#include "kiosk/core/shown_text.h"

namespace lk::cli {
namespace {

constexpr EnumName<WindowState> kWindowNames[] = {
    {WindowState::kNotOpenYet, "not-open-yet"}, {WindowState::kOpen, "open"}, {WindowState::kClosed, "ended"}};

const char* WindowName(WindowState state) { return NameOf(kWindowNames, state); }

void ListSessions(CliContext& ctx, const std::string& date_text, bool open_only, bool json_output) {
  const TimeZone& zone = ctx.zone();
  TimeMs now = NowMs();
  LocalDate date = date_text.empty() ? zone.DateOf(now) : ctx.Check(ParseLocalDate(date_text));
  CatalogStore catalog(ctx.store().db());
  AttendanceStore attendance(ctx.store().db(), CheckInPolicy::FromConfig(ctx.config()));
  auto sessions = ctx.Check(catalog.SessionsStartingBetween(zone.StartOfDay(date), zone.StartOfDay(AddDays(date, 1))));

  nlohmann::json rows = nlohmann::json::array();
  for (const Session& s : sessions) {
    WindowState window = attendance.policy().Window(s, now);
    if (open_only && window != WindowState::kOpen) continue;
    auto course = ctx.Check(catalog.FindCourse(s.course_id));
    int count = ctx.Check(attendance.ActiveCount(s.id));
    std::string title = course ? course->title.Get(Language::kZh) : s.course_id;
    if (json_output) {
      rows.push_back({{"id", s.id},
                      {"course_id", s.course_id},
                      {"title", course ? nlohmann::json{{"zh", course->title.zh}, {"en", course->title.en}}
                                       : nlohmann::json(nullptr)},
                      {"start", zone.FormatRfc3339(s.starts_at)},
                      {"end", zone.FormatRfc3339(s.ends_at)},
                      {"room", {{"zh", s.room.zh}, {"en", s.room.en}}},
                      {"capacity", s.capacity},
                      {"checked_in", count},
                      {"state", WindowName(window)}});
    } else {
      std::cout << s.id << "  " << zone.FormatTime(s.starts_at) << "-" << zone.FormatTime(s.ends_at) << "  "
                << WindowName(window) << "  " << count << "/" << (s.capacity ? std::to_string(s.capacity) : "-")
                << "  " << title << "  " << s.room.Get(Language::kZh) << "\n";
    }
  }
  if (json_output) std::cout << rows.dump(2) << "\n";
}

}  // namespace

void AddCatalogCommands(CLI::App& app, CliContext& ctx) {
  auto* import = app.add_subcommand("import-catalog", "replace the catalogue with a catalogue JSON file");
  static std::string file;
  import->add_option("FILE", file, "catalogue JSON (see kiosk/core/CATALOG.md)")->required();
  import->callback([&ctx] {
    Catalog catalog = ctx.Check(LoadCatalogFile(file, NowMs()));
    for (const std::string& warning : UnshowableTextWarnings(catalog)) {
      std::cerr << "kioskctl: warning: " << file << ": " << warning << "\n";
    }
    CatalogStore store(ctx.store().db());
    ctx.Check(store.Replace(catalog, NowMs()));
    std::cout << "imported catalogue " << catalog.version << ": " << catalog.categories.size() << " categories, "
              << catalog.courses.size() << " courses, " << catalog.sessions.size() << " sessions\n";
  });

  auto* sessions = app.add_subcommand("sessions", "list a day's sessions (today by default)");
  static std::string date;
  static bool open_only = false, json_output = false;
  sessions->add_option("--date", date, "YYYY-MM-DD in the kiosk's time zone");
  sessions->add_flag("--open", open_only, "only sessions accepting check-in now");
  sessions->add_flag("--json", json_output, "JSON output");
  sessions->callback([&ctx] { ListSessions(ctx, date, open_only, json_output); });
}

}  // namespace lk::cli
