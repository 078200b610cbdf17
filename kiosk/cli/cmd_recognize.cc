// kioskctl recognize --strokes FILE [--json] [--limit N] [--no-catalog]: the characters the search screen's
// handwriting pad would offer for strokes written on a 0–1000 square (kiosk/core/handwriting/), boosted by
// the data directory's catalogue as on the kiosk. For operators testing a touch screen, and for tests.
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_context.h"
#include "kiosk/core/catalog_store.h"
#include "kiosk/core/handwriting/recognizer.h"

namespace lk::cli {
namespace {

void Recognize(CliContext& ctx, const std::string& strokes_file, size_t limit, bool use_catalog, bool json_output) {
  std::vector<Stroke> strokes = ctx.Check(LoadStrokesFile(strokes_file));
  HandwritingRecognizer recognizer =
      ctx.Check(HandwritingRecognizer::Open(ModelPath(std::getenv("LK_ZINNIA_MODEL"), ctx.config().handwriting_model)));
  std::unordered_set<std::string> catalogue;
  if (use_catalog) catalogue = CatalogueCharacters(ctx.Check(CatalogStore(ctx.store().db()).Load()));
  std::vector<Candidate> candidates = ctx.Check(recognizer.Suggest(strokes, catalogue, limit));
  if (json_output) {
    nlohmann::json rows = nlohmann::json::array();
    for (const Candidate& c : candidates) {
      rows.push_back({{"character", c.character}, {"score", c.score}, {"in_catalogue", c.in_catalogue}});
    }
    std::cout << rows.dump(2) << "\n";
    return;
  }
  for (size_t i = 0; i < candidates.size(); ++i) {
    char score[32];
    std::snprintf(score, sizeof score, "%.3f", candidates[i].score);
    std::cout << i + 1 << "  " << candidates[i].character << "  " << score
              << (candidates[i].in_catalogue ? "  in catalogue" : "") << "\n";
  }
}

}  // namespace

void AddRecognizeCommands(CLI::App& app, CliContext& ctx) {
  auto* recognize = app.add_subcommand(
      "recognize", "the characters the handwriting pad offers for strokes in a JSON file, best first");
  static std::string strokes_file;
  static size_t limit = 8;
  static bool json_output = false, no_catalog = false;
  recognize->add_option("--strokes", strokes_file, "JSON [[[x,y],...],...], one array per stroke, points on 0-1000")
      ->required();
  recognize->add_option("--limit", limit, "at most this many candidates")->capture_default_str()->check(
      CLI::Range(1, 100));
  recognize->add_flag("--no-catalog", no_catalog, "zinnia's order, without the catalogue boost");
  recognize->add_flag("--json", json_output, "JSON output");
  recognize->callback([&ctx] { Recognize(ctx, strokes_file, limit, !no_catalog, json_output); });
}

}  // namespace lk::cli
