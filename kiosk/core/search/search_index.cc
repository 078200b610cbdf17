#include "kiosk/core/search/search_index.h"

#include "kiosk/core/enum_names.h"

#include <utility>

#include "kiosk/core/search/index_builder.h"
#include "kiosk/core/search/index_data.h"
#include "kiosk/core/search/match_explanation.h"
#include "kiosk/core/search/matcher.h"
#include "kiosk/core/search/normalized_query.h"
#include "kiosk/core/search/ranking.h"

namespace lk {

using search_internal::IndexData;

namespace {

constexpr EnumName<MatchTier> kMatchTierNames[] = {
    {MatchTier::kTitleExact, "title-exact"},       {MatchTier::kTitlePrefix, "title-prefix"},
    {MatchTier::kTitleInner, "title-inner"},       {MatchTier::kTitleInitials, "title-initials"},
    {MatchTier::kTeacher, "teacher"},              {MatchTier::kCategory, "category"},
    {MatchTier::kSummary, "summary"},              {MatchTier::kTodaysSession, "todays-session"}};
constexpr EnumName<SearchField> kSearchFieldNames[] = {{SearchField::kNone, "none"},
                                                       {SearchField::kTitle, "title"},
                                                       {SearchField::kTeacher, "teacher"},
                                                       {SearchField::kCategory, "category"},
                                                       {SearchField::kSummary, "summary"}};
constexpr EnumName<MatchMethod> kMatchMethodNames[] = {{MatchMethod::kNone, "none"},
                                                       {MatchMethod::kText, "text"},
                                                       {MatchMethod::kPinyin, "pinyin"},
                                                       {MatchMethod::kInitials, "initials"}};

}  // namespace

const char* MatchTierName(MatchTier tier) { return NameOf(kMatchTierNames, tier); }
const char* SearchFieldName(SearchField field) { return NameOf(kSearchFieldNames, field); }
const char* MatchMethodName(MatchMethod method) { return NameOf(kMatchMethodNames, method); }

SearchIndex::SearchIndex() : SearchIndex(Build(Catalog{})) {}
SearchIndex::SearchIndex(std::unique_ptr<const IndexData> data) : data_(std::move(data)) {}
SearchIndex::SearchIndex(SearchIndex&&) noexcept = default;
SearchIndex& SearchIndex::operator=(SearchIndex&&) noexcept = default;
SearchIndex::~SearchIndex() = default;

const std::string& SearchIndex::catalog_version() const { return data_->catalog_version; }
size_t SearchIndex::course_count() const { return data_->courses.size(); }

SearchIndex SearchIndex::Build(const Catalog& catalog) { return SearchIndex(search_internal::BuildIndex(catalog)); }

std::vector<SearchHit> SearchIndex::Query(std::string_view query, TimeMs now, const TimeZone& time_zone,
                                          size_t limit) const {
  const search_internal::NormalizedQuery normalized = search_internal::NormalizeQuery(query);
  // One matcher (and its scratch memory) for ranking and for explaining the hits it ranked.
  search_internal::Matcher matcher(*data_, normalized);
  const std::vector<search_internal::Candidate> ranked =
      search_internal::RankCourses(*data_, normalized, now, time_zone, limit, &matcher);
  std::vector<SearchHit> hits;
  hits.reserve(ranked.size());
  for (const search_internal::Candidate& candidate : ranked) {
    hits.push_back(search_internal::ExplainMatch(*data_, normalized, time_zone, candidate, &matcher));
  }
  return hits;
}

}  // namespace lk
