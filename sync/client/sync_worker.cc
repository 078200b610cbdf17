#include "sync/client/sync_worker.h"

#include <net/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <random>

#include "sync/client/enrollment.h"
#include "sync/client/learner_summary_client.h"
#include "sync/client/sync_engine.h"

namespace lk::sync {
namespace {

constexpr TimeMs kNever = INT64_MAX / 4;
constexpr TimeMs kReopenDelayMs = 10 * kMsPerSecond;
constexpr TimeMs kFirstPruneDelayMs = kMsPerMinute;

}  // namespace

SyncWorker::SyncWorker(SyncWorkerOptions options) : options_(std::move(options)) {
  status_.enrolled = IsEnrolled(options_.data_dir);
}

SyncWorker::~SyncWorker() { Stop(); }

bool SyncWorker::IsEnrolled(const std::string& data_dir) {
  auto e = LoadEnrollment(data_dir);
  return e.ok() && e->has_value();
}

void SyncWorker::Start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (started_) return;
  started_ = true;
  GlobalInit();
  thread_ = std::thread([this] { Run(); });
  summary_thread_ = std::thread([this] { RunSummaries(); });
  if (options_.watch_network) net_thread_ = std::thread([this] { WatchNetwork(); });
}

void SyncWorker::Stop() {
  stop_.store(true);
  {
    std::lock_guard<std::mutex> lock(mutex_);
  }
  wake_.notify_all();
  {
    std::lock_guard<std::mutex> lock(summary_mutex_);
  }
  summary_wake_.notify_all();
  push_done_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (summary_thread_.joinable()) summary_thread_.join();
  if (net_thread_.joinable()) net_thread_.join();
}

void SyncWorker::Poke() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    poked_ = true;
  }
  wake_.notify_all();
}

void SyncWorker::NetworkChanged() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    network_changed_ = true;
  }
  wake_.notify_all();
}

SyncStatus SyncWorker::status() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return status_;
}

void SyncWorker::Publish(const SyncStatus& status) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    status_ = status;
  }
  if (options_.on_status) options_.on_status(status);
}

void SyncWorker::Run() {
  uint64_t seed = options_.seed ? options_.seed : (uint64_t(std::random_device{}()) << 32) ^ std::random_device{}();
  Backoff backoff(seed);
  std::unique_ptr<SyncEngine> engine;
  const TimeMs heartbeat_ms = TimeMs(options_.config.heartbeat_seconds) * kMsPerSecond;
  const TimeMs poll_ms = std::max(100, options_.data_version_poll_ms);
  TimeMs next_open = 0, next_push = 0, next_beat = 0, next_poll = 0, retry_after_until = 0;
  TimeMs next_prune = options_.env->WallNowMs() + kFirstPruneDelayMs;
  int64_t data_version = -1;

  while (!stop_.load()) {
    TimeMs now = options_.env->WallNowMs();
    bool poked = false, net = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      std::swap(poked, poked_);
      std::swap(net, network_changed_);
    }
    if (!engine && now >= next_open) {
      SyncEngineOptions eo{options_.data_dir, options_.config, options_.app_version, &stop_, options_.env};
      auto opened = SyncEngine::Open(std::move(eo));
      if (opened.ok()) {
        engine = std::move(*opened);
        Publish(engine->status());
      } else {
        SyncStatus s = status();
        s.enrolled = IsEnrolled(options_.data_dir);
        s.online = false;
        s.last_error = opened.status().message();
        s.last_error_at = now;
        Publish(s);
        next_open = now + kReopenDelayMs;
      }
    }
    if (engine) {
      SyncStatus& s = engine->mutable_status();
      bool may_retry_now = now >= retry_after_until;
      if (net) {
        backoff.Success();  // a new network: start again from the short delays
        if (may_retry_now) next_push = next_beat = now;
      }
      if (poked) {
        engine->RefreshDepth().IgnoreError();
        Publish(s);
        if (may_retry_now) next_push = std::min(next_push, now);
      }
      if (now >= next_poll) {
        next_poll = now + poll_ms;
        auto dv = engine->DataVersion();
        if (dv.ok() && *dv != data_version) {
          data_version = *dv;
          engine->RefreshDepth().IgnoreError();
          Publish(s);
          if (s.pending > 0 && backoff.failures() == 0) next_push = std::min(next_push, now);
        }
      }
      if (now >= next_push && !stop_.load()) {
        s.busy = true;
        {
          std::lock_guard<std::mutex> lock(mutex_);
          ++pushes_started_;
        }
        Publish(s);
        Status pushed = engine->PushAll();
        s.busy = false;
        {
          std::lock_guard<std::mutex> lock(mutex_);
          ++pushes_finished_;
        }
        push_done_.notify_all();
        if (stop_.load()) break;
        now = options_.env->WallNowMs();
        if (pushed.ok()) {
          backoff.Success();
          next_push = kNever;  // until a poke, a database change or a heartbeat finds work
          retry_after_until = 0;
        } else {
          TimeMs retry_after = engine->client().last_retry_after_ms();
          next_push = now + backoff.Failure(retry_after);
          retry_after_until = retry_after >= 0 ? now + retry_after : 0;
          s.next_attempt_at = next_push;
        }
        Publish(s);
      }
      if (now >= next_beat && !stop_.load()) {
        next_beat = now + heartbeat_ms;
        Status beat = engine->Heartbeat();
        if (beat.ok() && !stop_.load()) engine->PullCatalog().IgnoreError();
        if (stop_.load()) break;
        now = options_.env->WallNowMs();
        // The hub answers again: whatever waits goes now, not at the end of a long backoff.
        if (beat.ok() && s.pending > 0 && now >= retry_after_until) next_push = std::min(next_push, now);
        Publish(s);
      }
      if (now >= next_prune && !stop_.load()) {
        next_prune = now + kMsPerDay;
        engine->Prune().status().IgnoreError();
      }
    }
    TimeMs deadline = std::min({next_push, next_beat, next_poll, next_prune, engine ? kNever : next_open});
    deadline = std::min(deadline, options_.env->WallNowMs() + poll_ms);
    TimeMs wait_ms = std::max<TimeMs>(0, deadline - options_.env->WallNowMs());
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(wait_ms),
                   [this] { return stop_.load() || poked_ || network_changed_; });
  }
}

void SyncWorker::FetchLearnerSummary(const std::string& learner_id, LearnerSummaryCallback done,
                                     LearnerSummaryRequest how) {
  SummaryJob job{learner_id, std::move(done), how, 0};
  if (how.after_push) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job.push_round_needed = pushes_started_ + 1;  // a round begun after now (one under way may miss it)
    }
    Poke();
  }
  {
    std::lock_guard<std::mutex> lock(summary_mutex_);
    // The confirmation screen shows one learner at a time: an unstarted older request is stale.
    while (!summary_requests_.empty()) {
      SummaryJob stale = std::move(summary_requests_.front());
      summary_requests_.pop_front();
      if (stale.done) stale.done(stale.learner_id, Status::Unavailable("superseded by a newer request"));
    }
    summary_requests_.push_back(std::move(job));
  }
  summary_wake_.notify_all();
}

void SyncWorker::RunSummaries() {
  std::optional<HubClient> client;
  while (true) {
    SummaryJob request;
    {
      std::unique_lock<std::mutex> lock(summary_mutex_);
      summary_wake_.wait(lock, [this] { return stop_.load() || !summary_requests_.empty(); });
      if (stop_.load()) {
        for (auto& r : summary_requests_) {
          if (r.done) r.done(r.learner_id, Status::Unavailable("stopped"));
        }
        summary_requests_.clear();
        return;
      }
      request = std::move(summary_requests_.front());
      summary_requests_.pop_front();
    }
    const int64_t started = options_.env->MonotonicMs();
    if (request.how.after_push) {
      std::unique_lock<std::mutex> lock(mutex_);
      push_done_.wait_for(lock, std::chrono::milliseconds(request.how.budget_ms * 2 / 3), [&] {
        return stop_.load() || pushes_finished_ >= request.push_round_needed;
      });
    }
    const int left_ms = int(std::max<int64_t>(100, request.how.budget_ms - (options_.env->MonotonicMs() - started)));
    Result<LearnerSummary> answer = Status::Unavailable("not enrolled with a hub");
    if (!client) {
      auto enrollment = LoadEnrollment(options_.data_dir);
      if (enrollment.ok() && *enrollment) {
        HubClientOptions o = ClientOptionsFromConfig(options_.config, EffectiveHubUrl(options_.config, **enrollment),
                                                     (*enrollment)->token);
        o.connect_timeout_ms = std::min(o.connect_timeout_ms, kLearnerSummaryTimeoutMs);
        o.stop = &stop_;
        o.user_agent = options_.app_version;
        auto created = HubClient::Create(std::move(o));
        if (created.ok()) {
          client.emplace(std::move(*created));
        } else {
          answer = created.status();
        }
      } else if (!enrollment.ok()) {
        answer = enrollment.status();
      }
    }
    if (client) answer = lk::sync::FetchLearnerSummary(*client, request.learner_id, left_ms);
    if (request.done) request.done(request.learner_id, std::move(answer));
  }
}

void SyncWorker::WatchNetwork() {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);
  if (fd < 0) return;  // no netlink here (a sandbox): the backoff timer and heartbeats still retry
  sockaddr_nl addr{};
  addr.nl_family = AF_NETLINK;
  addr.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR | RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return;
  }
  alignas(nlmsghdr) char buf[8192];
  while (!stop_.load()) {
    pollfd p{fd, POLLIN, 0};
    int n = poll(&p, 1, 500);
    if (n <= 0) continue;
    bool came_up = false;
    ssize_t len;
    while ((len = recv(fd, buf, sizeof buf, 0)) > 0) {
      for (auto* h = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(h, size_t(len)); h = NLMSG_NEXT(h, len)) {
        if (h->nlmsg_type == RTM_NEWADDR || h->nlmsg_type == RTM_NEWROUTE) came_up = true;
        if (h->nlmsg_type == RTM_NEWLINK) {
          auto* info = static_cast<ifinfomsg*>(NLMSG_DATA(h));
          if (info->ifi_flags & IFF_RUNNING) came_up = true;
        }
      }
    }
    if (came_up) NetworkChanged();
  }
  close(fd);
}

}  // namespace lk::sync
