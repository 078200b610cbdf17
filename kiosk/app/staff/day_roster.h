// DayRoster: one day's attendance as the staff screens show it (the day's sessions with their check-ins,
// a session's roster with learner ids masked until revealed), and the corrections made from it: a manual
// check-in (no reason needed) and a void (a reason required). Both go through StaffCorrections as
// StoreWorker tasks, audited as "staff"; afterwards the day reloads and the residents' counts refresh.
// A reply for an older request (another day chosen since) is dropped. Staff may also ask the hub for a
// record's learner's city-wide year (audited; shown in the row until staff mode is left, never stored).
// Owned by StaffMode; UI thread only.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/app/checkin_flow.h"
#include "kiosk/app/resident_flow.h"
#include "kiosk/app/staff/staff_desk.h"
#include "kiosk/core/attendance_store.h"
#include "kiosk/core/time_zone.h"

namespace lk::ui {

// One day's attendance as the staff screens show it.
struct StaffDay {
  LocalDate date;
  bool loading = true;
  std::string error;
  std::vector<RosterEntry> entries;  // check-ins and corrections of sessions starting that day
};

class DayRoster {
 public:
  explicit DayRoster(StaffDesk& desk) : desk_(desk) {}

  const StaffDay& day() const { return day_; }
  // Chooses the day without reading it (its screen reads it on entry).
  void Select(LocalDate date);
  // Chooses the day and reads it.
  void Show(LocalDate date);
  // Reads the day again, keeping what shows until the new rows arrive.
  void Reload();
  const std::string& session_id() const { return session_id_; }
  void OpenRoster(UiContext& ctx, const std::string& session_id);
  bool revealed(const std::string& record_id) const { return revealed_.contains(record_id); }
  void ToggleReveal(const std::string& record_id);

  std::string& learner_entry() { return learner_entry_; }
  const std::string& reason_key() const { return reason_key_; }
  void set_reason_key(std::string key) { reason_key_ = std::move(key); }
  void OpenAdd(UiContext& ctx);
  void SubmitAdd(UiContext& ctx);
  const RosterEntry* void_target() const;
  void OpenVoid(UiContext& ctx, const std::string& record_id);
  void SubmitVoid(UiContext& ctx);
  // The reasons offered for a void (text keys).
  static const std::vector<std::string_view>& VoidReasonKeys();
  // A reason as stored with the record: both languages, "忘带学员卡 / Forgot the card".
  static std::string StoredReason(UiContext& ctx, std::string_view key);

  // The city-wide year of a record's learner, from the hub (App::SetHubSummary); unset, not offered.
  void set_hub_summary(HubSummarySource source) { hub_summary_ = std::move(source); }
  bool can_ask_city_year() const { return bool(hub_summary_); }
  struct CityYearLookup {
    bool asking = true;
    std::optional<CityYear> year;  // after the answer: nullopt when the hub could not be asked
  };
  // Asks for `record_id`'s learner (audited as staff.city_year); nullptr until asked.
  void AskCityYear(UiContext& ctx, const RosterEntry& entry);
  const CityYearLookup* city_year(const std::string& record_id) const;

  // `--screen` previews: today, with its first session chosen.
  void Preview(UiContext& ctx);
  void Reset();

 private:
  // After a correction: the residents' counts, the day, the notice.
  void Corrected(UiContext& ctx, std::string_view screen, std::string notice);

  StaffDesk& desk_;
  StaffDay day_;
  uint64_t generation_ = 0;  // a reply for an older request is dropped
  std::string session_id_;
  std::set<std::string> revealed_;
  std::string learner_entry_;
  std::string reason_key_;
  std::string void_record_id_;
  HubSummarySource hub_summary_;
  std::map<std::string, CityYearLookup> city_years_;  // by record id; forgotten on Reset
  uint64_t city_generation_ = 0;                      // an answer after a Reset is dropped
};

}  // namespace lk::ui
