#include "sync/client/sync_engine.h"

#include "kiosk/core/catalog_store.h"
#include "kiosk/core/device_state.h"
#include "kiosk/core/outbox.h"
#include "kiosk/core/time_zone.h"
#include "sync/client/heartbeat.h"
#include "sync/client/push.h"

#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>

namespace lk::sync {
namespace {

// A sync step that throws (a library refusing data it should never have been given) fails like any
// other step: the error is logged (once while it repeats), shown in the sync panel and retried with
// backoff. It never ends the sync thread, nor `kioskctl sync`.
template <class Step>
auto Contained(const char* what, Step&& step) -> decltype(step()) {
  std::string message;
  try {
    return step();
  } catch (const std::exception& e) {
    message = std::string(what) + " failed unexpectedly: " + e.what();
  } catch (...) {
    message = std::string(what) + " failed unexpectedly";
  }
  static std::mutex log_mutex;
  static std::string last_logged;
  std::lock_guard<std::mutex> lock(log_mutex);
  if (message != last_logged) {
    std::fprintf(stderr, "learning-kiosk sync: %s\n", message.c_str());
    last_logged = message;
  }
  return Status::Internal(message);
}

}  // namespace

Result<std::unique_ptr<SyncEngine>> SyncEngine::Open(SyncEngineOptions options) {
  LK_ASSIGN_OR_RETURN(std::optional<Enrollment> enrollment, LoadEnrollment(options.data_dir));
  if (!enrollment) {
    return Status::FailedPrecondition("this kiosk is not enrolled with a hub; run `kioskctl enroll --hub URL --code CODE`");
  }
  LK_ASSIGN_OR_RETURN(KioskStore store, KioskStore::Open(options.data_dir));
  LK_RETURN_IF_ERROR(store.db().Exec("PRAGMA synchronous=NORMAL"));
  HubClientOptions client_options =
      ClientOptionsFromConfig(options.config, EffectiveHubUrl(options.config, *enrollment), enrollment->token);
  client_options.stop = options.stop;
  client_options.user_agent = options.app_version;
  LK_ASSIGN_OR_RETURN(HubClient client, HubClient::Create(std::move(client_options)));
  std::unique_ptr<SyncEngine> engine(
      new SyncEngine(std::move(options), std::move(store), std::move(client), std::move(*enrollment)));
  SyncStatus& s = engine->status_;
  s.enrolled = true;
  s.hub_url = engine->client_.options().base_url;
  s.device_id = engine->enrollment_.device_id;
  DeviceState state(engine->store_.db());
  if (auto v = state.Get(device_key::kLastSyncSuccess); v.ok() && *v) {
    if (auto t = ParseRfc3339(**v); t.ok()) s.last_success_at = *t;
  }
  if (auto v = state.Get(device_key::kLastSyncError); v.ok() && *v) s.last_error = **v;
  if (auto v = state.Get(device_key::kLastSyncErrorAt); v.ok() && *v) {
    if (auto t = ParseRfc3339(**v); t.ok()) s.last_error_at = *t;
  }
  if (auto v = state.Get(device_key::kClockSkewMs); v.ok() && *v) {
    try {
      s.clock_skew_ms = std::stoll(**v);
    } catch (...) {
    }
  }
  if (auto v = state.Get(device_key::kDeviceId); v.ok() && (!*v || **v != s.device_id)) {
    state.Set(device_key::kDeviceId, s.device_id, engine->Now()).IgnoreError();
  }
  if (auto c = CatalogStore(engine->store_.db()).State(); c.ok()) s.catalog_version = c->version;
  LK_RETURN_IF_ERROR(engine->RefreshDepth());
  return engine;
}

SyncEngine::SyncEngine(SyncEngineOptions options, KioskStore store, HubClient client, Enrollment enrollment)
    : options_(std::move(options)),
      store_(std::move(store)),
      client_(std::move(client)),
      enrollment_(std::move(enrollment)) {}

Status SyncEngine::RefreshDepth() {
  LK_ASSIGN_OR_RETURN(OutboxDepth depth, Outbox(store_.db()).Depth());
  status_.pending = depth.pending;
  status_.oldest_pending_at = depth.oldest_pending_at;
  LK_ASSIGN_OR_RETURN(auto s, store_.db().Cached("SELECT COUNT(*) FROM outbox WHERE state = 'set_aside'"));
  LK_ASSIGN_OR_RETURN(bool row, s->Step());
  status_.set_aside = row ? s->ColumnInt(0) : 0;
  return Status::Ok();
}

Result<int64_t> SyncEngine::DataVersion() { return store_.db().QueryInt("PRAGMA data_version"); }

void SyncEngine::Succeeded(TimeMs now) {
  status_.online = true;
  status_.last_success_at = now;
  status_.next_attempt_at = 0;
  DeviceState(store_.db()).Set(device_key::kLastSyncSuccess, FormatRfc3339Utc(now), now).IgnoreError();
}

void SyncEngine::Failed(const Status& status, TimeMs now) {
  if (status.message() == "stopped") return;  // shutdown, not a failure of the link
  if (status.code() == StatusCode::kUnavailable || status.code() == StatusCode::kPermissionDenied ||
      status.code() == StatusCode::kFailedPrecondition) {
    status_.online = false;
  }
  status_.last_error = status.message();
  status_.last_error_at = now;
  DeviceState state(store_.db());
  state.Set(device_key::kLastSyncError, status.message(), now).IgnoreError();
  state.Set(device_key::kLastSyncErrorAt, FormatRfc3339Utc(now), now).IgnoreError();
}

Status SyncEngine::PushAll(PushTotals* totals) {
  // Two senders, each with its own keep-alive connection, so that one batch is claimed, serialised and
  // recorded while the hub works on the other (and the hub commits both in one group). Each batch is
  // still marked in flight before it is sent and resent under its id after a failure or a crash.
  if (!second_client_) {
    HubClientOptions o = client_.options();
    auto created = HubClient::Create(std::move(o));
    if (created.ok()) second_client_.emplace(std::move(*created));
  }
  SharedOutbox shared;
  std::mutex totals_mutex;
  PushTotals local;
  Status result = Status::Ok();
  std::atomic<bool> failed{false};
  auto sender = [&](HubClient& client) {
    Pusher pusher(store_.db(), client, 500, &shared);
    while (!failed.load() && !(options_.stop && options_.stop->load())) {
      auto pushed = Contained("sending a batch", [&] { return pusher.PushOne(Now()); });
      std::lock_guard<std::mutex> lock(totals_mutex);
      if (!pushed.ok()) {
        if (!failed.exchange(true)) result = pushed.status();
        return;
      }
      if (!pushed->sent) return;
      ++local.batches;
      local.records += int64_t(pushed->records);
      local.acked += int64_t(pushed->acked);
      local.set_aside += int64_t(pushed->set_aside);
      if (pushed->resend) ++local.resends;
      local.claim_ms += pushed->claim_ms;
      local.send_ms += pushed->send_ms;
      local.resolve_ms += pushed->resolve_ms;
    }
  };
  if (second_client_) {
    std::thread second([&] { sender(*second_client_); });
    sender(client_);
    second.join();
  } else {
    sender(client_);
  }
  if (local.batches > 0) status_.online = true;
  if (totals) *totals = local;
  TimeMs now = Now();
  RefreshDepth().IgnoreError();
  if (result.ok()) {
    if (local.batches > 0 || !status_.online) Succeeded(now);
  } else {
    Failed(result, now);
  }
  return result;
}

Status SyncEngine::PullCatalog(PullResult* out) {
  CatalogPuller puller(store_.db(), client_);
  TimeMs now = Now();
  auto pulled = Contained("the catalogue pull", [&] { return puller.Pull(now); });
  if (!pulled.ok()) {
    Failed(pulled.status(), Now());
    return pulled.status();
  }
  if (pulled->changed || pulled->version != status_.catalog_version) {
    ++status_.catalog_generation;
    status_.catalog_version = pulled->version;
  }
  Succeeded(Now());
  if (out) *out = *pulled;
  return Status::Ok();
}

Status SyncEngine::Heartbeat() {
  auto answer = Contained("the heartbeat", [&] { return SendHeartbeat(store_.db(), client_, options_.app_version, Now()); });
  if (!answer.ok()) {
    Failed(answer.status(), Now());
    return answer.status();
  }
  status_.clock_skew_ms = answer->clock_skew_ms;
  Succeeded(Now());
  return Status::Ok();
}

Result<int64_t> SyncEngine::Prune() {
  TimeMs cutoff = Now() - TimeMs(options_.config.retention_days) * kMsPerDay;
  return Contained("pruning", [&] { return Outbox(store_.db()).PruneAcked(cutoff); });
}

}  // namespace lk::sync
