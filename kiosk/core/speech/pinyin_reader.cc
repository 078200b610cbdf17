#include "kiosk/core/speech/pinyin_reader.h"

#include <algorithm>
#include <cstdint>
#include <optional>

#include "kiosk/core/speech/phrase_table.h"
#include "kiosk/core/utf8.h"

namespace lk::speech {
namespace {

using phrase_table::kPhraseTable;

constexpr const char* kDigitNames[] = {"ling2", "yi1", "er4", "san1", "si4", "wu3", "liu4", "qi1", "ba1", "jiu3"};
// After a "2" these read it as 两 (liang3): 2节课, 2个, 2点 (but 2月, 2日, 2号, 2楼 keep er4).
// A longer digit string is read digit by digit (a phone or card number).
constexpr size_t kLongestCardinal = 8;
constexpr std::u32string_view kMeasureWords = U"个节次位名天周种门本张岁份件只堂组班间点";

bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsLatinLetter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsHan(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x3FFFF) || c == U'〇';
}
bool IsTimeColon(char32_t c) { return c == ':' || c == U'：'; }
bool IsRangeDash(char32_t c) { return c == '-' || c == '~' || c == U'–' || c == U'—' || c == U'～'; }

// The pause a punctuation mark makes, or 0.
char PauseOf(char32_t c) {
  switch (c) {
    case U'，': case U'、': case U'；': case U'：': case ',': case ';': case ':':
      return ',';
    case U'。': case U'！': case U'？': case '.': case '!': case '?': case '\n':
      return '.';
    default:
      return 0;
  }
}

// Fullwidth ASCII (０-９, Ａ-Ｚ, ：, ．, ％ ...) as ASCII, and the ideographic space as a space.
char32_t Narrow(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E && !(c == U'，' || c == U'：' || c == U'；' || c == U'！' || c == U'？' || c == U'～')) {
    return c - 0xFEE0;
  }
  return c == 0x3000 ? U' ' : c;
}

std::u32string Decode(std::string_view text) {
  std::u32string out;
  size_t pos = 0;
  while (pos < text.size()) {
    if (std::optional<char32_t> c = utf8::NextCodePoint(text, &pos)) out.push_back(Narrow(*c));
  }
  return out;
}

std::string Encode(std::u32string_view text) {
  std::string out;
  for (char32_t c : text) utf8::Append(c, &out);
  return out;
}

// The index of `spelling` in the phrase table, or nullopt.
std::optional<size_t> Find(std::string_view spelling) {
  auto key = [](size_t i) {
    return kPhraseTable.keys.substr(kPhraseTable.key_offsets[i], kPhraseTable.key_offsets[i + 1] - kPhraseTable.key_offsets[i]);
  };
  size_t low = 0;
  size_t high = kPhraseTable.weights.size();
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    if (key(middle) < spelling) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  if (low == kPhraseTable.weights.size() || key(low) != spelling) return std::nullopt;
  return low;
}

std::string_view ReadingAt(size_t i) {
  uint32_t begin = kPhraseTable.reading_offsets[i];
  return kPhraseTable.readings.substr(begin, kPhraseTable.reading_offsets[i + 1] - begin);
}

// Collects syllables and pauses into runs.
class Speech {
 public:
  void Say(std::string_view syllables) { Add(SpeechVoice::kMandarinPinyin, syllables); }
  void English(std::string_view words) { Add(SpeechVoice::kEnglish, words); }
  void Pause(char mark) {
    if (runs_.empty() || runs_.back().voice != SpeechVoice::kMandarinPinyin) return;
    std::string& text = runs_.back().text;
    if (text.back() == ',' || text.back() == '.') {
      if (mark == '.') text.back() = '.';
    } else {
      text.push_back(mark);
    }
  }
  std::vector<SpeechRun> Take() { return std::move(runs_); }

 private:
  void Add(SpeechVoice voice, std::string_view words) {
    if (words.empty()) return;
    if (runs_.empty() || runs_.back().voice != voice) {
      runs_.push_back({voice, std::string(words)});
    } else {
      runs_.back().text += " ";
      runs_.back().text += words;
    }
  }
  std::vector<SpeechRun> runs_;
};

// Reads a run of Han characters: the fewest dictionary words, the heaviest among equals.
void SayHan(std::u32string_view run, Speech& speech) {
  struct Best {
    size_t words = SIZE_MAX;
    uint64_t weight = 0;
    size_t from = 0;                      // where the last word starts
    std::optional<size_t> entry;          // its table entry (none: a character with no reading)
  };
  std::vector<Best> best(run.size() + 1);
  best[0].words = 0;
  for (size_t end = 1; end <= run.size(); ++end) {
    size_t shortest_start = end > kPhraseTable.longest_key ? end - kPhraseTable.longest_key : 0;
    for (size_t start = shortest_start; start < end; ++start) {
      if (best[start].words == SIZE_MAX) continue;
      std::optional<size_t> entry = Find(Encode(run.substr(start, end - start)));
      if (!entry && end - start > 1) continue;
      size_t words = best[start].words + 1;
      uint64_t weight = best[start].weight + (entry ? kPhraseTable.weights[*entry] : 0);
      if (words < best[end].words || (words == best[end].words && weight > best[end].weight)) {
        best[end] = {words, weight, start, entry};
      }
    }
  }
  std::vector<std::string_view> words;
  for (size_t end = run.size(); end > 0; end = best[end].from) {
    if (best[end].entry) words.push_back(ReadingAt(*best[end].entry));
  }
  for (auto it = words.rbegin(); it != words.rend(); ++it) speech.Say(*it);
}

// 2026 -> er4 ling2 er4 liu4.
std::string DigitByDigit(std::u32string_view digits) {
  std::string out;
  for (char32_t d : digits) out += (out.empty() ? "" : " ") + std::string(kDigitNames[d - '0']);
  return out;
}

// 0..9999, `leading`: the first group of the number (10..19 read 十X, not 一十X).
std::string GroupReading(uint32_t n, bool leading) {
  constexpr const char* kUnits[] = {"", "shi2", "bai3", "qian1"};
  std::string out;
  bool zero_pending = false;
  for (int position = 3; position >= 0; --position) {
    uint32_t digit = n / static_cast<uint32_t>(position == 3 ? 1000 : position == 2 ? 100 : position == 1 ? 10 : 1) % 10;
    if (digit == 0) {
      zero_pending = zero_pending || !out.empty();
      continue;
    }
    if (zero_pending) out += " ling2";
    zero_pending = false;
    bool bare_ten = position == 1 && digit == 1 && out.empty() && leading;
    if (!bare_ten) out += std::string(" ") + kDigitNames[digit];
    if (position > 0) out += std::string(" ") + kUnits[position];
  }
  return out.empty() ? out : out.substr(1);
}

// A cardinal below 10^8 (kLongestCardinal digits): 1234 -> yi1 qian1 er4 bai3 san1 shi2 si4; 100010 ->
// shi2 wan4 ling2 yi1 shi2.
std::string Cardinal(uint64_t n) {
  if (n == 0) return "ling2";
  const uint32_t high = static_cast<uint32_t>(n / 10000);
  const uint32_t low = static_cast<uint32_t>(n % 10000);
  std::string out;
  if (high > 0) out = GroupReading(high, true) + " wan4";
  if (low > 0) out += (high > 0 ? (low < 1000 ? " ling2 " : " ") : "") + GroupReading(low, high == 0);
  return out;
}

uint64_t Value(std::u32string_view digits) {
  uint64_t value = 0;
  for (char32_t d : digits) value = value * 10 + (d - '0');
  return value;
}

size_t DigitsAt(std::u32string_view text, size_t pos) {
  size_t end = pos;
  while (end < text.size() && IsDigit(text[end])) ++end;
  return end - pos;
}

// Reads the number at text[*pos] (a digit) and advances *pos past it.
void SayNumber(std::u32string_view text, size_t* pos, Speech& speech) {
  const size_t start = *pos;
  const size_t length = DigitsAt(text, start);
  const std::u32string_view digits = text.substr(start, length);
  auto at = [&](size_t i) -> char32_t { return i < text.size() ? text[i] : 0; };
  size_t end = start + length;

  // 2026-12-04: a date.
  if (length == 4 && at(end) == '-' && DigitsAt(text, end + 1) >= 1 && DigitsAt(text, end + 1) <= 2) {
    size_t month_at = end + 1;
    size_t month_length = DigitsAt(text, month_at);
    size_t day_at = month_at + month_length + 1;
    if (at(month_at + month_length) == '-' && DigitsAt(text, day_at) >= 1 && DigitsAt(text, day_at) <= 2) {
      size_t day_length = DigitsAt(text, day_at);
      speech.Say(DigitByDigit(digits));
      speech.Say("nian2");
      speech.Say(Cardinal(Value(text.substr(month_at, month_length))));
      speech.Say("yue4");
      speech.Say(Cardinal(Value(text.substr(day_at, day_length))));
      speech.Say("ri4");
      *pos = day_at + day_length;
      return;
    }
  }
  // 14:30, 9:05, 14:00: a time of day.
  if (length <= 2 && IsTimeColon(at(end)) && DigitsAt(text, end + 1) == 2 && Value(digits) <= 24 &&
      Value(text.substr(end + 1, 2)) < 60) {
    uint64_t hour = Value(digits);
    uint64_t minute = Value(text.substr(end + 1, 2));
    speech.Say(hour == 2 ? "liang3" : Cardinal(hour));
    speech.Say("dian3");
    if (minute > 0 && minute < 10) speech.Say("ling2");
    if (minute > 0) speech.Say(Cardinal(minute));
    *pos = end + 3;
    // 14:30-16:00: "到" between the two times.
    size_t next = *pos;
    while (at(next) == ' ') ++next;
    if (IsRangeDash(at(next))) {
      size_t after = next + 1;
      while (at(after) == ' ') ++after;
      if (IsDigit(at(after))) {
        speech.Say("dao4");
        *pos = after;
      }
    }
    return;
  }
  std::string reading;
  if ((length > 1 && digits[0] == '0') || length > kLongestCardinal || (length == 4 && at(end) == U'年')) {
    reading = DigitByDigit(digits);  // a card or phone number, a year
  } else if (Value(digits) == 2 && kMeasureWords.find(at(end)) != std::u32string_view::npos) {
    reading = "liang3";
  } else {
    reading = Cardinal(Value(digits));
  }
  if (at(end) == '.' && IsDigit(at(end + 1))) {  // 1.5: yi1 dian3 wu3
    size_t fraction_length = DigitsAt(text, end + 1);
    reading += " dian3 " + DigitByDigit(text.substr(end + 1, fraction_length));
    end += 1 + fraction_length;
  }
  if (at(end) == '%') {
    speech.Say("bai3 fen1 zhi1");
    ++end;
  }
  speech.Say(reading);
  *pos = end;
}

}  // namespace

std::vector<SpeechRun> ReadAloud(std::string_view text, Language language) {
  const std::u32string chars = Decode(text);
  Speech speech;
  if (language == Language::kEn) {
    std::string english;
    for (char32_t c : chars) {
      if (c == '\n') {  // a line ends a sentence
        while (!english.empty() && english.back() == ' ') english.pop_back();
        if (!english.empty() && !PauseOf(static_cast<unsigned char>(english.back()))) english += ".";
      }
      bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
      if (space && (english.empty() || english.back() == ' ')) continue;
      utf8::Append(space ? U' ' : c, &english);
    }
    while (!english.empty() && english.back() == ' ') english.pop_back();
    speech.English(english);
    return speech.Take();
  }
  size_t pos = 0;
  while (pos < chars.size()) {
    char32_t c = chars[pos];
    if (IsHan(c)) {
      size_t end = pos;
      while (end < chars.size() && IsHan(chars[end])) ++end;
      SayHan(std::u32string_view(chars).substr(pos, end - pos), speech);
      pos = end;
    } else if (IsDigit(c)) {
      SayNumber(chars, &pos, speech);
    } else if (IsLatinLetter(c)) {
      size_t end = pos;
      while (end < chars.size() && (IsLatinLetter(chars[end]) || chars[end] == '\'' ||
                                    (chars[end] == ' ' && end + 1 < chars.size() && IsLatinLetter(chars[end + 1])))) {
        ++end;
      }
      speech.English(Encode(std::u32string_view(chars).substr(pos, end - pos)));
      pos = end;
    } else {
      if (char mark = PauseOf(c)) speech.Pause(mark);
      ++pos;
    }
  }
  return speech.Take();
}

bool HasHan(std::string_view text) {
  const std::u32string chars = Decode(text);
  return std::any_of(chars.begin(), chars.end(), IsHan);
}

std::string ToPinyin(std::string_view text) {
  std::string out;
  for (const SpeechRun& run : ReadAloud(text, Language::kZh)) out += (out.empty() ? "" : " ") + run.text;
  return out;
}

}  // namespace lk::speech
