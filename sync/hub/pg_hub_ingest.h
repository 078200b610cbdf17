// Attendance ingest on PostgreSQL: one batch in one transaction, under its centre's transaction-level
// advisory lock (pg_advisory_xact_lock), so that the same batch arriving at two replicas at once is
// applied once and a centre's capacity counts stay exact, while other centres' kiosks push in parallel.
// The rules are hub_ingest.h's; the rows they read are fetched in bulk first (buffered_ingest.h) and
// their writes flushed with `unnest` array parameters, so a batch costs about a dozen round trips
// whatever its size. The reply is built only after COMMIT succeeded.
// Thread-safety: the connection's owner thread; many connections may push at once.
#pragma once

#include "kiosk/core/status.h"
#include "sync/hub/hub_store.h"
#include "sync/hub/pg_connection.h"

namespace lk::hub::pg {

Result<sync::BatchResponse> PushBatch(Connection& conn, const DeviceIdentity& device, const sync::ParsedBatch& batch,
                                      TimeMs now);

}  // namespace lk::hub::pg
