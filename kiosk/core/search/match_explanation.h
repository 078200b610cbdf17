// ExplainMatch: the SearchHit a ranked candidate is shown as - the course, its tier, score and next
// session, and for people what matched and why: the matched text, the byte ranges to highlight (one per
// run of consumed characters, split where the text skips spaces or punctuation), the method, and `why`,
// e.g. `title starts with "书法" (pinyin shu fa)`, `title contains "太极拳" (initials t j q = tai ji
// quan)`, `session today 09:30-11:00`. It finds the candidate's match again, the earliest in its text.
//
// Not thread-safe across calls that share a Matcher; the index may be shared. Borrows everything it is
// given for the length of the call.
#pragma once

#include "kiosk/core/search/index_data.h"
#include "kiosk/core/search/matcher.h"
#include "kiosk/core/search/normalized_query.h"
#include "kiosk/core/search/ranking.h"
#include "kiosk/core/search/search_index.h"
#include "kiosk/core/time_zone.h"

namespace lk::search_internal {

// `candidate` comes from RankCourses over the same `data` and `query`; `matcher` is for them too.
SearchHit ExplainMatch(const IndexData& data, const NormalizedQuery& query, const TimeZone& time_zone,
                       const Candidate& candidate, Matcher* matcher);

}  // namespace lk::search_internal
