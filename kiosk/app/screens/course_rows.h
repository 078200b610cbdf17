// Course rows: the list row that stands for a course (title, then its next session and teacher), shared by
// the category and search screens. UI thread only, while drawing.
#pragma once

#include <optional>
#include <vector>

#include "kiosk/app/ui_context.h"
#include "kiosk/app/widgets.h"

namespace lk::ui {

// The course's session in progress or next to start, if any.
const Session* NextSessionOf(UiContext& ctx, const Course& course);
// "下次：今天 14:00–15:30 · 王老师" / "No upcoming classes · Teacher Wang"
std::string CourseDetailLine(UiContext& ctx, const Course& course);
// The row's lines: the title, then CourseDetailLine.
std::vector<TextLine> CourseRowLines(UiContext& ctx, const Course& course);
// Draws the row; opens the course screen when tapped.
void CourseRow(UiContext& ctx, const std::string& id, const Course& course, const ImRect& rect);

}  // namespace lk::ui
