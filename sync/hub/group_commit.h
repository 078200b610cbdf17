// GroupCommit: leader/follower batching of attendance pushes, so that concurrent kiosks share one
// durable commit (one fsync) instead of paying one each. Backend-neutral: the backend passes the
// function that applies and commits a group.
//
// The first caller to find no commit in progress becomes the leader: it takes every batch queued so far
// and runs `commit_group` on them; the others wait for its signal (and the next of them leads the next
// group). With one client this is a plain transaction per batch. Nobody is answered before the commit
// that holds their batch. Whatever `commit_group` does, including throwing, every batch of the group is
// answered and the leader's place is freed, so a failed commit never blocks later pushes.
//
// Thread-safety: Push may be called from many threads at once; `commit_group` runs on the leader's
// thread, outside the queue's lock, never twice at the same time. Ownership: holds pointers to the
// callers' arguments only while their Push runs.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"
#include "sync/hub/hub_store.h"
#include "sync/protocol/attendance_messages.h"

namespace lk::hub {

// One push waiting in a group: `commit_group` sets `result` (IngestBatch's, or why the commit failed).
struct PendingBatch {
  const DeviceIdentity* device;
  const sync::ParsedBatch* batch;
  TimeMs now;
  Result<sync::BatchResponse> result = Status::Internal("batch not processed");
  bool done = false;  // GroupCommit's own, under its lock: the commit holding this batch has finished
};

class GroupCommit {
 public:
  using CommitFn = std::function<void(const std::vector<PendingBatch*>& group)>;
  explicit GroupCommit(CommitFn commit_group) : commit_group_(std::move(commit_group)) {}

  // Returns once a commit holding this batch has finished: its result, or the commit's failure.
  Result<sync::BatchResponse> Push(const DeviceIdentity& device, const sync::ParsedBatch& batch, TimeMs now);

 private:
  // Runs commit_group_, turning an escaping exception into every batch's result.
  void CommitCatching(const std::vector<PendingBatch*>& group);

  const CommitFn commit_group_;
  std::mutex mutex_;  // guards the three members below
  std::condition_variable done_cv_;
  std::vector<PendingBatch*> queue_;
  bool leader_active_ = false;
};

}  // namespace lk::hub
