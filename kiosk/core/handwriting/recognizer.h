// HandwritingRecognizer: one handwritten character, as finger strokes, to the characters it most likely is.
// Wraps zinnia (libzinnia) with the simplified-Chinese model Debian ships in tegaki-zinnia-simplified-chinese
// (ModelPath says which file). The kiosk's search pad and `kioskctl recognize` both go through it.
//
// Input: strokes (strokes.h) as the pad captures them; strokes that ValidateStrokes refuses are
// kInvalidArgument. Output: candidates best first, each with zinnia's score (higher is better; the scale is
// the model's, comparable only within one result).
//
// The catalogue boost (BoostCatalogueCandidates): a candidate that occurs in the catalogue's titles, teachers
// and categories (CatalogueCharacters) ranks ahead of any candidate that is not and whose score is higher by
// less than kCatalogueBoostMargin ("near-equal"); a clearly better non-catalogue candidate keeps its place.
// Within each group zinnia's order is kept.
//
// Ownership and threads: the recogniser owns its zinnia handles (the model is mmap'ed by zinnia); move-only.
// Recognize is const but zinnia keeps no promise about concurrent classify calls, so one thread at a time
// (the kiosk runs it on its StoreWorker). The free functions are pure.
#pragma once

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/handwriting/strokes.h"
#include "kiosk/core/status.h"

namespace lk {

inline constexpr const char* kDefaultZinniaModel = "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model";
// Two scores closer than this are near-equal for the catalogue boost. With this model zinnia scores a clear
// match about +0.1..+1.3 and the rest about -0.3..-1.2, the runners-up usually within 0.5 of each other.
// Measured over GB 2312 level 1 (tests/bench/handwriting_bench.cc, hanzi-writer-data medians, every third
// character, clean and jittered), margins 0 / 0.1 / 0.2 / 0.3 / 0.5 / 1.0 give the demo catalogue's
// characters top-8 84.3 / 87.2 / 89.5 / 90.1 / 90.7 / 90.7% and cost the others' top-1 76.4 / 76.1 / 75.9 /
// 75.5 / 73.2 / 60.3%: 0.2 takes most of the gain for almost none of the cost.
inline constexpr float kCatalogueBoostMargin = 0.2f;

// How many of zinnia's candidates Suggest considers for the boost: a catalogue character ranked below the
// shown ones but near-equal to them can still move up.
inline constexpr size_t kCandidatePool = 40;

struct Candidate {
  std::string character;  // one character, UTF-8
  float score = 0;        // zinnia's score, higher is better
  bool in_catalogue = false;  // set by BoostCatalogueCandidates
};

// The model file: LK_ZINNIA_MODEL from the environment (`env_value`, null when unset) when set and not empty,
// else `configured` ([kiosk] handwriting_model) when not empty, else kDefaultZinniaModel.
std::string ModelPath(const char* env_value, const std::string& configured);

// Every character (code point) of the catalogue's course titles, teachers and category names in both
// languages. Only these can find a course.
std::unordered_set<std::string> CatalogueCharacters(const Catalog& catalog);

// Marks the candidates in `catalogue` and reorders them by the boost above; keeps at most `limit`.
std::vector<Candidate> BoostCatalogueCandidates(std::vector<Candidate> candidates,
                                                const std::unordered_set<std::string>& catalogue, size_t limit);

class HandwritingRecognizer {
 public:
  // Opens the model file. kNotFound when it does not exist, kIoError when zinnia cannot read it; the message
  // names the file.
  static Result<HandwritingRecognizer> Open(const std::string& model_path);

  HandwritingRecognizer(HandwritingRecognizer&&) noexcept;
  HandwritingRecognizer& operator=(HandwritingRecognizer&&) noexcept;
  ~HandwritingRecognizer();

  // The `limit` best candidates for `strokes` (zinnia's order; no boost).
  Result<std::vector<Candidate>> Recognize(const std::vector<Stroke>& strokes, size_t limit) const;
  // What the pad shows: the best kCandidatePool from Recognize, boosted by `catalogue`, the first `limit`.
  Result<std::vector<Candidate>> Suggest(const std::vector<Stroke>& strokes,
                                         const std::unordered_set<std::string>& catalogue, size_t limit) const;

  const std::string& model_path() const { return model_path_; }

 private:
  struct Handles;  // the zinnia recogniser (RAII)
  HandwritingRecognizer(std::string model_path, std::unique_ptr<Handles> handles);

  std::string model_path_;
  std::unique_ptr<Handles> handles_;
};

}  // namespace lk
