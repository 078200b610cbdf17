#include "kiosk/core/search/ranking.h"

#include <algorithm>
#include <array>
#include <utility>

#include "kiosk/core/search/field_sweep.h"

namespace lk::search_internal {
namespace {

bool RanksBefore(const Candidate& a, const Candidate& b) {
  int score_a = Score(a.tier, a.has_session_today);
  int score_b = Score(b.tier, b.has_session_today);
  if (score_a != score_b) return score_a > score_b;
  if (a.next_start != b.next_start) return a.next_start < b.next_start;
  return a.course < b.course;  // courses are stored by id
}

class Ranker {
 public:
  Ranker(const IndexData& data, const NormalizedQuery& query, TimeMs now, const TimeZone& time_zone, Matcher* matcher)
      : data_(data),
        query_(query),
        matcher_(*matcher),
        now_(now),
        end_of_today_(time_zone.StartOfDay(AddDays(time_zone.DateOf(now), 1))) {}

  std::vector<Candidate> Rank(size_t limit) {
    std::vector<Candidate> candidates = query_.text.empty() ? TodaysCourses() : MatchingCourses(limit);
    size_t count = std::min(limit, candidates.size());
    std::partial_sort(candidates.begin(), candidates.begin() + count, candidates.end(), RanksBefore);
    candidates.resize(count);
    return candidates;
  }

 private:
  void SetNextSession(Candidate* candidate) const {
    const CourseRanking& course = data_.courses[candidate->course];
    auto begin = data_.sessions.begin() + course.sessions_begin;
    auto end = data_.sessions.begin() + course.sessions_end;
    // Sessions are by start time; none starting before this can still be running.
    auto it = std::partition_point(begin, end,
                                   [&](const IndexedSession& s) { return s.starts_at < now_ - data_.longest_session; });
    it = std::find_if(it, end, [&](const IndexedSession& s) { return s.ends_at > now_; });
    if (it == end) return;
    candidate->next_session = static_cast<int32_t>(it - data_.sessions.begin());
    candidate->next_start = it->starts_at;
    candidate->has_session_today = it->starts_at < end_of_today_;
  }

  std::vector<Candidate> TodaysCourses() const {
    std::vector<Candidate> candidates;
    std::vector<bool> listed(data_.courses.size(), false);
    TimeMs earliest_start = now_ - data_.longest_session;
    auto it = std::partition_point(data_.sessions_by_start.begin(), data_.sessions_by_start.end(),
                                   [&](uint32_t s) { return data_.sessions[s].starts_at < earliest_start; });
    for (; it != data_.sessions_by_start.end() && data_.sessions[*it].starts_at < end_of_today_; ++it) {
      const IndexedSession& session = data_.sessions[*it];
      if (session.ends_at <= now_ || listed[session.course]) continue;
      listed[session.course] = true;
      Candidate candidate;
      candidate.course = session.course;
      SetNextSession(&candidate);
      candidates.push_back(candidate);
    }
    return candidates;
  }

  // Matches the fields in ranking order, each course only until one of its texts matches (titles: both
  // languages, as either may match better). Between the languages of one field, zh wins a tie. Returns
  // the courses of the best tiers that hold `limit` courses together, with their sessions.
  std::vector<Candidate> MatchingCourses(size_t limit) {
    std::vector<Candidate> best(data_.courses.size());
    std::vector<Candidate> category_best(data_.category_count);
    FieldSweep sweep(data_, query_, &matcher_);
    auto any = [](uint32_t) { return true; };
    auto wanted_in = [this](std::vector<Candidate>& results, SearchField field) {
      return [&results, field, this](uint32_t text) {
        const Candidate& candidate = results[data_.spans[text].owner];
        return candidate.field == SearchField::kNone ||
               (candidate.field == field && LanguageOf(text) == Language::kZh &&
                LanguageOf(candidate.text) == Language::kEn);
      };
    };
    auto record_in = [this](std::vector<Candidate>& results, SearchField field) {
      return [&results, field, this](uint32_t text, Pass pass) {
        MatchTier tier = TierOf(field, pass);
        Candidate& candidate = results[data_.spans[text].owner];
        if (candidate.field == SearchField::kNone ||
            std::pair(tier, LanguageOf(text)) < std::pair(candidate.tier, LanguageOf(candidate.text))) {
          candidate = Candidate{.tier = tier, .field = field, .text = text, .pass = pass};
        }
      };
    };
    sweep.Sweep(SearchField::kTitle, Pass::kPinyin, any, record_in(best, SearchField::kTitle));
    sweep.Sweep(SearchField::kTitle, Pass::kInitials, wanted_in(best, SearchField::kTitle),
                record_in(best, SearchField::kTitle));
    for (Pass pass : {Pass::kPinyin, Pass::kInitials}) {
      sweep.Sweep(SearchField::kTeacher, pass, wanted_in(best, SearchField::kTeacher),
                  record_in(best, SearchField::kTeacher));
    }
    for (Pass pass : {Pass::kPinyin, Pass::kInitials}) {
      sweep.Sweep(SearchField::kCategory, pass, wanted_in(category_best, SearchField::kCategory),
                  record_in(category_best, SearchField::kCategory));
    }
    for (uint32_t course = 0; course < best.size(); ++course) {
      int32_t category = data_.courses[course].category;
      if (best[course].field == SearchField::kNone && category >= 0) best[course] = category_best[category];
    }
    sweep.Sweep(SearchField::kSummary, Pass::kPinyin, wanted_in(best, SearchField::kSummary),
                record_in(best, SearchField::kSummary));

    // A course never outranks one of a better tier (a session today is worth half a tier), so sessions are
    // looked up only for the tiers that can make the list.
    std::array<std::vector<uint32_t>, static_cast<size_t>(MatchTier::kTodaysSession)> courses_by_tier;
    for (uint32_t course = 0; course < best.size(); ++course) {
      if (best[course].field != SearchField::kNone)
        courses_by_tier[static_cast<size_t>(best[course].tier)].push_back(course);
    }
    std::vector<Candidate> candidates;
    for (const std::vector<uint32_t>& courses : courses_by_tier) {
      if (candidates.size() >= limit) break;
      for (uint32_t course : courses) {
        Candidate candidate = best[course];
        candidate.course = course;
        SetNextSession(&candidate);
        candidates.push_back(candidate);
      }
    }
    return candidates;
  }

  Language LanguageOf(uint32_t text) const { return data_.texts[text].language; }

  // The tier of the match the matcher just found.
  MatchTier TierOf(SearchField field, Pass pass) const {
    switch (field) {
      case SearchField::kTitle: {
        if (pass == Pass::kInitials) return MatchTier::kTitleInitials;
        MatchShape shape = matcher_.Shape();
        return shape.whole_text    ? MatchTier::kTitleExact
               : shape.starts_text ? MatchTier::kTitlePrefix
                                   : MatchTier::kTitleInner;
      }
      case SearchField::kTeacher:
        return MatchTier::kTeacher;
      case SearchField::kCategory:
        return MatchTier::kCategory;
      case SearchField::kSummary:
      case SearchField::kNone:
        break;
    }
    return MatchTier::kSummary;
  }

  const IndexData& data_;
  const NormalizedQuery& query_;
  Matcher& matcher_;
  const TimeMs now_;
  const TimeMs end_of_today_;
};

}  // namespace

int Score(MatchTier tier, bool has_session_today) {
  return (static_cast<int>(MatchTier::kTodaysSession) - static_cast<int>(tier)) * 10 + (has_session_today ? 5 : 0);
}

std::vector<Candidate> RankCourses(const IndexData& data, const NormalizedQuery& query, TimeMs now,
                                   const TimeZone& time_zone, size_t limit, Matcher* matcher) {
  return Ranker(data, query, now, time_zone, matcher).Rank(limit);
}

}  // namespace lk::search_internal
