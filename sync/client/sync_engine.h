// SyncEngine: one kiosk's sync steps over its own database connection and its own hub connection:
// push everything pending, pull the catalogue, heartbeat, prune old acknowledged records, and keep the
// SyncStatus (and the device_state keys sync.last_success / sync.last_error / sync.clock_skew_ms) true.
//
// Synchronous: SyncWorker runs it on its thread, `kioskctl sync` on the main thread, so both use the
// same code; one caller at a time. PushAll alone runs a second sender thread for its duration, with its
// own hub connection, sharing the database connection under SharedOutbox's mutex (push.h). A step that
// throws is contained: it returns a failed Status like any other failure. The worker's connection runs
// with synchronous=NORMAL: a sync state change lost to a power cut is harmless (the batch is resent
// under its id, or its records are claimed again and the hub answers duplicate); check-ins are written by
// the UI's StoreWorker over its own FULL connection.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "kiosk/core/config.h"
#include "kiosk/core/env.h"
#include "kiosk/core/kiosk_store.h"
#include "kiosk/core/status.h"
#include "sync/client/catalog_pull.h"
#include "sync/client/enrollment.h"
#include "sync/client/hub_client.h"
#include "sync/client/sync_status.h"

namespace lk::sync {

struct SyncEngineOptions {
  std::string data_dir;
  KioskConfig config;
  std::string app_version = DefaultAppVersion();
  const std::atomic<bool>* stop = nullptr;  // aborts transfers and loops promptly
  Env* env = Env::Default();                // the wall clock of records, batches and the status (borrowed)
};

struct PushTotals {
  int batches = 0;
  int64_t records = 0;
  int64_t acked = 0;
  int64_t set_aside = 0;
  int resends = 0;
  double claim_ms = 0, send_ms = 0, resolve_ms = 0;  // summed over batches
};

class SyncEngine {
 public:
  // FailedPrecondition when the kiosk is not enrolled.
  static Result<std::unique_ptr<SyncEngine>> Open(SyncEngineOptions options);

  // Pushes batches until nothing is pending (ok) or a step fails (its status; the batch stays queued).
  Status PushAll(PushTotals* totals = nullptr);
  Status PullCatalog(PullResult* result = nullptr);
  Status Heartbeat();
  // Deletes acknowledged records older than [sync] retention_days.
  Result<int64_t> Prune();

  // Re-reads the queue depth from SQLite into the status.
  Status RefreshDepth();
  const SyncStatus& status() const { return status_; }
  SyncStatus& mutable_status() { return status_; }
  HubClient& client() { return client_; }
  KioskStore& store() { return store_; }
  const SyncEngineOptions& options() const { return options_; }
  // Cheap check for commits by other connections (PRAGMA data_version).
  Result<int64_t> DataVersion();

 private:
  SyncEngine(SyncEngineOptions options, KioskStore store, HubClient client, Enrollment enrollment);
  TimeMs Now() const { return options_.env->WallNowMs(); }
  void Succeeded(TimeMs now);
  void Failed(const Status& status, TimeMs now);

  SyncEngineOptions options_;
  KioskStore store_;
  HubClient client_;
  std::optional<HubClient> second_client_;  // PushAll's second sender
  Enrollment enrollment_;
  SyncStatus status_;
};

}  // namespace lk::sync
