#include "kiosk/app/screens/chrome.h"

#include "kiosk/app/speaker.h"

#include <algorithm>
#include <cmath>

namespace lk::ui {

ScreenAreas Areas(UiContext& ctx) {
  const Metrics& m = ctx.m();
  const ImVec2 size = ctx.screen_size();
  ScreenAreas a;
  a.top_bar = ImRect(ImVec2(m.margin, 0), ImVec2(size.x - m.margin, m.top_bar));
  a.bottom_bar = ImRect(ImVec2(m.margin, size.y - m.bottom_bar), ImVec2(size.x - m.margin, size.y));
  a.content = ImRect(ImVec2(m.margin, m.top_bar + m.gap), ImVec2(size.x - m.margin, size.y - m.bottom_bar - m.gap));
  return a;
}

void DrawTopBar(UiContext& ctx, std::string_view title) {
  ctx.set_title(title);
  const Metrics& m = ctx.m();
  const ImRect bar = Areas(ctx).top_bar;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddLine(ImVec2(0, bar.Max.y - 1), ImVec2(ctx.screen_size().x, bar.Max.y - 1), ToU32(ctx.colors().border),
                std::max(1.0f, m.border - 1));

  // Right: upload status (only when there is something calm to say) and the clock.
  std::string status;
  const SyncStatus& sync = ctx.sync_status();
  const bool online = sync.enrolled && sync.online, offline = sync.enrolled && !sync.online;
  if (online && sync.pending == 0) {
    status = std::string(ctx.T("status.online"));
  } else if (offline && sync.pending == 0) {
    status = std::string(ctx.T("status.offline"));
  } else if (sync.pending > 0) {
    status = ctx.Tf(online ? "status.online_waiting" : "status.offline_waiting", {{"count", std::to_string(sync.pending)}});
  }
  const std::string clock = ctx.Clock(ctx.now());
  ImFont* heading = ctx.font(FontRole::kHeading);
  ImFont* body = ctx.font(FontRole::kBody);
  const float hs = ctx.font_size(FontRole::kHeading), bs = ctx.font_size(FontRole::kBody);
  const float clock_w = heading->CalcTextSizeA(hs, FLT_MAX, 0, clock.c_str()).x;
  const float status_w = status.empty() ? 0 : body->CalcTextSizeA(bs, FLT_MAX, 0, status.c_str()).x;
  float right = bar.Max.x;
  Text(ctx, clock, FontRole::kHeading, ImRect(ImVec2(right - clock_w, bar.GetCenter().y - hs / 2), ImVec2(right, bar.GetCenter().y + hs / 2)));
  right -= clock_w + m.gap;
  if (!status.empty()) {
    Text(ctx, status, FontRole::kBody,
         ImRect(ImVec2(right - status_w, bar.GetCenter().y - bs / 2), ImVec2(right, bar.GetCenter().y + bs / 2)),
         Tone::kMuted);
    right -= status_w + m.gap;
  }

  // Left: the title, one heading line if it fits, else up to two body lines.
  const ImRect title_box(bar.Min, ImVec2(right - m.gap, bar.Max.y));
  const float w = title_box.GetWidth();
  if (heading->CalcTextSizeA(hs, FLT_MAX, 0, title.data(), title.data() + title.size()).x <= w) {
    Text(ctx, title, FontRole::kHeading, ImRect(ImVec2(title_box.Min.x, bar.GetCenter().y - hs / 2), ImVec2(title_box.Max.x, bar.GetCenter().y + hs / 2)));
  } else {
    float h = TextHeight(ctx, title, FontRole::kBody, w);
    Text(ctx, title, FontRole::kBody,
         ImRect(ImVec2(title_box.Min.x, std::max(bar.Min.y, bar.GetCenter().y - h / 2)), ImVec2(title_box.Max.x, bar.Max.y)));
  }
}

BottomBar::BottomBar(UiContext& ctx, bool with_navigation) : ctx_(ctx) {
  const ScreenAreas a = Areas(ctx);
  const Metrics& m = ctx.m();
  right_ = a.bottom_bar.Max.x;
  left_ = a.bottom_bar.Min.x;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddLine(ImVec2(0, a.bottom_bar.Min.y), ImVec2(ctx.screen_size().x, a.bottom_bar.Min.y),
                ToU32(ctx.colors().border), std::max(1.0f, m.border - 1));
  if (!with_navigation) return;
  const float y = a.bottom_bar.GetCenter().y - m.target / 2;
  const std::string back(ctx.T("nav.back")), home(ctx.T("nav.home"));
  const FontRole role = BarFont(ctx);
  const float w = std::max(ButtonWidth(ctx, back, role, Icon::kBack, m.target * 2),
                           ButtonWidth(ctx, home, role, Icon::kHome, m.target * 2));
  if (Button(ctx, {"nav/back", ImRect(ImVec2(left_, y), ImVec2(left_ + w, y + m.target)), ButtonKind::kSecondary,
                   {{back, role}}, Icon::kBack})) {
    ctx.nav().Back();
  }
  left_ += w + m.gap * 1.5f;
  if (Button(ctx, {"nav/home", ImRect(ImVec2(left_, y), ImVec2(left_ + w, y + m.target)), ButtonKind::kSecondary,
                   {{home, role}}, Icon::kHome})) {
    ctx.nav().Home();
  }
  left_ += w + m.gap * 1.5f;
}

float ButtonWidth(UiContext& ctx, std::string_view label, FontRole role, Icon icon, float min_width) {
  const Metrics& m = ctx.m();
  float text_w = ctx.font(role)->CalcTextSizeA(ctx.font_size(role), FLT_MAX, 0, label.data(), label.data() + label.size()).x;
  float icon_w = icon == Icon::kNone ? 0 : std::round(m.body * 1.3f) + std::round(m.gap * 0.6f);
  return std::max(min_width, std::ceil(text_w + icon_w + 2 * std::round(m.gap * 0.75f) + 2));
}

bool BottomBar::Action(const std::string& id, std::string_view label, ButtonKind kind, Icon icon, bool enabled) {
  const Metrics& m = ctx_.m();
  const ScreenAreas a = Areas(ctx_);
  const FontRole role = BarFont(ctx_);
  float w = std::min(ButtonWidth(ctx_, label, role, icon, m.target * 2), right_ - left_);
  const float y = a.bottom_bar.GetCenter().y - m.target / 2;
  ImRect rect(ImVec2(right_ - w, y), ImVec2(right_, y + m.target));
  right_ -= w + m.gap * 1.5f;
  return Button(ctx_, {id, rect, kind, {{std::string(label), role}}, icon, enabled});
}

PageSlice Pager(UiContext& ctx, const std::string& id, int total, int per_page, int* page, const ImRect& area) {
  per_page = std::max(1, per_page);
  const int pages = std::max(1, (total + per_page - 1) / per_page);
  *page = std::clamp(*page, 0, pages - 1);
  PageSlice slice{*page * per_page, std::min(per_page, total - *page * per_page)};
  if (pages == 1) return slice;
  const Metrics& m = ctx.m();
  const std::string previous(ctx.T("list.previous")), next_label(ctx.T("list.next"));
  const float w = std::max(ButtonWidth(ctx, previous, FontRole::kBody, Icon::kNone, m.target * 1.6f),
                           ButtonWidth(ctx, next_label, FontRole::kBody, Icon::kNone, m.target * 1.6f));
  const float y = area.Min.y;
  ImRect prev(ImVec2(area.Min.x, y), ImVec2(area.Min.x + w, y + m.target));
  ImRect next(ImVec2(area.Max.x - w, y), ImVec2(area.Max.x, y + m.target));
  if (Button(ctx, {id + "/previous", prev, ButtonKind::kSecondary, {{previous}}, Icon::kNone, *page > 0})) {
    --*page;
  }
  if (Button(ctx, {id + "/next", next, ButtonKind::kSecondary, {{next_label}}, Icon::kNone, *page < pages - 1})) {
    ++*page;
  }
  std::string label = ctx.Tf("list.page", {{"page", std::to_string(*page + 1)}, {"pages", std::to_string(pages)}});
  const float lh = LineHeight(ctx, FontRole::kBody);
  Text(ctx, label, FontRole::kBody,
       ImRect(ImVec2(prev.Max.x + m.gap, y + (m.target - lh) / 2), ImVec2(next.Min.x - m.gap, y + (m.target + lh) / 2)),
       Tone::kMuted, Align::kCenter);
  return slice;
}

PageRows PagedRows(UiContext& ctx, const std::string& id, const std::vector<float>& heights, const ImRect& area,
                   int* page) {
  const Metrics& m = ctx.m();
  // Greedy pages: as many rows as fit, in order.
  auto split = [&](float height) {
    std::vector<int> starts{0};
    float used = 0;
    for (int i = 0; i < int(heights.size()); ++i) {
      float need = heights[size_t(i)] + (used > 0 ? m.gap : 0);
      if (used > 0 && used + need > height) {
        starts.push_back(i);
        used = heights[size_t(i)];
      } else {
        used += need;
      }
    }
    return starts;
  };
  std::vector<int> starts = split(area.GetHeight());
  ImRect rows_area = area;
  if (starts.size() > 1) {
    rows_area.Max.y -= m.target + m.gap;
    starts = split(rows_area.GetHeight());
    // The pager draws the buttons; page sizes vary, so it is told one row per page.
    Pager(ctx, id, int(starts.size()), 1, page, ImRect(ImVec2(area.Min.x, area.Max.y - m.target), area.Max));
  } else {
    *page = 0;
  }
  PageRows rows;
  rows.first = starts[size_t(*page)];
  const int end = size_t(*page) + 1 < starts.size() ? starts[size_t(*page) + 1] : int(heights.size());
  float y = rows_area.Min.y;
  for (int i = rows.first; i < end; ++i) {
    rows.rects.emplace_back(ImVec2(rows_area.Min.x, y), ImVec2(rows_area.Max.x, y + heights[size_t(i)]));
    y += heights[size_t(i)] + m.gap;
  }
  return rows;
}

int RowsThatFit(UiContext& ctx, float height, float row_h) {
  return std::max(1, int((height + ctx.m().gap) / (row_h + ctx.m().gap)));
}

ImRect RowRect(UiContext& ctx, const ImRect& area, int index, float row_h) {
  float y = area.Min.y + float(index) * (row_h + ctx.m().gap);
  return ImRect(ImVec2(area.Min.x, y), ImVec2(area.Max.x, y + row_h));
}

ImRect GridCell(UiContext& ctx, const ImRect& area, int columns, int index, float cell_h) {
  const float gap = ctx.m().gap;
  const float w = std::floor((area.GetWidth() - gap * float(columns - 1)) / float(columns));
  const int row = index / columns, col = index % columns;
  ImVec2 min(area.Min.x + float(col) * (w + gap), area.Min.y + float(row) * (cell_h + gap));
  return ImRect(min, min + ImVec2(w, cell_h));
}

ImRect Heading(UiContext& ctx, std::string_view text, const ImRect& area, Tone tone) {
  float h = Text(ctx, text, FontRole::kHeading, ImRect(area.Min, ImVec2(area.Max.x, area.Min.y + ctx.font_size(FontRole::kHeading) * 2)), tone);
  return ImRect(ImVec2(area.Min.x, area.Min.y + h + ctx.m().gap * 0.75f), area.Max);
}

float RowHeight(UiContext& ctx, int lines) {
  return std::max(ctx.m().target, std::round(float(lines) * LineHeight(ctx, FontRole::kBody) + ctx.m().gap * 0.8f));
}

float RowHeightFor(UiContext& ctx, float width, const std::vector<TextLine>& lines) {
  const ImVec2 pad = ButtonPadding(ctx.m());
  float h = 0;
  for (const TextLine& line : lines) {
    h += std::min(TextHeight(ctx, line.text, line.role, width - 2 * pad.x), kMaxRowLines * LineHeight(ctx, line.role));
  }
  return std::max(ctx.m().target, std::ceil(h + 2 * pad.y));
}

// Large text is big enough in the body size; its headings would crowd the bar out.
FontRole BarFont(UiContext& ctx) { return ctx.large_text() ? FontRole::kBody : FontRole::kHeading; }

std::string SessionWhen(UiContext& ctx, const Session& session) {
  return ctx.Day(session.starts_at) + " " + ctx.TimeRange(session);
}

std::string SessionState(UiContext& ctx, const Session& session) {
  TimeMs now = ctx.now();
  switch (ctx.policy().Window(session, now)) {
    case WindowState::kOpen:
      return std::string(ctx.T(now >= session.starts_at ? "session.in_progress" : "session.open"));
    case WindowState::kNotOpenYet:
      return ctx.Tf("session.opens_at", {{"time", ctx.Clock(ctx.policy().OpensAt(session))}});
    case WindowState::kClosed: return std::string(ctx.T("session.ended"));
  }
  return {};
}

std::string SessionPlaces(UiContext& ctx, const Session& session) {
  std::optional<int> left = ctx.catalog().PlacesLeft(session);
  if (!left) return std::string(ctx.T("session.no_limit"));
  if (*left == 0) return std::string(ctx.T("session.full"));
  return ctx.Tf("session.places_left", {{"count", std::to_string(*left)}});
}

std::string SessionRoom(UiContext& ctx, const Session& session) { return ctx.L(session.room); }

void ReadAloudAction(UiContext& ctx, BottomBar& bar, const std::string& id, std::initializer_list<std::string> lines) {
  if (ctx.speaker() == nullptr || !bar.Action(id, ctx.T("speech.read_aloud"), ButtonKind::kSecondary)) return;
  std::string text;
  for (const std::string& line : lines) {
    if (!line.empty()) text += (text.empty() ? "" : "\n") + line;
  }
  ctx.speaker()->Speak(std::move(text), ctx.language());
}

std::string JoinParts(UiContext& ctx, std::initializer_list<std::string> parts) {
  std::string out;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out += ctx.T("list.separator");
    out += part;
  }
  return out;
}

}  // namespace lk::ui
