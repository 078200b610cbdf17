#include "kiosk/core/search/match_explanation.h"

#include <string>
#include <string_view>

#include "kiosk/core/search/pinyin.h"

namespace lk::search_internal {
namespace {

// Display syllable: ü written as such ("lv" -> "lü").
std::string DisplaySyllable(pinyin::SyllableId id) {
  std::string text;
  for (char c : pinyin::SyllableText(id)) text += c == 'v' ? "ü" : std::string(1, c);
  return text;
}

}  // namespace

SearchHit ExplainMatch(const IndexData& data, const NormalizedQuery& query, const TimeZone& time_zone,
                       const Candidate& candidate, Matcher* matcher) {
  const CourseDisplay& course = data.course_displays[candidate.course];
  SearchHit hit;
  hit.course_id = course.id;
  hit.title = course.title;
  hit.tier = candidate.tier;
  hit.field = candidate.field;
  hit.score = Score(candidate.tier, candidate.has_session_today);
  hit.has_session_today = candidate.has_session_today;
  if (candidate.next_session >= 0) {
    const IndexedSession& session = data.sessions[candidate.next_session];
    hit.next_session = UpcomingSession{data.session_ids[candidate.next_session], session.starts_at, session.ends_at};
  }
  if (candidate.field == SearchField::kNone) {
    hit.why = "session today " + time_zone.FormatTime(hit.next_session->starts_at) + "-" +
              time_zone.FormatTime(hit.next_session->ends_at);
    return hit;
  }
  const IndexedText& text = data.texts[candidate.text];
  hit.language = text.language;
  hit.matched_text = text.display;
  matcher->Find(candidate.text, candidate.pass);
  MatchShape shape = matcher->Shape();
  std::string readings;  // "shu fa": the syllable each Han character matched (ü as ü), Latin runs as typed
  std::string initials;  // "t j q": what each character consumed of the query
  if (query.literal) {
    hit.method = MatchMethod::kText;
    hit.highlights.push_back({matcher->literal_begin(), matcher->literal_begin() + query.text.size()});
  } else {
    bool any_han = false;
    bool any_initial = false;
    bool previous_latin = false;
    for (const Step& step : matcher->steps()) {
      const Unit& unit = data.units[step.unit];
      size_t begin = unit.byte_begin;
      size_t end = begin + unit.byte_length;
      if (hit.highlights.empty() || (unit.flags & kAfterGap)) {
        hit.highlights.push_back({begin, end});
      } else {
        hit.highlights.back().end = end;
      }
      bool latin = unit.reading_count == 0;
      std::string_view typed = latin ? std::string_view(text.display).substr(begin, end - begin)
                                     : pinyin::SyllableText(step.syllable).substr(0, step.consumed);
      const char* separator = (latin && previous_latin) ? "" : " ";
      if (!readings.empty()) readings += separator;
      readings += latin ? std::string(typed) : DisplaySyllable(step.syllable);
      if (!initials.empty()) initials += separator;
      initials += typed;
      any_han |= !latin;
      any_initial |= step.initial_only;
      previous_latin = latin;
    }
    hit.method = any_initial ? MatchMethod::kInitials : any_han ? MatchMethod::kPinyin : MatchMethod::kText;
  }
  size_t first_byte = hit.highlights.front().begin;
  std::string matched_part = text.display.substr(first_byte, hit.highlights.back().end - first_byte);
  const char* relation = shape.whole_text ? "is" : shape.starts_text ? "starts with" : "contains";
  hit.why = std::string(SearchFieldName(candidate.field)) + " " + relation + " \"" + matched_part + "\"";
  if (hit.method == MatchMethod::kPinyin) hit.why += " (pinyin " + readings + ")";
  if (hit.method == MatchMethod::kInitials) hit.why += " (initials " + initials + " = " + readings + ")";
  return hit;
}

}  // namespace lk::search_internal
