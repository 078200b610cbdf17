#include "kiosk/app/store_worker.h"

namespace lk::ui {

StoreWorker::StoreWorker(Options options, UiInbox& inbox)
    : options_(std::move(options)), inbox_(inbox), thread_([this] { Loop(); }) {}

StoreWorker::~StoreWorker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    resident_jobs_.clear();
    jobs_.clear();
  }
  changed_.notify_all();
  thread_.join();
}

void StoreWorker::Enqueue(Turn turn, Job job) {
  {
    std::lock_guard lock(mutex_);
    (turn == Turn::kResidentFirst ? resident_jobs_ : jobs_).push_back(std::move(job));
  }
  changed_.notify_all();
}

void StoreWorker::Poke() {
  {
    std::lock_guard lock(mutex_);
    poked_ = true;
  }
  changed_.notify_all();
}

bool StoreWorker::started() const {
  std::lock_guard lock(mutex_);
  return started_;
}

bool StoreWorker::WaitUntilStarted(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [this] { return started_; });
}

void StoreWorker::WaitUntilIdle() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] {
    return stopping_ || (started_ && resident_jobs_.empty() && jobs_.empty() && !busy_ && !poked_);
  });
}

Status StoreWorker::NotOpen() const {
  return open_error_.ok() ? Status::Unavailable("the kiosk database is not open") : open_error_;
}

void StoreWorker::AfterWork() {
  if (!store_) return;
  // What the residents see first (a check-in's new count), then the WAL copy. A failed checkpoint (a full
  // disk) leaves the WAL longer; the next write reports the disk itself.
  if (options_.refresh) options_.refresh(*store_);
  store_->db().CheckpointIfDue().IgnoreError();
}

void StoreWorker::Loop() {
  if (auto opened = options_.open(); opened.ok()) {
    store_.emplace(std::move(opened).value());
    store_->db().DeferCheckpoints();
    AfterWork();
  } else {
    open_error_ = opened.status();
  }
  std::unique_lock lock(mutex_);
  started_ = true;
  changed_.notify_all();
  while (!stopping_) {
    changed_.wait_for(lock, options_.refresh_interval,
                      [this] { return stopping_ || poked_ || !resident_jobs_.empty() || !jobs_.empty(); });
    if (stopping_) break;
    Job job;
    for (std::deque<Job>* queue : {&resident_jobs_, &jobs_}) {
      if (queue->empty()) continue;
      job = std::move(queue->front());
      queue->pop_front();
      break;
    }
    poked_ = false;  // AfterWork is the refresh a poke asks for
    busy_ = true;
    lock.unlock();
    if (job) job(store_ ? &*store_ : nullptr);
    AfterWork();
    lock.lock();
    busy_ = false;
    changed_.notify_all();
  }
}

}  // namespace lk::ui
