// ResidentFlow: what a resident has chosen and entered so far (category, course, session, the id on the
// keypad, a scan waiting for a session choice), and the outcome of the last check-in with, once the hub
// has answered, the learner's city-wide year (CityYear: shown, never stored). Screens read and write it
// through UiContext::flow(); the idle reset forgets all of it at once.
// Plain value, owned by the UI thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/app/qr_code.h"
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

// The learner's year across every centre of the hub (the Credit Bank), as the hub answered it just now.
struct CityYear {
  int year = 0;
  int64_t check_ins = 0;
  double credit_hours = 0;
  int centres = 0;
  TimeMs as_of = 0;  // the hub's clock when it answered
  std::string record_url;         // the learner's record page on the hub (a link that expires); may be empty
  std::optional<QrCode> record_qr;  // record_url as a QR code, for the resident's phone
};

// A record link as long as the hub's (its token is about 130 characters), for previews and screenshots.
constexpr const char* kSampleRecordUrl =
    "https://credit.example.cn/me/"
    "Q2lyY3VtZmxleC1wcmV2aWV3LXRva2VuLW9mLXRoZS1yZWNvcmQtbGluay1mb3ItdGhlLXNjcmVlbnNob3RzLW9mLXRoZS1jb25maXJtYXRpb24t"
    "c2NyZWVuLTAwMDAwMDAw";

// Where the city-wide year of a receipt stands.
enum class CityYearState {
  kNotAsked,     // no hub to ask (not enrolled, demo): the local figure alone
  kAsking,       // asked; the answer comes within about 1.5 s
  kAnswered,     // `city` holds it
  kUnavailable,  // offline, slow or refused: the hours will be credited once the kiosk is online
};

struct Receipt {
  CheckInResult result;
  LearnerSummary year_summary;  // this kiosk, this year
  uint64_t request = 0;         // the check-in it answers (an answer for another one is dropped)
  CityYearState city_state = CityYearState::kNotAsked;
  std::optional<CityYear> city;
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
