// Record rules: what every attendance record's texts must satisfy, checked where a record is written
// (AttendanceStore) and again where it is read off the network (the hub's batch parser), so that a
// record that was stored can always be serialised and sent (sync/PROTOCOL.md §5 limits).
//
// Constants and stateless free functions: thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"

namespace lk {

constexpr size_t kMaxIdBytes = 64;        // learner ids, session ids, centre ids
constexpr size_t kMaxReasonBytes = 1000;  // void/correction reasons

// The catalogue's id rule (kiosk/core/CATALOG.md): 1..64 bytes of clean UTF-8, every byte above 0x20,
// no `"`, `\` or DEL.
bool IsValidId(std::string_view id);
// True for a reason the protocol carries: at most kMaxReasonBytes of clean UTF-8.
bool IsValidReason(std::string_view reason);

// InvalidArgument naming the field and what it must be, when the learner id, session id or reason of
// `record` would be refused by the hub; Ok otherwise.
[[nodiscard]] Status CheckRecordTexts(const AttendanceRecord& record);

}  // namespace lk
