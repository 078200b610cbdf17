#include "kiosk/core/search/index_builder.h"

#include <algorithm>
#include <bit>
#include <span>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "kiosk/core/search/query_symbols.h"
#include "kiosk/core/utf8.h"

namespace lk::search_internal {
namespace {

using pinyin::SyllableId;

// Full-width Latin letters and digits (Ｃａｌｌｉ, １２) count as their ASCII forms.
char32_t NarrowFullWidth(char32_t c) { return c >= 0xFF10 && c <= 0xFF5A ? c - 0xFF10 + '0' : c; }

// Adds texts to an IndexData: their units, spans and starts.
class TextIndexer {
 public:
  explicit TextIndexer(IndexData* data) : data_(*data) {}

  // Makes the index compact and ready for queries; call once, after the last AddTexts.
  void Finish() {
    for (FieldIndex& field : data_.fields) {
      field.by_symbol.Finish(kSymbolCount);
      field.han_by_reading.Finish(pinyin::SyllableCount());
      field.han_by_reading_then.Finish(pinyin::SyllableCount() * kSymbolCount);
      field.han_by_initial_then.Finish(kSymbolCount * kSymbolCount);
      field.han_by_retroflex_then.Finish(kSymbolCount * kSymbolCount);
      field.latin_by_pair.Finish(kSymbolCount * kSymbolCount);
    }
    data_.units.shrink_to_fit();
    data_.spans.shrink_to_fit();
    data_.texts.shrink_to_fit();
  }

  void AddTexts(const LocalizedText& text, SearchField field, uint32_t owner) {
    AddText(text.zh, Language::kZh, field, owner);
    AddText(text.en, Language::kEn, field, owner);
  }

 private:
  void AddText(const std::string& display, Language language, SearchField field, uint32_t owner) {
    const uint32_t text_index = static_cast<uint32_t>(data_.texts.size());
    FieldIndex& field_index = data_.fields[FieldSlot(field)];
    field_index.texts.push_back(text_index);
    field_index.lowered_begins.push_back(static_cast<uint32_t>(field_index.lowered.size()));
    for (char c : display) field_index.lowered.push_back(AsciiLower(c));
    field_index.lowered.push_back('\0');

    TextSpan span;
    span.owner = owner;
    span.units_begin = static_cast<uint32_t>(data_.units.size());
    bool gap = false;
    bool in_latin_word = false;
    size_t pos = 0;
    while (pos < std::min(display.size(), kMaxIndexedTextBytes)) {
      Unit unit;
      unit.byte_begin = static_cast<uint16_t>(pos);
      char32_t c = NarrowFullWidth(utf8::NextCodePointOrReplacement(display, &pos));
      unit.byte_length = static_cast<uint8_t>(pos - unit.byte_begin);
      if (IsAsciiAlnum(c)) {
        unit.symbol = AsciiLower(static_cast<char>(c));
        unit.flags = in_latin_word ? 0 : kMayStart;
        span.symbols |= SymbolBit(unit.symbol);
        in_latin_word = true;
      } else if (auto [readings_begin, reading_count] = ReadingsOf(c); reading_count > 0) {
        unit.readings_begin = readings_begin;
        unit.reading_count = reading_count;
        unit.flags = kMayStart;
        for (uint32_t i = 0; i < reading_count; ++i) {
          std::string_view syllable = pinyin::SyllableText(data_.unit_readings[readings_begin + i]);
          for (char letter : syllable) span.symbols |= SymbolBit(letter) | (letter == 'v' ? SymbolBit('u') : 0);
        }
        in_latin_word = false;
      } else {
        gap = true;
        in_latin_word = false;
        continue;
      }
      if (gap && data_.units.size() > span.units_begin) unit.flags |= kAfterGap;
      gap = false;
      data_.units.push_back(unit);
    }
    span.units_end = static_cast<uint32_t>(data_.units.size());
    AddStarts(span, text_index, field != SearchField::kSummary, &field_index);
    data_.spans.push_back(span);
    data_.texts.push_back({display, language});
  }

  void AddStarts(const TextSpan& span, uint32_t text_index, bool initials_searched, FieldIndex* field) {
    for (uint32_t unit_index = span.units_begin; unit_index < span.units_end; ++unit_index) {
      const Unit& unit = data_.units[unit_index];
      if (!(unit.flags & kMayStart)) continue;
      const Start start{unit_index, text_index};
      const uint64_t first_symbols = FirstSymbols(unit, data_.unit_readings);
      ForEachSymbol(first_symbols, [&](size_t symbol) { field->by_symbol.Add(symbol, start); });
      const uint64_t next_symbols =
          unit_index + 1 < span.units_end ? FirstSymbols(data_.units[unit_index + 1], data_.unit_readings) : 0;
      if (unit.reading_count == 0) {
        const size_t first = SymbolIndex(unit.symbol);
        ForEachSymbol(next_symbols, [&](size_t next) { field->latin_by_pair.Add(first * kSymbolCount + next, start); });
        continue;
      }
      uint64_t retroflex_initials = 0;
      for (uint32_t i = 0; i < unit.reading_count; ++i) {
        SyllableId syllable = data_.unit_readings[unit.readings_begin + i];
        field->han_by_reading.Add(syllable, start);
        ForEachSymbol(next_symbols,
                      [&](size_t next) { field->han_by_reading_then.Add(syllable * kSymbolCount + next, start); });
        std::string_view text = pinyin::SyllableText(syllable);
        if (HasTwoLetterInitial(text)) retroflex_initials |= SymbolBit(text[0]);
      }
      if (!initials_searched) continue;
      ForEachSymbol(first_symbols, [&](size_t first) {
        ForEachSymbol(next_symbols,
                      [&](size_t next) { field->han_by_initial_then.Add(first * kSymbolCount + next, start); });
      });
      ForEachSymbol(retroflex_initials, [&](size_t first) {
        ForEachSymbol(next_symbols,
                      [&](size_t next) { field->han_by_retroflex_then.Add(first * kSymbolCount + next, start); });
      });
    }
  }

  template <typename Visit>
  static void ForEachSymbol(uint64_t symbols, Visit visit) {
    for (; symbols != 0; symbols &= symbols - 1) visit(static_cast<size_t>(std::countr_zero(symbols)));
  }

  // The readings of `c` in IndexData::unit_readings, copied once per distinct character.
  std::pair<uint16_t, uint8_t> ReadingsOf(char32_t c) {
    auto [it, inserted] = readings_by_char_.try_emplace(c);
    if (inserted) {
      std::span<const SyllableId> syllables = pinyin::SyllablesOf(c);
      it->second = {static_cast<uint16_t>(data_.unit_readings.size()), static_cast<uint8_t>(syllables.size())};
      data_.unit_readings.insert(data_.unit_readings.end(), syllables.begin(), syllables.end());
    }
    return it->second;
  }

  IndexData& data_;
  std::unordered_map<char32_t, std::pair<uint16_t, uint8_t>> readings_by_char_;
};

}  // namespace

std::unique_ptr<const IndexData> BuildIndex(const Catalog& catalog) {
  auto data = std::make_unique<IndexData>();
  data->catalog_version = catalog.version;
  TextIndexer indexer(data.get());

  std::unordered_map<std::string_view, int32_t> category_by_id;
  for (const Category& category : catalog.categories) {
    auto [it, inserted] = category_by_id.emplace(category.id, static_cast<int32_t>(data->category_count));
    if (inserted) indexer.AddTexts(category.name, SearchField::kCategory, data->category_count++);
  }
  // Courses by id, each course's texts zh before en: the order ties fall back on. One field after the
  // other, so that a sweep over a field reads its units in one stretch of memory.
  std::vector<const Course*> courses_by_id;
  for (const Course& course : catalog.courses) courses_by_id.push_back(&course);
  std::sort(courses_by_id.begin(), courses_by_id.end(), [](const Course* a, const Course* b) { return a->id < b->id; });
  std::unordered_map<std::string_view, uint32_t> course_by_id;
  for (const Course* course : courses_by_id) {
    uint32_t index = static_cast<uint32_t>(data->courses.size());
    CourseRanking ranking;
    auto category = category_by_id.find(course->category_id);
    if (category != category_by_id.end()) ranking.category = category->second;
    course_by_id.emplace(course->id, index);
    data->courses.push_back(ranking);
    data->course_displays.push_back({course->id, course->title});
  }
  for (uint32_t i = 0; i < courses_by_id.size(); ++i) indexer.AddTexts(courses_by_id[i]->title, SearchField::kTitle, i);
  for (uint32_t i = 0; i < courses_by_id.size(); ++i) {
    indexer.AddTexts(courses_by_id[i]->teacher, SearchField::kTeacher, i);
  }
  for (uint32_t i = 0; i < courses_by_id.size(); ++i) {
    indexer.AddTexts(courses_by_id[i]->summary, SearchField::kSummary, i);
  }

  std::vector<std::pair<uint32_t, const Session*>> sessions;  // with their course
  for (const Session& session : catalog.sessions) {
    auto course = course_by_id.find(session.course_id);
    if (course != course_by_id.end()) sessions.emplace_back(course->second, &session);
  }
  std::sort(sessions.begin(), sessions.end(), [](const auto& a, const auto& b) {
    return std::tuple(a.first, a.second->starts_at, std::string_view(a.second->id)) <
           std::tuple(b.first, b.second->starts_at, std::string_view(b.second->id));
  });
  for (const auto& [course, session] : sessions) {
    uint32_t index = static_cast<uint32_t>(data->sessions.size());
    CourseRanking& ranking = data->courses[course];
    if (ranking.sessions_end == 0) ranking.sessions_begin = index;
    ranking.sessions_end = index + 1;
    data->sessions.push_back({session->starts_at, session->ends_at, course});
    data->session_ids.push_back(session->id);
    data->sessions_by_start.push_back(index);
    data->longest_session = std::max(data->longest_session, session->ends_at - session->starts_at);
  }
  indexer.Finish();
  std::stable_sort(data->sessions_by_start.begin(), data->sessions_by_start.end(),
                   [&](uint32_t a, uint32_t b) { return data->sessions[a].starts_at < data->sessions[b].starts_at; });
  return data;
}
}  // namespace lk::search_internal
