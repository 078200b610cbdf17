// The PostgreSQL store's part of the learner's record page (/me/TOKEN): the record itself (hours per
// centre and per course, the last attendances), the credit journal's export (credit-export), the page's view counter (per keyed hash of the learner
// id) and the hub's secret keys (hub_keys). The queries are the SQLite store's (sqlite_hub_learner.cc),
// so both backends give the same rows in the same order.
// Thread-safety: the connection's owner thread. Ownership: borrows the connection for the call.
#pragma once

#include <string>

#include "kiosk/core/status.h"
#include "sync/hub/hub_store.h"
#include "sync/hub/pg_connection.h"

namespace lk::hub::pg {

Result<hub::LearnerRecord> LearnerRecord(Connection& conn, const std::string& learner_id, TimeMs from, TimeMs to,
                                         int recent_limit);
Status CountRecordView(Connection& conn, const std::string& learner_key, TimeMs now);
Result<int64_t> RecordViews(Connection& conn, const std::string& learner_key);
Result<CreditPage> CreditChanges(Connection& conn, const CreditCursor& cursor, int limit);
Result<std::string> EnsureSecret(Connection& conn, const std::string& name, const std::string& candidate, TimeMs now);

}  // namespace lk::hub::pg
