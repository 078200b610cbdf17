// credit-export's output (sync/CREDIT_EXPORT.md): a CreditPage from HubStore::CreditChanges as CSV (one
// row per journal entry, each carrying the cursor to resume after it) or as one JSON object (the entries
// and next_cursor). Also defines the credit cursor's parse and format (declared in hub_store.h).
// Pure functions, thread-safe.
#pragma once

#include <string>

#include "sync/hub/hub_store.h"
#include "sync/hub/report_writer.h"

namespace lk::hub {

std::string FormatCreditExport(const CreditPage& page, ReportFormat format);

}  // namespace lk::hub
