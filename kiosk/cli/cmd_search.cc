// kioskctl search QUERY [--json] [--limit N]: the kiosk's course search over the data directory's catalogue,
// ranked as on the kiosk screen, each hit with why it matched (kiosk/core/search/search_index.h).
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_context.h"
#include "kiosk/core/catalog_store.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/search/search_index.h"

namespace lk::cli {
namespace {

nlohmann::json HitJson(const SearchHit& hit, const TimeZone& zone) {
  nlohmann::json highlights = nlohmann::json::array();
  for (const TextRange& range : hit.highlights) highlights.push_back({range.begin, range.end});
  nlohmann::json next_session = nullptr;
  if (hit.next_session) {
    next_session = {{"id", hit.next_session->session_id},
                    {"start", zone.FormatRfc3339(hit.next_session->starts_at)},
                    {"end", zone.FormatRfc3339(hit.next_session->ends_at)}};
  }
  return {{"course_id", hit.course_id},
          {"title", {{"zh", hit.title.zh}, {"en", hit.title.en}}},
          {"why", hit.why},
          {"tier", MatchTierName(hit.tier)},
          {"field", SearchFieldName(hit.field)},
          {"method", MatchMethodName(hit.method)},
          {"language", hit.language == Language::kZh ? "zh" : "en"},
          {"matched_text", hit.matched_text},
          {"highlights", highlights},
          {"score", hit.score},
          {"session_today", hit.has_session_today},
          {"next_session", next_session}};
}

void Search(CliContext& ctx, const std::string& query, size_t limit, bool json_output) {
  TimeMs now = NowMs();
  Catalog catalog = ctx.Check(CatalogStore(ctx.store().db()).Load());
  std::vector<SearchHit> hits = SearchIndex::Build(catalog).Query(query, now, ctx.zone(), limit);
  if (json_output) {
    nlohmann::json rows = nlohmann::json::array();
    for (const SearchHit& hit : hits) rows.push_back(HitJson(hit, ctx.zone()));
    std::cout << rows.dump(2) << "\n";
    return;
  }
  if (hits.empty()) {
    std::cout << "no course matches \"" << query << "\"\n";
    return;
  }
  for (const SearchHit& hit : hits) {
    std::cout << hit.course_id << "  " << hit.title.Get(Language::kZh) << "  " << hit.why;
    if (hit.has_session_today && hit.field != SearchField::kNone) {
      std::cout << "; today " << ctx.zone().FormatTime(hit.next_session->starts_at);
    }
    std::cout << "\n";
  }
}

}  // namespace

void AddSearchCommands(CLI::App& app, CliContext& ctx) {
  auto* search = app.add_subcommand(
      "search",
      "find courses as the kiosk does: pinyin initials (sf), full pinyin (shufa, shu fa), English (calli) or "
      "Chinese; no QUERY lists today's sessions");
  static std::vector<std::string> words;
  static size_t limit = 20;
  static bool json_output = false;
  search->add_option("QUERY", words, "what a resident would type (several words are joined by spaces)");
  search->add_option("--limit", limit, "at most this many courses")->capture_default_str();
  search->add_flag("--json", json_output, "JSON output");
  search->callback([&ctx] {
    std::string query;
    for (const std::string& word : words) query += (query.empty() ? "" : " ") + word;
    Search(ctx, query, limit, json_output);
  });
}

}  // namespace lk::cli
