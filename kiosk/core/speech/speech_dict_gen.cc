// speech_dict_gen: builds the tone-numbered phrase dictionary behind kiosk/core/speech/pinyin_reader.h from
// Debian's packages, as the C++ source of the table in phrase_table.h.
//
// Usage: bzip2 -dc Unihan_Readings.txt.bz2 Unihan_Variants.txt.bz2 |
//            speech_dict_gen terra_pinyin.dict.yaml pinyin_simp.dict.yaml OUTPUT.cc
// Run by the build (kiosk/core/speech/part.cmake). Writes OUTPUT.cc.tmp and renames it; exit status 1 with a
// message on stderr on any problem.
//
// Sources and how they combine, for every simplified spelling:
// - rime-data-terra-pinyin's terra_pinyin.dict.yaml: words and characters with tone numbers and, for some,
//   a share ("長 chang2 90%"), mostly in traditional characters; each character is mapped to simplified with
//   Unihan's kSimplifiedVariant (銀行 -> 银行).
// - rime-data-pinyin-simp's pinyin_simp.dict.yaml: simplified words with a frequency weight but no tones
//   ("银行 yin hang 21172").
// - Unihan_Readings.txt (kMandarin, kXHC1983, kHanyuPinyin, with tones): characters neither file has.
// - Unihan's kHanyuPinlu (how often each toned reading of a character occurs in a mainland corpus) breaks
//   ties where terra gives two readings the same share (着急 zhao1 ji2 / zhao2 ji2: zháo 545, zhāo 15).
// A spelling terra has takes terra's toned reading: the one whose toneless form pinyin_simp weighs most,
// then the larger share, then the larger kHanyuPinlu count, then the first in the file; so terra's phrase
// decides the tones and pinyin_simp only chooses among terra's own readings. A spelling only pinyin_simp
// has takes its heaviest reading, each syllable given the tone of that character's likeliest toned reading
// with the same letters (terra's single characters by share, then kHanyuPinlu count; then Unihan); a word
// with a syllable no toned reading explains is left out (and counted).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "kiosk/core/search/unihan_readings.h"
#include "kiosk/core/utf8.h"

namespace {

using lk::unihan::ReadingsByCodePoint;

// One toned reading of a spelling in terra_pinyin.dict.yaml.
struct TonedReading {
  std::string syllables;  // "yin2 hang2"
  double share = 100;     // percent; 100 when the file gives none
  int order = 0;          // line number, for ties
};

struct Entry {
  std::string reading;  // "yin2 hang2"
  uint32_t weight = 0;  // pinyin_simp's weight of this reading; 0 if it has none
};

std::vector<std::string> SplitOn(const std::string& text, char separator) {
  std::vector<std::string> pieces;
  std::string piece;
  std::istringstream in(text);
  while (std::getline(in, piece, separator)) pieces.push_back(piece);
  return pieces;
}

std::string Toneless(const std::string& syllables) {
  std::string out;
  for (char c : syllables) {
    if (c < '0' || c > '9') out.push_back(c);
  }
  return out;
}

bool IsSyllables(const std::string& text, bool toned) {
  std::vector<std::string> syllables = SplitOn(text, ' ');
  if (syllables.empty()) return false;
  for (const std::string& syllable : syllables) {
    size_t letters = 0;
    while (letters < syllable.size() && syllable[letters] >= 'a' && syllable[letters] <= 'z') ++letters;
    if (letters == 0) return false;
    if (toned ? !(letters + 1 == syllable.size() && syllable[letters] >= '1' && syllable[letters] <= '5')
              : letters != syllable.size()) {
      return false;
    }
  }
  return true;
}

// "99.26%" with `suffix` "%" -> 99.26; nullopt unless the whole text is a number followed by `suffix`.
std::optional<double> Number(const std::string& text, std::string_view suffix) {
  if (text.size() <= suffix.size() || text.compare(text.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return std::nullopt;
  }
  const std::string digits = text.substr(0, text.size() - suffix.size());
  char* end = nullptr;
  double value = std::strtod(digits.c_str(), &end);
  if (end != digits.c_str() + digits.size() || !(value >= 0)) return std::nullopt;
  return value;
}

std::optional<std::vector<char32_t>> CodePoints(const std::string& text) {
  std::vector<char32_t> code_points;
  size_t pos = 0;
  while (pos < text.size()) {
    std::optional<char32_t> c = lk::utf8::NextCodePoint(text, &pos);
    if (!c) return std::nullopt;
    code_points.push_back(*c);
  }
  return code_points;
}

std::string Utf8(const std::vector<char32_t>& code_points) {
  std::string out;
  for (char32_t c : code_points) lk::utf8::Append(c, &out);
  return out;
}

// Calls `row(line_number, columns)` for every entry of a Rime dictionary (the lines after "...").
template <typename Row>
bool ReadRimeDict(const std::string& path, Row row) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "speech_dict_gen: cannot read " << path << "\n";
    return false;
  }
  std::string line;
  bool in_body = false;
  for (int line_number = 1; std::getline(in, line); ++line_number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!in_body) {
      in_body = line == "...";
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    if (!row(line_number, SplitOn(line, '\t'))) {
      std::cerr << "speech_dict_gen: " << path << " line " << line_number << ": unexpected entry \"" << line << "\"\n";
      return false;
    }
  }
  if (!in_body) {
    std::cerr << "speech_dict_gen: " << path << " has no \"...\" line: not a Rime dictionary\n";
    return false;
  }
  return true;
}

class Builder {
 public:
  Builder(std::map<char32_t, char32_t> simplified, ReadingsByCodePoint unihan, lk::unihan::ReadingCounts counts)
      : simplified_(std::move(simplified)), unihan_(std::move(unihan)), counts_(std::move(counts)) {}

  bool ReadTerra(const std::string& path) {
    return ReadRimeDict(path, [&](int line_number, const std::vector<std::string>& columns) {
      if (columns.size() < 2 || columns.size() > 3 || !IsSyllables(columns[1], true)) return false;
      std::optional<std::vector<char32_t>> spelling = CodePoints(columns[0]);
      if (!spelling) return false;
      if (!OneSyllableEach(*spelling, columns[1])) return true;
      TonedReading reading{columns[1], 100, line_number};
      if (columns.size() == 3) {
        std::optional<double> share = Number(columns[2], "%");
        if (!share) return false;
        reading.share = *share;
      }
      for (char32_t& c : *spelling) {
        // Some variants chain: 爲 -> 為 -> 为.
        for (int step = 0; step < 4; ++step) {
          auto it = simplified_.find(c);
          if (it == simplified_.end()) break;
          c = it->second;
        }
      }
      std::vector<TonedReading>& readings = terra_[Utf8(*spelling)];
      auto same = std::find_if(readings.begin(), readings.end(),
                               [&](const TonedReading& r) { return r.syllables == reading.syllables; });
      if (same == readings.end()) {
        readings.push_back(reading);
      } else {
        same->share = std::max(same->share, reading.share);
      }
      return true;
    });
  }

  bool ReadSimp(const std::string& path) {
    return ReadRimeDict(path, [&](int, const std::vector<std::string>& columns) {
      if (columns.size() != 3 || !IsSyllables(columns[1], false)) return false;
      std::optional<std::vector<char32_t>> spelling = CodePoints(columns[0]);
      if (!spelling) return false;
      if (!OneSyllableEach(*spelling, columns[1])) return true;
      std::optional<double> given = Number(columns[2], "");
      if (!given || *given < 0 || *given > UINT32_MAX || *given != static_cast<uint32_t>(*given)) return false;
      uint32_t& weight = simp_[columns[0]][columns[1]];
      weight = std::max(weight, static_cast<uint32_t>(*given));
      return true;
    });
  }

  // The dictionary: every spelling either file has, then every Unihan character neither has.
  std::map<std::string, Entry> Build() {
    std::map<std::string, Entry> entries;
    for (const auto& [spelling, readings] : terra_) entries.emplace(spelling, FromTerra(spelling, readings));
    for (const auto& [spelling, readings] : simp_) {
      if (entries.count(spelling)) continue;
      auto heaviest = std::max_element(readings.begin(), readings.end(),
                                       [](const auto& a, const auto& b) { return a.second < b.second; });
      std::optional<std::string> toned = ToneBySyllable(spelling, heaviest->first);
      if (!toned) {
        ++untoned_;
        continue;
      }
      entries.emplace(spelling, Entry{*toned, heaviest->second});
    }
    for (const auto& [code_point, readings] : unihan_) {
      std::string spelling = Utf8({code_point});
      if (!readings.empty() && !entries.count(spelling)) entries.emplace(spelling, Entry{readings[0], 0});
    }
    return entries;
  }

  size_t untoned() const { return untoned_; }
  size_t not_all_han() const { return not_all_han_; }

 private:
  // False (and counted) for a word that is not one syllable per character, such as a transcribed name with
  // a dot (亞歷山大·杜布切克) or a word with digits (美國５１區): the reader never looks such a spelling up,
  // since a dot or a digit ends a run of Han characters.
  bool OneSyllableEach(const std::vector<char32_t>& spelling, const std::string& syllables) {
    if (spelling.size() == SplitOn(syllables, ' ').size()) return true;
    ++not_all_han_;
    return false;
  }

  uint32_t SimpWeight(const std::string& spelling, const std::string& toneless) const {
    auto it = simp_.find(spelling);
    if (it == simp_.end()) return 0;
    auto reading = it->second.find(toneless);
    return reading == it->second.end() ? 0 : reading->second;
  }

  // How often kHanyuPinlu's corpus reads the characters of `spelling` with these tones, summed.
  uint64_t CorpusCount(const std::vector<char32_t>& spelling, const std::string& syllables) const {
    std::vector<std::string> toned = SplitOn(syllables, ' ');
    uint64_t total = 0;
    for (size_t i = 0; i < spelling.size() && i < toned.size(); ++i) {
      auto counts = counts_.find(spelling[i]);
      if (counts == counts_.end()) continue;
      auto count = counts->second.find(toned[i]);
      if (count != counts->second.end()) total += count->second;
    }
    return total;
  }

  Entry FromTerra(const std::string& spelling, const std::vector<TonedReading>& readings) const {
    const std::vector<char32_t> characters = *CodePoints(spelling);
    auto rank = [&](const TonedReading& reading) {
      // Larger is better; the file's order (smaller first) last.
      return std::make_tuple(SimpWeight(spelling, Toneless(reading.syllables)), reading.share,
                             CorpusCount(characters, reading.syllables), -reading.order);
    };
    const TonedReading* best = &readings[0];
    for (const TonedReading& reading : readings) {
      if (rank(reading) > rank(*best)) best = &reading;
    }
    return Entry{best->syllables, std::get<0>(rank(*best))};
  }

  // The likeliest toned reading of `c` whose letters are `letters`, from terra's characters, then Unihan.
  std::optional<std::string> ToneOf(char32_t c, const std::string& letters) const {
    auto terra = terra_.find(Utf8({c}));
    if (terra != terra_.end()) {
      const TonedReading* best = nullptr;
      auto rank = [&](const TonedReading& reading) {
        return std::make_pair(reading.share, CorpusCount({c}, reading.syllables));
      };
      for (const TonedReading& reading : terra->second) {
        if (Toneless(reading.syllables) == letters && (best == nullptr || rank(reading) > rank(*best))) best = &reading;
      }
      if (best != nullptr) return best->syllables;
    }
    auto unihan = unihan_.find(c);
    if (unihan != unihan_.end()) {
      const std::string* best = nullptr;
      for (const std::string& reading : unihan->second) {
        if (Toneless(reading) == letters && (best == nullptr || CorpusCount({c}, reading) > CorpusCount({c}, *best))) {
          best = &reading;
        }
      }
      if (best != nullptr) return *best;
    }
    return std::nullopt;
  }

  std::optional<std::string> ToneBySyllable(const std::string& spelling, const std::string& toneless) const {
    std::vector<char32_t> characters = *CodePoints(spelling);
    std::vector<std::string> syllables = SplitOn(toneless, ' ');
    std::string toned;
    for (size_t i = 0; i < characters.size(); ++i) {
      std::optional<std::string> syllable = ToneOf(characters[i], syllables[i]);
      if (!syllable) return std::nullopt;
      toned += (i == 0 ? "" : " ") + *syllable;
    }
    return toned;
  }

  std::map<char32_t, char32_t> simplified_;
  ReadingsByCodePoint unihan_;
  lk::unihan::ReadingCounts counts_;
  std::map<std::string, std::vector<TonedReading>> terra_;
  std::map<std::string, std::map<std::string, uint32_t>> simp_;
  size_t untoned_ = 0;
  size_t not_all_han_ = 0;
};

// Writes `pieces` as adjacent string literals, a few per line. No piece holds '"', '\\' or a control
// character (checked), and pieces are whole UTF-8 sequences, so they go into the source unescaped.
bool WriteText(std::ostream& out, const char* name, const std::vector<const std::string*>& pieces) {
  out << "constexpr char " << name << "[] =";
  size_t line_bytes = 1000;
  for (const std::string* piece : pieces) {
    for (char c : *piece) {
      if (c == '"' || c == '\\' || (static_cast<unsigned char>(c) < 0x20)) return false;
    }
    if (line_bytes > 100) {
      out << "\n   ";
      line_bytes = 0;
    }
    out << " \"" << *piece << "\"";
    line_bytes += piece->size() + 3;
  }
  out << (pieces.empty() ? " \"\"" : "") << ";\n";
  return true;
}

void WriteNumbers(std::ostream& out, const char* name, const std::vector<uint32_t>& values) {
  out << "constexpr uint32_t " << name << "[] = {";
  for (size_t i = 0; i < values.size(); ++i) out << (i % 16 == 0 ? "\n   " : "") << " " << values[i] << ",";
  out << "\n};\n";
}

bool WriteTable(const std::map<std::string, Entry>& entries, const Builder& builder, std::ostream& out) {
  std::vector<const std::string*> keys;
  std::vector<const std::string*> readings;
  std::vector<uint32_t> key_offsets{0};
  std::vector<uint32_t> reading_offsets{0};
  std::vector<uint32_t> weights;
  size_t longest = 0;
  for (const auto& [spelling, entry] : entries) {
    keys.push_back(&spelling);
    readings.push_back(&entry.reading);
    key_offsets.push_back(static_cast<uint32_t>(key_offsets.back() + spelling.size()));
    reading_offsets.push_back(static_cast<uint32_t>(reading_offsets.back() + entry.reading.size()));
    weights.push_back(entry.weight);
    longest = std::max(longest, CodePoints(spelling)->size());
  }
  out << "// Generated by speech_dict_gen from terra_pinyin.dict.yaml, pinyin_simp.dict.yaml and Unihan. Do not edit.\n"
      << "// " << entries.size() << " spellings. Left out: " << builder.untoned()
      << " pinyin_simp words with a syllable no toned reading explains, " << builder.not_all_han()
      << " words not one syllable per character.\n"
      << "#include \"kiosk/core/speech/phrase_table.h\"\n\n"
      << "namespace lk::phrase_table {\n"
      << "namespace {\n\n";
  if (!WriteText(out, "kKeys", keys) || !WriteText(out, "kReadings", readings)) {
    std::cerr << "speech_dict_gen: a spelling or reading holds a quote, backslash or control character\n";
    return false;
  }
  WriteNumbers(out, "kKeyOffsets", key_offsets);
  WriteNumbers(out, "kReadingOffsets", reading_offsets);
  WriteNumbers(out, "kWeights", weights);
  out << "\n}  // namespace\n\n"
      << "const PhraseTable kPhraseTable = {\n"
      << "    std::string_view(kKeys, sizeof kKeys - 1), kKeyOffsets,\n"
      << "    std::string_view(kReadings, sizeof kReadings - 1), kReadingOffsets, kWeights, " << longest << "};\n\n"
      << "}  // namespace lk::phrase_table\n";
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: bzip2 -dc Unihan_Readings.txt.bz2 Unihan_Variants.txt.bz2 | speech_dict_gen "
                 "terra_pinyin.dict.yaml pinyin_simp.dict.yaml OUTPUT.cc\n";
    return 1;
  }
  // stdin holds both Unihan files; each parser reads the fields it knows and skips the rest.
  const std::string unihan_text(std::istreambuf_iterator<char>(std::cin), {});
  std::string error;
  std::istringstream variants_in(unihan_text);
  std::optional<std::map<char32_t, char32_t>> simplified = lk::unihan::ParseSimplifiedVariants(variants_in, &error);
  std::istringstream readings_in(unihan_text);
  std::optional<ReadingsByCodePoint> readings =
      simplified ? lk::unihan::ParseUnihanReadings(readings_in, &error, lk::unihan::Tone::kNumber) : std::nullopt;
  std::istringstream counts_in(unihan_text);
  std::optional<lk::unihan::ReadingCounts> counts =
      readings ? lk::unihan::ParseReadingCounts(counts_in, &error) : std::nullopt;
  if (!counts) {
    std::cerr << "speech_dict_gen: Unihan on stdin: " << error << "\n";
    return 1;
  }
  if (simplified->empty() || readings->empty() || counts->empty()) {
    std::cerr << "speech_dict_gen: stdin lacks Unihan_Variants.txt or Unihan_Readings.txt (decompressed)\n";
    return 1;
  }
  Builder builder(std::move(*simplified), std::move(*readings), std::move(*counts));
  if (!builder.ReadTerra(argv[1]) || !builder.ReadSimp(argv[2])) return 1;
  std::map<std::string, Entry> entries = builder.Build();

  const std::filesystem::path output = argv[3];
  std::filesystem::path temporary = output;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    if (!out || !WriteTable(entries, builder, out) || !out.flush()) {
      std::cerr << "speech_dict_gen: cannot write " << temporary << "\n";
      return 1;
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, output, ec);
  if (ec) {
    std::cerr << "speech_dict_gen: cannot rename " << temporary << " to " << output << ": " << ec.message() << "\n";
    return 1;
  }
  return 0;
}
