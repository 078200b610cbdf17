// Crash points for the kill -9 tests: when LK_SYNC_CRASH_AT names a point (e.g.
// `after_send_before_ack`), the process kills itself with SIGKILL the n-th time it reaches that point,
// n from LK_SYNC_CRASH_AFTER (default 1). A real, uncatchable kill at a chosen moment; unset (production),
// CrashPoint costs one relaxed atomic load. Thread-safe.
//
// Points: after_claim (batch marked in flight, nothing sent), after_send_before_ack (the hub answered,
// the answer not yet recorded), after_ack (answer recorded), mid_pull (a catalogue page fetched, not
// applied), after_pull_page (a page applied).
#pragma once

namespace lk::sync {

void CrashPoint(const char* name);

}  // namespace lk::sync
