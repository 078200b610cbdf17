// Record flags as stored by every hub backend: one comma-separated text column ("repeat_checkin,
// over_capacity"), so that both backends' rows and reports read the same. Stateless: thread-safe.
#pragma once

#include <string>
#include <vector>

namespace lk::hub {

std::string JoinFlags(const std::vector<std::string>& flags);
std::vector<std::string> SplitFlags(const std::string& text);

}  // namespace lk::hub
