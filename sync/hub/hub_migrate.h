// migrate-db: moves a district's hub from its SQLite file into an empty PostgreSQL database, for when
// it joins a city. Everything is copied as it is, so kiosks keep syncing without re-enrolment: centres
// with their feed epochs and sequence numbers, the catalogue feed with its tombstones, enrolment codes,
// devices with their token hashes, batches (resends keep answering `resent`), records, attendance and
// conflict copies, and the console's accounts (with their lockout state), audit log and centres'
// districts. Console login sessions are not copied: everyone logs in to the console again.
//
// The source is read in one snapshot (stop the SQLite hub first: what it accepts after the snapshot is
// not copied) and migrated to this build's schema if it is older; the target is created with this build's
// schema and refused unless every table is empty. The copy is one transaction (COPY per table). After
// COMMIT every table's row count and, per centre, a checksum of the full `report` and `report --summary`
// are compared between the two stores through the HubStore interface; any difference fails the command.
// Thread-safety: one call at a time per target database.
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/status.h"

namespace lk::hub {

struct MigrationCheck {
  std::vector<std::pair<std::string, int64_t>> table_rows;      // per table, equal in both
  std::vector<std::pair<std::string, std::string>> centre_sums;  // per centre: the reports' checksum, equal in both
};

Result<MigrationCheck> MigrateSqliteToPostgres(const std::string& sqlite_path, const std::string& postgres_uri);

}  // namespace lk::hub
