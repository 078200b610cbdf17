#include "sync/client/sync_status.h"

namespace lk::sync {

std::string DefaultAppVersion() { return std::string("learning-kiosk/") + LK_SYNC_APP_VERSION; }

std::string IndicatorText(const SyncStatus& s, Language language) {
  bool zh = language == Language::kZh;
  if (!s.enrolled) return zh ? "本机" : "Local";
  std::string text;
  if (s.online) {
    text = zh ? "在线" : "Online";
    if (s.pending > 0) text += zh ? " · 正在上传 " + std::to_string(s.pending) + " 条" : " · sending " + std::to_string(s.pending);
    return text;
  }
  text = zh ? "离线" : "Offline";
  if (s.pending > 0) {
    text += zh ? " · " + std::to_string(s.pending) + " 条记录待上传" : " · " + std::to_string(s.pending) + " waiting";
  }
  return text;
}

}  // namespace lk::sync
