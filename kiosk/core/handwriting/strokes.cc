#include "kiosk/core/handwriting/strokes.h"

#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

namespace lk {

Status ValidateStrokes(const std::vector<Stroke>& strokes) {
  if (strokes.empty()) return Status::InvalidArgument("no strokes");
  for (size_t s = 0; s < strokes.size(); ++s) {
    if (strokes[s].empty()) return Status::InvalidArgument("stroke " + std::to_string(s + 1) + " has no points");
    for (size_t i = 0; i < strokes[s].size(); ++i) {
      const StrokePoint& p = strokes[s][i];
      if (p.x < 0 || p.x > kStrokeSquare || p.y < 0 || p.y > kStrokeSquare) {
        return Status::InvalidArgument("stroke " + std::to_string(s + 1) + " point " + std::to_string(i + 1) + " (" +
                                       std::to_string(p.x) + "," + std::to_string(p.y) + ") is outside 0.." +
                                       std::to_string(kStrokeSquare));
      }
    }
  }
  return Status::Ok();
}

Result<std::vector<Stroke>> ParseStrokesJson(std::string_view json_text, const std::string& source) {
  const nlohmann::json root = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return Status::InvalidArgument(source + ": not valid JSON");
  const std::string shape = ": expected strokes as [[[x,y],...],...] with integer coordinates";
  if (!root.is_array()) return Status::InvalidArgument(source + shape);
  std::vector<Stroke> strokes;
  for (const nlohmann::json& stroke_json : root) {
    if (!stroke_json.is_array()) return Status::InvalidArgument(source + shape);
    Stroke stroke;
    for (const nlohmann::json& point : stroke_json) {
      if (!point.is_array() || point.size() != 2 || !point[0].is_number_integer() || !point[1].is_number_integer()) {
        return Status::InvalidArgument(source + shape);
      }
      const int64_t x = point[0].get<int64_t>(), y = point[1].get<int64_t>();
      if (x < 0 || x > kStrokeSquare || y < 0 || y > kStrokeSquare) {
        return Status::InvalidArgument(source + ": stroke " + std::to_string(strokes.size() + 1) + " point " +
                                       std::to_string(stroke.size() + 1) + " (" + std::to_string(x) + "," +
                                       std::to_string(y) + ") is outside 0.." + std::to_string(kStrokeSquare));
      }
      stroke.push_back({int(x), int(y)});
    }
    strokes.push_back(std::move(stroke));
  }
  Status valid = ValidateStrokes(strokes);
  if (!valid.ok()) return Status::InvalidArgument(source + ": " + valid.message());
  return strokes;
}

Result<std::vector<Stroke>> LoadStrokesFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read strokes file " + path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::IoError("error reading strokes file " + path);
  return ParseStrokesJson(text, path);
}

}  // namespace lk
