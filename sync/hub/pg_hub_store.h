// PgHubStore: the HubStore on PostgreSQL, for a city: several stateless learning-hub replicas on one
// database. This class only wires the parts together: the connection pool (pg_pool.h), the schema
// (pg_hub_schema.h), centres and catalogues (pg_hub_catalog.h), devices (pg_hub_devices.h), attendance
// ingest (pg_hub_ingest.h), reports (pg_hub_reports.h) and the console's storage (pg_console_store.h),
// which shares the pool.
//
// Everything a replica knows is in the database, so any replica gives the same answers: batches and
// their answers, catalogue sequence numbers and epochs, enrolment codes. Concurrency is the database's:
// each call takes a pooled connection for itself; ingest serialises per centre with an advisory lock.
// Every call that changes state returns after its COMMIT. When the database is away, calls fail with
// kUnavailable (the server answers 503 with Retry-After) and the pool reconnects once it is back.
//
// Thread-safety: safe for concurrent use from many threads and many processes. Ownership: owns its
// pool; destroy it only once every call has returned.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sync/hub/hub_store.h"
#include "sync/hub/pg_console_store.h"
#include "sync/hub/pg_pool.h"

namespace lk::hub {

class PgHubStore : public HubStore {
 public:
  // Connects to `uri` (a libpq connection URI), migrates the schema, and keeps at most `connections`
  // connections open.
  static Result<std::unique_ptr<PgHubStore>> Open(const std::string& uri, int connections);

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
  PgHubStore(const std::string& uri, int connections) : pool_(uri, connections), console_(pool_) {}

  pg::ConnectionPool pool_;
  PgConsoleStore console_;  // over pool_
};

}  // namespace lk::hub
