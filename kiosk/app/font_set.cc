#include "kiosk/app/font_set.h"

#include <backends/imgui_impl_sdlrenderer.h>
#include <malloc.h>

#include <chrono>
#include <iostream>
#include <utility>

namespace lk::ui {

Result<std::unique_ptr<FontSet>> FontSet::Open(const std::string& path, int face_index, UiInbox& inbox) {
  LK_ASSIGN_OR_RETURN(FontFile file, FontFile::Open(path, face_index));
  return std::unique_ptr<FontSet>(new FontSet(std::move(file), inbox));
}

FontSet::FontSet(FontFile file, UiInbox& inbox)
    : file_(std::move(file)), inbox_(inbox), thread_([this] { Loop(); }) {}

FontSet::~FontSet() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
  if (atlas_ && ImGui::GetCurrentContext()) {
    ImGui_ImplSDLRenderer_DestroyFontsTexture();
    ImGui::GetIO().Fonts = context_atlas_;
  }
}

std::optional<FontRole> FontSet::RoleOf(const ImFont* font) const {
  for (size_t r = 0; r < fonts_.size(); ++r) {
    if (font != nullptr && fonts_[r] == font) return static_cast<FontRole>(r);
  }
  return std::nullopt;
}

std::array<GlyphSet, kFontRoles> FontSet::DrawnIn(const WidgetLog& log) const {
  std::array<GlyphSet, kFontRoles> drawn;
  for (const TextRecord& text : log.texts()) {
    if (auto role = RoleOf(text.font)) drawn[static_cast<size_t>(*role)].AddUtf8(text.text);
  }
  return drawn;
}

Status FontSet::BuildNow(const AtlasContents& contents) {
  wanted_ = contents;
  asked_ = contents;
  asked_in_flight_ = false;
  asked_failed_ = false;
  const uint64_t number = ++asked_number_;
  LK_ASSIGN_OR_RETURN(RasterAtlas raster, RasterizeAtlas(file_, PlanAtlas(contents, file_.em_to_size())));
  LK_RETURN_IF_ERROR(Show(contents, std::move(raster)));
  shown_number_ = number;
  return Status::Ok();
}

Status FontSet::RendererLost(const WidgetLog& last_frame) {
  const AtlasContents wanted = wanted_;
  const AtlasContents now = shown_.common_range ? AtlasContents::Drawn(shown_.em, DrawnIn(last_frame)) : shown_;
  LK_RETURN_IF_ERROR(BuildNow(now));
  Request(wanted);
  return Status::Ok();
}

void FontSet::Request(const AtlasContents& contents) {
  wanted_ = contents;
  {
    // A request not yet started for other sizes is no longer wanted.
    std::lock_guard lock(mutex_);
    if (next_ && !next_->contents.SameSizes(contents)) {
      if (next_->number == asked_number_) asked_in_flight_ = false;
      next_.reset();
      --in_flight_;
    }
  }
  if (shown_.Covers(contents)) return;
  if (asked_in_flight_ && asked_.Covers(contents)) return;  // on its way
  asked_ = contents;
  asked_in_flight_ = true;
  asked_failed_ = false;
  Job job{++asked_number_, contents, PlanAtlas(contents, file_.em_to_size())};
  {
    std::lock_guard lock(mutex_);
    if (next_) --in_flight_;  // replaced before it started
    next_ = std::move(job);
    ++in_flight_;
  }
  changed_.notify_all();
}

bool FontSet::idle() const { return in_flight_ == 0 && (shown_.Covers(wanted_) || asked_failed_); }

void FontSet::WaitUntilBuilt() const {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return !next_ && !busy_; });
}

void FontSet::OnBuilt(uint64_t number, AtlasContents contents, Result<RasterAtlas> raster) {
  --in_flight_;
  if (number == asked_number_) asked_in_flight_ = false;
  if (!raster.ok()) {
    std::cerr << "learning-kiosk: the font atlas could not be built: " << raster.status().ToString() << "\n";
    if (number == asked_number_) asked_failed_ = true;
    return;
  }
  // Older than the shown one (a later request overtook it), or for sizes no longer wanted.
  if (number < shown_number_ || !contents.SameSizes(wanted_)) return;
  if (Status shown = Show(std::move(contents), std::move(raster).value()); !shown.ok()) {
    std::cerr << "learning-kiosk: " << shown.ToString() << "\n";
    if (number == asked_number_) asked_failed_ = true;
    return;
  }
  shown_number_ = number;
}

Status FontSet::Show(AtlasContents contents, RasterAtlas raster) {
  const auto started = std::chrono::steady_clock::now();
  auto atlas = std::make_unique<ImFontAtlas>();
  std::array<ImFont*, kFontRoles> fonts{};
  LK_RETURN_IF_ERROR(InstallAtlas(std::move(raster), atlas.get(), &fonts));
  ImGuiIO& io = ImGui::GetIO();
  if (context_atlas_ == nullptr) context_atlas_ = io.Fonts;
  ImGui_ImplSDLRenderer_DestroyFontsTexture();  // the old texture goes first: never two at once
  io.Fonts = atlas.get();
  const bool uploaded = ImGui_ImplSDLRenderer_CreateFontsTexture();
  // Once the renderer has its copy, the atlas's pixels are dead weight (tens of MB with the common range):
  // free them, and give the freed heap back to the system.
  atlas->ClearTexData();
  atlas->ClearInputData();
  if (atlas_) retired_.push_back(std::move(atlas_));
  atlas_ = std::move(atlas);
  fonts_ = fonts;
  shown_ = std::move(contents);
  ++installs_;
  malloc_trim(0);
  last_install_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (!uploaded) return Status::Internal("cannot upload the font texture");
  return Status::Ok();
}

void FontSet::Loop() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return stopping_ || next_.has_value(); });
      if (stopping_) return;
      job = std::move(*next_);
      next_.reset();
      busy_ = true;
    }
    auto raster = std::make_shared<Result<RasterAtlas>>(RasterizeAtlas(file_, job.plan));
    auto contents = std::make_shared<AtlasContents>(std::move(job.contents));
    inbox_.Post([this, number = job.number, contents, raster] {
      OnBuilt(number, std::move(*contents), std::move(*raster));
      return true;
    });
    {
      std::lock_guard lock(mutex_);
      busy_ = false;
    }
    changed_.notify_all();
  }
}

}  // namespace lk::ui
