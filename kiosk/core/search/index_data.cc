#include "kiosk/core/search/index_data.h"

namespace lk::search_internal {

void StartLists::Finish(size_t key_count) {
  offsets_.assign(key_count + 1, 0);
  for (const Entry& entry : entries_) ++offsets_[entry.key + 1];
  for (size_t key = 0; key < key_count; ++key) offsets_[key + 1] += offsets_[key];
  starts_.resize(entries_.size());
  std::vector<uint32_t> next(offsets_.begin(), offsets_.end() - 1);
  for (const Entry& entry : entries_) starts_[next[entry.key]++] = entry.start;
  entries_ = std::vector<Entry>();  // frees the memory (`= {}` would keep it)
}

}  // namespace lk::search_internal
