// SqliteHubStore: the HubStore in one SQLite file (WAL, synchronous=FULL: a commit is on disk before
// any reply that depends on it). This class only wires the parts together: the schema
// (sqlite_hub_schema.h), the reader pool (sqlite_reader_pool.h), the group commit (group_commit.h) of
// attendance ingest (sqlite_hub_ingest.h), centres and catalogues (sqlite_hub_catalog.h), devices
// (sqlite_hub_devices.h), reports (sqlite_hub_reports.h) and the console's storage
// (sqlite_console_store.h), which shares the writer and the readers.
//
// Thread-safety: safe for concurrent use. All writes go through ONE writer connection guarded by a
// mutex (SQLite allows one writer at a time anyway; this avoids SQLITE_BUSY and lets cached prepared
// statements be reused); reads use a pool of reader connections that see the last committed state.
// PushBatch group-commits: batches that arrive while a commit is in progress are applied together (each
// in its own savepoint) and made durable by the next single commit, so concurrent kiosks share an fsync.
// Ownership: owns its connections; other processes (the admin commands) may open the same file
// concurrently, serialised by SQLite's locks and the busy timeout.
// Keys are time-ordered (UUIDv7 record ids, WITHOUT ROWID tables), so inserts append to the b-tree.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "kiosk/core/sqlite_db.h"
#include "sync/hub/group_commit.h"
#include "sync/hub/hub_store.h"
#include "sync/hub/sqlite_console_store.h"
#include "sync/hub/sqlite_reader_pool.h"

namespace lk::hub {

class SqliteHubStore : public HubStore {
 public:
  // Opens (creating when missing) and migrates the hub database at `path`.
  static Result<std::unique_ptr<SqliteHubStore>> Open(const std::string& path);

  ~SqliteHubStore() override;

  ConsoleStore& Console() override { return console_; }

  Status AddCentre(const Centre& centre, TimeMs now) override;
  Result<Centre> GetCentre(const std::string& centre_id) override;
  Result<ImportStats> ImportCatalog(const std::string& centre_id, const Catalog& catalog, TimeMs now,
                                    TimeMs tombstone_retention_ms) override;
  Result<CatalogState> GetCatalogState(const std::string& centre_id) override;
  Status ListCatalogChanges(const std::string& centre_id, int64_t after_seq, bool live_only, size_t limit,
                            CatalogState* state, std::vector<CatalogChange>* changes) override;

  Status AddEnrollCode(const std::string& centre_id, const std::string& code_hash, TimeMs now,
                       TimeMs expires_at) override;
  Result<Centre> Enroll(const std::string& code_hash, const std::string& device_id, const std::string& token_hash,
                        const sync::EnrollRequest& request, TimeMs now) override;
  Result<DeviceIdentity> Authenticate(const std::string& token_hash) override;
  Status RecordHeartbeat(const std::string& device_id, const sync::HeartbeatRequest& heartbeat, int64_t clock_skew_ms,
                         TimeMs now) override;
  Result<std::vector<DeviceInfo>> ListDevices() override;
  Status RevokeDevice(const std::string& device_id, TimeMs now) override;

  Result<sync::BatchResponse> PushBatch(const DeviceIdentity& device, const sync::ParsedBatch& batch,
                                        TimeMs now) override;
  Result<bool> LearnerKnownAt(const std::string& centre_id, const std::string& learner_id) override;
  Result<sync::LearnerSummary> LearnerSummary(const std::string& learner_id, TimeMs from, TimeMs to) override;
  Result<hub::LearnerRecord> LearnerRecord(const std::string& learner_id, TimeMs from, TimeMs to,
                                           int recent_limit) override;
  Status CountRecordView(const std::string& learner_key, TimeMs now) override;
  Result<int64_t> RecordViews(const std::string& learner_key) override;
  Result<CreditPage> CreditChanges(const CreditCursor& cursor, int limit) override;
  Result<std::string> EnsureSecret(const std::string& name, const std::string& candidate, TimeMs now) override;
  Result<std::vector<ReportRow>> Report(const std::string& centre_id, TimeMs from, TimeMs to) override;
  Result<std::vector<SessionSummary>> ReportSummary(const std::string& centre_id, TimeMs from, TimeMs to) override;

 private:
  SqliteHubStore(const std::string& path, Database writer);

  std::mutex write_mutex_;  // held for every use of writer_
  Database writer_;
  sqlite::ReaderPool readers_;
  SqliteConsoleStore console_;  // over the three members above
  GroupCommit group_commit_;  // last: its commits use the members above
};

}  // namespace lk::hub
