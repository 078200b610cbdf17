#include "kiosk/app/staff/day_roster.h"

#include "kiosk/app/staff/staff_mode.h"
#include "kiosk/core/checkin_policy.h"
#include "kiosk/core/device_state.h"
#include "kiosk/core/staff/corrections.h"

namespace lk::ui {

void DayRoster::Reset() {
  day_ = {};
  ++generation_;
  session_id_.clear();
  revealed_.clear();
  learner_entry_.clear();
  reason_key_.clear();
  void_record_id_.clear();
  city_years_.clear();
  ++city_generation_;
}

void DayRoster::AskCityYear(UiContext& ctx, const RosterEntry& entry) {
  if (!hub_summary_ || city_years_.contains(entry.record.id)) return;
  const std::string record_id = entry.record.id;
  city_years_[record_id] = {};
  desk_.Audit(StaffEvent::kCityYear, "record " + record_id, ctx.now());
  hub_summary_(entry.record.learner_id, [this, record_id, generation = city_generation_](std::optional<CityYear> year) {
    if (generation != city_generation_) return;  // staff mode was left: nothing of the answer stays
    city_years_[record_id] = {false, std::move(year)};
  });
}

const DayRoster::CityYearLookup* DayRoster::city_year(const std::string& record_id) const {
  auto found = city_years_.find(record_id);
  return found == city_years_.end() ? nullptr : &found->second;
}

void DayRoster::Preview(UiContext& ctx) {
  Show(ctx.zone().DateOf(ctx.now()));
  for (const Session* s : ctx.catalog().SessionsBetween(ctx.now(), ctx.now() + kMsPerDay)) {
    session_id_ = s->id;
    break;
  }
}

void DayRoster::Select(LocalDate date) {
  if (date != day_.date) day_.entries.clear();  // never another day's records under this date
  day_.date = date;
}

void DayRoster::Show(LocalDate date) {
  Select(date);
  Reload();
}

void DayRoster::Reload() {
  day_.loading = true;
  const uint64_t generation = ++generation_;
  const TimeZone zone = desk_.zone();
  const LocalDate date = day_.date;
  const CheckInPolicy policy = CheckInPolicy::FromConfig(desk_.config());
  desk_.Run<std::vector<RosterEntry>>(
      [zone, date, policy](KioskStore& store) {
        return AttendanceStore(store.db(), policy).Roster(zone.StartOfDay(date), zone.StartOfDay(AddDays(date, 1)));
      },
      [this, generation](Result<std::vector<RosterEntry>> entries) {
        if (generation != generation_) return;
        day_.loading = false;
        if (!entries.ok()) {
          day_.error = entries.status().message();
          return;
        }
        day_.error.clear();
        day_.entries = std::move(entries).value();
      });
}

void DayRoster::OpenRoster(UiContext& ctx, const std::string& session_id) {
  session_id_ = session_id;
  revealed_.clear();
  desk_.Go(ctx, staff_screen::kRoster);
}

void DayRoster::ToggleReveal(const std::string& record_id) {
  if (!revealed_.erase(record_id)) revealed_.insert(record_id);
}

const std::vector<std::string_view>& DayRoster::VoidReasonKeys() {
  static const std::vector<std::string_view> keys = {
      LK_TEXT_KEY("staff.reason.wrong_session"), LK_TEXT_KEY("staff.reason.wrong_card"),
      LK_TEXT_KEY("staff.reason.test"), LK_TEXT_KEY("staff.reason.other")};
  return keys;
}

std::string DayRoster::StoredReason(UiContext& ctx, std::string_view key) {
  return std::string(ctx.TIn(Language::kZh, key)) + " / " + std::string(ctx.TIn(Language::kEn, key));
}

void DayRoster::OpenAdd(UiContext& ctx) {
  learner_entry_.clear();
  desk_.Go(ctx, staff_screen::kAdd);
}

void DayRoster::Corrected(UiContext& ctx, std::string_view screen, std::string notice) {
  if (ctx.nav().current() == screen) ctx.nav().Back();
  Reload();
  desk_.Tell(std::move(notice), false);
}

void DayRoster::SubmitAdd(UiContext& ctx) {
  if (desk_.working() || learner_entry_.empty()) return;
  if (!ctx.policy().IsValidLearnerId(learner_entry_)) return desk_.Tell(std::string(ctx.T("staff.error.invalid_id")), true);
  desk_.set_working(true);
  desk_.ClearNotice();
  const CheckInPolicy policy = CheckInPolicy::FromConfig(desk_.config());
  const std::string learner = learner_entry_, session = session_id_;
  const TimeMs now = ctx.now();
  desk_.Run<CheckInResult>(
      [policy, learner, session, now](KioskStore& store) {
        AttendanceStore attendance(store.db(), policy);
        AuditLog audit(store.db());
        return StaffCorrections(attendance, audit, kStaffActor).AddCheckIn(learner, session, "", now);
      },
      [this, &ctx, learner](Result<CheckInResult> added) {
        desk_.set_working(false);
        if (!added.ok()) return desk_.TellProblem(ctx, added.status());
        learner_entry_.clear();
        if (added->outcome == CheckInOutcome::kAlreadyCheckedIn) {
          return desk_.Tell(ctx.Tf("staff.add.already", {{"id", MaskLearnerId(learner)}}), true);
        }
        Corrected(ctx, staff_screen::kAdd, ctx.Tf("staff.add.done", {{"id", MaskLearnerId(learner)}}));
      });
}

const RosterEntry* DayRoster::void_target() const {
  for (const RosterEntry& e : day_.entries) {
    if (e.record.id == void_record_id_) return &e;
  }
  return nullptr;
}

void DayRoster::OpenVoid(UiContext& ctx, const std::string& record_id) {
  void_record_id_ = record_id;
  reason_key_.clear();
  desk_.Go(ctx, staff_screen::kVoid);
}

void DayRoster::SubmitVoid(UiContext& ctx) {
  if (desk_.working() || reason_key_.empty() || !void_target()) return;
  desk_.set_working(true);
  desk_.ClearNotice();
  const CheckInPolicy policy = CheckInPolicy::FromConfig(desk_.config());
  const std::string record = void_record_id_, reason = StoredReason(ctx, reason_key_);
  const std::string learner = void_target()->record.learner_id;
  const TimeMs now = ctx.now();
  desk_.Run<AttendanceRecord>(
      [policy, record, reason, now](KioskStore& store) {
        AttendanceStore attendance(store.db(), policy);
        AuditLog audit(store.db());
        return StaffCorrections(attendance, audit, kStaffActor).Void(record, reason, now);
      },
      [this, &ctx, learner](Result<AttendanceRecord> voided) {
        desk_.set_working(false);
        if (!voided.ok()) return desk_.TellProblem(ctx, voided.status());
        Corrected(ctx, staff_screen::kVoid, ctx.Tf("staff.void.done", {{"id", MaskLearnerId(learner)}}));
      });
}

}  // namespace lk::ui
