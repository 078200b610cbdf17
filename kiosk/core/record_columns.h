// An AttendanceRecord as SQL columns: the kiosk's attendance table and the hub's records table both
// store a record's fields under the same names, and every query that reads whole records selects them in
// one order and reads them with ReadRecordColumns. Stateless: thread-safe.
#pragma once

#include "kiosk/core/domain.h"
#include "kiosk/core/sqlite_db.h"

namespace lk {

// The columns, in order, of a record read by ReadRecordColumns (prefix them with a table alias as
// needed): id, seq, kind, learner_id, session_id, recorded_at, refers_to, reason, source.
inline constexpr int kRecordColumnCount = 9;

// Reads the record whose columns start at `first`. A NULL refers_to reads as "". An unknown kind or
// source (a newer writer) reads as check-in / keypad.
AttendanceRecord ReadRecordColumns(const Statement& s, int first = 0);

}  // namespace lk
