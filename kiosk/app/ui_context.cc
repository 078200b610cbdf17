#include "kiosk/app/ui_context.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

namespace lk::ui {
namespace {

constexpr const char* kWeekdayKeys[] = {
    LK_TEXT_KEY("date.sunday"),   LK_TEXT_KEY("date.monday"), LK_TEXT_KEY("date.tuesday"),
    LK_TEXT_KEY("date.wednesday"), LK_TEXT_KEY("date.thursday"), LK_TEXT_KEY("date.friday"),
    LK_TEXT_KEY("date.saturday")};
constexpr const char* kMonthKeys[] = {
    LK_TEXT_KEY("date.january"), LK_TEXT_KEY("date.february"), LK_TEXT_KEY("date.march"),
    LK_TEXT_KEY("date.april"),   LK_TEXT_KEY("date.may"),      LK_TEXT_KEY("date.june"),
    LK_TEXT_KEY("date.july"),    LK_TEXT_KEY("date.august"),   LK_TEXT_KEY("date.september"),
    LK_TEXT_KEY("date.october"), LK_TEXT_KEY("date.november"), LK_TEXT_KEY("date.december")};

int Weekday(const LocalDate& date) {  // 0 = Sunday
  int64_t days = DaysFromCivil(date);
  return static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
}

}  // namespace

UiContext::UiContext(Services services, std::string root_screen)
    : s_(services),
      language_(services.config->language),
      nav_(std::move(root_screen), std::string(screen_id::kHome)) {}

std::string UiContext::Clock(TimeMs t) const { return zone().FormatTime(t); }

std::string UiContext::DateLine(TimeMs t) const {
  LocalDate date = zone().DateOf(t);
  return Tf("date.line", {{"day", std::to_string(date.day)},
                          {"weekday", std::string(T(kWeekdayKeys[Weekday(date)]))},
                          {"month_name", std::string(T(kMonthKeys[date.month - 1]))}});
}

std::string UiContext::Day(TimeMs t) const {
  LocalDate today = zone().DateOf(now());
  LocalDate date = zone().DateOf(t);
  if (date == today) return std::string(T("date.today"));
  if (date == AddDays(today, 1)) return std::string(T("date.tomorrow"));
  return DateLine(t);
}

std::string UiContext::TimeRange(const Session& s) const {
  return Tf("time.range", {{"start", Clock(s.starts_at)}, {"end", Clock(s.ends_at)}});
}

std::string UiContext::Hours(double hours) const {
  char text[32];
  double whole = std::round(hours);
  if (std::fabs(hours - whole) < 0.005) {
    std::snprintf(text, sizeof text, "%.0f", whole);
  } else {
    std::snprintf(text, sizeof text, "%.1f", hours);
  }
  return text;
}

void UiContext::StartCheckIn(const Session& session) {
  flow_.session_id = session.id;
  flow_.entered_id.clear();
  switch (policy().Window(session, now())) {
    case WindowState::kOpen: nav_.Push(screen_id::kCheckIn); break;
    case WindowState::kNotOpenYet:
      ShowProblem({ProblemKind::kNotOpenYet, session.id, "", policy().OpensAt(session)});
      break;
    case WindowState::kClosed: ShowProblem({ProblemKind::kEnded, session.id, "", session.ends_at}); break;
  }
}

void UiContext::OfferSessions(std::vector<std::string> session_ids) {
  flow_.session_choices = std::move(session_ids);
  nav_.Push(screen_id::kSessionPicker);
}

void UiContext::SubmitCheckIn(const std::string& learner_id, const std::string& session_id, RecordSource source) {
  if (flow_.pending_request) return;  // one check-in at a time
  if (!s_.backend) return ShowProblem({ProblemKind::kUnavailable, session_id, learner_id});
  if (!policy().IsValidLearnerId(learner_id)) return ShowProblem({ProblemKind::kInvalidId, session_id, learner_id});
  flow_.session_id = session_id;
  flow_.pending_request = s_.backend->SubmitCheckIn(learner_id, session_id, source, now());
}

void UiContext::CheckInScannedIdSomewhere(const std::string& learner_id) {
  if (!s_.backend) return ShowProblem({ProblemKind::kUnavailable, "", learner_id});
  if (!policy().IsValidLearnerId(learner_id)) return ShowProblem({ProblemKind::kInvalidId, "", learner_id});
  std::vector<const Session*> open = OpenSessionsNow();
  if (open.empty()) {
    TimeMs next = 0;
    TimeMs end_of_today = zone().StartOfDay(AddDays(zone().DateOf(now()), 1));
    for (const Session* s : catalog().SessionsBetween(now(), end_of_today)) {
      TimeMs opens = policy().OpensAt(*s);
      if (opens > now() && (next == 0 || opens < next)) next = opens;
    }
    return ShowProblem({ProblemKind::kNoOpenSession, "", learner_id, next});
  }
  std::vector<std::string> ids;
  for (const Session* s : open) ids.push_back(s->id);
  flow_.scanned_id = learner_id;
  OfferSessions(std::move(ids));
}

void UiContext::ShowProblem(Problem problem) {
  flow_.problem = std::move(problem);
  nav_.Push(screen_id::kProblem);
}

std::vector<const Session*> UiContext::OpenSessionsNow() const {
  TimeMs t = now();
  TimeMs end_of_today = zone().StartOfDay(AddDays(zone().DateOf(t), 1));
  std::vector<const Session*> open;
  for (const Session* s : catalog().SessionsBetween(t, end_of_today)) {
    if (policy().Window(*s, t) == WindowState::kOpen) open.push_back(s);
  }
  return open;
}

void UiContext::RequestStaffMode(StaffEntry entry) {
  if (staff_gate_) staff_gate_(*this, entry);
}

void UiContext::OnCheckInReply(const CheckInReply& reply) {
  // A reply for a resident the kiosk has since forgotten (idle reset) is not shown to the next one.
  if (!flow_.pending_request || *flow_.pending_request != reply.request_id) return;
  flow_.pending_request.reset();
  flow_.entered_id.clear();
  flow_.scanned_id.clear();
  if (reply.status.ok()) {
    if (reply.result.outcome == CheckInOutcome::kAlreadyCheckedIn) {
      return ShowProblem({ProblemKind::kAlreadyCheckedIn, reply.session_id, reply.learner_id,
                          reply.result.record.recorded_at});
    }
    flow_.receipt = Receipt{reply.result, reply.year_summary};
    nav_.Push(screen_id::kConfirmation);
    return;
  }
  std::cerr << "learning-kiosk: check-in refused: " << reply.status.ToString() << "\n";
  Problem problem{ProblemKind::kUnavailable, reply.session_id, reply.learner_id, 0};
  switch (reply.status.code()) {
    case StatusCode::kInvalidArgument: problem.kind = ProblemKind::kInvalidId; break;
    case StatusCode::kNotFound: problem.kind = ProblemKind::kSessionGone; break;
    case StatusCode::kFailedPrecondition:
      if (const Session* s = catalog().FindSession(reply.session_id); s && now() < policy().OpensAt(*s)) {
        problem.kind = ProblemKind::kNotOpenYet;
        problem.when = policy().OpensAt(*s);
      } else {
        problem.kind = ProblemKind::kEnded;
      }
      break;
    default: break;
  }
  ShowProblem(std::move(problem));
}

void UiContext::ForgetResident() {
  flow_ = ResidentFlow{};
  language_ = config().language;
  if (large_text() != config().large_text) requested_large_text_ = config().large_text;
  nav_.ResetToRoot();
}

}  // namespace lk::ui
