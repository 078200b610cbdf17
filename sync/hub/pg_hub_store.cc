#include "sync/hub/pg_hub_store.h"

#include "sync/hub/pg_hub_catalog.h"
#include "sync/hub/pg_hub_devices.h"
#include "sync/hub/pg_hub_ingest.h"
#include "sync/hub/pg_hub_learner.h"
#include "sync/hub/pg_hub_reports.h"
#include "sync/hub/pg_hub_rows.h"
#include "sync/hub/pg_hub_schema.h"

namespace lk::hub {

using pg::Connection;

Result<std::unique_ptr<PgHubStore>> PgHubStore::Open(const std::string& uri, int connections) {
  std::unique_ptr<PgHubStore> store(new PgHubStore(uri, connections));
  LK_RETURN_IF_ERROR(store->pool_.Run([](Connection& c) { return pg::Migrate(c); }));
  return store;
}

Status PgHubStore::AddCentre(const Centre& centre, TimeMs now) {
  return pool_.Run([&](Connection& c) { return pg::AddCentre(c, centre, now); });
}

Result<Centre> PgHubStore::GetCentre(const std::string& centre_id) {
  return pool_.Run([&](Connection& c) { return pg::ReadCentre(c, centre_id); });
}

Result<ImportStats> PgHubStore::ImportCatalog(const std::string& centre_id, const Catalog& catalog, TimeMs now,
                                              TimeMs tombstone_retention_ms) {
  return pool_.Run(
      [&](Connection& c) { return pg::ImportCatalog(c, centre_id, catalog, now, tombstone_retention_ms); });
}

Result<CatalogState> PgHubStore::GetCatalogState(const std::string& centre_id) {
  return pool_.Run([&](Connection& c) { return pg::ReadCatalogState(c, centre_id); });
}

Status PgHubStore::ListCatalogChanges(const std::string& centre_id, int64_t after_seq, bool live_only, size_t limit,
                                      CatalogState* state, std::vector<CatalogChange>* changes) {
  return pool_.Run([&](Connection& c) {
    return pg::ListCatalogChanges(c, centre_id, after_seq, live_only, limit, state, changes);
  });
}

Status PgHubStore::AddEnrollCode(const std::string& centre_id, const std::string& code_hash, TimeMs now,
                                 TimeMs expires_at) {
  return pool_.Run([&](Connection& c) { return pg::AddEnrollCode(c, centre_id, code_hash, now, expires_at); });
}

Result<Centre> PgHubStore::Enroll(const std::string& code_hash, const std::string& device_id,
                                  const std::string& token_hash, const sync::EnrollRequest& request, TimeMs now) {
  return pool_.Run([&](Connection& c) { return pg::Enroll(c, code_hash, device_id, token_hash, request, now); });
}

Result<DeviceIdentity> PgHubStore::Authenticate(const std::string& token_hash) {
  return pool_.Run([&](Connection& c) { return pg::Authenticate(c, token_hash); });
}

Status PgHubStore::RecordHeartbeat(const std::string& device_id, const sync::HeartbeatRequest& heartbeat,
                                   int64_t clock_skew_ms, TimeMs now) {
  return pool_.Run([&](Connection& c) { return pg::RecordHeartbeat(c, device_id, heartbeat, clock_skew_ms, now); });
}

Result<std::vector<DeviceInfo>> PgHubStore::ListDevices() {
  return pool_.Run([](Connection& c) { return pg::ListDevices(c); });
}

Status PgHubStore::RevokeDevice(const std::string& device_id, TimeMs now) {
  return pool_.Run([&](Connection& c) { return pg::RevokeDevice(c, device_id, now); });
}

Result<sync::BatchResponse> PgHubStore::PushBatch(const DeviceIdentity& device, const sync::ParsedBatch& batch,
                                                  TimeMs now) {
  return pool_.Run([&](Connection& c) { return pg::PushBatch(c, device, batch, now); });
}

Result<bool> PgHubStore::LearnerKnownAt(const std::string& centre_id, const std::string& learner_id) {
  return pool_.Run([&](Connection& c) { return pg::LearnerKnownAt(c, centre_id, learner_id); });
}

Result<sync::LearnerSummary> PgHubStore::LearnerSummary(const std::string& learner_id, TimeMs from, TimeMs to) {
  return pool_.Run([&](Connection& c) { return pg::LearnerSummary(c, learner_id, from, to); });
}

Result<hub::LearnerRecord> PgHubStore::LearnerRecord(const std::string& learner_id, TimeMs from, TimeMs to,
                                                      int recent_limit) {
  return pool_.Run([&](Connection& c) { return pg::LearnerRecord(c, learner_id, from, to, recent_limit); });
}

Status PgHubStore::CountRecordView(const std::string& learner_key, TimeMs now) {
  return pool_.Run([&](Connection& c) { return pg::CountRecordView(c, learner_key, now); });
}

Result<int64_t> PgHubStore::RecordViews(const std::string& learner_key) {
  return pool_.Run([&](Connection& c) { return pg::RecordViews(c, learner_key); });
}

Result<CreditPage> PgHubStore::CreditChanges(const CreditCursor& cursor, int limit) {
  return pool_.Run([&](Connection& c) { return pg::CreditChanges(c, cursor, limit); });
}

Result<std::string> PgHubStore::EnsureSecret(const std::string& name, const std::string& candidate, TimeMs now) {
  return pool_.Run([&](Connection& c) { return pg::EnsureSecret(c, name, candidate, now); });
}

Result<std::vector<ReportRow>> PgHubStore::Report(const std::string& centre_id, TimeMs from, TimeMs to) {
  return pool_.Run([&](Connection& c) { return pg::Report(c, centre_id, from, to); });
}

Result<std::vector<SessionSummary>> PgHubStore::ReportSummary(const std::string& centre_id, TimeMs from, TimeMs to) {
  return pool_.Run([&](Connection& c) { return pg::ReportSummary(c, centre_id, from, to); });
}

}  // namespace lk::hub
