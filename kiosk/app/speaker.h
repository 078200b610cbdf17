// Speaker: the kiosk reading a screen aloud through SDL audio.
//
// Speak (UI thread) hands a text to the speech thread, which turns it into runs (pinyin_reader.h),
// synthesises them (SpeechSynth: espeak-ng, which is not thread-safe, so this thread is the only one that
// touches it) and queues the audio on an SDL playback device; the UI thread never waits for either. One
// speech at a time: a new Speak replaces what was being said. Stop (UI thread) silences it at once: the
// queued audio is dropped and a synthesis in progress is cancelled and never queued. The App stops it on
// any touch, on navigation and when the kiosk resets for the next resident.
//
// Owns SDL's audio subsystem (SDL_InitSubSystem/SDL_QuitSubSystem), the device and the thread; destroy it
// before SDL itself (the KioskWindow). Volume is applied to the samples (percent of full scale); staff can
// change it while the kiosk runs (set_volume: from the next speech on).
#pragma once

#include <SDL.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "kiosk/core/domain.h"
#include "kiosk/core/speech/speech_synth.h"
#include "kiosk/core/status.h"

namespace lk::ui {

class Speaker {
 public:
  // Starts espeak-ng and opens the default playback device (SDL_AUDIODRIVER chooses the driver; the tests
  // use "dummy"). Unavailable when there is no audio device or espeak-ng cannot start: the kiosk then runs
  // without read-aloud and shows no speaker button.
  static Result<std::unique_ptr<Speaker>> Open(int volume_percent, int words_per_minute);
  ~Speaker();
  Speaker(const Speaker&) = delete;
  Speaker& operator=(const Speaker&) = delete;

  // Reads `text` (shown in `language`) aloud, replacing whatever was being said.
  void Speak(std::string text, Language language);
  // Silences it now.
  void Stop();
  // Whether speech is being synthesised or played.
  bool speaking() const;
  // Percent of full scale for what is spoken from now on (clamped to 0-100).
  void set_volume(int volume_percent) { volume_percent_ = std::clamp(volume_percent, 0, 100); }
  int volume() const { return volume_percent_; }
  // What the last Speak asked to say, and the loudest sample of the last speech queued (after the volume);
  // for tests.
  std::string last_text() const;
  int last_peak() const { return last_peak_; }
  // Audio queued on the device and not yet played, in bytes.
  uint32_t queued_bytes() const { return SDL_GetQueuedAudioSize(device_); }
  // For tests: waits until no synthesis is pending (the audio is queued, or was dropped); false on timeout.
  bool WaitUntilSynthesised(std::chrono::milliseconds timeout);

 private:
  struct Request {
    std::string text;
    Language language;
  };
  Speaker(std::unique_ptr<speech::SpeechSynth> synth, SDL_AudioDeviceID device, int volume_percent);
  void Loop();

  std::unique_ptr<speech::SpeechSynth> synth_;  // the speech thread's only
  const SDL_AudioDeviceID device_;
  std::atomic<int> volume_percent_;
  std::atomic<int> last_peak_{0};
  std::string last_text_;            // guarded by mu_
  mutable std::mutex mu_;
  std::condition_variable cv_;       // a request or quit (for the thread); synthesis done (for waiters)
  std::optional<Request> pending_;   // guarded by mu_
  uint64_t generation_ = 0;          // guarded by mu_; every Speak and Stop starts a new one
  bool synthesising_ = false;        // guarded by mu_
  bool quit_ = false;                // guarded by mu_
  std::atomic<bool> cancel_{false};  // the synthesis in progress is no longer wanted
  std::thread thread_;               // last: starts once everything above is ready
};

}  // namespace lk::ui
