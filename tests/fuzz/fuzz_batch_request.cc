// The hub's attendance batch parser (POST /v1/attendance/batches body, sync/protocol/attendance_messages.h):
// a malformed request is refused as a whole with kInvalidArgument; otherwise every record is either
// valid (and survives a JSON round trip unchanged) or carries a reject reason and a message.
#include <string>

#include "sync/protocol/attendance_messages.h"
#include "sync/protocol/protocol.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto batch = lk::sync::ParseBatchRequest(AsView(data, size));
  if (!batch.ok()) {
    LK_FUZZ_CHECK(batch.status().code() == lk::StatusCode::kInvalidArgument, "code %d",
                  int(batch.status().code()));
    return 0;
  }
  LK_FUZZ_CHECK(!batch->records.empty() && batch->records.size() <= lk::sync::kMaxBatchRecords, "%zu records",
                batch->records.size());
  for (const auto& parsed : batch->records) {
    if (!parsed.record) {
      LK_FUZZ_CHECK(!parsed.reject_reason.empty(), "invalid record without a reason");
      continue;
    }
    const lk::AttendanceRecord& r = *parsed.record;
    LK_FUZZ_CHECK(!lk::sync::ValidateRecord(r), "a record the parser accepted fails validation");
    LK_FUZZ_CHECK(lk::sync::IsValidId(r.learner_id) && lk::sync::IsValidId(r.session_id), "invalid ids accepted");
    lk::sync::ParsedRecord back = lk::sync::ParseRecordJson(lk::sync::RecordToJson(r));
    LK_FUZZ_CHECK(back.record && lk::sync::SameRecordContent(*back.record, r), "record round trip changed it");
  }
  return 0;
}
