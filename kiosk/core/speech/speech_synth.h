// SpeechSynth: the kiosk's voice. Turns pinyin_reader's runs into audio with libespeak-ng: tone-numbered
// pinyin with espeak-ng's `cmn-latn-pinyin` voice (Debian 12's espeak-ng-data: "Chinese (Mandarin, latin as
// Pinyin)", sit/cmn-Latn-pinyin), English with its `en` voice. Audio is mono 16-bit PCM at espeak-ng's rate
// (22050 Hz), returned whole; playing it (SDL audio) or writing it (EncodeWav) is the caller's business.
//
// Threads: espeak-ng keeps its state in globals and is not thread-safe. A SpeechSynth is the exclusive
// lease on that state: at most one exists in a process at a time (a second Open fails with
// FailedPrecondition), and it must be used from one thread at a time (the kiosk: one speech task at a time
// on its own thread; kioskctl: main). Synthesize blocks until the audio is made (far quicker than saying
// it); `cancel` lets another thread stop it early.
//
// The engine itself (espeak_Initialize) starts with the first Open and ends at process exit (espeak_Terminate,
// from a static guard), not with each SpeechSynth: espeak-ng 1.51 (Debian 12) cannot start again after
// espeak_Terminate in the same process (espeak_Synchronize and the next espeak_Terminate then wait forever).
//
// Lives in the kiosk_speech library (not kiosk_core), so that only the kiosk and kioskctl link libespeak-ng.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/core/speech/pinyin_reader.h"
#include "kiosk/core/status.h"

namespace lk::speech {

struct Pcm {
  int sample_rate = 0;           // samples per second
  std::vector<int16_t> samples;  // mono
  double Seconds() const { return sample_rate == 0 ? 0 : static_cast<double>(samples.size()) / sample_rate; }
};

struct SynthOptions {
  int words_per_minute = 150;  // espeak-ng's default is 175; residents are often elderly
  int volume = 100;            // espeak-ng's amplitude, 0..200 (100: its default)
};

class SpeechSynth {
 public:
  // Takes the lease (starting espeak-ng with its installed data the first time) and checks both voices
  // exist. FailedPrecondition when
  // another SpeechSynth is open; Unavailable when espeak-ng or a voice cannot be loaded (the message says
  // which; install espeak-ng-data).
  static Result<std::unique_ptr<SpeechSynth>> Open(const SynthOptions& options = {});
  ~SpeechSynth();
  SpeechSynth(const SpeechSynth&) = delete;
  SpeechSynth& operator=(const SpeechSynth&) = delete;

  // The runs spoken one after another, each with its voice. Empty runs give empty audio. Internal when
  // espeak-ng fails; FailedPrecondition ("stopped") when `cancel` became true before it finished.
  Result<Pcm> Synthesize(const std::vector<SpeechRun>& runs, const std::atomic<bool>* cancel = nullptr);

  int sample_rate() const { return sample_rate_; }

 private:
  SpeechSynth(int sample_rate, SynthOptions options) : sample_rate_(sample_rate), options_(options) {}
  int sample_rate_;
  SynthOptions options_;
};

// A RIFF/WAVE file (PCM, 16-bit, mono) holding `pcm`.
std::string EncodeWav(const Pcm& pcm);

}  // namespace lk::speech
