#include "sync/hub/group_commit.h"

#include <exception>
#include <string>

namespace lk::hub {

Result<sync::BatchResponse> GroupCommit::Push(const DeviceIdentity& device, const sync::ParsedBatch& batch,
                                              TimeMs now) {
  PendingBatch mine{&device, &batch, now};
  std::unique_lock lock(mutex_);
  queue_.push_back(&mine);
  while (!mine.done) {
    if (leader_active_) {
      done_cv_.wait(lock);
      continue;
    }
    leader_active_ = true;
    std::vector<PendingBatch*> group;
    group.swap(queue_);
    lock.unlock();
    CommitCatching(group);
    lock.lock();
    for (PendingBatch* p : group) p->done = true;
    leader_active_ = false;
    done_cv_.notify_all();
  }
  return std::move(mine.result);
}

void GroupCommit::CommitCatching(const std::vector<PendingBatch*>& group) {
  // An escaping exception would leave leader_active_ set and every later push waiting forever.
  try {
    commit_group_(group);
  } catch (const std::exception& e) {
    for (PendingBatch* p : group) p->result = Status::Internal(std::string("batch commit failed: ") + e.what());
  } catch (...) {
    for (PendingBatch* p : group) p->result = Status::Internal("batch commit failed");
  }
}

}  // namespace lk::hub
