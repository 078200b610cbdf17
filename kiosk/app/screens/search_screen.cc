// Search: find a course by typing pinyin (`taiji`, initials `tjq`) or English on big on-screen letter keys,
// or by writing Chinese characters on the handwriting pad that replaces the keys at a tap (HandwritingPad:
// after each stroke the best candidates as big buttons; one tap appends it to the query); with nothing typed
// it lists the courses with a class today. Uses the catalogue snapshot's SearchIndex.
#include <algorithm>
#include <cctype>
#include <cmath>

#include "kiosk/app/handwriting_pad.h"
#include "kiosk/app/screens/chrome.h"
#include "kiosk/app/screens/course_rows.h"
#include "kiosk/app/screens/keypad.h"
#include "kiosk/app/screens/screen.h"

namespace lk::ui {
namespace {

constexpr size_t kMaxQuery = 24;  // bytes: 24 letters or 8 Chinese characters
constexpr size_t kMaxHits = 24;

// True when `font` has a glyph for every character of `text`.
bool FontHas(ImFont* font, std::string_view text) {
  for (char32_t cp : DecodeUtf8(text)) {
    if (cp > 0xFFFF || font->FindGlyphNoFallback(ImWchar(cp)) == nullptr) return false;
  }
  return true;
}

// The pad: the writing square (a 田 grid to write in) with "undo stroke" and "clear" under it, and the
// candidates in a column of big buttons beside it. A tapped candidate is appended to `query`.
void DrawPad(UiContext& ctx, HandwritingPad& pad, const ImRect& area, std::string* query) {
  const Metrics& m = ctx.m();
  const float action_h = m.target;
  const float side = std::floor(std::min(area.GetHeight() - action_h - m.gap, area.GetWidth() * 0.58f));
  const ImRect square(area.Min, area.Min + ImVec2(side, side));

  // Strokes: the finger's path while it touches the square, on the 0-1000 square.
  ImGui::SetCursorScreenPos(square.Min);
  ImGui::InvisibleButton("search/pad", square.GetSize());
  ctx.widgets().AddWidget({"search/pad", {}, square});
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const StrokePoint point{int(std::lround((mouse.x - square.Min.x) / side * kStrokeSquare)),
                          int(std::lround((mouse.y - square.Min.y) / side * kStrokeSquare))};
  if (ImGui::IsItemActivated()) {
    pad.BeginStroke(point);
  } else if (ImGui::IsItemActive()) {
    pad.ExtendStroke(point);
  }
  if (ImGui::IsItemDeactivated()) pad.EndStroke(ctx.snapshot_ptr());

  ImDrawList* draw = ImGui::GetWindowDrawList();
  FillRoundedRect(draw, square.Min, square.Max, ToU32(ctx.colors().surface), m.rounding);
  draw->AddRect(square.Min, square.Max, ToU32(ctx.colors().border), m.rounding, 0, m.border);
  const ImU32 guide = ToU32(ctx.colors().border);
  const ImVec2 c = square.GetCenter();
  const float dash = std::round(side / 40);
  for (float t = square.Min.x + dash; t < square.Max.x - dash; t += dash * 2) {
    draw->AddLine(ImVec2(t, c.y), ImVec2(std::min(t + dash, square.Max.x - dash), c.y), guide, 2);
  }
  for (float t = square.Min.y + dash; t < square.Max.y - dash; t += dash * 2) {
    draw->AddLine(ImVec2(c.x, t), ImVec2(c.x, std::min(t + dash, square.Max.y - dash)), guide, 2);
  }
  const float ink = std::max(4.0f, std::round(side / 45));
  const ImU32 ink_color = ToU32(ctx.colors().text);
  for (const Stroke& stroke : pad.strokes()) {
    std::vector<ImVec2> points;
    for (const StrokePoint& p : stroke) {
      points.push_back(square.Min + ImVec2(float(p.x), float(p.y)) * (side / kStrokeSquare));
    }
    if (points.size() == 1) {
      draw->AddCircleFilled(points[0], ink / 2, ink_color);
    } else {
      draw->AddPolyline(points.data(), int(points.size()), ink_color, 0, ink);
    }
  }
  if (pad.strokes().empty()) {
    const std::string_view hint = ctx.T(pad.state() == HandwritingPad::State::kLoading ? "search.pad_loading" : "search.pad_hint");
    const float h = TextHeight(ctx, hint, FontRole::kBody, side - 2 * m.gap);
    const ImRect box(ImVec2(square.Min.x + m.gap, square.Min.y + side * 0.75f - h / 2),
                     ImVec2(square.Max.x - m.gap, square.Min.y + side * 0.75f + h / 2 + 1));
    draw->AddRectFilled(box.Min, box.Max, ToU32(ctx.colors().surface));  // the guide stops behind the hint
    Text(ctx, hint, FontRole::kBody, box, Tone::kMuted, Align::kCenter);
  }

  // Undo and clear, under the square, each as wide as its label needs plus an equal share of the rest.
  const std::string undo_label(ctx.T("search.pad_undo")), clear_label(ctx.T("search.pad_clear"));
  float undo_w = ButtonWidth(ctx, undo_label, FontRole::kBody, Icon::kNone, m.target);
  float clear_w = ButtonWidth(ctx, clear_label, FontRole::kBody, Icon::kNone, m.target);
  const float spare = side - m.gap - undo_w - clear_w;
  if (spare >= 0) {
    undo_w = std::floor(undo_w + spare / 2);
  } else {
    undo_w = std::floor((side - m.gap) / 2);  // too long for one line each: both wrap
  }
  const float ay = square.Max.y + m.gap;
  const bool any = !pad.strokes().empty();
  if (Button(ctx, {"search/pad-undo", ImRect(ImVec2(square.Min.x, ay), ImVec2(square.Min.x + undo_w, ay + action_h)),
                   ButtonKind::kSecondary, {{undo_label}}, Icon::kNone, any})) {
    pad.UndoStroke(ctx.snapshot_ptr());
  }
  if (Button(ctx, {"search/pad-clear", ImRect(ImVec2(square.Min.x + undo_w + m.gap, ay), ImVec2(square.Max.x, ay + action_h)),
                   ButtonKind::kSecondary, {{clear_label}}, Icon::kNone, any})) {
    pad.Clear();
  }

  // The candidates the fonts can show, in two columns of four beside the square: a character of the
  // catalogue (the only ones that can find a course) at title size, any other at body size.
  const ImRect column(ImVec2(square.Max.x + m.gap, area.Min.y), area.Max);
  std::vector<const Candidate*> shown;
  for (const Candidate& candidate : pad.candidates()) {
    if (shown.size() < HandwritingPad::kShown && FontHas(ctx.font(FontRole::kBody), candidate.character)) {
      shown.push_back(&candidate);
    }
  }
  if (shown.empty()) {
    if (any && !pad.recognising()) {
      Text(ctx, ctx.T("search.pad_none"), FontRole::kBody, column, Tone::kMuted);
    }
    return;
  }
  constexpr int kRows = 4;
  const float cell_w = std::floor((column.GetWidth() - m.gap) / 2);
  const float cell_h = std::floor(std::min(m.target * 1.4f, (column.GetHeight() - (kRows - 1) * m.gap) / kRows));
  for (size_t i = 0; i < shown.size(); ++i) {
    const Candidate& candidate = *shown[i];
    const float x = column.Min.x + float(i % 2) * (cell_w + m.gap);
    const float y = column.Min.y + float(i / 2) * (cell_h + m.gap);
    const FontRole role = FontHas(ctx.font(FontRole::kTitle), candidate.character) ? FontRole::kTitle : FontRole::kBody;
    const bool fits = query->size() + candidate.character.size() <= kMaxQuery;
    if (Button(ctx, {"search/candidate/" + std::to_string(i), ImRect(ImVec2(x, y), ImVec2(x + cell_w, y + cell_h)),
                     ButtonKind::kKey, {{candidate.character, role}}, Icon::kNone, fits})) {
      *query += candidate.character;
      pad.Clear();
    }
  }
}

class SearchScreen final : public Screen {
 public:
  std::string_view id() const override { return screen_id::kSearch; }
  void OnEnter(UiContext& ctx) override {
    page_ = 0;
    if (HandwritingPad* pad = ctx.handwriting()) pad->Start();
  }

  void Preview(UiContext& ctx) override { ctx.flow().search_query = "taiji"; }

  void OnTyped(UiContext& ctx, const KeyInput& input) override {
    for (char c : input.text) {
      if ((std::isalnum(static_cast<unsigned char>(c)) || c == ' ') && ctx.flow().search_query.size() < kMaxQuery) {
        ctx.flow().search_query += char(std::tolower(static_cast<unsigned char>(c)));
        page_ = 0;
      }
    }
  }

  void OnBackspace(UiContext& ctx) override {
    PopCharacter(&ctx.flow().search_query);
    page_ = 0;
  }

  void Draw(UiContext& ctx) override {
    const Metrics& m = ctx.m();
    std::string& query = ctx.flow().search_query;
    DrawTopBar(ctx, ctx.T("search.title"));
    BottomBar bar(ctx);

    HandwritingPad* pad = ctx.handwriting();
    bool& writing = ctx.flow().search_handwriting;
    if (pad == nullptr || pad->state() == HandwritingPad::State::kUnavailable) writing = false;
    const bool can_write = pad != nullptr && pad->state() != HandwritingPad::State::kUnavailable;

    const ImRect content = Areas(ctx).content;
    const float split = std::round(content.Min.x + content.GetWidth() * (ctx.large_text() ? 0.4f : 0.45f));
    ImRect left(content.Min, ImVec2(split - m.gap, content.Max.y));
    const ImRect right(ImVec2(split + m.gap, content.Min.y), content.Max);

    // What has been typed, and the switch between letters and handwriting beside it.
    const float field_h = std::max(m.target, std::round(LineHeight(ctx, FontRole::kTitle) + m.gap));
    const std::string toggle_label(ctx.T(writing ? "search.letters" : "search.handwriting"));
    const float toggle_w = can_write ? ButtonWidth(ctx, toggle_label, FontRole::kBody, Icon::kNone, m.target * 1.5f) + m.gap : 0;
    ImRect field(left.Min, ImVec2(left.Max.x - toggle_w, left.Min.y + field_h));
    Panel(ctx, field);
    if (can_write && Button(ctx, {"search/input-mode", ImRect(ImVec2(field.Max.x + m.gap, field.Min.y), ImVec2(left.Max.x, field.Max.y)),
                                  ButtonKind::kSecondary, {{toggle_label}}})) {
      writing = !writing;
    }
    const float lh = LineHeight(ctx, FontRole::kBody);
    ImRect inner(field.Min + ImVec2(m.gap, 0), field.Max - ImVec2(m.gap, 0));
    if (query.empty()) {
      Text(ctx, ctx.T("search.placeholder"), FontRole::kBody,
           ImRect(ImVec2(inner.Min.x, field.GetCenter().y - lh / 2), ImVec2(inner.Max.x, field.GetCenter().y + lh / 2)), Tone::kMuted);
    } else {
      const float ts = LineHeight(ctx, FontRole::kTitle);
      Text(ctx, query, FontRole::kTitle, ImRect(ImVec2(inner.Min.x, field.GetCenter().y - ts / 2), ImVec2(inner.Max.x, field.GetCenter().y + ts / 2)));
    }
    left.Min.y = field.Max.y + m.gap;

    // Results.
    if (query != last_query_ || ctx.snapshot_ptr() != last_snapshot_ || ctx.language() != last_language_) {
      hits_ = ctx.catalog().search().Query(query, ctx.now(), ctx.zone(), kMaxHits);
      last_query_ = query;
      last_snapshot_ = ctx.snapshot_ptr();
      last_language_ = ctx.language();
    }
    left = Heading(ctx, ctx.T(query.empty() ? "search.today" : "search.results"), left);
    std::vector<const Course*> courses;
    for (const SearchHit& hit : hits_) {
      if (const Course* c = ctx.catalog().FindCourse(hit.course_id)) courses.push_back(c);
    }
    if (courses.empty()) {
      Text(ctx, ctx.T(query.empty() ? "search.none_today" : "search.no_results"), FontRole::kBody, left, Tone::kMuted);
    } else {
      std::vector<float> heights;
      for (const Course* c : courses) heights.push_back(RowHeightFor(ctx, left.GetWidth(), CourseRowLines(ctx, *c)));
      const PageRows rows = PagedRows(ctx, "search/pages", heights, left, &page_);
      for (size_t i = 0; i < rows.rects.size(); ++i) {
        const Course& course = *courses[size_t(rows.first) + i];
        CourseRow(ctx, "search/course/" + course.id, course, rows.rects[i]);
      }
    }

    // The handwriting pad, or the letter keys.
    if (writing) {
      const std::string before = query;
      DrawPad(ctx, *pad, right, &query);
      if (query != before) page_ = 0;
    } else if (std::optional<Key> key = KeyGrid(ctx, "search/key", LetterKeys(ctx, true, " "), 0, right)) {
      ApplyKey(*key, &query, kMaxQuery);
      page_ = 0;
    }
  }

 private:
  int page_ = 0;
  std::string last_query_;
  std::shared_ptr<const CatalogSnapshot> last_snapshot_;
  Language last_language_ = Language::kZh;
  std::vector<SearchHit> hits_;
};

}  // namespace

std::unique_ptr<Screen> MakeSearchScreen() { return std::make_unique<SearchScreen>(); }

}  // namespace lk::ui
