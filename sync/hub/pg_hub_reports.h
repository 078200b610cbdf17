// The PostgreSQL store's reads for people and kiosks: the learner summary (across all centres), whether a
// centre has seen a learner, and a centre's report (one row per record, or counts per session). The
// queries are the SQLite store's (sqlite_hub_reports.cc), so both backends give the same rows in the
// same order.
// Thread-safety: the connection's owner thread. Ownership: borrows the connection for the call.
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"
#include "sync/hub/hub_store.h"
#include "sync/hub/pg_connection.h"

namespace lk::hub::pg {

Result<bool> LearnerKnownAt(Connection& conn, const std::string& centre_id, const std::string& learner_id);
Result<sync::LearnerSummary> LearnerSummary(Connection& conn, const std::string& learner_id, TimeMs from, TimeMs to);
Result<std::vector<ReportRow>> Report(Connection& conn, const std::string& centre_id, TimeMs from, TimeMs to);
Result<std::vector<SessionSummary>> ReportSummary(Connection& conn, const std::string& centre_id, TimeMs from,
                                                  TimeMs to);

}  // namespace lk::hub::pg
