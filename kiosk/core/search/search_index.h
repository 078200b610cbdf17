// SearchIndex: finds courses as a resident types on the kiosk's Latin on-screen keyboard, no input method
// needed: pinyin initials (`sf`, `tjq`), full pinyin with or without spaces (`shufa`, `shu fa`), a mix
// (`shuf`), English words by prefix (`calli`), and Chinese text typed by staff or a scanner (`书法`).
//
// Searched: each course's title, teacher, category name and summary, in both languages.
//
// How a query matches a text. The query is lowercased and reduced to letters and digits; in pinyin a typed
// `v` is ü and a typed `u` is u or ü (`lv` and `lu` both find 旅, lǚ; `lv` does not find 路, lu). Starting at
// any Han character or at the start of a word,
// consecutive characters of the text consume the query: a Han character consumes one of its readings
// (every reading counts: 长 is chang and zhang), or - only for the last character consumed - a prefix of
// one (`shuf`); in an initials match a Han character may consume just its initial (z/c/s or zh/ch/sh). A
// Latin letter or digit consumes itself. Punctuation and spaces in the text are skipped. A query that
// contains anything beyond ASCII (Chinese) is looked up as a literal substring instead.
//
// Ranking (MatchTier, best first): title is the query; title starts with it; title contains it; title
// matches by initials; teacher; category; summary (summaries match by full pinyin only: initials would match
// almost every summary). A course ranks by its best match; zh wins a tie with en. Within a tier, courses
// with a session today come first, then the course whose next session starts soonest, then course id. An
// empty query lists the courses with a session today by start time. A session counts until it ends.
//
// Thread-safety and ownership: Build copies everything it needs from the catalogue; the index is
// immutable afterwards, so one index may be queried from any number of threads at once while another
// thread builds the next one (the kiosk builds it off the UI thread with each catalogue snapshot,
// kiosk/app/catalog_snapshot.h). Query allocates only per call.
//
// The parts, in kiosk/core/search/ (namespace search_internal): index_builder reads the catalogue into
// the index's layout (index_data.h); a query is reduced by normalized_query, matched one text at a time
// by matcher, over the texts of a field that field_sweep picks out of the index, ranked by ranking, and
// each hit described by match_explanation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/time_zone.h"

namespace lk {

namespace search_internal {
struct IndexData;  // index_data.h
}  // namespace search_internal

// Best first: a course's hit carries the best tier any of its texts reaches.
enum class MatchTier {
  kTitleExact,     // the whole title, e.g. `shufa` or `calligraphy` for 书法 / Calligraphy
  kTitlePrefix,    // the start of the title, e.g. `shuf` for 书法入门, `calli` for Calligraphy for Beginners
  kTitleInner,     // later in the title: `fa` in 书法, `script` in Running Script
  kTitleInitials,  // initials anywhere in the title: `sf`, `tjq`
  kTeacher,
  kCategory,
  kSummary,
  kTodaysSession,  // empty query: the course has a session today
};
const char* MatchTierName(MatchTier tier);  // "title-exact", "title-prefix", ..., "todays-session"

enum class SearchField { kNone, kTitle, kTeacher, kCategory, kSummary };
const char* SearchFieldName(SearchField field);  // "none", "title", "teacher", "category", "summary"

enum class MatchMethod {
  kNone,      // empty query
  kText,      // Latin letters and digits against themselves, or a Chinese query as a substring
  kPinyin,    // Han characters by full readings (the last one possibly by a prefix)
  kInitials,  // at least one Han character by its initial alone
};
const char* MatchMethodName(MatchMethod method);  // "none", "text", "pinyin", "initials"

// A byte range [begin, end) of SearchHit::matched_text.
struct TextRange {
  size_t begin = 0;
  size_t end = 0;
  bool operator==(const TextRange&) const = default;
};

struct UpcomingSession {
  std::string session_id;
  TimeMs starts_at = 0;
  TimeMs ends_at = 0;
};

struct SearchHit {
  std::string course_id;
  LocalizedText title;
  MatchTier tier = MatchTier::kTodaysSession;
  SearchField field = SearchField::kNone;
  MatchMethod method = MatchMethod::kNone;
  Language language = Language::kZh;  // the language of matched_text
  // The matched text as displayed (e.g. the whole zh title), and the parts of it the query matched, for
  // highlighting; both empty for an empty query.
  std::string matched_text;
  std::vector<TextRange> highlights;
  // For people: `title starts with "书法" (pinyin shu fa)`,
  // `title contains "太极拳" (initials t j q = tai ji quan)`, `session today 09:30-11:00`.
  std::string why;
  // Higher is better: 10 per tier below kTodaysSession (title exact 70 ... summary 10, empty query 0),
  // plus 5 with a session today. Hits are ordered by score, then next session start, then course id.
  int score = 0;
  bool has_session_today = false;
  // The course's session in progress or next to start; nullopt when it has none left.
  std::optional<UpcomingSession> next_session;
};

class SearchIndex {
 public:
  // Queries longer than this (in letters and digits, or bytes for a Chinese query) are cut to it.
  static constexpr size_t kMaxQueryLength = 64;

  // An index with no courses: every query returns nothing.
  SearchIndex();
  static SearchIndex Build(const Catalog& catalog);

  SearchIndex(SearchIndex&&) noexcept;
  SearchIndex& operator=(SearchIndex&&) noexcept;
  SearchIndex(const SearchIndex&) = delete;
  SearchIndex& operator=(const SearchIndex&) = delete;
  ~SearchIndex();

  // The best `limit` hits for `query`, best first, one per course. `now` and `time_zone` decide what
  // "today" and "next session" mean (a session counts until it ends).
  std::vector<SearchHit> Query(std::string_view query, TimeMs now, const TimeZone& time_zone, size_t limit) const;

  // The catalogue version the index was built from.
  const std::string& catalog_version() const;
  size_t course_count() const;

 private:
  explicit SearchIndex(std::unique_ptr<const search_internal::IndexData> data);
  std::unique_ptr<const search_internal::IndexData> data_;
};

}  // namespace lk
