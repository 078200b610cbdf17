#include "kiosk/core/checkin_policy.h"

namespace lk {

CheckInPolicy::CheckInPolicy(const std::string& learner_id_pattern, int open_before_minutes)
    : learner_id_(std::make_shared<const std::regex>(learner_id_pattern, std::regex::ECMAScript | std::regex::optimize)),
      open_before_ms_(TimeMs(open_before_minutes) * kMsPerMinute) {}

bool CheckInPolicy::IsValidLearnerId(std::string_view id) const {
  if (id.empty() || id.size() > 64) return false;  // the hub's limit, whatever the pattern says
  return std::regex_match(id.begin(), id.end(), *learner_id_);
}

WindowState CheckInPolicy::Window(const Session& session, TimeMs now) const {
  if (now < OpensAt(session)) return WindowState::kNotOpenYet;
  if (now >= session.ends_at) return WindowState::kClosed;
  return WindowState::kOpen;
}

std::string MaskLearnerId(std::string_view id) {
  if (id.size() <= 4) return std::string(id.size(), '*');
  return "****" + std::string(id.substr(id.size() - 4));
}

}  // namespace lk
