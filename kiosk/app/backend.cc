#include "kiosk/app/backend.h"

#include <chrono>

#include "kiosk/core/catalog_json.h"
#include "kiosk/core/catalog_store.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/outbox.h"

namespace lk::ui {

struct Backend::Worker {
  KioskStore store;
  CatalogState seen;  // the catalogue state the current snapshot was read at
  std::shared_ptr<const CatalogSnapshot> current = CatalogSnapshot::Empty();
};

namespace {

Result<KioskStore> OpenStore(const Backend::Options& options, TimeMs now) {
  LK_ASSIGN_OR_RETURN(KioskStore store, KioskStore::Open(options.data_dir));
  if (!options.import_catalog_path.empty()) {
    LK_ASSIGN_OR_RETURN(Catalog catalog, LoadCatalogFile(options.import_catalog_path, now));
    LK_RETURN_IF_ERROR(CatalogStore(store.db()).Replace(catalog, now));
  }
  return store;
}

// Active counts of the sessions that have not ended by `now` and start before `until`.
Result<SessionCounts> CountSessions(Database& db, const CheckInPolicy& policy, const CatalogSnapshot& snapshot,
                                    TimeMs now, TimeMs until, SessionCounts counts) {
  AttendanceStore attendance(db, policy);
  for (const Session* session : snapshot.SessionsBetween(now, until)) {
    LK_ASSIGN_OR_RETURN(int count, attendance.ActiveCount(session->id));
    counts[session->id] = count;
  }
  return counts;
}

}  // namespace

Backend::Backend(Options options, const UiClock& clock, SyncStatusBoard& sync_status, std::function<void()> wake)
    : options_(std::move(options)),
      clock_(clock),
      sync_status_(sync_status),
      wake_(std::move(wake)),
      snapshot_(CatalogSnapshot::Empty()),
      thread_([this] { Run(); }) {}

Backend::~Backend() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    commands_.clear();
    jobs_.clear();
  }
  changed_.notify_all();
  thread_.join();
}

uint64_t Backend::SubmitCheckIn(std::string learner_id, std::string session_id, RecordSource source, TimeMs now) {
  uint64_t id;
  {
    std::lock_guard lock(mutex_);
    id = next_id_++;
    commands_.push_back({id, std::move(learner_id), std::move(session_id), source, now});
  }
  changed_.notify_all();
  return id;
}

void Backend::Post(std::function<void(KioskStore*)> job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  changed_.notify_all();
}

void Backend::Poke() {
  {
    std::lock_guard lock(mutex_);
    poked_ = true;
  }
  changed_.notify_all();
}

std::shared_ptr<const CatalogSnapshot> Backend::snapshot() const {
  std::lock_guard lock(mutex_);
  return snapshot_;
}

bool Backend::started() const {
  std::lock_guard lock(mutex_);
  return started_;
}

bool Backend::WaitUntilStarted(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [this] { return started_; });
}

std::optional<Status> Backend::store_error() const {
  std::lock_guard lock(mutex_);
  return store_error_;
}

std::vector<CheckInReply> Backend::TakeReplies() {
  std::lock_guard lock(mutex_);
  return std::exchange(replies_, {});
}

void Backend::WaitUntilIdle() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock,
                [this] { return stopping_ || (started_ && commands_.empty() && jobs_.empty() && !busy_ && !poked_); });
}

void Backend::Publish(std::shared_ptr<const CatalogSnapshot> snapshot) {
  {
    std::lock_guard lock(mutex_);
    snapshot_ = std::move(snapshot);
  }
  wake_();
}

void Backend::Run() {
  auto opened = OpenStore(options_, clock_.WallNow());
  if (!opened.ok()) {
    {
      std::lock_guard lock(mutex_);
      store_error_ = opened.status();
      started_ = true;
    }
    changed_.notify_all();
    wake_();
  }
  std::optional<Worker> worker;
  if (opened.ok()) {
    worker.emplace(Worker{std::move(opened).value(), {}, CatalogSnapshot::Empty()});
    worker->store.db().DeferCheckpoints();
  }

  // Reads the catalogue when its state changed, else refreshes today's counts; publishes what changed.
  auto refresh = [&] {
    CatalogStore catalog_store(worker->store.db());
    TimeMs now = clock_.WallNow();
    TimeMs end_of_today = options_.zone.StartOfDay(AddDays(options_.zone.DateOf(now), 1));
    Status status;
    auto state = catalog_store.State();
    if (!state.ok()) {
      status = state.status();
    } else if (state->version != worker->seen.version || state->updated_at != worker->seen.updated_at ||
               !worker->current->loaded()) {
      auto catalog = catalog_store.Load();
      if (catalog.ok()) {
        auto fresh = CatalogSnapshot::Build(std::move(catalog).value(), {});
        // Every session's count once per catalogue; afterwards only today's change.
        auto counts = CountSessions(worker->store.db(), options_.policy, *fresh, 0, INT64_MAX, {});
        if (counts.ok()) {
          worker->current = fresh->WithCounts(std::move(counts).value());
          worker->seen = *state;
          Publish(worker->current);
        } else {
          status = counts.status();
        }
      } else {
        status = catalog.status();
      }
    } else {
      SessionCounts before;
      for (const Session* s : worker->current->SessionsBetween(now, end_of_today))
        before[s->id] = worker->current->ActiveCount(s->id);
      auto today = CountSessions(worker->store.db(), options_.policy, *worker->current, now, end_of_today, {});
      if (!today.ok()) {
        status = today.status();
      } else if (*today != before) {
        SessionCounts all;
        for (const Session& s : worker->current->catalog().sessions) all[s.id] = worker->current->ActiveCount(s.id);
        for (auto& [id, count] : *today) all[id] = count;
        worker->current = worker->current->WithCounts(std::move(all));
        Publish(worker->current);
      }
    }
    if (auto stats = Outbox(worker->store.db()).Stats(); stats.ok()) sync_status_.SetPending(stats->pending);
    std::lock_guard lock(mutex_);
    if (!status.ok() && !worker->current->loaded()) store_error_ = status;
    started_ = true;
  };

  auto execute = [&](const Command& command) {
    CheckInReply reply;
    reply.request_id = command.id;
    reply.learner_id = command.learner_id;
    reply.session_id = command.session_id;
    if (!worker) {
      reply.status = store_error_.value_or(Status::Unavailable("the kiosk database is not open"));
      return reply;
    }
    AttendanceStore attendance(worker->store.db(), options_.policy);
    auto result = attendance.CheckIn(command.learner_id, command.session_id, command.now, command.source);
    if (!result.ok()) {
      reply.status = result.status();
      return reply;
    }
    reply.result = std::move(result).value();
    int year = options_.zone.DateOf(command.now).year;
    TimeMs from = options_.zone.StartOfDay({year, 1, 1});
    TimeMs to = options_.zone.StartOfDay({year + 1, 1, 1});
    if (auto summary = attendance.Summary(command.learner_id, from, to); summary.ok()) reply.year_summary = *summary;
    if (reply.result.outcome == CheckInOutcome::kCheckedIn) {
      SessionCounts counts;
      for (const Session& s : worker->current->catalog().sessions) counts[s.id] = worker->current->ActiveCount(s.id);
      counts[command.session_id] = reply.result.active_count;
      worker->current = worker->current->WithCounts(std::move(counts));
      Publish(worker->current);
      if (auto stats = Outbox(worker->store.db()).Stats(); stats.ok()) sync_status_.SetPending(stats->pending);
    }
    return reply;
  };

  if (worker) {
    refresh();
    changed_.notify_all();
    wake_();
  }

  std::unique_lock lock(mutex_);
  while (!stopping_) {
    changed_.wait_for(lock, std::chrono::milliseconds(options_.refresh_interval_ms),
                      [this] { return stopping_ || poked_ || !commands_.empty() || !jobs_.empty(); });
    if (stopping_) break;
    if (!commands_.empty()) {
      Command command = std::move(commands_.front());
      commands_.pop_front();
      busy_ = true;
      lock.unlock();
      CheckInReply reply = execute(command);
      lock.lock();
      replies_.push_back(std::move(reply));
      busy_ = false;
      lock.unlock();
      changed_.notify_all();
      wake_();
      // The resident has their answer: now the WAL may be copied into the database. A failure (a full
      // disk) leaves the WAL longer; the next check-in reports the disk itself.
      if (worker) worker->store.db().CheckpointIfDue().IgnoreError();
      lock.lock();
      continue;
    }
    if (!jobs_.empty()) {
      auto job = std::move(jobs_.front());
      jobs_.pop_front();
      busy_ = true;
      lock.unlock();
      job(worker ? &worker->store : nullptr);
      lock.lock();
      busy_ = false;
      lock.unlock();
      changed_.notify_all();
      wake_();
      if (worker) worker->store.db().CheckpointIfDue().IgnoreError();  // staff corrections write too
      lock.lock();
      continue;
    }
    poked_ = false;
    if (!worker) continue;
    busy_ = true;
    lock.unlock();
    refresh();
    lock.lock();
    busy_ = false;
    changed_.notify_all();
  }
}

}  // namespace lk::ui
