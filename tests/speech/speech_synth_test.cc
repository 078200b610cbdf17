// SpeechSynth over the installed espeak-ng: one engine at a time, both voices, stopping, the WAV format.
#include "kiosk/core/speech/speech_synth.h"

#include <gtest/gtest.h>

#include <cmath>

namespace lk::speech {
namespace {

double Rms(const Pcm& pcm) {
  double sum = 0;
  for (int16_t s : pcm.samples) sum += static_cast<double>(s) * s;
  return pcm.samples.empty() ? 0 : std::sqrt(sum / pcm.samples.size()) / 32768.0;
}

TEST(SpeechSynth, SpeaksBothVoicesOneEngineAtATime) {
  Result<std::unique_ptr<SpeechSynth>> synth = SpeechSynth::Open();
  ASSERT_TRUE(synth.ok()) << synth.status().ToString();
  Result<std::unique_ptr<SpeechSynth>> second = SpeechSynth::Open();
  EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);

  Result<Pcm> mandarin = (*synth)->Synthesize(ReadAloud("学分银行", Language::kZh));
  ASSERT_TRUE(mandarin.ok()) << mandarin.status().ToString();
  EXPECT_EQ(mandarin->sample_rate, 22050);
  EXPECT_GT(mandarin->Seconds(), 0.5);
  EXPECT_GT(Rms(*mandarin), 0.02);
  Result<Pcm> mixed = (*synth)->Synthesize(ReadAloud("Python 入门", Language::kZh));
  ASSERT_TRUE(mixed.ok());
  EXPECT_GT(Rms(*mixed), 0.02);
  Result<Pcm> nothing = (*synth)->Synthesize({});
  ASSERT_TRUE(nothing.ok());
  EXPECT_TRUE(nothing->samples.empty());

  synth->reset();  // the lease is free again
  Result<std::unique_ptr<SpeechSynth>> again = SpeechSynth::Open();
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  Result<Pcm> english = (*again)->Synthesize(ReadAloud("Calligraphy", Language::kEn));
  ASSERT_TRUE(english.ok());
  EXPECT_GT(Rms(*english), 0.02);
}

TEST(SpeechSynth, StopsWhenCancelled) {
  Result<std::unique_ptr<SpeechSynth>> synth = SpeechSynth::Open();
  ASSERT_TRUE(synth.ok()) << synth.status().ToString();
  std::atomic<bool> cancel{true};
  Result<Pcm> stopped = (*synth)->Synthesize(ReadAloud("学分银行，书法入门", Language::kZh), &cancel);
  EXPECT_EQ(stopped.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(stopped.status().message(), "speech stopped");
}

TEST(EncodeWav, WritesACanonicalPcmHeader) {
  Pcm pcm{22050, {0, 1, -1, 32767}};
  std::string wav = EncodeWav(pcm);
  ASSERT_EQ(wav.size(), 44u + 8u);
  EXPECT_EQ(wav.substr(0, 4), "RIFF");
  EXPECT_EQ(wav.substr(8, 8), "WAVEfmt ");
  EXPECT_EQ(wav.substr(36, 4), "data");
  EXPECT_EQ(static_cast<unsigned char>(wav[4]), 44u);  // RIFF size: 36 + 8
  EXPECT_EQ(static_cast<unsigned char>(wav[24]) | static_cast<unsigned char>(wav[25]) << 8, 22050);
  EXPECT_EQ(static_cast<unsigned char>(wav[40]), 8u);  // data bytes
  EXPECT_EQ(wav.substr(44), std::string("\x00\x00\x01\x00\xff\xff\xff\x7f", 8));
}

}  // namespace
}  // namespace lk::speech
