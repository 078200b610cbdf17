// What the kiosk says when it reads a text aloud: Chinese as tone-numbered pinyin (for espeak-ng's
// cmn-latn-pinyin voice, whose own rules misread common words: 银行 as yin2 xing2), Latin words for an
// English voice.
//
// Chinese is read word by word from a phrase dictionary compiled in at build time (speech_dict_gen.cc:
// Rime's terra_pinyin with tones mapped to simplified characters, pinyin_simp's simplified words and
// weights, Unihan's per-character readings as the fallback): a run of Han characters is cut into the fewest
// dictionary words, ties going to the heavier words, so 学分银行 reads xue2 fen1 yin2 hang2. Numbers are
// read as a person says them in Chinese: 14:30 -> shi2 si4 dian3 san1 shi2 (十四点三十), 9:05 -> jiu3
// dian3 ling2 wu3, 12月4日 -> shi2 er4 yue4 si4 ri4, 2026年 digit by digit, 1.5 -> yi1 dian3 wu3, 50% ->
// bai3 fen1 zhi1 wu3 shi2, 2 before a measure word (2节课, 2:00) -> liang3, a range "14:30-16:00" with dao4
// (到); more than 8 digits or a leading zero (a phone or card number) digit by digit. Chinese
// punctuation and line breaks become a pause ("," or "."); characters with no reading (symbols, emoji) are skipped.
//
// Pure functions over constant data: thread-safe, no I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/domain.h"

namespace lk::speech {

enum class SpeechVoice {
  kMandarinPinyin,  // text is tone-numbered pinyin: "xue2 fen1 yin2 hang2, shi2 si4 dian3."
  kEnglish,         // text is English words as written
};

struct SpeechRun {
  SpeechVoice voice;
  std::string text;
  bool operator==(const SpeechRun&) const = default;
};

// `text` (UTF-8; malformed bytes are skipped) as runs for the voices, in order, each non-empty. `language`
// is the language the text is shown in: Language::kEn reads the whole text with the English voice (numbers
// included; a line break ends a sentence); Language::kZh reads Han characters, numbers and punctuation as pinyin and Latin words in
// English ("Python 入门" -> English "Python", then "ru4 men2").
std::vector<SpeechRun> ReadAloud(std::string_view text, Language language);

// Whether `text` holds a Han character (a run ReadAloud reads from the dictionary).
bool HasHan(std::string_view text);

// The runs of ReadAloud(text, Language::kZh) joined by spaces: the pinyin `kioskctl pinyin` prints.
// ToPinyin("学分银行 14:30") == "xue2 fen1 yin2 hang2 shi2 si4 dian3 san1 shi2".
std::string ToPinyin(std::string_view text);

}  // namespace lk::speech
