// kioskctl set-staff-pin, export, add-checkin, void: staff work from the command line, audited as
// "kioskctl" like the same actions in the kiosk's staff mode.
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>

#include "cli_context.h"
#include "kiosk/core/attendance_store.h"
#include "kiosk/core/catalog_store.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/device_state.h"
#include "kiosk/core/staff/corrections.h"
#include "kiosk/core/staff/csv_export.h"
#include "kiosk/core/staff/staff_auth.h"

namespace lk::cli {
namespace {

constexpr const char* kActor = "kioskctl";
constexpr size_t kPinBufferSize = 64;  // longer lines are refused, not truncated

// Reads one line of at most kPinBufferSize - 1 bytes from stdin into `pin`, whose storage is reserved
// up front so it never reallocates (no stray copies of the PIN in freed memory). A trailing CR is dropped.
Status ReadPinLine(std::string& pin) {
  pin.clear();
  pin.reserve(kPinBufferSize);
  char c;
  while (true) {
    ssize_t n = ::read(STDIN_FILENO, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || c == '\n') break;
    if (pin.size() + 1 >= kPinBufferSize) {
      WipePin(pin);
      return Status::InvalidArgument("the PIN line is too long");
    }
    pin.push_back(c);
  }
  if (!pin.empty() && pin.back() == '\r') pin.pop_back();
  c = 0;
  return Status::Ok();
}

// Turns terminal echo off for its lifetime (when stdin is a terminal).
class EchoOff {
 public:
  EchoOff() {
    if (::tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    active_ = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  ~EchoOff() {
    if (active_) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

// The PIN from stdin: asked twice without echo on a terminal, one line when piped. Never from argv.
void SetStaffPin(CliContext& ctx) {
  std::string pin, repeat;
  Status read;
  if (::isatty(STDIN_FILENO)) {
    EchoOff quiet;
    std::cerr << "New staff PIN (" << kMinPinDigits << "-" << kMaxPinDigits << " digits): " << std::flush;
    read = ReadPinLine(pin);
    std::cerr << "\nRepeat the PIN: " << std::flush;
    if (read.ok()) read = ReadPinLine(repeat);
    std::cerr << "\n";
    if (read.ok() && pin != repeat) read = Status::InvalidArgument("the two PINs differ; nothing was changed");
    WipePin(repeat);
  } else {
    read = ReadPinLine(pin);
  }
  Status set =
      read.ok() ? StaffAuth(ctx.store().db(), StaffAuthOptions::FromConfig(ctx.config())).SetPin(pin, kActor, NowMs())
                : read;
  WipePin(pin);
  ctx.Check(set);
  std::cout << "staff PIN set\n";
}

void Export(CliContext& ctx, const std::string& from_text, const std::string& to_text, const std::string& out,
            const std::string& dir) {
  const TimeZone& zone = ctx.zone();
  ExportRange range;
  range.from = from_text.empty() ? zone.DateOf(NowMs()) : ctx.Check(ParseLocalDate(from_text));
  range.to = to_text.empty() ? range.from : ctx.Check(ParseLocalDate(to_text));
  AttendanceStore attendance(ctx.store().db(), CheckInPolicy::FromConfig(ctx.config()));
  ExportResult result;
  if (!out.empty()) {
    result = ctx.Check(ExportAttendanceToFile(attendance, zone, range, out));
  } else {
    Catalog catalog = ctx.Check(CatalogStore(ctx.store().db()).Load());
    result = ctx.Check(
        ExportAttendanceToDir(attendance, zone, range, catalog.centre.id, dir.empty() ? ctx.config().export_dir : dir));
  }
  AuditLog audit(ctx.store().db());
  ctx.Check(AuditExport(audit, kActor, range, result, NowMs()));
  std::cout << result.path << "\n";
  std::cerr << "kioskctl: exported " << result.rows << " records (" << result.bytes << " bytes)\n";
}

void AddCheckIn(CliContext& ctx, const std::string& learner, const std::string& session, const std::string& reason) {
  AttendanceStore attendance(ctx.store().db(), CheckInPolicy::FromConfig(ctx.config()));
  AuditLog audit(ctx.store().db());
  StaffCorrections corrections(attendance, audit, kActor);
  CheckInResult result = ctx.Check(corrections.AddCheckIn(learner, session, reason, NowMs()));
  std::cout << result.record.id << "\n";
  if (result.outcome == CheckInOutcome::kAlreadyCheckedIn) {
    std::cerr << "kioskctl: learner already checked in to " << session << " (existing record " << result.record.id
              << "); nothing written\n";
  }
}

void VoidRecord(CliContext& ctx, const std::string& record, const std::string& reason) {
  AttendanceStore attendance(ctx.store().db(), CheckInPolicy::FromConfig(ctx.config()));
  AuditLog audit(ctx.store().db());
  StaffCorrections corrections(attendance, audit, kActor);
  AttendanceRecord voided = ctx.Check(corrections.Void(record, reason, NowMs()));
  std::cout << voided.id << "\n";
}

}  // namespace

void AddStaffCommands(CLI::App& app, CliContext& ctx) {
  auto* pin = app.add_subcommand("set-staff-pin",
                                 "set the staff PIN, read from stdin (asked twice on a terminal); clears a lockout");
  pin->callback([&ctx] { SetStaffPin(ctx); });

  auto* exp = app.add_subcommand("export", "write attendance as CSV (UTF-8 with BOM) for a day or a date range");
  static std::string from, to, out, dir;
  exp->add_option("--from", from, "first day, YYYY-MM-DD (default today)");
  exp->add_option("--to", to, "last day, YYYY-MM-DD (default --from)");
  auto* out_option = exp->add_option("--out", out, "the CSV file to write");
  exp->add_option("--dir", dir,
                  "a folder to write attendance-<centre>-<from>_<to>.csv into (default [staff] export_dir)")
      ->excludes(out_option);
  exp->callback([&ctx] { Export(ctx, from, to, out, dir); });

  auto* add = app.add_subcommand("add-checkin", "staff correction: check a learner in to any session; prints the id");
  static std::string learner, session, add_reason;
  add->add_option("--learner", learner, "learner card number")->required();
  add->add_option("--session", session, "session id")->required();
  add->add_option("--reason", add_reason, "why (kept with the record)");
  add->callback([&ctx] { AddCheckIn(ctx, learner, session, add_reason); });

  auto* void_cmd =
      app.add_subcommand("void", "staff correction: cancel a check-in with a reason; prints the void's id");
  static std::string record, void_reason;
  void_cmd->add_option("--record", record, "the record id to cancel")->required();
  void_cmd->add_option("--reason", void_reason, "why (kept with the record)")->required();
  void_cmd->callback([&ctx] { VoidRecord(ctx, record, void_reason); });
}

}  // namespace lk::cli
