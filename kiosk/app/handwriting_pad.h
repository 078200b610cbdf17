// HandwritingPad: the model behind the search screen's handwriting pad. It keeps the strokes of the character
// being written (on the 0–1000 square of kiosk/core/handwriting/strokes.h) and the candidates for them, and
// recognises in StoreWorker tasks, never on the UI thread: the model is opened by a task the first time the
// search screen opens (its 26 MiB stay out of a kiosk nobody searches on, and out of start-up), and
// every finished or undone stroke posts a task with a copy of the strokes, the recogniser and the current
// catalogue's characters (the boost). A result for strokes that have since changed is dropped, so the
// candidates shown always belong to the strokes drawn; until it arrives the previous candidates stay.
//
// Ownership: the App owns it and lends it the worker (null when the configuration does not allow one: then
// the pad is unavailable); the recogniser is shared with the tasks that use it and only ever used on the
// worker thread. UI thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "kiosk/app/catalog_snapshot.h"
#include "kiosk/app/store_worker.h"
#include "kiosk/core/handwriting/recognizer.h"

namespace lk::ui {

class HandwritingPad {
 public:
  // How many candidates a recognition asks for: the screen shows the first kShown it can draw.
  static constexpr size_t kCandidates = 16;
  static constexpr size_t kShown = 8;

  HandwritingPad(StoreWorker* worker, std::string model_path) : worker_(worker), model_path_(std::move(model_path)) {}
  HandwritingPad(const HandwritingPad&) = delete;
  HandwritingPad& operator=(const HandwritingPad&) = delete;

  // Posts the task that opens the model (the first call only).
  void Start();
  enum class State { kLoading, kReady, kUnavailable };
  State state() const { return state_; }
  // Why the pad is unavailable (for the log), "" otherwise.
  const std::string& problem() const { return problem_; }

  // A finger on the pad: a stroke begins, goes on, ends. Points are on the 0–1000 square (clamped).
  void BeginStroke(StrokePoint p);
  void ExtendStroke(StrokePoint p);
  // Ends the stroke and recognises the strokes so far against `snapshot`'s catalogue.
  void EndStroke(const std::shared_ptr<const CatalogSnapshot>& snapshot);
  void UndoStroke(const std::shared_ptr<const CatalogSnapshot>& snapshot);
  // Forgets the strokes and candidates (after a pick, "clear", the idle reset); a result on its way is dropped.
  void Clear();

  const std::vector<Stroke>& strokes() const { return strokes_; }
  bool drawing() const { return drawing_; }
  const std::vector<Candidate>& candidates() const { return candidates_; }
  bool recognising() const { return pending_ != 0; }

 private:
  void Recognise(const std::shared_ptr<const CatalogSnapshot>& snapshot);
  std::shared_ptr<const std::unordered_set<std::string>> CharactersOf(
      const std::shared_ptr<const CatalogSnapshot>& snapshot);

  StoreWorker* const worker_;
  const std::string model_path_;
  bool started_ = false;
  State state_ = State::kLoading;
  std::string problem_;
  std::shared_ptr<const HandwritingRecognizer> recognizer_;
  std::vector<Stroke> strokes_;
  bool drawing_ = false;
  std::vector<Candidate> candidates_;
  uint64_t generation_ = 0;  // bumped whenever the strokes change
  uint64_t pending_ = 0;     // the generation being recognised, 0 when none
  // The catalogue characters of the last snapshot seen (rebuilt when the catalogue version changes).
  std::string characters_version_;
  std::shared_ptr<const std::unordered_set<std::string>> characters_;
};

}  // namespace lk::ui
