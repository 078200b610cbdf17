// RankCourses: which courses a query finds and in what order (search_index.h, "Ranking"). The fields are
// matched in ranking order - title, teacher, category, summary - each course only until one of its texts
// matches; a course takes the best tier any of its texts reaches, zh winning a tie with en, and courses
// with a session today rank half a tier higher, then by their next session's start, then by id. An empty
// query lists the courses with a session today.
//
// Not thread-safe across calls that share a Matcher; the index may be shared. Borrows everything it is
// given for the length of the call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "kiosk/core/search/index_data.h"
#include "kiosk/core/search/matcher.h"
#include "kiosk/core/search/normalized_query.h"
#include "kiosk/core/search/search_index.h"
#include "kiosk/core/time_zone.h"

namespace lk::search_internal {

// A course that matched (field not kNone, or an empty query), with what ranking needs; the hit's texts
// are rendered only for the best few (match_explanation.h).
struct Candidate {
  uint32_t course = 0;
  MatchTier tier = MatchTier::kTodaysSession;
  SearchField field = SearchField::kNone;
  uint32_t text = 0;  // the text that matched best, into IndexData::texts
  Pass pass = Pass::kPinyin;
  bool has_session_today = false;
  int32_t next_session = -1;  // into IndexData::sessions
  TimeMs next_start = std::numeric_limits<TimeMs>::max();
};

// SearchHit::score: 10 per tier below kTodaysSession, plus 5 with a session today.
int Score(MatchTier tier, bool has_session_today);

// The best `limit` courses for `query`, best first. `now` and `time_zone` decide what "today" and "next
// session" mean (a session counts until it ends). `matcher` (for `query` over `data`) is left holding
// whatever it matched last.
std::vector<Candidate> RankCourses(const IndexData& data, const NormalizedQuery& query, TimeMs now,
                                   const TimeZone& time_zone, size_t limit, Matcher* matcher);

}  // namespace lk::search_internal
