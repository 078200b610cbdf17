// The SQLite store's part of the learner's record page (/me/TOKEN): the record itself (hours per centre
// and per course, the last attendances), the credit journal's export (credit-export), the page's view counter (per keyed hash of the learner id) and
// the hub's secret keys (hub_keys). Reads go through a pooled reader, writes through the writer the caller
// holds the store's write lock on. Ownership: borrows the connection for the call.
#pragma once

#include <string>

#include "kiosk/core/sqlite_db.h"
#include "kiosk/core/status.h"
#include "sync/hub/hub_store.h"

namespace lk::hub::sqlite {

Result<hub::LearnerRecord> LearnerRecord(Database& reader, const std::string& learner_id, TimeMs from, TimeMs to,
                                         int recent_limit);
Status CountRecordView(Database& writer, const std::string& learner_key, TimeMs now);
Result<int64_t> RecordViews(Database& reader, const std::string& learner_key);
Result<CreditPage> CreditChanges(Database& reader, const CreditCursor& cursor, int limit);
Result<std::string> EnsureSecret(Database& writer, const std::string& name, const std::string& candidate, TimeMs now);

}  // namespace lk::hub::sqlite
