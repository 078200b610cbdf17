#include "kiosk/core/catalog_json.h"

#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "kiosk/core/shown_text.h"
#include "kiosk/core/time_zone.h"
#include "kiosk/core/utf8.h"

namespace lk {
namespace {

using nlohmann::json;

// Walks the JSON tree with a path for messages; the first error wins and stops the parse.
class Reader {
 public:
  explicit Reader(std::string_view source) : source_(source) {}

  Status Error(const std::string& path, const std::string& what) const {
    return Status::InvalidArgument(std::string(source_) + ": " + path + ": " + what);
  }

  Status Text(const json& obj, const std::string& path, const char* key, bool required, std::string* out) const {
    auto it = obj.find(key);
    std::string where = path + "." + key;
    if (it == obj.end() || it->is_null()) {
      return required ? Error(where, "missing (expected a string)") : Status::Ok();
    }
    if (!it->is_string()) return Error(where, "expected a string");
    const auto& s = it->get_ref<const std::string&>();
    if (s.size() > kMaxCatalogText) return Error(where, "longer than " + std::to_string(kMaxCatalogText) + " bytes");
    if (!IsCleanUtf8(s)) return Error(where, "not valid UTF-8 text");
    if (required && s.empty()) return Error(where, "must not be empty");
    *out = s;
    return Status::Ok();
  }

  Status Id(const json& obj, const std::string& path, const char* key, std::string* out) const {
    LK_RETURN_IF_ERROR(Text(obj, path, key, true, out));
    if (out->size() > 64) return Error(path + "." + key, "ids are at most 64 bytes");
    for (char c : *out) {
      if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '\\') {
        return Error(path + "." + key, "ids use printable characters without spaces or quotes");
      }
    }
    return Status::Ok();
  }

  // {"zh": "...", "en": "..."}; at least one language present when required.
  Status Localized(const json& obj, const std::string& path, const char* key, bool required, LocalizedText* out) const {
    auto it = obj.find(key);
    std::string where = path + "." + key;
    if (it == obj.end() || it->is_null()) {
      return required ? Error(where, "missing (expected {\"zh\": ..., \"en\": ...})") : Status::Ok();
    }
    if (!it->is_object()) return Error(where, "expected an object {\"zh\": ..., \"en\": ...}");
    LK_RETURN_IF_ERROR(Text(*it, where, "zh", false, &out->zh));
    LK_RETURN_IF_ERROR(Text(*it, where, "en", false, &out->en));
    // Invisible format characters would show as "?" and stop a search from matching (shown_text.h).
    out->zh = DropFormatCharacters(out->zh);
    out->en = DropFormatCharacters(out->en);
    if (required && out->zh.empty() && out->en.empty()) return Error(where, "needs a zh or an en text");
    return Status::Ok();
  }

  Status Number(const json& obj, const std::string& path, const char* key, double lo, double hi, bool required,
                double* out) const {
    auto it = obj.find(key);
    std::string where = path + "." + key;
    if (it == obj.end() || it->is_null()) return required ? Error(where, "missing (expected a number)") : Status::Ok();
    if (!it->is_number()) return Error(where, "expected a number");
    double v = it->get<double>();
    if (!(v >= lo && v <= hi)) {
      std::ostringstream os;
      os << "expected a number from " << lo << " to " << hi;
      return Error(where, os.str());
    }
    *out = v;
    return Status::Ok();
  }

  Status Integer(const json& obj, const std::string& path, const char* key, int64_t lo, int64_t hi, bool required,
                 int64_t* out) const {
    auto it = obj.find(key);
    std::string where = path + "." + key;
    if (it == obj.end() || it->is_null()) return required ? Error(where, "missing (expected an integer)") : Status::Ok();
    if (!it->is_number_integer()) return Error(where, "expected an integer");
    if (it->is_number_unsigned() && it->get<uint64_t>() > uint64_t(INT64_MAX)) {
      return Error(where, "expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
    }
    int64_t v = it->get<int64_t>();
    if (v < lo || v > hi) {
      return Error(where, "expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
    }
    *out = v;
    return Status::Ok();
  }

  const json* Array(const json& root, const char* key, Status* status) const {
    auto it = root.find(key);
    if (it == root.end() || !it->is_array()) {
      *status = Error(key, "missing or not an array");
      return nullptr;
    }
    return &*it;
  }

 private:
  std::string_view source_;
};

// "HH:MM" to minutes after midnight.
bool ParseClock(const std::string& text, int* minutes) {
  if (text.size() != 5 || text[2] != ':') return false;
  for (int i : {0, 1, 3, 4}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  int h = (text[0] - '0') * 10 + (text[1] - '0');
  int m = (text[3] - '0') * 10 + (text[4] - '0');
  if (h > 23 || m > 59) return false;
  *minutes = h * 60 + m;
  return true;
}

Status ParseSessionTimes(const Reader& r, const json& s, const std::string& path, const TimeZone& zone,
                         TimeMs load_time, Session* out) {
  auto rel = s.find("relative");
  if (rel == s.end()) {
    std::string start, end;
    LK_RETURN_IF_ERROR(r.Text(s, path, "start", true, &start));
    LK_RETURN_IF_ERROR(r.Text(s, path, "end", true, &end));
    auto start_ms = ParseRfc3339(start);
    if (!start_ms.ok()) return r.Error(path + ".start", start_ms.status().message());
    auto end_ms = ParseRfc3339(end);
    if (!end_ms.ok()) return r.Error(path + ".end", end_ms.status().message());
    out->starts_at = *start_ms;
    out->ends_at = *end_ms;
    return Status::Ok();
  }
  std::string where = path + ".relative";
  if (!rel->is_object()) return r.Error(where, "expected an object");
  int64_t minutes = 0;
  LK_RETURN_IF_ERROR(r.Integer(*rel, where, "minutes", 1, 24 * 60, true, &minutes));
  if (rel->contains("from_load_minutes")) {
    int64_t offset = 0;
    LK_RETURN_IF_ERROR(r.Integer(*rel, where, "from_load_minutes", -7 * 24 * 60, 60 * 24 * 60, true, &offset));
    // Anchor on the load time rounded down to 5 minutes, so the demo's times look like a real timetable.
    TimeMs anchor = load_time - ((load_time % (5 * kMsPerMinute)) + 5 * kMsPerMinute) % (5 * kMsPerMinute);
    out->starts_at = anchor + offset * kMsPerMinute;
  } else {
    int64_t day = 0;
    std::string at;
    LK_RETURN_IF_ERROR(r.Integer(*rel, where, "day", -7, 60, true, &day));
    LK_RETURN_IF_ERROR(r.Text(*rel, where, "at", true, &at));
    int clock = 0;
    if (!ParseClock(at, &clock)) return r.Error(where + ".at", "expected a local time HH:MM");
    LocalDate date = AddDays(zone.DateOf(load_time), int(day));
    out->starts_at = zone.FromLocal({date, clock / 60, clock % 60, 0});
  }
  out->ends_at = out->starts_at + minutes * kMsPerMinute;
  return Status::Ok();
}

}  // namespace

bool IsCleanUtf8(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    std::optional<char32_t> c = utf8::NextCodePoint(text, &pos);
    if (!c || (*c < 0x20 && *c != '\t' && *c != '\n') || *c == 0x7F) return false;
  }
  return true;
}

Result<Catalog> ParseCatalogJson(std::string_view text, TimeMs load_time, std::string_view source) {
  Reader r(source);
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return Status::InvalidArgument(std::string(source) + ": not valid JSON");
  if (!root.is_object()) return Status::InvalidArgument(std::string(source) + ": expected a JSON object at the top");

  int64_t format = 0;
  LK_RETURN_IF_ERROR(r.Integer(root, "catalog", "format", 1, 1000, true, &format));
  if (format != kCatalogFormat) {
    return r.Error("catalog.format", "format " + std::to_string(format) + " is not supported (expected " +
                                         std::to_string(kCatalogFormat) + ")");
  }
  Catalog catalog;
  LK_RETURN_IF_ERROR(r.Text(root, "catalog", "version", true, &catalog.version));

  auto centre = root.find("centre");
  if (centre == root.end() || !centre->is_object()) return r.Error("centre", "missing or not an object");
  LK_RETURN_IF_ERROR(r.Id(*centre, "centre", "id", &catalog.centre.id));
  LK_RETURN_IF_ERROR(r.Localized(*centre, "centre", "name", true, &catalog.centre.name));
  LK_RETURN_IF_ERROR(r.Text(*centre, "centre", "time_zone", false, &catalog.centre.time_zone));
  auto zone = TimeZone::Load(catalog.centre.time_zone);
  if (!zone.ok()) return r.Error("centre.time_zone", zone.status().message());

  Status status;
  const json* categories = r.Array(root, "categories", &status);
  if (!categories) return status;
  std::set<std::string> category_ids;
  for (size_t i = 0; i < categories->size(); ++i) {
    const json& c = (*categories)[i];
    std::string path = "categories[" + std::to_string(i) + "]";
    if (!c.is_object()) return r.Error(path, "expected an object");
    Category category;
    LK_RETURN_IF_ERROR(r.Id(c, path, "id", &category.id));
    LK_RETURN_IF_ERROR(r.Localized(c, path, "name", true, &category.name));
    int64_t sort = int64_t(i);
    LK_RETURN_IF_ERROR(r.Integer(c, path, "sort_order", -100000, 100000, false, &sort));
    category.sort_order = int(sort);
    if (!category_ids.insert(category.id).second) return r.Error(path + ".id", "duplicate id \"" + category.id + "\"");
    catalog.categories.push_back(std::move(category));
  }

  const json* courses = r.Array(root, "courses", &status);
  if (!courses) return status;
  std::set<std::string> course_ids;
  for (size_t i = 0; i < courses->size(); ++i) {
    const json& c = (*courses)[i];
    std::string path = "courses[" + std::to_string(i) + "]";
    if (!c.is_object()) return r.Error(path, "expected an object");
    Course course;
    LK_RETURN_IF_ERROR(r.Id(c, path, "id", &course.id));
    LK_RETURN_IF_ERROR(r.Id(c, path, "category", &course.category_id));
    if (!category_ids.count(course.category_id)) {
      return r.Error(path + ".category", "unknown category \"" + course.category_id + "\"");
    }
    LK_RETURN_IF_ERROR(r.Localized(c, path, "title", true, &course.title));
    LK_RETURN_IF_ERROR(r.Localized(c, path, "summary", false, &course.summary));
    LK_RETURN_IF_ERROR(r.Localized(c, path, "teacher", false, &course.teacher));
    LK_RETURN_IF_ERROR(r.Number(c, path, "credit_hours", 0, 100, false, &course.credit_hours));
    if (!course_ids.insert(course.id).second) return r.Error(path + ".id", "duplicate id \"" + course.id + "\"");
    catalog.courses.push_back(std::move(course));
  }

  const json* sessions = r.Array(root, "sessions", &status);
  if (!sessions) return status;
  std::set<std::string> session_ids;
  for (size_t i = 0; i < sessions->size(); ++i) {
    const json& s = (*sessions)[i];
    std::string path = "sessions[" + std::to_string(i) + "]";
    if (!s.is_object()) return r.Error(path, "expected an object");
    Session session;
    LK_RETURN_IF_ERROR(r.Id(s, path, "id", &session.id));
    LK_RETURN_IF_ERROR(r.Id(s, path, "course", &session.course_id));
    if (!course_ids.count(session.course_id)) {
      return r.Error(path + ".course", "unknown course \"" + session.course_id + "\"");
    }
    LK_RETURN_IF_ERROR(ParseSessionTimes(r, s, path, *zone, load_time, &session));
    if (session.ends_at <= session.starts_at) return r.Error(path + ".end", "must be after the start");
    if (session.ends_at - session.starts_at > kMaxSessionLength) return r.Error(path + ".end", "a session lasts at most 24 hours");
    LK_RETURN_IF_ERROR(r.Localized(s, path, "room", false, &session.room));
    int64_t capacity = 0;
    LK_RETURN_IF_ERROR(r.Integer(s, path, "capacity", 0, 100000, false, &capacity));
    session.capacity = int(capacity);
    if (!session_ids.insert(session.id).second) return r.Error(path + ".id", "duplicate id \"" + session.id + "\"");
    catalog.sessions.push_back(std::move(session));
  }
  return catalog;
}

Result<Catalog> LoadCatalogFile(const std::string& path, TimeMs load_time) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read catalogue file " + path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::IoError("error reading catalogue file " + path);
  return ParseCatalogJson(text, load_time, path);
}

std::string CatalogToJson(const Catalog& catalog) {
  auto localized = [](const LocalizedText& t) { return json{{"zh", t.zh}, {"en", t.en}}; };
  json root;
  root["format"] = kCatalogFormat;
  root["version"] = catalog.version;
  root["centre"] = {{"id", catalog.centre.id},
                    {"name", localized(catalog.centre.name)},
                    {"time_zone", catalog.centre.time_zone}};
  json categories = json::array();
  for (const auto& c : catalog.categories) {
    categories.push_back({{"id", c.id}, {"name", localized(c.name)}, {"sort_order", c.sort_order}});
  }
  json courses = json::array();
  for (const auto& c : catalog.courses) {
    courses.push_back({{"id", c.id},
                       {"category", c.category_id},
                       {"title", localized(c.title)},
                       {"summary", localized(c.summary)},
                       {"teacher", localized(c.teacher)},
                       {"credit_hours", c.credit_hours}});
  }
  json sessions = json::array();
  for (const auto& s : catalog.sessions) {
    sessions.push_back({{"id", s.id},
                        {"course", s.course_id},
                        {"start", FormatRfc3339Utc(s.starts_at)},
                        {"end", FormatRfc3339Utc(s.ends_at)},
                        {"room", localized(s.room)},
                        {"capacity", s.capacity}});
  }
  root["categories"] = std::move(categories);
  root["courses"] = std::move(courses);
  root["sessions"] = std::move(sessions);
  return root.dump(2);
}

}  // namespace lk
