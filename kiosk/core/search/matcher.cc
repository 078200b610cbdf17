#include "kiosk/core/search/matcher.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "kiosk/core/search/query_symbols.h"

namespace lk::search_internal {

using pinyin::SyllableId;

bool Matcher::BeginText(uint32_t text_index, Pass pass) {
  const TextSpan& span = data_.spans[text_index];
  if ((query_.symbols & ~span.symbols) != 0) return false;
  if (span_ == &span && pass_ == pass) return true;
  span_ = &span;
  pass_ = pass;
  ++generation_;
  size_t states = static_cast<size_t>(span.units_end - span.units_begin) * (query_.text.size() + 1);
  if (failed_.size() < states) failed_.resize(states, 0);
  return true;
}

void Matcher::AcceptReadingPrefix(uint32_t unit, SyllableId syllable) {
  bool in_full = pinyin::SyllableText(syllable).size() == query_.text.size();
  steps_[0] = {unit, syllable, static_cast<uint8_t>(query_.text.size()), false, in_full};
  step_count_ = 1;
}

void Matcher::AcceptOneSymbol(uint32_t unit) {
  if (span_->units_end - span_->units_begin == 1) {
    MatchFrom(unit);
    return;
  }
  steps_[0] = {unit, 0, 1, false, false};
  step_count_ = 1;
}

void Matcher::PreferTextStart() {
  if (steps_[0].unit != span_->units_begin) MatchFrom(span_->units_begin);
}

bool Matcher::Find(uint32_t text_index, Pass pass) {
  if (query_.literal) {
    std::string lowered = data_.texts[text_index].display;
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), AsciiLower);
    size_t found = lowered.find(query_.text);
    SetLiteralMatch(found, lowered.size());
    return found != std::string::npos;
  }
  if (!BeginText(text_index, pass)) return false;
  const uint64_t first = SymbolBit(query_.text[0]);
  for (uint32_t start = span_->units_begin; start < span_->units_end; ++start) {
    const Unit& unit = data_.units[start];
    if ((unit.flags & kMayStart) && (FirstSymbols(unit, data_.unit_readings) & first) && MatchFrom(start)) {
      return true;
    }
  }
  return false;
}

MatchShape Matcher::Shape() const {
  MatchShape shape;
  if (query_.literal) {
    shape.starts_text = literal_begin_ == 0;
    shape.whole_text = shape.starts_text && query_.text.size() == literal_text_size_;
    return shape;
  }
  const Step& last = steps_[step_count_ - 1];
  shape.starts_text = steps_[0].unit == span_->units_begin;
  shape.whole_text = shape.starts_text && last.unit + 1 == span_->units_end && last.in_full;
  return shape;
}

bool Matcher::Consume(uint32_t unit_index, uint32_t pos, uint32_t depth) {
  if (unit_index == span_->units_end) return false;
  uint32_t& failed = failed_[(unit_index - span_->units_begin) * (query_.text.size() + 1) + pos];
  if (failed == generation_) return false;
  const Unit& unit = data_.units[unit_index];
  std::string_view rest = std::string_view(query_.text).substr(pos);
  auto succeed = [&](SyllableId syllable, size_t consumed, bool initial_only) {
    bool in_full = unit.reading_count == 0 || consumed == pinyin::SyllableText(syllable).size();
    steps_[depth] = {unit_index, syllable, static_cast<uint8_t>(consumed), initial_only, in_full};
    if (pos + consumed == query_.text.size()) step_count_ = depth + 1;
    return true;
  };
  auto then = [&](size_t consumed) {
    return pos + consumed == query_.text.size() || Consume(unit_index + 1, pos + consumed, depth + 1);
  };
  if (unit.reading_count == 0) {
    if (unit.symbol == rest[0] && then(1)) return succeed(0, 1, false);
  } else {
    const SyllableId* readings = &data_.unit_readings[unit.readings_begin];
    const SyllableId* reading_with_rest_prefix = nullptr;  // preferring a reading equal to the rest
    for (uint8_t i = 0; i < unit.reading_count; ++i) {
      std::string_view syllable = pinyin::SyllableText(readings[i]);
      if (ReadingStartsWith(syllable, rest)) {
        if (syllable.size() == rest.size()) return succeed(readings[i], rest.size(), false);
        if (reading_with_rest_prefix == nullptr) reading_with_rest_prefix = &readings[i];
      } else if (TypedStartsWith(rest, syllable) && then(syllable.size())) {
        return succeed(readings[i], syllable.size(), false);
      }
    }
    if (reading_with_rest_prefix != nullptr) return succeed(*reading_with_rest_prefix, rest.size(), false);
    if (pass_ == Pass::kInitials) {
      for (uint8_t i = 0; i < unit.reading_count; ++i) {
        std::string_view syllable = pinyin::SyllableText(readings[i]);
        if (HasTwoLetterInitial(syllable) && rest.size() > 2 && rest.starts_with(syllable.substr(0, 2)) && then(2)) {
          return succeed(readings[i], 2, true);
        }
        if (rest.size() > 1 && rest[0] == syllable[0] && then(1)) return succeed(readings[i], 1, true);
      }
    }
  }
  failed = generation_;
  return false;
}

}  // namespace lk::search_internal
