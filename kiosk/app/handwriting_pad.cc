#include "kiosk/app/handwriting_pad.h"

#include <algorithm>
#include <iostream>

namespace lk::ui {
namespace {

StrokePoint Clamped(StrokePoint p) {
  return {std::clamp(p.x, 0, kStrokeSquare), std::clamp(p.y, 0, kStrokeSquare)};
}

}  // namespace

void HandwritingPad::Start() {
  if (started_) return;
  started_ = true;
  if (worker_ == nullptr) {
    state_ = State::kUnavailable;
    problem_ = "no store worker";
    return;
  }
  using Opened = std::shared_ptr<const HandwritingRecognizer>;
  worker_->Run<Opened>(
      [path = model_path_](KioskStore&) -> Result<Opened> {
        LK_ASSIGN_OR_RETURN(HandwritingRecognizer recognizer, HandwritingRecognizer::Open(path));
        return Opened(std::make_shared<const HandwritingRecognizer>(std::move(recognizer)));
      },
      [this](Result<Opened> opened) {
        if (!opened.ok()) {
          state_ = State::kUnavailable;
          problem_ = opened.status().message();
          std::cerr << "learning-kiosk: handwriting input is off: " << problem_ << "\n";
          return;
        }
        recognizer_ = std::move(opened).value();
        state_ = State::kReady;
      });
}

void HandwritingPad::BeginStroke(StrokePoint p) {
  strokes_.push_back({Clamped(p)});
  drawing_ = true;
  ++generation_;
}

void HandwritingPad::ExtendStroke(StrokePoint p) {
  if (!drawing_ || strokes_.empty()) return;
  const StrokePoint q = Clamped(p);
  if (strokes_.back().back() == q) return;
  strokes_.back().push_back(q);
}

void HandwritingPad::EndStroke(const std::shared_ptr<const CatalogSnapshot>& snapshot) {
  if (!drawing_) return;
  drawing_ = false;
  ++generation_;
  Recognise(snapshot);
}

void HandwritingPad::UndoStroke(const std::shared_ptr<const CatalogSnapshot>& snapshot) {
  if (strokes_.empty()) return;
  strokes_.pop_back();
  drawing_ = false;
  ++generation_;
  if (strokes_.empty()) {
    candidates_.clear();
    pending_ = 0;
    return;
  }
  Recognise(snapshot);
}

void HandwritingPad::Clear() {
  strokes_.clear();
  candidates_.clear();
  drawing_ = false;
  pending_ = 0;
  ++generation_;
}

std::shared_ptr<const std::unordered_set<std::string>> HandwritingPad::CharactersOf(
    const std::shared_ptr<const CatalogSnapshot>& snapshot) {
  if (!characters_ || characters_version_ != snapshot->version()) {
    characters_ = std::make_shared<const std::unordered_set<std::string>>(CatalogueCharacters(snapshot->catalog()));
    characters_version_ = snapshot->version();
  }
  return characters_;
}

void HandwritingPad::Recognise(const std::shared_ptr<const CatalogSnapshot>& snapshot) {
  if (state_ != State::kReady || strokes_.empty()) return;
  const uint64_t generation = generation_;
  pending_ = generation;
  worker_->Run<std::vector<Candidate>>(
      [recognizer = recognizer_, strokes = strokes_, characters = CharactersOf(snapshot)](KioskStore&) {
        return recognizer->Suggest(strokes, *characters, kCandidates);
      },
      [this, generation](Result<std::vector<Candidate>> candidates) {
        if (generation != generation_) return;  // the strokes changed since: a newer task is on its way
        pending_ = 0;
        if (!candidates.ok()) {
          std::cerr << "learning-kiosk: handwriting recognition failed: " << candidates.status().ToString() << "\n";
          candidates_.clear();
          return;
        }
        candidates_ = std::move(candidates).value();
      },
      StoreWorker::Turn::kResidentFirst);
}

}  // namespace lk::ui
