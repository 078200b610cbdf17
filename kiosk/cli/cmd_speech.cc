// kioskctl pinyin TEXT | -: the tone-numbered pinyin the kiosk would speak for TEXT (or for each line of
// stdin), kiosk/core/speech/pinyin_reader.h.
// kioskctl say TEXT --out FILE.wav [--lang zh|en]: the kiosk's voice saying TEXT, as a WAV file
// (kiosk/core/speech/speech_synth.h).
#include <iostream>

#include "cli_context.h"
#include "kiosk/core/env.h"
#include "kiosk/core/speech/pinyin_reader.h"
#include "kiosk/core/speech/speech_synth.h"

namespace lk::cli {
namespace {

std::string Joined(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) text += (text.empty() ? "" : " ") + word;
  return text;
}

void PrintPinyin(CliContext& ctx, const std::string& text) {
  std::string reading = speech::ToPinyin(text);
  if (reading.empty()) ctx.Fail(Status::InvalidArgument("nothing in \"" + text + "\" can be read aloud"));
  std::cout << reading << "\n";
}

void Say(CliContext& ctx, const std::string& text, const std::string& language_code, const std::string& out,
         int words_per_minute) {
  Language language = speech::HasHan(text) ? Language::kZh : Language::kEn;
  if (language_code != "auto") {
    std::optional<Language> parsed = ParseLanguageCode(language_code);
    if (!parsed) ctx.Fail(Status::InvalidArgument("--lang must be zh, en or auto, not \"" + language_code + "\""));
    language = *parsed;
  }
  std::vector<speech::SpeechRun> runs = speech::ReadAloud(text, language);
  if (runs.empty()) ctx.Fail(Status::InvalidArgument("nothing in \"" + text + "\" can be read aloud"));
  std::unique_ptr<speech::SpeechSynth> synth = ctx.Check(speech::SpeechSynth::Open({words_per_minute}));
  speech::Pcm pcm = ctx.Check(synth->Synthesize(runs));
  ctx.Check(Env::Default()->WriteFileAtomically(out, speech::EncodeWav(pcm)));
  std::cout << out << ": " << pcm.samples.size() << " samples at " << pcm.sample_rate << " Hz ("
            << static_cast<int>(pcm.Seconds() * 10 + 0.5) / 10.0 << " s)\n";
}

}  // namespace

void AddSpeechCommands(CLI::App& app, CliContext& ctx) {
  auto* pinyin = app.add_subcommand(
      "pinyin",
      "print the tone-numbered pinyin the kiosk reads TEXT aloud with (Latin words stay as written); "
      "TEXT - reads one text a line from stdin");
  static std::vector<std::string> pinyin_words;
  pinyin->add_option("TEXT", pinyin_words, "Chinese text (several words are joined by spaces), or -")->required();
  pinyin->callback([&ctx] {
    std::string text = Joined(pinyin_words);
    if (text != "-") return PrintPinyin(ctx, text);
    for (std::string line; std::getline(std::cin, line);) PrintPinyin(ctx, line);
  });

  auto* say = app.add_subcommand("say", "write TEXT as the kiosk would speak it (espeak-ng) to a WAV file");
  static std::vector<std::string> say_words;
  static std::string out;
  static std::string language = "auto";
  static int words_per_minute = speech::SynthOptions{}.words_per_minute;
  say->add_option("TEXT", say_words, "what to say (several words are joined by spaces)")->required();
  say->add_option("--out", out, "the WAV file to write (16-bit mono PCM)")->required();
  say->add_option("--lang", language, "zh: Chinese, numbers in Chinese, Latin words in English; en: all English; "
                                      "auto: zh when TEXT has Chinese characters")
      ->capture_default_str();
  say->add_option("--rate", words_per_minute, "speed in words per minute")->capture_default_str();
  say->callback([&ctx] { Say(ctx, Joined(say_words), language, out, words_per_minute); });
}

}  // namespace lk::cli
