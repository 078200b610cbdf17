#include "kiosk/app/shm_presenter.h"

#include <poll.h>
#include <sys/mman.h>
#include <unistd.h>
#include <wayland-client.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>

#include "kiosk/app/display_link.h"

namespace lk::ui {
namespace {

constexpr size_t kMaxBuffers = 2;
// How long Present() waits for the compositor to release a buffer: a few of its frames (60 Hz).
constexpr int kMaxWaitMs = 50;

void OnGlobal(void* data, wl_registry* registry, uint32_t name, const char* interface, uint32_t /*version*/) {
  if (std::strcmp(interface, wl_shm_interface.name) == 0) {
    *static_cast<wl_shm**>(data) = static_cast<wl_shm*>(wl_registry_bind(registry, name, &wl_shm_interface, 1));
  }
}
void OnGlobalRemove(void*, wl_registry*, uint32_t) {}
const wl_registry_listener kRegistryListener = {OnGlobal, OnGlobalRemove};

}  // namespace

// One shared-memory frame: a memfd, its mapping and the compositor's wl_buffer over it.
struct ShmPresenter::Buffer {
  int width = 0, height = 0, stride = 0;
  size_t size = 0;
  int fd = -1;
  void* pixels = MAP_FAILED;
  wl_buffer* buffer = nullptr;
  bool busy = false;           // committed and not yet released by the compositor
  uint64_t committed_at = 0;   // ShmPresenter::commits_ when last committed

  ~Buffer() {
    if (buffer) wl_buffer_destroy(buffer);
    if (pixels != MAP_FAILED) munmap(pixels, size);
    if (fd >= 0) close(fd);
  }

  static void OnRelease(void* data, wl_buffer*) { static_cast<Buffer*>(data)->busy = false; }

  static std::unique_ptr<Buffer> Create(wl_shm* shm, int width, int height) {
    auto b = std::make_unique<Buffer>();
    b->width = width;
    b->height = height;
    b->stride = width * 4;
    b->size = size_t(b->stride) * size_t(height);
    b->fd = memfd_create("learning-kiosk-frame", MFD_CLOEXEC);
    if (b->fd < 0 || ftruncate(b->fd, off_t(b->size)) != 0) return nullptr;
    b->pixels = mmap(nullptr, b->size, PROT_READ | PROT_WRITE, MAP_SHARED, b->fd, 0);
    if (b->pixels == MAP_FAILED) return nullptr;
    wl_shm_pool* pool = wl_shm_create_pool(shm, b->fd, int32_t(b->size));
    b->buffer = wl_shm_pool_create_buffer(pool, 0, width, height, b->stride, WL_SHM_FORMAT_XRGB8888);
    wl_shm_pool_destroy(pool);  // the buffer keeps the memory
    static const wl_buffer_listener kListener = {OnRelease};
    wl_buffer_add_listener(b->buffer, &kListener, b.get());
    return b;
  }
};

Result<std::unique_ptr<ShmPresenter>> ShmPresenter::Open(SDL_Window* window) {
  std::optional<WaylandWindow> wayland = WaylandOf(window);
  if (!wayland || wayland->display == nullptr || wayland->surface == nullptr) {
    return Status::Unavailable("the window is not on Wayland");
  }
  std::unique_ptr<ShmPresenter> p(new ShmPresenter());
  p->display_ = wayland->display;
  p->surface_ = wayland->surface;
  p->queue_ = wl_display_create_queue(p->display_);
  if (p->queue_ == nullptr) return Status::Unavailable("cannot create a Wayland event queue");
  // The registry (and so wl_shm and every buffer made from it) delivers its events on our queue.
  auto* display_on_queue = static_cast<wl_display*>(wl_proxy_create_wrapper(p->display_));
  wl_proxy_set_queue(reinterpret_cast<wl_proxy*>(display_on_queue), p->queue_);
  wl_registry* registry = wl_display_get_registry(display_on_queue);
  wl_proxy_wrapper_destroy(display_on_queue);
  wl_registry_add_listener(registry, &kRegistryListener, &p->shm_);
  const int sent = wl_display_roundtrip_queue(p->display_, p->queue_);
  wl_registry_destroy(registry);
  if (sent < 0) return Status::Unavailable("the Wayland connection failed while looking for wl_shm");
  if (p->shm_ == nullptr) return Status::Unavailable("the compositor offers no wl_shm");
  return p;
}

ShmPresenter::~ShmPresenter() {
  buffers_.clear();
  if (shm_) wl_shm_destroy(shm_);
  if (queue_) wl_event_queue_destroy(queue_);
}

bool ShmPresenter::WaitForEvents(int timeout_ms) {
  while (wl_display_prepare_read_queue(display_, queue_) != 0) {
    if (wl_display_dispatch_queue_pending(display_, queue_) < 0) return false;
  }
  wl_display_flush(display_);
  pollfd fd{wl_display_get_fd(display_), POLLIN, 0};
  if (poll(&fd, 1, timeout_ms) > 0) {
    if (wl_display_read_events(display_) < 0) return false;  // others' events stay queued for SDL
  } else {
    wl_display_cancel_read(display_);
  }
  return wl_display_dispatch_queue_pending(display_, queue_) >= 0;
}

ShmPresenter::Buffer* ShmPresenter::FreeBuffer(int width, int height) {
  auto fit = [&](std::unique_ptr<Buffer>& slot) -> Buffer* {
    if (slot->width != width || slot->height != height) slot = Buffer::Create(shm_, width, height);
    return slot.get();
  };
  auto find_free = [&]() -> std::unique_ptr<Buffer>* {
    for (auto& b : buffers_) {
      if (!b->busy) return &b;
    }
    return nullptr;
  };
  if (wl_display_dispatch_queue_pending(display_, queue_) < 0) return nullptr;
  if (auto* slot = find_free()) return fit(*slot);
  if (buffers_.size() < kMaxBuffers) {
    buffers_.push_back(Buffer::Create(shm_, width, height));
    return buffers_.back().get();
  }
  // Both held: the compositor releases one once it has shown the newer (wlroots' pixman renderer reads
  // the client's memory directly). Waiting paces the frames to the output, as vsync would.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kMaxWaitMs);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    if (!WaitForEvents(int(left.count()))) return nullptr;
    if (auto* slot = find_free()) return fit(*slot);
  }
  std::unique_ptr<Buffer>* oldest = &buffers_.front();
  for (auto& b : buffers_) {
    if (b->committed_at < (*oldest)->committed_at) oldest = &b;
  }
  return fit(*oldest);
}

Status ShmPresenter::Present(const SDL_Surface& frame) {
  Buffer* b = FreeBuffer(frame.w, frame.h);
  if (b == nullptr) {
    std::erase(buffers_, nullptr);  // a failed allocation leaves an empty slot
    return Status::Unavailable(wl_display_get_error(display_) != 0
                                   ? "the connection to the compositor failed"
                                   : "cannot allocate a shared-memory frame: " + std::string(std::strerror(errno)));
  }
  const auto* src = static_cast<const unsigned char*>(frame.pixels);
  auto* dst = static_cast<unsigned char*>(b->pixels);
  if (frame.pitch == b->stride) {
    std::memcpy(dst, src, b->size);
  } else {
    for (int y = 0; y < frame.h; ++y) std::memcpy(dst + size_t(y) * b->stride, src + size_t(y) * frame.pitch, b->stride);
  }
  wl_surface_attach(surface_, b->buffer, 0, 0);
  if (wl_proxy_get_version(reinterpret_cast<wl_proxy*>(surface_)) >= WL_SURFACE_DAMAGE_BUFFER_SINCE_VERSION) {
    wl_surface_damage_buffer(surface_, 0, 0, b->width, b->height);
  } else {
    wl_surface_damage(surface_, 0, 0, b->width, b->height);  // buffer scale 1: the same coordinates
  }
  wl_surface_commit(surface_);
  b->busy = true;
  b->committed_at = ++commits_;
  // EAGAIN: the socket is full; the request stays queued and goes out with the next flush (SDL's pump).
  if (wl_display_flush(display_) < 0 && errno != EAGAIN) {
    return Status::Unavailable("the connection to the compositor failed");
  }
  return Status::Ok();
}

}  // namespace lk::ui
