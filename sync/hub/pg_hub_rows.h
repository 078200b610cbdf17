// How hub values sit in the PostgreSQL schema's columns, for the store's parts that share them: a
// record's columns (in kiosk/core/record_columns.h's order) with the device, batch and flags it was
// stored with, and a centre (with its catalogue feed state) read by id.
// Free functions; a Connection is used by one thread at a time.
#pragma once

#include <string>

#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"
#include "sync/hub/hub_ingest.h"
#include "sync/hub/hub_store.h"
#include "sync/hub/pg_connection.h"

namespace lk::hub::pg {

// A record's columns, then device_id, batch_id, flags (prefix-free: for a query on `records` alone).
inline constexpr const char* kStoredRecordColumns =
    "id, seq, kind, learner_id, session_id, recorded_at, COALESCE(refers_to, ''), reason, source, device_id, "
    "batch_id, flags";
inline constexpr int kRecordColumns = 9;  // the AttendanceRecord part of kStoredRecordColumns

AttendanceRecord ReadRecord(const Rows& rows, int row, int first);
StoredRecord ReadStoredRecord(const Rows& rows, int row, int first);

// kNotFound when the centre is unknown.
Result<Centre> ReadCentre(Connection& conn, const std::string& centre_id);
Result<CatalogState> ReadCatalogState(Connection& conn, const std::string& centre_id);

}  // namespace lk::hub::pg
