#include "kiosk/app/staff_mode.h"

#include <iostream>

#include "kiosk/core/checkin_policy.h"
#include "kiosk/core/device_state.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/staff/corrections.h"

namespace lk::ui {
namespace {

constexpr int kSetAsideShown = 20;

// The PIN on its way to the worker: one buffer shared by every copy of the job, wiped when the last
// copy goes (also when a queued job is dropped).
struct Secret {
  std::string text;
  ~Secret() { WipePin(text); }
};

// Staff-facing words for a failed store operation.
std::string ProblemText(UiContext& ctx, const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
      return std::string(ctx.T("staff.error.invalid_id"));
    case StatusCode::kNotFound:
      return std::string(ctx.T("staff.error.not_found"));
    case StatusCode::kAlreadyExists:
      return std::string(ctx.T("staff.error.already_voided"));
    case StatusCode::kResourceExhausted:
      return std::string(ctx.T("staff.error.disk_full"));
    default:
      return ctx.Tf("staff.error.other", {{"message", status.message()}});
  }
}

}  // namespace

bool IsStaffScreen(std::string_view screen_id) { return screen_id.starts_with("staff-"); }

StaffMode::StaffMode(Host host) : host_(std::move(host)) {
  if (host_.backend) LoadSettings();
}

template <typename T>
void StaffMode::Post(std::function<Result<T>(KioskStore&)> work,
                     std::function<void(StaffMode&, UiContext&, Result<T>)> done) {
  ++outstanding_;
  std::shared_ptr<Inbox> inbox = inbox_;
  host_.backend->Post([inbox, work = std::move(work), done = std::move(done)](KioskStore* store) {
    Result<T> result = store ? work(*store) : Result<T>(Status::Unavailable("the kiosk database is not open"));
    std::lock_guard lock(inbox->mutex);
    inbox->done.push_back([done, result = std::move(result)](StaffMode& staff, UiContext& ctx) mutable {
      done(staff, ctx, std::move(result));
    });
  });
}

void StaffMode::Audit(StaffEvent event, std::string detail, TimeMs now) {
  Post<bool>(
      [event, detail, now](KioskStore& store) -> Result<bool> {
        AuditLog log(store.db());
        LK_RETURN_IF_ERROR(AuditStaffEvent(log, event, detail, now));
        return true;
      },
      [event](StaffMode&, UiContext&, Result<bool> written) {
        if (!written.ok()) {
          std::cerr << "learning-kiosk: audit entry " << StaffEventAction(event)
                    << " not written: " << written.status().ToString() << "\n";
        }
      });
}

std::optional<uint64_t> StaffMode::Deadline(UiContext& ctx) const {
  if (!active(ctx)) return std::nullopt;
  return last_input_ms_ + uint64_t(host_.config->staff_auto_lock_seconds) * 1000;
}

void StaffMode::Go(UiContext& ctx, std::string_view screen) {
  notice_ = {};
  ctx.nav().Push(screen);
}

void StaffMode::Forget() {
  unlocked_ = false;
  WipePin(pin_entry_);
  pad_ = {};
  day_ = {};
  ++day_generation_;
  session_id_.clear();
  revealed_.clear();
  learner_entry_.clear();
  reason_key_.clear();
  void_record_id_.clear();
  working_ = false;
  export_span_ = ExportSpan::kDay;
  sync_report_.reset();
  notice_ = {};
}

void StaffMode::Open(UiContext& ctx, StaffEntry entry) {
  if (active(ctx)) return;
  if (!host_.backend) {
    std::cerr << "learning-kiosk: staff mode needs the kiosk database, which is not available\n";
    return;
  }
  Forget();
  ctx.ForgetResident();
  ctx.nav().Push(staff_screen::kPin);
  last_input_ms_ = last_update_ms_;
  Audit(StaffEvent::kEntered, StaffEntryName(entry), ctx.now());
}

void StaffMode::PreviewUnlocked(UiContext& ctx) {
  if (unlocked_) return;
  Forget();
  unlocked_ = true;
  last_input_ms_ = last_update_ms_;
  ShowDay(ctx.zone().DateOf(ctx.now()));
  for (const Session* s : ctx.catalog().SessionsBetween(ctx.now(), ctx.now() + kMsPerDay)) {
    session_id_ = s->id;
    break;
  }
}

void StaffMode::RefreshPad(UiContext& ctx) {
  StaffAuthOptions options = StaffAuthOptions::FromConfig(*host_.config);
  TimeMs now = ctx.now();
  Post<PinPadState>([options, now](KioskStore& store) { return StaffAuth(store.db(), options).State(now); },
                    [](StaffMode& staff, UiContext&, Result<PinPadState> state) {
                      if (state.ok()) {
                        staff.pad_.state = *state;
                      } else {
                        staff.pad_.error = state.status().message();
                      }
                    });
}

void StaffMode::SubmitPin(UiContext& ctx) {
  if (pin_entry_.empty() || pad_.checking) return;
  auto secret = std::make_shared<Secret>();
  secret->text.reserve(kMaxPinDigits + 1);
  secret->text.assign(pin_entry_);
  WipePin(pin_entry_);
  pad_.checking = true;
  StaffAuthOptions options = StaffAuthOptions::FromConfig(*host_.config);
  TimeMs now = ctx.now();
  Post<PinVerdict>(
      [secret, options, now](KioskStore& store) {
        auto verdict = StaffAuth(store.db(), options).Verify(secret->text, now);
        WipePin(secret->text);
        return verdict;
      },
      [](StaffMode& staff, UiContext& ctx, Result<PinVerdict> verdict) {
        staff.pad_.checking = false;
        if (!verdict.ok()) {
          staff.pad_.error = verdict.status().message();
          return;
        }
        staff.pad_.error.clear();
        staff.pad_.last = *verdict;
        if (verdict->outcome == PinOutcome::kLocked) {
          PinPadState state = staff.pad_.state.value_or(PinPadState{true, 0, 0});
          state.locked_until = verdict->locked_until;
          staff.pad_.state = state;
        }
        if (verdict->outcome != PinOutcome::kOk || ctx.nav().current() != staff_screen::kPin) return;
        staff.unlocked_ = true;
        staff.day_.date = ctx.zone().DateOf(ctx.now());  // the today screen loads it on entry
        ctx.nav().ResetToRoot();
        ctx.nav().Push(staff_screen::kToday);
      });
}

void StaffMode::Lock(UiContext& ctx, StaffEvent why) {
  const std::string detail = why == StaffEvent::kAutoLocked
                                 ? std::to_string(host_.config->staff_auto_lock_seconds) + " s without input"
                                 : std::string(unlocked_ ? "staff mode closed" : "PIN pad closed");
  Audit(why, detail, ctx.now());
  Forget();
  ctx.ForgetResident();
}

bool StaffMode::Update(UiContext& ctx, uint64_t now_ms) {
  last_update_ms_ = now_ms;
  std::vector<std::function<void(StaffMode&, UiContext&)>> done;
  {
    std::lock_guard lock(inbox_->mutex);
    done.swap(inbox_->done);
  }
  for (auto& apply : done) {
    --outstanding_;
    apply(*this, ctx);
  }
  bool changed = !done.empty();
  if (!active(ctx)) return changed;
  const std::string& screen = ctx.nav().current();
  if (now_ms >= *Deadline(ctx)) {
    Lock(ctx, StaffEvent::kAutoLocked);
    return true;
  }
  // Only the PIN pad may show before the PIN was given.
  if (!unlocked_ && screen != staff_screen::kPin) {
    Lock(ctx, StaffEvent::kLocked);
    return true;
  }
  if (screen == staff_screen::kSync && ctx.sync_status() != sync_seen_ && sync_report_) {
    OpenSync(ctx);
    changed = true;
  }
  return changed;
}

void StaffMode::ShowDay(LocalDate date) {
  if (date != day_.date) day_.entries.clear();  // never another day's records under this date
  day_.date = date;
  ReloadDay();
}

void StaffMode::ReloadDay() {
  // Keep the entries on screen while they reload (no flicker after a correction).
  day_.loading = true;
  const uint64_t generation = ++day_generation_;
  const TimeZone zone = *host_.zone;
  const LocalDate date = day_.date;
  CheckInPolicy policy = CheckInPolicy::FromConfig(*host_.config);
  Post<std::vector<RosterEntry>>(
      [zone, date, policy](KioskStore& store) {
        return AttendanceStore(store.db(), policy).Roster(zone.StartOfDay(date), zone.StartOfDay(AddDays(date, 1)));
      },
      [generation](StaffMode& staff, UiContext&, Result<std::vector<RosterEntry>> entries) {
        if (generation != staff.day_generation_) return;
        staff.day_.loading = false;
        if (!entries.ok()) {
          staff.day_.error = entries.status().message();
          return;
        }
        staff.day_.error.clear();
        staff.day_.entries = std::move(entries).value();
      });
}

void StaffMode::OpenRoster(UiContext& ctx, const std::string& session_id) {
  session_id_ = session_id;
  revealed_.clear();
  Go(ctx, staff_screen::kRoster);
}

void StaffMode::ToggleReveal(const std::string& record_id) {
  if (!revealed_.erase(record_id)) revealed_.insert(record_id);
}

const std::vector<std::string_view>& StaffMode::VoidReasonKeys() {
  static const std::vector<std::string_view> keys = {
      LK_TEXT_KEY("staff.reason.wrong_session"), LK_TEXT_KEY("staff.reason.wrong_card"),
      LK_TEXT_KEY("staff.reason.test"), LK_TEXT_KEY("staff.reason.other")};
  return keys;
}

std::string StaffMode::StoredReason(UiContext& ctx, std::string_view key) {
  return std::string(ctx.TIn(Language::kZh, key)) + " / " + std::string(ctx.TIn(Language::kEn, key));
}

void StaffMode::OpenAdd(UiContext& ctx) {
  learner_entry_.clear();
  Go(ctx, staff_screen::kAdd);
}

void StaffMode::SubmitAdd(UiContext& ctx) {
  if (working_ || learner_entry_.empty()) return;
  if (!ctx.policy().IsValidLearnerId(learner_entry_)) {
    notice_ = {std::string(ctx.T("staff.error.invalid_id")), true};
    return;
  }
  working_ = true;
  notice_ = {};
  CheckInPolicy policy = CheckInPolicy::FromConfig(*host_.config);
  std::string learner = learner_entry_, session = session_id_;
  TimeMs now = ctx.now();
  Post<CheckInResult>(
      [policy, learner, session, now](KioskStore& store) {
        AttendanceStore attendance(store.db(), policy);
        AuditLog audit(store.db());
        return StaffCorrections(attendance, audit, kStaffActor).AddCheckIn(learner, session, "", now);
      },
      [learner](StaffMode& staff, UiContext& ctx, Result<CheckInResult> added) {
        staff.working_ = false;
        if (!added.ok()) {
          staff.notice_ = {ProblemText(ctx, added.status()), true};
          return;
        }
        staff.learner_entry_.clear();
        staff.host_.backend->Poke();  // the residents' counts
        if (added->outcome == CheckInOutcome::kAlreadyCheckedIn) {
          staff.notice_ = {ctx.Tf("staff.add.already", {{"id", MaskLearnerId(learner)}}), true};
          return;
        }
        if (ctx.nav().current() == staff_screen::kAdd) ctx.nav().Back();
        staff.ReloadDay();
        staff.notice_ = {ctx.Tf("staff.add.done", {{"id", MaskLearnerId(learner)}}), false};
      });
}

const RosterEntry* StaffMode::void_target() const {
  for (const RosterEntry& e : day_.entries) {
    if (e.record.id == void_record_id_) return &e;
  }
  return nullptr;
}

void StaffMode::OpenVoid(UiContext& ctx, const std::string& record_id) {
  void_record_id_ = record_id;
  reason_key_.clear();
  Go(ctx, staff_screen::kVoid);
}

void StaffMode::SubmitVoid(UiContext& ctx) {
  if (working_ || reason_key_.empty() || !void_target()) return;
  working_ = true;
  notice_ = {};
  CheckInPolicy policy = CheckInPolicy::FromConfig(*host_.config);
  std::string record = void_record_id_, reason = StoredReason(ctx, reason_key_);
  std::string learner = void_target()->record.learner_id;
  TimeMs now = ctx.now();
  Post<AttendanceRecord>(
      [policy, record, reason, now](KioskStore& store) {
        AttendanceStore attendance(store.db(), policy);
        AuditLog audit(store.db());
        return StaffCorrections(attendance, audit, kStaffActor).Void(record, reason, now);
      },
      [learner](StaffMode& staff, UiContext& ctx, Result<AttendanceRecord> voided) {
        staff.working_ = false;
        if (!voided.ok()) {
          staff.notice_ = {ProblemText(ctx, voided.status()), true};
          return;
        }
        staff.host_.backend->Poke();
        if (ctx.nav().current() == staff_screen::kVoid) ctx.nav().Back();
        staff.ReloadDay();
        staff.notice_ = {ctx.Tf("staff.void.done", {{"id", MaskLearnerId(learner)}}), false};
      });
}

ExportRange StaffMode::ExportRangeFor(ExportSpan span) const {
  const LocalDate date = day_.date;
  switch (span) {
    case ExportSpan::kDay:
      return {date, date};
    case ExportSpan::kWeek: {
      const int monday_offset = int((DaysFromCivil(date) % 7 + 10) % 7);  // 1970-01-01 was a Thursday
      const LocalDate monday = AddDays(date, -monday_offset);
      return {monday, AddDays(monday, 6)};
    }
    case ExportSpan::kMonth: {
      const LocalDate first{date.year, date.month, 1};
      const LocalDate next_month =
          date.month == 12 ? LocalDate{date.year + 1, 1, 1} : LocalDate{date.year, date.month + 1, 1};
      return {first, AddDays(next_month, -1)};
    }
  }
  return {date, date};
}

void StaffMode::SubmitExport(UiContext& ctx) {
  if (working_) return;
  working_ = true;
  notice_ = {};
  CheckInPolicy policy = CheckInPolicy::FromConfig(*host_.config);
  const TimeZone zone = *host_.zone;
  const ExportRange range = ExportRangeFor(export_span_);
  const std::string centre = ctx.catalog().centre().id, dir = host_.config->export_dir;
  TimeMs now = ctx.now();
  Post<ExportResult>(
      [policy, zone, range, centre, dir, now](KioskStore& store) -> Result<ExportResult> {
        AttendanceStore attendance(store.db(), policy);
        LK_ASSIGN_OR_RETURN(ExportResult result, ExportAttendanceToDir(attendance, zone, range, centre, dir));
        AuditLog log(store.db());
        LK_RETURN_IF_ERROR(AuditExport(log, kStaffActor, range, result, now));
        return result;
      },
      [dir](StaffMode& staff, UiContext& ctx, Result<ExportResult> exported) {
        staff.working_ = false;
        if (exported.ok()) {
          staff.notice_ = {
              ctx.Tf("staff.export.done", {{"count", std::to_string(exported->rows)}, {"path", exported->path}}),
              false};
        } else if (exported.status().code() == StatusCode::kNotFound) {
          staff.notice_ = {ctx.Tf("staff.export.no_stick", {{"dir", dir}}), true};
        } else if (exported.status().code() == StatusCode::kResourceExhausted) {
          staff.notice_ = {std::string(ctx.T("staff.export.full")), true};
        } else {
          staff.notice_ = {ctx.Tf("staff.export.failed", {{"message", exported.status().message()}}), true};
        }
      });
}

void StaffMode::OpenSync(UiContext& ctx) {
  sync_seen_ = ctx.sync_status();
  if (ctx.nav().current() != staff_screen::kSync) Go(ctx, staff_screen::kSync);
  Post<SyncReport>([](KioskStore& store) { return LoadSyncReport(store.db(), kSetAsideShown); },
                   [](StaffMode& staff, UiContext& ctx, Result<SyncReport> report) {
                     if (report.ok()) {
                       staff.sync_report_ = std::move(report).value();
                     } else {
                       staff.notice_ = {ProblemText(ctx, report.status()), true};
                     }
                   });
}

void StaffMode::SyncNow(UiContext& ctx) {
  if (!sync_now_) return;
  sync_now_();
  notice_ = {std::string(ctx.T("staff.sync.started")), false};
}

void StaffMode::LoadSettings() {
  KioskConfig config = *host_.config;
  Post<StaffSettings>([config](KioskStore& store) { return SettingsStore(store.db()).Load(config); },
                      [](StaffMode& staff, UiContext&, Result<StaffSettings> settings) {
                        if (!settings.ok()) {
                          std::cerr << "learning-kiosk: staff settings not read: " << settings.status().ToString()
                                    << "\n";
                          return;
                        }
                        staff.saved_settings_ = *settings;
                        staff.edited_settings_ = *settings;
                        if (*settings != SettingsFromConfig(*staff.host_.config)) staff.host_.apply_settings(*settings);
                      });
}

void StaffMode::OpenSettings(UiContext& ctx) {
  saved_settings_.reset();
  Go(ctx, staff_screen::kSettings);
  LoadSettings();
}

void StaffMode::SaveSettings(UiContext& ctx) {
  if (working_ || !saved_settings_ || edited_settings_ == *saved_settings_) return;
  working_ = true;
  notice_ = {};
  KioskConfig config = *host_.config;
  StaffSettings wanted = edited_settings_;
  TimeMs now = ctx.now();
  Post<bool>(
      [config, wanted, now](KioskStore& store) -> Result<bool> {
        LK_RETURN_IF_ERROR(SettingsStore(store.db()).Save(wanted, config, kStaffActor, now));
        return true;
      },
      [wanted](StaffMode& staff, UiContext& ctx, Result<bool> saved) {
        staff.working_ = false;
        if (!saved.ok()) {
          staff.notice_ = {ProblemText(ctx, saved.status()), true};
          return;
        }
        staff.saved_settings_ = wanted;
        staff.host_.apply_settings(wanted);
        staff.notice_ = {std::string(ctx.T("staff.settings.saved")), false};
      });
}

void StaffMode::ConfirmExit(UiContext& ctx) {
  if (working_) return;
  working_ = true;
  TimeMs now = ctx.now();
  Post<bool>(
      [now](KioskStore& store) -> Result<bool> {
        AuditLog log(store.db());
        LK_RETURN_IF_ERROR(AuditStaffEvent(log, StaffEvent::kExitApp, "closed from staff mode", now));
        return true;
      },
      [](StaffMode& staff, UiContext&, Result<bool> audited) {
        staff.working_ = false;
        if (!audited.ok()) std::cerr << "learning-kiosk: exit not audited: " << audited.status().ToString() << "\n";
        staff.host_.request_exit(0);
      });
}

}  // namespace lk::ui
