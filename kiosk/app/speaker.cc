#include "kiosk/app/speaker.h"

#include <algorithm>
#include <cstdlib>

#include "kiosk/core/speech/pinyin_reader.h"

namespace lk::ui {

Result<std::unique_ptr<Speaker>> Speaker::Open(int volume_percent, int words_per_minute) {
  LK_ASSIGN_OR_RETURN(std::unique_ptr<speech::SpeechSynth> synth,
                      speech::SpeechSynth::Open({.words_per_minute = words_per_minute}));
  if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
    return Status::Unavailable(std::string("cannot start SDL audio: ") + SDL_GetError());
  }
  SDL_AudioSpec want{};
  want.freq = synth->sample_rate();
  want.format = AUDIO_S16SYS;
  want.channels = 1;
  want.samples = 1024;
  want.callback = nullptr;  // SDL_QueueAudio
  SDL_AudioDeviceID device = SDL_OpenAudioDevice(nullptr, 0, &want, nullptr, 0);  // SDL converts if it must
  if (device == 0) {
    std::string error = SDL_GetError();
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
    return Status::Unavailable("cannot open an audio device: " + error);
  }
  return std::unique_ptr<Speaker>(new Speaker(std::move(synth), device, volume_percent));
}

Speaker::Speaker(std::unique_ptr<speech::SpeechSynth> synth, SDL_AudioDeviceID device, int volume_percent)
    : synth_(std::move(synth)), device_(device), volume_percent_(std::clamp(volume_percent, 0, 100)),
      thread_([this] { Loop(); }) {}

Speaker::~Speaker() {
  {
    std::lock_guard lock(mu_);
    quit_ = true;
    cancel_ = true;
  }
  cv_.notify_all();
  thread_.join();
  SDL_CloseAudioDevice(device_);
  SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

void Speaker::Speak(std::string text, Language language) {
  {
    std::lock_guard lock(mu_);
    ++generation_;
    cancel_ = true;  // whatever is being made now; the thread clears it when it takes this request
    last_text_ = text;
    pending_ = Request{std::move(text), language};
    SDL_ClearQueuedAudio(device_);
  }
  cv_.notify_all();
}

void Speaker::Stop() {
  std::lock_guard lock(mu_);
  ++generation_;
  cancel_ = true;
  pending_.reset();
  SDL_ClearQueuedAudio(device_);
}

bool Speaker::speaking() const {
  std::lock_guard lock(mu_);
  return pending_ || synthesising_ || SDL_GetQueuedAudioSize(device_) > 0;
}

std::string Speaker::last_text() const {
  std::lock_guard lock(mu_);
  return last_text_;
}

bool Speaker::WaitUntilSynthesised(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [this] { return !pending_ && !synthesising_; });
}

void Speaker::Loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return quit_ || pending_; });
    if (quit_) return;
    Request request = std::move(*pending_);
    pending_.reset();
    const uint64_t generation = generation_;
    synthesising_ = true;
    cancel_ = false;
    lock.unlock();
    Result<speech::Pcm> pcm = synth_->Synthesize(speech::ReadAloud(request.text, request.language), &cancel_);
    int peak = 0;
    if (pcm.ok()) {
      const int volume = volume_percent_;
      for (int16_t& sample : pcm->samples) {
        sample = static_cast<int16_t>(sample * volume / 100);
        peak = std::max(peak, std::abs(int(sample)));
      }
    }
    lock.lock();
    synthesising_ = false;
    // Queued under the lock, so a Stop either came before (a new generation: dropped) or clears it after.
    if (pcm.ok() && generation == generation_ && !pcm->samples.empty()) {
      SDL_QueueAudio(device_, pcm->samples.data(), static_cast<Uint32>(pcm->samples.size() * sizeof(int16_t)));
      last_peak_ = peak;
      SDL_PauseAudioDevice(device_, 0);
    }
    cv_.notify_all();
  }
}

}  // namespace lk::ui
