#include "kiosk/core/speech/speech_synth.h"

#include <espeak-ng/speak_lib.h>

#include <algorithm>

namespace lk::speech {
namespace {

constexpr const char* kMandarinVoice = "cmn-latn-pinyin";
constexpr const char* kEnglishVoice = "en";

// Whether a SpeechSynth (the lease on espeak-ng's global state) exists.
std::atomic<bool> g_open{false};

// espeak-ng's process-wide state: started once, ended at exit (see the header for why not per lease).
struct Engine {
  // DONT_EXIT: by default espeak-ng ends the process when its data is missing.
  Engine() : sample_rate(espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT)) {}
  ~Engine() {
    if (sample_rate > 0) espeak_Terminate();
  }
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  const int sample_rate;  // <= 0: espeak-ng could not start
};

int EngineSampleRate() {
  static Engine engine;
  return engine.sample_rate;
}

// What one espeak_Synth call appends to, passed through espeak-ng's user_data.
struct Capture {
  Pcm* pcm;
  const std::atomic<bool>* cancel;
};

int OnAudio(short* samples, int count, espeak_EVENT* events) {
  auto* capture = static_cast<Capture*>(events->user_data);
  if (capture->cancel != nullptr && capture->cancel->load()) return 1;  // 1: abort this synthesis
  if (samples != nullptr && count > 0) capture->pcm->samples.insert(capture->pcm->samples.end(), samples, samples + count);
  return 0;
}

const char* VoiceName(SpeechVoice voice) {
  return voice == SpeechVoice::kMandarinPinyin ? kMandarinVoice : kEnglishVoice;
}

void AppendLittleEndian(uint32_t value, int bytes, std::string* out) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

}  // namespace

Result<std::unique_ptr<SpeechSynth>> SpeechSynth::Open(const SynthOptions& options) {
  if (g_open.exchange(true)) return Status::FailedPrecondition("espeak-ng is already in use in this process");
  int sample_rate = EngineSampleRate();
  if (sample_rate <= 0) {
    g_open = false;
    return Status::Unavailable("espeak-ng cannot start (is espeak-ng-data installed?)");
  }
  std::unique_ptr<SpeechSynth> synth(new SpeechSynth(sample_rate, options));  // from here on, ~SpeechSynth releases
  for (const char* voice : {kMandarinVoice, kEnglishVoice}) {
    if (espeak_SetVoiceByName(voice) != EE_OK) {
      return Status::Unavailable(std::string("espeak-ng has no voice \"") + voice + "\" (install espeak-ng-data)");
    }
  }
  espeak_SetSynthCallback(OnAudio);
  if (espeak_SetParameter(espeakRATE, options.words_per_minute, 0) != EE_OK ||
      espeak_SetParameter(espeakVOLUME, std::clamp(options.volume, 0, 200), 0) != EE_OK) {
    return Status::InvalidArgument("espeak-ng refuses rate " + std::to_string(options.words_per_minute));
  }
  return synth;
}

SpeechSynth::~SpeechSynth() { g_open = false; }

Result<Pcm> SpeechSynth::Synthesize(const std::vector<SpeechRun>& runs, const std::atomic<bool>* cancel) {
  Pcm pcm;
  pcm.sample_rate = sample_rate_;
  Capture capture{&pcm, cancel};
  for (const SpeechRun& run : runs) {
    if (espeak_SetVoiceByName(VoiceName(run.voice)) != EE_OK) {
      return Status::Internal(std::string("espeak-ng lost its voice \"") + VoiceName(run.voice) + "\"");
    }
    // A voice change resets the rate and volume to the voice's own.
    if (espeak_SetParameter(espeakRATE, options_.words_per_minute, 0) != EE_OK ||
        espeak_SetParameter(espeakVOLUME, std::clamp(options_.volume, 0, 200), 0) != EE_OK) {
      return Status::Internal("espeak-ng refuses its rate or volume");
    }
    espeak_ERROR error = espeak_Synth(run.text.c_str(), run.text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8,
                                      nullptr, &capture);
    if (error == EE_OK) error = espeak_Synchronize();
    if (cancel != nullptr && cancel->load()) return Status::FailedPrecondition("speech stopped");
    if (error != EE_OK) return Status::Internal("espeak-ng failed on \"" + run.text + "\"");
  }
  return pcm;
}

std::string EncodeWav(const Pcm& pcm) {
  const uint32_t data_bytes = static_cast<uint32_t>(pcm.samples.size() * 2);
  std::string wav;
  wav.reserve(44 + data_bytes);
  wav += "RIFF";
  AppendLittleEndian(36 + data_bytes, 4, &wav);
  wav += "WAVEfmt ";
  AppendLittleEndian(16, 4, &wav);                                       // fmt chunk size
  AppendLittleEndian(1, 2, &wav);                                        // PCM
  AppendLittleEndian(1, 2, &wav);                                        // mono
  AppendLittleEndian(static_cast<uint32_t>(pcm.sample_rate), 4, &wav);   // samples per second
  AppendLittleEndian(static_cast<uint32_t>(pcm.sample_rate) * 2, 4, &wav);  // bytes per second
  AppendLittleEndian(2, 2, &wav);                                        // bytes per frame
  AppendLittleEndian(16, 2, &wav);                                       // bits per sample
  wav += "data";
  AppendLittleEndian(data_bytes, 4, &wav);
  for (int16_t sample : pcm.samples) AppendLittleEndian(static_cast<uint16_t>(sample), 2, &wav);
  return wav;
}

}  // namespace lk::speech
