// Staff settings: what the kiosk returns to when a resident leaves - the language, large text - how
// long it waits before asking "are you still there?", how loud it reads aloud and whether a large-text
// screen reads its title on entry. Saved in the kiosk's database (over the config
// file's values) and audited.
#include <algorithm>
#include <cmath>

#include "kiosk/app/screens/staff_chrome.h"

namespace lk::ui {
namespace {

constexpr int kIdleSteps[] = {20, 30, 45, 60, 90, 120, 180, 300, 600};
constexpr int kVolumeStep = 10;  // percent

class StaffSettingsScreen final : public StaffScreen {
 public:
  std::string_view id() const override { return staff_screen::kSettings; }

  void Draw(UiContext& ctx) override {
    StaffMode& staff = Staff(ctx);
    const Metrics& m = ctx.m();
    DrawStaffTopBar(ctx, "staff.settings.title");
    BottomBar bar(ctx, /*with_navigation=*/false);
    if (StaffBarLeft(ctx, "staff/back", "nav.back", Icon::kBack)) return ctx.nav().Back();
    const std::optional<StaffSettings>& saved = staff.settings.saved();
    StaffSettings& edited = staff.settings.edited();
    if (bar.Action("staff/settings/save", ctx.T(staff.desk.working() ? "staff.working" : "staff.settings.save"),
                   ButtonKind::kPrimary, Icon::kCheck, saved && edited != *saved && !staff.desk.working())) {
      staff.settings.Save(ctx);
    }
    ImRect area = DrawNotice(ctx, Areas(ctx).content);
    if (!saved) {
      Text(ctx, ctx.T("staff.loading"), FontRole::kBody, area, Tone::kMuted);
      return;
    }

    // Two columns - the residents' defaults and the idle prompt at the left, read-aloud and the note at the
    // right - each a list of a label above its big buttons (five rows beside their labels do not fit in
    // large text).
    const float col_gap = 2 * m.gap;
    const float col_w = std::floor((area.GetWidth() - col_gap) / 2);
    const float bw = std::min(std::round(m.target * 2.6f), std::floor((col_w - m.gap) / 2));
    const float lh = LineHeight(ctx, FontRole::kBody);
    float x0 = area.Min.x;
    float y = area.Min.y;
    auto column = [&](int index) {
      x0 = area.Min.x + float(index) * (col_w + col_gap);
      y = area.Min.y;
    };
    auto label = [&](std::string_view key) {
      Text(ctx, ctx.T(key), FontRole::kBody, ImRect(ImVec2(x0, y), ImVec2(x0 + col_w, y + lh)));
      y += lh + std::round(m.gap / 2);
    };
    auto choice = [&](int column, const std::string& id, std::string_view text_key, bool chosen) {
      const float x = x0 + float(column) * (bw + m.gap);
      return ChoiceButton(ctx, id, ImRect(ImVec2(x, y), ImVec2(x + bw, y + m.target)),
                          {{std::string(ctx.T(text_key))}}, chosen);
    };
    auto next_row = [&] { y += m.target + m.gap; };
    auto changed = [&] { staff.desk.ClearNotice(); };

    label("staff.settings.language");
    if (choice(0, "staff/settings/language/zh", "staff.settings.zh", edited.language == Language::kZh)) {
      edited.language = Language::kZh, changed();
    }
    if (choice(1, "staff/settings/language/en", "staff.settings.en", edited.language == Language::kEn)) {
      edited.language = Language::kEn, changed();
    }
    next_row();

    label("staff.settings.large_text");
    if (choice(0, "staff/settings/large/off", "staff.settings.off", !edited.large_text))
      edited.large_text = false, changed();
    if (choice(1, "staff/settings/large/on", "staff.settings.on", edited.large_text))
      edited.large_text = true, changed();
    next_row();

    // − value + : returns -1 or +1 when a button was tapped, else 0.
    auto stepper = [&](const std::string& id, const std::string& value, bool less, bool more) {
      const float sw = m.target;
      int step = 0;
      if (Button(ctx, {id + "/less", ImRect(ImVec2(x0, y), ImVec2(x0 + sw, y + m.target)),
                       ButtonKind::kSecondary, {{std::string(ctx.T("staff.settings.less")), FontRole::kHeading}},
                       Icon::kNone, less})) {
        step = -1;
      }
      const float vx = x0 + sw + m.gap;
      const float vw = bw * 2 + m.gap - 2 * (sw + m.gap);
      const float hs = LineHeight(ctx, FontRole::kHeading);
      Text(ctx, value, FontRole::kHeading,
           ImRect(ImVec2(vx, y + (m.target - hs) / 2), ImVec2(vx + vw, y + (m.target + hs) / 2)),
           Tone::kNormal, Align::kCenter);
      const float px = vx + vw + m.gap;
      if (Button(ctx, {id + "/more", ImRect(ImVec2(px, y), ImVec2(px + sw, y + m.target)),
                       ButtonKind::kSecondary, {{std::string(ctx.T("staff.settings.more")), FontRole::kHeading}},
                       Icon::kNone, more})) {
        step = +1;
      }
      return step;
    };

    label("staff.settings.idle");
    const int seconds = edited.idle_timeout_seconds;
    const int idle_step =
        stepper("staff/settings/idle", ctx.Tf("staff.settings.seconds", {{"count", std::to_string(seconds)}}),
                seconds > kIdleSteps[0], seconds < std::end(kIdleSteps)[-1]);
    if (idle_step < 0) {
      const int* lower = std::lower_bound(std::begin(kIdleSteps), std::end(kIdleSteps), seconds);
      edited.idle_timeout_seconds = lower == std::begin(kIdleSteps) ? kIdleSteps[0] : *(lower - 1);
      changed();
    } else if (idle_step > 0) {
      const int* upper = std::upper_bound(std::begin(kIdleSteps), std::end(kIdleSteps), seconds);
      edited.idle_timeout_seconds = upper == std::end(kIdleSteps) ? std::end(kIdleSteps)[-1] : *upper;
      changed();
    }
    next_row();

    column(1);
    // Read-aloud: the volume in steps of 10% (a value from the config file between two steps moves to the
    // next one), and whether a large-text screen reads its title on entry.
    label("staff.settings.volume");
    const int volume = edited.speech_volume;
    if (const int step = stepper("staff/settings/volume",
                                 ctx.Tf("staff.settings.percent", {{"count", std::to_string(volume)}}),
                                 volume > kMinSpeechVolume, volume < kMaxSpeechVolume)) {
      const int next = step < 0 ? (volume - 1) / kVolumeStep * kVolumeStep : (volume / kVolumeStep + 1) * kVolumeStep;
      edited.speech_volume = std::clamp(next, kMinSpeechVolume, kMaxSpeechVolume);
      changed();
    }
    next_row();

    label("staff.settings.read_titles");
    if (choice(0, "staff/settings/read-titles/off", "staff.settings.off", !edited.read_titles))
      edited.read_titles = false, changed();
    if (choice(1, "staff/settings/read-titles/on", "staff.settings.on", edited.read_titles))
      edited.read_titles = true, changed();
    next_row();
    Text(ctx, ctx.T("staff.settings.note"), FontRole::kBody, ImRect(ImVec2(x0, y), ImVec2(x0 + col_w, area.Max.y)),
         Tone::kMuted);
  }
};

}  // namespace

std::unique_ptr<Screen> MakeStaffSettingsScreen() { return std::make_unique<StaffSettingsScreen>(); }

}  // namespace lk::ui
