// Strokes: one handwritten character as a resident's finger drew it, and its JSON form.
//
// A character is its strokes in writing order; a stroke is the points one touch passed through, on a
// 0–kStrokeSquare square (x to the right, y down), whatever the size of the pad on screen. Well-formed
// (ValidateStrokes): at least one stroke, every stroke at least one point, every coordinate in 0..1000.
// The JSON form, read by `kioskctl recognize --strokes FILE` and the tests' stroke files
// (tests/data/strokes/), is `[[[x,y],...],...]` with integer coordinates. Pure functions, plain values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/status.h"

namespace lk {

inline constexpr int kStrokeSquare = 1000;  // coordinates run 0..kStrokeSquare inclusive

struct StrokePoint {
  int x = 0;
  int y = 0;
  bool operator==(const StrokePoint&) const = default;
};
using Stroke = std::vector<StrokePoint>;

// kInvalidArgument naming the stroke and point (counted from 1) that is wrong.
Status ValidateStrokes(const std::vector<Stroke>& strokes);

// `source` names the file in messages. kInvalidArgument for malformed JSON, a wrong shape or a point out of
// range.
Result<std::vector<Stroke>> ParseStrokesJson(std::string_view json_text, const std::string& source);
// Reads and parses `path`: kNotFound when it cannot be read.
Result<std::vector<Stroke>> LoadStrokesFile(const std::string& path);

}  // namespace lk
