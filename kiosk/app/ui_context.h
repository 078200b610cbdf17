// UiContext: the bundle of services and snapshots a screen uses while drawing: texts in the current
// language, the theme and fonts, the catalogue snapshot, the sync status, the clock, navigation, the
// resident's flow state and the widget log; and the ways to act, each owned elsewhere (the resident's
// check-in: CheckInFlow; the search screen's handwriting: HandwritingPad; staff mode: StaffMode; language and text size; asking for staff mode).
//
// Owned by the App, which lends it its services (all outlive the context) and swaps in new snapshots,
// status and themes between frames. Single-threaded: the UI thread only.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

#include <imgui.h>

#include "kiosk/app/catalog_snapshot.h"
#include "kiosk/app/font_set.h"
#include "kiosk/app/navigator.h"
#include "kiosk/app/resident_flow.h"
#include "kiosk/app/staff/staff_gate.h"
#include "kiosk/app/strings.h"
#include "kiosk/app/theme.h"
#include "kiosk/app/ui_clock.h"
#include "kiosk/app/widget_log.h"
#include "kiosk/core/checkin_policy.h"
#include "kiosk/core/config.h"
#include "kiosk/core/sync_status.h"
#include "kiosk/core/time_zone.h"

namespace lk::ui {

class CheckInFlow;
class Speaker;
class HandwritingPad;
class StaffMode;

// Screen ids of the resident screens (staff screens add their own).
namespace screen_id {
inline constexpr std::string_view kWelcome = "welcome";
inline constexpr std::string_view kHome = "home";
inline constexpr std::string_view kCategory = "category";
inline constexpr std::string_view kCourse = "course";
inline constexpr std::string_view kSearch = "search";
inline constexpr std::string_view kSessionPicker = "session-picker";
inline constexpr std::string_view kCheckIn = "checkin";
inline constexpr std::string_view kConfirmation = "confirmation";
inline constexpr std::string_view kProblem = "problem";
inline constexpr std::string_view kConfigError = "config-error";
}  // namespace screen_id

class UiContext {
 public:
  struct Services {
    const Strings* strings;
    FontSet* fonts;
    const UiClock* clock;
    const KioskConfig* config;
    const TimeZone* zone;
    const CheckInPolicy* policy;
    std::string config_problem;  // why the configuration could not be used ("" when it could)
  };
  UiContext(Services services, std::string root_screen);

  // ---- Text ----
  Language language() const { return language_; }
  void SetLanguage(Language language) { language_ = language; }
  std::string_view T(std::string_view key) const { return s_.strings->Get(language_, key); }
  std::string Tf(std::string_view key, std::initializer_list<TextArg> args) const {
    return s_.strings->Format(language_, key, args);
  }
  std::string_view TIn(Language language, std::string_view key) const { return s_.strings->Get(language, key); }
  const std::string& L(const LocalizedText& text) const { return text.Get(language_); }

  // ---- Time, formatted for the current language ----
  TimeMs now() const { return s_.clock->WallNow(); }
  const TimeZone& zone() const { return *s_.zone; }
  std::string Clock(TimeMs t) const;          // "09:30"
  std::string DateLine(TimeMs t) const;       // "11月29日 星期六" / "Saturday 29 November"
  std::string Day(TimeMs t) const;            // "今天" / "明天" / "12月3日 星期四"
  std::string TimeRange(const Session& s) const;  // "09:00–10:30"
  std::string Hours(double hours) const;      // "2" / "1.5"

  // ---- Look ----
  const Theme& theme() const { return theme_; }
  const Metrics& m() const { return theme_.metrics; }
  const Palette& colors() const { return theme_.palette; }
  bool large_text() const { return theme_.large_text; }
  // Takes effect between frames: the sizes at once, sharp once the atlas at the new sizes arrives (font_set.h).
  void RequestLargeText(bool on) { requested_large_text_ = on; }
  std::optional<bool> TakeLargeTextRequest() { return std::exchange(requested_large_text_, std::nullopt); }
  // Look fonts up every frame, never keep them: the atlas behind them is replaced while the kiosk runs.
  ImFont* font(FontRole role) const { return s_.fonts->Get(role); }
  float font_size(FontRole role) const { return s_.fonts->SizeOf(role); }
  ImVec2 screen_size() const { return screen_size_; }

  // ---- Data ----
  const CatalogSnapshot& catalog() const { return *snapshot_; }
  const KioskConfig& config() const { return *s_.config; }
  const CheckInPolicy& policy() const { return *s_.policy; }
  const SyncStatus& sync_status() const { return sync_status_; }
  const std::string& config_problem() const { return s_.config_problem; }

  // ---- Navigation and the resident's flow ----
  Navigator& nav() { return nav_; }
  ResidentFlow& flow() { return flow_; }
  WidgetLog& widgets() { return widgets_; }

  // ---- Check-in (checkin_flow.h); installed by the App ----
  CheckInFlow& checkin() const { return *checkin_; }
  // The search screen's handwriting pad (handwriting_pad.h); null until the App installs it.
  HandwritingPad* handwriting() const { return handwriting_; }

  // ---- Read-aloud (speaker.h); null when the kiosk has no audio ----
  Speaker* speaker() const { return speaker_; }
  // The title the top bar drew in this frame ("" before it is drawn, and on a screen without one): what
  // the App reads aloud on entry when staff turned that on (App::ReadTitle).
  const std::string& title() const { return title_; }
  void set_title(std::string_view title) { title_.assign(title); }

  // ---- Staff mode ----
  void RequestStaffMode(StaffEntry entry);
  // The state behind the staff screens (staff_mode.h); null until the App installs it.
  StaffMode* staff() const { return staff_; }

  // ---- For the App ----
  void set_snapshot(std::shared_ptr<const CatalogSnapshot> snapshot) { snapshot_ = std::move(snapshot); }
  const std::shared_ptr<const CatalogSnapshot>& snapshot_ptr() const { return snapshot_; }
  void set_theme(Theme theme) { theme_ = std::move(theme); }
  void set_screen_size(ImVec2 size) { screen_size_ = size; }
  void set_staff_gate(StaffGate gate) { staff_gate_ = std::move(gate); }
  void set_staff(StaffMode* staff) { staff_ = staff; }
  void set_checkin(CheckInFlow* checkin) { checkin_ = checkin; }
  void set_speaker(Speaker* speaker) { speaker_ = speaker; }
  void set_handwriting(HandwritingPad* pad) { handwriting_ = pad; }
  void set_sync_status(SyncStatus status) { sync_status_ = std::move(status); }
  // Forgets the resident: flow, language and text size back to the configured defaults, root screen.
  void ForgetResident();

 private:
  Services s_;
  Language language_;
  Theme theme_;
  std::optional<bool> requested_large_text_;
  ImVec2 screen_size_{1920, 1080};
  std::shared_ptr<const CatalogSnapshot> snapshot_ = CatalogSnapshot::Empty();
  SyncStatus sync_status_;
  Navigator nav_;
  ResidentFlow flow_;
  WidgetLog widgets_;
  StaffGate staff_gate_;
  StaffMode* staff_ = nullptr;
  CheckInFlow* checkin_ = nullptr;
  Speaker* speaker_ = nullptr;
  HandwritingPad* handwriting_ = nullptr;
  std::string title_;
};

}  // namespace lk::ui
