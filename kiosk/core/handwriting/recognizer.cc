#include "kiosk/core/handwriting/recognizer.h"

#include <zinnia.h>

#include <algorithm>
#include <filesystem>

#include "kiosk/core/utf8.h"

namespace lk {
namespace {

struct RecognizerDeleter {
  void operator()(zinnia_recognizer_t* r) const { zinnia_recognizer_destroy(r); }
};
struct CharacterDeleter {
  void operator()(zinnia_character_t* c) const { zinnia_character_destroy(c); }
};
struct ResultDeleter {
  void operator()(zinnia_result_t* r) const { zinnia_result_destroy(r); }
};
using RecognizerPtr = std::unique_ptr<zinnia_recognizer_t, RecognizerDeleter>;
using CharacterPtr = std::unique_ptr<zinnia_character_t, CharacterDeleter>;
using ResultPtr = std::unique_ptr<zinnia_result_t, ResultDeleter>;

void AddCharacters(const LocalizedText& text, std::unordered_set<std::string>* out) {
  for (const std::string* s : {&text.zh, &text.en}) {
    size_t pos = 0;
    while (pos < s->size()) {
      const size_t begin = pos;
      if (utf8::NextCodePoint(*s, &pos)) out->insert(s->substr(begin, pos - begin));
    }
  }
}

}  // namespace

struct HandwritingRecognizer::Handles {
  RecognizerPtr recognizer;
};

std::string ModelPath(const char* env_value, const std::string& configured) {
  if (env_value != nullptr && *env_value != '\0') return env_value;
  if (!configured.empty()) return configured;
  return kDefaultZinniaModel;
}

std::unordered_set<std::string> CatalogueCharacters(const Catalog& catalog) {
  std::unordered_set<std::string> characters;
  for (const Course& course : catalog.courses) {
    AddCharacters(course.title, &characters);
    AddCharacters(course.teacher, &characters);
  }
  for (const Category& category : catalog.categories) AddCharacters(category.name, &characters);
  return characters;
}

std::vector<Candidate> BoostCatalogueCandidates(std::vector<Candidate> candidates,
                                                const std::unordered_set<std::string>& catalogue, size_t limit) {
  for (Candidate& c : candidates) c.in_catalogue = catalogue.count(c.character) > 0;
  // A catalogue candidate goes ahead of a non-catalogue one unless that one is better by the margin or more;
  // equivalently, catalogue scores count kCatalogueBoostMargin higher. Stable: ties keep zinnia's order.
  auto boosted = [](const Candidate& c) { return c.score + (c.in_catalogue ? kCatalogueBoostMargin : 0.0f); };
  std::stable_sort(candidates.begin(), candidates.end(),
                   [&](const Candidate& a, const Candidate& b) { return boosted(a) > boosted(b); });
  if (candidates.size() > limit) candidates.resize(limit);
  return candidates;
}

HandwritingRecognizer::HandwritingRecognizer(std::string model_path, std::unique_ptr<Handles> handles)
    : model_path_(std::move(model_path)), handles_(std::move(handles)) {}
HandwritingRecognizer::HandwritingRecognizer(HandwritingRecognizer&&) noexcept = default;
HandwritingRecognizer& HandwritingRecognizer::operator=(HandwritingRecognizer&&) noexcept = default;
HandwritingRecognizer::~HandwritingRecognizer() = default;

Result<HandwritingRecognizer> HandwritingRecognizer::Open(const std::string& model_path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(model_path, ec)) {
    return Status::NotFound("handwriting model " + model_path +
                            " not found (install tegaki-zinnia-simplified-chinese, or set LK_ZINNIA_MODEL or "
                            "[kiosk] handwriting_model)");
  }
  auto handles = std::make_unique<Handles>();
  handles->recognizer.reset(zinnia_recognizer_new());
  if (!handles->recognizer) return Status::Internal("zinnia_recognizer_new failed");
  if (!zinnia_recognizer_open(handles->recognizer.get(), model_path.c_str())) {
    return Status::IoError("cannot read handwriting model " + model_path + ": " +
                           zinnia_recognizer_strerror(handles->recognizer.get()));
  }
  return HandwritingRecognizer(model_path, std::move(handles));
}

Result<std::vector<Candidate>> HandwritingRecognizer::Recognize(const std::vector<Stroke>& strokes,
                                                                size_t limit) const {
  LK_RETURN_IF_ERROR(ValidateStrokes(strokes));
  CharacterPtr character(zinnia_character_new());
  if (!character) return Status::Internal("zinnia_character_new failed");
  zinnia_character_set_width(character.get(), kStrokeSquare);
  zinnia_character_set_height(character.get(), kStrokeSquare);
  for (size_t id = 0; id < strokes.size(); ++id) {
    for (const StrokePoint& p : strokes[id]) {
      if (!zinnia_character_add(character.get(), id, p.x, p.y)) {
        return Status::Internal(std::string("zinnia_character_add: ") + zinnia_character_strerror(character.get()));
      }
    }
  }
  std::vector<Candidate> candidates;
  if (limit == 0) return candidates;
  ResultPtr result(zinnia_recognizer_classify(handles_->recognizer.get(), character.get(), limit));
  if (!result) {
    return Status::Internal(std::string("zinnia classify: ") + zinnia_recognizer_strerror(handles_->recognizer.get()));
  }
  const size_t n = zinnia_result_size(result.get());
  candidates.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    candidates.push_back({zinnia_result_value(result.get(), i), zinnia_result_score(result.get(), i), false});
  }
  return candidates;
}

Result<std::vector<Candidate>> HandwritingRecognizer::Suggest(const std::vector<Stroke>& strokes,
                                                              const std::unordered_set<std::string>& catalogue,
                                                              size_t limit) const {
  LK_ASSIGN_OR_RETURN(std::vector<Candidate> candidates, Recognize(strokes, std::max(limit, kCandidatePool)));
  return BoostCatalogueCandidates(std::move(candidates), catalogue, limit);
}

}  // namespace lk
