// Chrome: the parts the resident screens share - the top bar (title, clock, upload status), the bottom
// bar (big Back and Home, then the screen's own actions), paging for lists, grids of equal cells, and the
// wording of a session's day, time, state and places. UI thread only, while drawing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h>

#include "kiosk/app/ui_context.h"
#include "kiosk/app/widgets.h"

namespace lk::ui {

struct ScreenAreas {
  ImRect top_bar;
  ImRect content;  // inside the margins, between the bars
  ImRect bottom_bar;
};
ScreenAreas Areas(UiContext& ctx);

// `title` at the left (wrapped onto two body-size lines if it is too long for one heading line), the
// upload status and clock at the right. The title is also the screen's title for reading it aloud on entry
// (UiContext::title).
void DrawTopBar(UiContext& ctx, std::string_view title);

// The bottom bar: Back and Home at the left. Actions added to it line up from the right edge.
class BottomBar {
 public:
  explicit BottomBar(UiContext& ctx, bool with_navigation = true);
  // Adds a button at the right end (right to left); `width` 0 fits the label. True when tapped.
  bool Action(const std::string& id, std::string_view label, ButtonKind kind, Icon icon = Icon::kNone,
              bool enabled = true);

 private:
  UiContext& ctx_;
  float right_;  // the x where the next action ends
  float left_;   // where the navigation buttons end
};

// Paging for a list: when `total` items need more than one page, draws "previous", "page n of m" and
// "next" in `area` and returns the items of page `*page`; `*page` is clamped.
struct PageSlice {
  int first = 0;
  int count = 0;
};
PageSlice Pager(UiContext& ctx, const std::string& id, int total, int per_page, int* page, const ImRect& area);
// The width a button needs for `label` in `role` (with an icon), but at least `min_width`.
float ButtonWidth(UiContext& ctx, std::string_view label, FontRole role, Icon icon, float min_width);
// A list of rows of different heights in `area`, split into pages when they do not all fit (the pager then
// takes the bottom of `area`). Returns the rectangles of the rows on page `*page` (clamped), and their
// first index.
struct PageRows {
  int first = 0;
  std::vector<ImRect> rects;
};
PageRows PagedRows(UiContext& ctx, const std::string& id, const std::vector<float>& heights, const ImRect& area,
                   int* page);
// How many rows of height `row_h` fit in `height` with the theme's gap between them.
int RowsThatFit(UiContext& ctx, float height, float row_h);
// The rectangle of row `index` (0-based) in `area`.
ImRect RowRect(UiContext& ctx, const ImRect& area, int index, float row_h);
// `count` cells in a grid of `columns` filling `area`'s width, rows of `cell_h`.
ImRect GridCell(UiContext& ctx, const ImRect& area, int columns, int index, float cell_h);
// A title in the heading font at the top of `area`; returns the area below it.
ImRect Heading(UiContext& ctx, std::string_view text, const ImRect& area, Tone tone = Tone::kNormal);

// The height of a row button with `lines` body-size lines.
float RowHeight(UiContext& ctx, int lines);
// The height a button `width` wide needs for `lines` (wrapped), at least the target size.
// Each text counts at most kMaxRowLines lines: the button ends a longer one with an ellipsis.
inline constexpr float kMaxRowLines = 3;
float RowHeightFor(UiContext& ctx, float width, const std::vector<TextLine>& lines);
// The font of the bottom bar's buttons.
FontRole BarFont(UiContext& ctx);

// "今天 09:00–10:30" / "Today 09:00–10:30"
std::string SessionWhen(UiContext& ctx, const Session& session);
// "正在签到" / "10:30 开始签到" / "已结束" ...
std::string SessionState(UiContext& ctx, const Session& session);
// "还剩 5 个名额" / "不限人数" / "已满"
std::string SessionPlaces(UiContext& ctx, const Session& session);
// "一楼多功能厅", or "" when the session has no room.
std::string SessionRoom(UiContext& ctx, const Session& session);
// Joins non-empty parts with " · ".
std::string JoinParts(UiContext& ctx, std::initializer_list<std::string> parts);

// The speaker button ("朗读" / "Read aloud") in `bar`, when the kiosk has audio: tapped, it reads the lines
// (empty ones skipped; each line is a sentence) aloud in the current language (speaker.h).
void ReadAloudAction(UiContext& ctx, BottomBar& bar, const std::string& id, std::initializer_list<std::string> lines);

}  // namespace lk::ui
