// The SQLite store's read-only views of attendance: the learner summary and its need-to-know test, and
// the per-record and per-session reports of `learning-hub report`.
//
// Each function reads through the reader connection it is given (a pooled reader: the last committed
// state). Ownership: borrows the connection for the call.
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"
#include "sync/hub/hub_store.h"
#include "sync/protocol/learner_summary.h"

namespace lk::hub::sqlite {

Result<bool> LearnerKnownAt(Database& reader, const std::string& centre_id, const std::string& learner_id);
Result<sync::LearnerSummary> LearnerSummary(Database& reader, const std::string& learner_id, TimeMs from, TimeMs to);
Result<std::vector<ReportRow>> Report(Database& reader, const std::string& centre_id, TimeMs from, TimeMs to);
Result<std::vector<SessionSummary>> ReportSummary(Database& reader, const std::string& centre_id, TimeMs from,
                                                  TimeMs to);

}  // namespace lk::hub::sqlite
