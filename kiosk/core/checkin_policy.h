// CheckInPolicy: the rules a resident's check-in must pass, independent of storage and UI.
//
// - A learner id must match the configured pattern in full (default 4 to 32 of 0-9 A-Z a-z and '-').
// - A session accepts check-in from `open_before` before its start until its end.
// Immutable after construction; safe to share between threads.
#pragma once

#include <memory>
#include <regex>
#include <string>
#include <string_view>

#include "kiosk/core/config.h"
#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"

namespace lk {

enum class WindowState { kNotOpenYet, kOpen, kClosed };

class CheckInPolicy {
 public:
  // `learner_id_pattern` must already be a valid ECMAScript regex (the config loader checks it).
  CheckInPolicy(const std::string& learner_id_pattern, int open_before_minutes);
  static CheckInPolicy FromConfig(const KioskConfig& config) {
    return CheckInPolicy(config.learner_id_pattern, config.open_before_minutes);
  }

  bool IsValidLearnerId(std::string_view id) const;
  WindowState Window(const Session& session, TimeMs now) const;
  // When check-in opens for `session`.
  TimeMs OpensAt(const Session& session) const { return session.starts_at - open_before_ms_; }
  // How long before its start a session opens for check-in.
  TimeMs open_before_ms() const { return open_before_ms_; }

 private:
  std::shared_ptr<const std::regex> learner_id_;
  TimeMs open_before_ms_;
};

// "****1234": all but the last four characters hidden (ids of four or fewer show only stars).
std::string MaskLearnerId(std::string_view id);

}  // namespace lk
