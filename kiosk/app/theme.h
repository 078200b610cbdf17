// Theme: the kiosk's colours and sizes, in two looks.
//
// Standard: dark text on warm paper, deep blue primary buttons, body text 30 px at 1080p. Large text:
// text 1.5x and a high-contrast palette (white and yellow on black). Text sizes are the font's em in
// pixels (a Chinese character's width), as a typographer means "30 px"; a line takes about 1.45 em. Every text colour is paired
// with each background it is drawn on in ContrastPairs(), and a test checks each pair reaches WCAG's
// 4.5:1. Sizes scale with the screen (1.0 at 1920x1080). Plain values: copy freely.
#pragma once

#include <string>
#include <vector>

#include <imgui.h>

namespace lk::ui {

struct Palette {
  ImVec4 background;           // the screen
  ImVec4 surface;              // rows, tiles, the keypad's display
  ImVec4 text;
  ImVec4 text_muted;           // secondary lines: rooms, teachers, the clock's date
  ImVec4 primary;              // the one main action on a screen (Check in, Continue)
  ImVec4 primary_pressed;
  ImVec4 primary_text;
  ImVec4 secondary;            // every other button
  ImVec4 secondary_pressed;
  ImVec4 secondary_text;
  ImVec4 border;               // secondary buttons' and rows' outline
  ImVec4 disabled;             // a button that cannot be used now
  ImVec4 disabled_text;
  ImVec4 success;              // the confirmation's tick and heading
  ImVec4 attention;            // problem screens' icon and heading
  ImVec4 highlight;            // search matches, "open now"
  ImVec4 scrim;                // behind the "are you still there?" prompt
};

struct Metrics {
  float scale = 1;      // screen height / 1080
  float body = 30;      // every paragraph, list line and button label (em, px)
  float heading = 40;   // screen titles, course titles
  float title = 54;     // the welcome screen's centre name and prompt
  float display = 120;  // the welcome screen's clock (digits only)
  float target = 112;   // the standard height of a touch target (never under 96 at 1080p)
  float gap = 24;       // the space between two touch targets
  float margin = 40;    // the screen's edge
  float top_bar = 120;
  float bottom_bar = 152;
  float rounding = 14;
  float border = 3;
};

struct ContrastPair {
  std::string name;  // "text on background"
  ImVec4 foreground;
  ImVec4 background;
};

struct Theme {
  bool large_text = false;
  Palette palette;
  Metrics metrics;
  std::vector<ContrastPair> ContrastPairs() const;
};

// `scale` is min(width / 1920, height / 1080) of the screen.
Theme MakeTheme(bool large_text, float scale);

// WCAG 2 relative luminance of an sRGB colour (alpha ignored), and the contrast ratio of two colours.
double RelativeLuminance(const ImVec4& color);
double ContrastRatio(const ImVec4& a, const ImVec4& b);

ImU32 ToU32(const ImVec4& color);

}  // namespace lk::ui
