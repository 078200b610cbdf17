// FontSet: the fonts the screens draw with, and the atlas behind them. Screens look their fonts up through
// it on every frame (UiContext::font) and never keep an ImFont: the atlas is replaced while the kiosk runs.
//
// Before the first frame the App builds a small atlas on the UI thread (BuildNow): just what the first
// screen draws (its texts, learnt from a frame laid out with a stand-in atlas). Every later atlas - the full
// one, asked for as soon as the first frame is up (every UI string and catalogue character at every size,
// GB2312's common characters at body size), one for a catalogue with new characters, one at the large-text
// sizes - is asked for with Request and rasterised on the FontSet's own thread (font_atlas.h: no ImGui
// call there). The result comes back through the UiInbox and replaces the shown atlas between two frames, on
// the UI thread: the old texture is destroyed, the new one uploaded, ImGui's CPU copies freed at once.
// Until then the screens go on drawing with the atlas they have, at the sizes last asked for (SizeOf:
// ImGui scales the glyphs, so large text shows at once and turns sharp when its atlas arrives); a character
// that atlas lacks draws as ImGui's '?' meanwhile. Of the requests not yet started only the newest is
// built; results are shown in the order asked, and one for other sizes than the newest request is dropped.
//
// ImFont pointers stay valid until the frame after the one their atlas was replaced before
// (ReleaseRetired, at the start of each frame): the last frame's WidgetLog still refers to them.
// Owns the atlas that ImGui's io.Fonts points at and the texture the SDL_Renderer backend made of it; the
// ImGui context's own atlas is put back on destruction, which must come before the context and its
// backend go. Thread-safety: UI thread only, except WaitUntilBuilt.
#pragma once

#include <array>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <imgui.h>

#include "kiosk/app/font_atlas.h"
#include "kiosk/app/fonts.h"
#include "kiosk/app/ui_inbox.h"
#include "kiosk/app/widget_log.h"
#include "kiosk/core/status.h"

namespace lk::ui {

class FontSet {
 public:
  // Maps the font file and starts the FontSet's thread; builds nothing yet.
  static Result<std::unique_ptr<FontSet>> Open(const std::string& path, int face_index, UiInbox& inbox);
  ~FontSet();
  FontSet(const FontSet&) = delete;
  FontSet& operator=(const FontSet&) = delete;

  ImFont* Get(FontRole role) const { return fonts_[static_cast<size_t>(role)]; }
  // The ImGui size to draw a role at (ascent to descent, about 1.45 em): the size last asked for, even
  // while its atlas is still being built. Pass it to AddText.
  float SizeOf(FontRole role) const { return wanted_.em[static_cast<size_t>(role)] * file_.em_to_size(); }
  float em_to_size() const { return file_.em_to_size(); }
  // The role of a font of the shown atlas.
  std::optional<FontRole> RoleOf(const ImFont* font) const;
  // Each role's characters in the texts of `log` (the last frame).
  std::array<GlyphSet, kFontRoles> DrawnIn(const WidgetLog& log) const;

  // What the shown atlas holds, and what was last asked for.
  const AtlasContents& shown() const { return shown_; }
  const AtlasContents& wanted() const { return wanted_; }

  // Rasterises `contents` here and now and shows it (before the first frame).
  Status BuildNow(const AtlasContents& contents);
  // The renderer was made anew and its textures are gone (KioskWindow::FollowWindowSize), the atlas's
  // among them, whose pixels were freed after the upload: rasterises here what the screen shows now (the
  // texts of `last_frame`, or the first atlas again while that is the one shown: a few milliseconds), and
  // asks the thread again for what was wanted.
  Status RendererLost(const WidgetLog& last_frame);
  // Asks for an atlas holding `contents`: built on the FontSet's thread unless the shown one, or one on
  // its way, holds it already; shown when it arrives through the inbox.
  void Request(const AtlasContents& contents);
  // True when the shown atlas holds what was last asked for and nothing is being built (or building it
  // failed, which was logged).
  bool idle() const;
  // Blocks until the thread has nothing to build (its last result may still wait in the inbox).
  void WaitUntilBuilt() const;
  // Frees the atlases replaced since the last frame began (call when a frame begins).
  void ReleaseRetired() { retired_.clear(); }
  // How many atlases have been shown so far, and the UI thread's time for the last (from the rasterised
  // pixels to the uploaded texture), for tests and the benchmark.
  int installs() const { return installs_; }
  double last_install_ms() const { return last_install_ms_; }

 private:
  struct Job {
    uint64_t number = 0;
    AtlasContents contents;
    AtlasPlan plan;
  };
  FontSet(FontFile file, UiInbox& inbox);
  Status Show(AtlasContents contents, RasterAtlas raster);
  void OnBuilt(uint64_t number, AtlasContents contents, Result<RasterAtlas> raster);
  void Loop();

  const FontFile file_;
  UiInbox& inbox_;
  ImFontAtlas* context_atlas_ = nullptr;  // io.Fonts as the ImGui context made it, put back at the end
  std::unique_ptr<ImFontAtlas> atlas_;    // the shown one (io.Fonts)
  std::vector<std::unique_ptr<ImFontAtlas>> retired_;
  std::array<ImFont*, kFontRoles> fonts_{};
  AtlasContents shown_, wanted_, asked_;  // asked_: the newest request given to the thread
  uint64_t asked_number_ = 0, shown_number_ = 0;
  int in_flight_ = 0;              // requests queued or being built whose result has not been taken
  bool asked_in_flight_ = false;   // the newest request is among them
  bool asked_failed_ = false;      // building the newest request failed
  int installs_ = 0;
  double last_install_ms_ = 0;

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::optional<Job> next_;  // the newest request not yet started
  bool busy_ = false;
  bool stopping_ = false;
  std::thread thread_;  // last: starts after every other member is ready
};

}  // namespace lk::ui
