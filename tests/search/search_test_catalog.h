// Small hand-made catalogues and helpers for the search tests. Header-only; single-threaded use per test.
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/search/search_index.h"
#include "kiosk/core/time_zone.h"

namespace lk::search_testing {

// Tuesday 2026-03-10 09:00 in Beijing.
inline TimeMs Now() { return ParseRfc3339("2026-03-10T09:00:00+08:00").value(); }
inline TimeZone Beijing() { return TimeZone::FixedOffset("Asia/Shanghai", 8 * 3600); }

inline Course MakeCourse(std::string id, std::string title_zh, std::string title_en, std::string category_id = "",
                         std::string teacher_zh = "", std::string summary_zh = "") {
  Course course;
  course.id = std::move(id);
  course.category_id = std::move(category_id);
  course.title = {std::move(title_zh), std::move(title_en)};
  course.teacher = {std::move(teacher_zh), ""};
  course.summary = {std::move(summary_zh), ""};
  return course;
}

// A one-hour session starting `hours_from_now` hours after Now().
inline Session MakeSession(const std::string& course_id, double hours_from_now) {
  Session session;
  session.course_id = course_id;
  session.id = "s-" + course_id + "-" + std::to_string(static_cast<int>(hours_from_now * 60));
  session.starts_at = Now() + static_cast<TimeMs>(hours_from_now * kMsPerHour);
  session.ends_at = session.starts_at + kMsPerHour;
  return session;
}

inline std::vector<std::string> HitIds(const std::vector<SearchHit>& hits) {
  std::vector<std::string> ids;
  for (const SearchHit& hit : hits) ids.push_back(hit.course_id);
  return ids;
}

inline std::vector<SearchHit> Search(const SearchIndex& index, std::string_view query, size_t limit = 100) {
  return index.Query(query, Now(), Beijing(), limit);
}

}  // namespace lk::search_testing
