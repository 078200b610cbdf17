#include "sync/hub/flag_list.h"

#include <sstream>

namespace lk::hub {

std::string JoinFlags(const std::vector<std::string>& flags) {
  std::string out;
  for (const auto& f : flags) {
    if (!out.empty()) out += ',';
    out += f;
  }
  return out;
}

std::vector<std::string> SplitFlags(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

}  // namespace lk::hub
