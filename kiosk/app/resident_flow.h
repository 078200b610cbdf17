// ResidentFlow: what a resident has chosen and entered so far (category, course, session, the id on the
// keypad, a scan waiting for a session choice), and the outcome of the last check-in. Screens read and
// write it through UiContext::flow(); the idle reset forgets all of it at once.
// Plain value, owned by the UI thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/attendance_store.h"
#include "kiosk/core/domain.h"

namespace lk::ui {

enum class ProblemKind {
  kNotOpenYet,        // check-in for the session opens later (`when`)
  kEnded,             // the session is over
  kAlreadyCheckedIn,  // this learner already checked in (at `when`)
  kInvalidId,         // the learner id does not match the configured pattern
  kNoOpenSession,     // a scan arrived but no session is open now (`when`: the next opening, or 0)
  kSessionGone,       // the catalogue changed and the session no longer exists
  kUnavailable,       // the database or configuration does not allow check-in; ask staff
};

struct Problem {
  ProblemKind kind = ProblemKind::kUnavailable;
  std::string session_id;
  std::string learner_id;
  TimeMs when = 0;
};

struct Receipt {
  CheckInResult result;
  LearnerSummary year_summary;
};

struct ResidentFlow {
  std::string category_id;
  std::string course_id;
  std::string session_id;                    // the session being checked in to
  std::vector<std::string> session_choices;  // what the session picker offers
  std::string entered_id;                    // typed on the keypad
  std::string scanned_id;                    // scanned, waiting for the resident to pick a session
  std::string search_query;
  bool search_handwriting = false;           // the search screen shows the handwriting pad, not the letters
  std::optional<uint64_t> pending_request;   // a check-in the StoreWorker is working on
  std::optional<Receipt> receipt;
  std::optional<Problem> problem;
};

}  // namespace lk::ui
