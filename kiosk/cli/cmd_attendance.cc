// kioskctl checkin, roster.
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli_context.h"
#include "kiosk/core/attendance_store.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/roster_csv.h"

namespace lk::cli {
namespace {

void CheckIn(CliContext& ctx, const std::string& learner, const std::string& session) {
  AttendanceStore attendance(ctx.store().db(), CheckInPolicy::FromConfig(ctx.config()));
  CheckInResult result = ctx.Check(attendance.CheckIn(learner, session, NowMs(), RecordSource::kCli));
  std::cout << result.record.id << "\n";
  if (result.outcome == CheckInOutcome::kAlreadyCheckedIn) {
    std::cerr << "kioskctl: learner already checked in to " << session << " (existing record " << result.record.id
              << "); nothing written\n";
  } else if (result.over_capacity) {
    std::cerr << "kioskctl: note: session " << session << " is over its capacity (" << result.active_count << "/"
              << result.session.capacity << ")\n";
  }
}

void Roster(CliContext& ctx, const std::string& date_text, const std::string& format) {
  const TimeZone& zone = ctx.zone();
  LocalDate date = date_text.empty() ? zone.DateOf(NowMs()) : ctx.Check(ParseLocalDate(date_text));
  AttendanceStore attendance(ctx.store().db(), CheckInPolicy::FromConfig(ctx.config()));
  auto entries = ctx.Check(attendance.Roster(zone.StartOfDay(date), zone.StartOfDay(AddDays(date, 1))));
  if (format == "csv") {
    std::cout << RosterToCsv(entries, zone, {});
    return;
  }
  if (format == "json") {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& e : entries) {
      rows.push_back({{"record_id", e.record.id},
                      {"session_id", e.record.session_id},
                      {"session_start", zone.FormatRfc3339(e.session_starts_at)},
                      {"course", {{"zh", e.course_title_zh}, {"en", e.course_title_en}}},
                      {"learner_id", e.record.learner_id},
                      {"kind", RecordKindName(e.record.kind)},
                      {"source", RecordSourceName(e.record.source)},
                      {"checked_in_at", zone.FormatRfc3339(e.record.recorded_at)},
                      {"voided", e.voided},
                      {"void_reason", e.void_reason}});
    }
    std::cout << rows.dump(2) << "\n";
    return;
  }
  for (const auto& e : entries) {
    std::cout << zone.FormatTime(e.record.recorded_at) << "  " << e.record.session_id << "  " << e.record.learner_id
              << "  " << RecordKindName(e.record.kind) << (e.voided ? "  (voided: " + e.void_reason + ")" : "")
              << "  " << e.course_title_zh << "\n";
  }
}

}  // namespace

void AddAttendanceCommands(CLI::App& app, CliContext& ctx) {
  auto* checkin = app.add_subcommand("checkin", "check a learner in to a session open now; prints the record id");
  static std::string learner, session;
  checkin->add_option("--learner", learner, "learner card number")->required();
  checkin->add_option("--session", session, "session id")->required();
  checkin->callback([&ctx] { CheckIn(ctx, learner, session); });

  auto* roster = app.add_subcommand("roster", "a day's attendance records");
  static std::string date, format = "table";
  roster->add_option("--date", date, "YYYY-MM-DD in the kiosk's time zone (default today)");
  roster->add_option("--format", format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  roster->callback([&ctx] { Roster(ctx, date, format); });
}

}  // namespace lk::cli
