#include "kiosk/app/checkin_flow.h"

#include <iostream>

#include "kiosk/app/ui_context.h"

namespace lk::ui {

void CheckInFlow::Start(const Session& session) {
  ResidentFlow& flow = ctx_.flow();
  flow.session_id = session.id;
  flow.entered_id.clear();
  switch (ctx_.policy().Window(session, ctx_.now())) {
    case WindowState::kOpen: ctx_.nav().Push(screen_id::kCheckIn); break;
    case WindowState::kNotOpenYet:
      ShowProblem({ProblemKind::kNotOpenYet, session.id, "", ctx_.policy().OpensAt(session)});
      break;
    case WindowState::kClosed: ShowProblem({ProblemKind::kEnded, session.id, "", session.ends_at}); break;
  }
}

void CheckInFlow::OfferSessions(std::vector<std::string> session_ids) {
  ctx_.flow().session_choices = std::move(session_ids);
  ctx_.nav().Push(screen_id::kSessionPicker);
}

void CheckInFlow::Submit(const std::string& learner_id, const std::string& session_id, RecordSource source) {
  ResidentFlow& flow = ctx_.flow();
  if (flow.pending_request) return;  // one check-in at a time
  if (!worker_) return ShowProblem({ProblemKind::kUnavailable, session_id, learner_id});
  if (!ctx_.policy().IsValidLearnerId(learner_id)) {
    return ShowProblem({ProblemKind::kInvalidId, session_id, learner_id});
  }
  flow.session_id = session_id;
  const uint64_t request = next_request_++;
  flow.pending_request = request;
  const CheckInPolicy policy = ctx_.policy();
  const TimeZone zone = ctx_.zone();
  const TimeMs now = ctx_.now();
  worker_->Run<Reply>(
      [=](KioskStore& store) -> Result<Reply> {
        AttendanceStore attendance(store.db(), policy);
        Reply reply;
        LK_ASSIGN_OR_RETURN(reply.result, attendance.CheckIn(learner_id, session_id, now, source));
        const int year = zone.DateOf(now).year;
        auto summary = attendance.Summary(learner_id, zone.StartOfDay({year, 1, 1}), zone.StartOfDay({year + 1, 1, 1}));
        if (summary.ok()) reply.year_summary = *summary;  // the check-in stands; the summary is a courtesy
        return reply;
      },
      [this, request, learner_id, session_id](Result<Reply> reply) {
        OnReply(request, learner_id, session_id, std::move(reply));
      },
      StoreWorker::Turn::kResidentFirst);
}

void CheckInFlow::CheckInScannedIdSomewhere(const std::string& learner_id) {
  if (!worker_) return ShowProblem({ProblemKind::kUnavailable, "", learner_id});
  if (!ctx_.policy().IsValidLearnerId(learner_id)) return ShowProblem({ProblemKind::kInvalidId, "", learner_id});
  std::vector<const Session*> open = OpenSessionsNow();
  if (open.empty()) {
    const TimeMs now = ctx_.now();
    TimeMs next = 0;
    const TimeMs end_of_today = ctx_.zone().StartOfDay(AddDays(ctx_.zone().DateOf(now), 1));
    for (const Session* s : ctx_.catalog().SessionsBetween(now, end_of_today)) {
      const TimeMs opens = ctx_.policy().OpensAt(*s);
      if (opens > now && (next == 0 || opens < next)) next = opens;
    }
    return ShowProblem({ProblemKind::kNoOpenSession, "", learner_id, next});
  }
  std::vector<std::string> ids;
  for (const Session* s : open) ids.push_back(s->id);
  ctx_.flow().scanned_id = learner_id;
  OfferSessions(std::move(ids));
}

void CheckInFlow::ShowProblem(Problem problem) {
  ctx_.flow().problem = std::move(problem);
  ctx_.nav().Push(screen_id::kProblem);
}

std::vector<const Session*> CheckInFlow::OpenSessionsNow() const {
  const TimeMs now = ctx_.now();
  const TimeMs end_of_today = ctx_.zone().StartOfDay(AddDays(ctx_.zone().DateOf(now), 1));
  std::vector<const Session*> open;
  for (const Session* s : ctx_.catalog().SessionsBetween(now, end_of_today)) {
    if (ctx_.policy().Window(*s, now) == WindowState::kOpen) open.push_back(s);
  }
  return open;
}

void CheckInFlow::OnReply(uint64_t request, const std::string& learner_id, const std::string& session_id,
                          Result<Reply> reply) {
  ResidentFlow& flow = ctx_.flow();
  if (!flow.pending_request || *flow.pending_request != request) return;
  flow.pending_request.reset();
  flow.entered_id.clear();
  flow.scanned_id.clear();
  if (reply.ok()) {
    if (reply->result.outcome == CheckInOutcome::kAlreadyCheckedIn) {
      return ShowProblem(
          {ProblemKind::kAlreadyCheckedIn, session_id, learner_id, reply->result.record.recorded_at});
    }
    flow.receipt.emplace();
    flow.receipt->result = reply->result;
    flow.receipt->year_summary = reply->year_summary;
    flow.receipt->request = request;
    ctx_.nav().Push(screen_id::kConfirmation);
    AskHub(request, learner_id);
    return;
  }
  std::cerr << "learning-kiosk: check-in refused: " << reply.status().ToString() << "\n";
  Problem problem{ProblemKind::kUnavailable, session_id, learner_id, 0};
  switch (reply.status().code()) {
    case StatusCode::kInvalidArgument: problem.kind = ProblemKind::kInvalidId; break;
    case StatusCode::kNotFound: problem.kind = ProblemKind::kSessionGone; break;
    case StatusCode::kFailedPrecondition:
      if (const Session* s = ctx_.catalog().FindSession(session_id); s && ctx_.now() < ctx_.policy().OpensAt(*s)) {
        problem.kind = ProblemKind::kNotOpenYet;
        problem.when = ctx_.policy().OpensAt(*s);
      } else {
        problem.kind = ProblemKind::kEnded;
      }
      break;
    default: break;
  }
  ShowProblem(std::move(problem));
}

void CheckInFlow::AskHub(uint64_t request, const std::string& learner_id) {
  if (!hub_summary_) return;
  ctx_.flow().receipt->city_state = CityYearState::kAsking;
  hub_summary_(learner_id, [this, request](std::optional<CityYear> city) {
    std::optional<Receipt>& receipt = ctx_.flow().receipt;
    if (!receipt || receipt->request != request) return;  // that resident has gone
    receipt->city = std::move(city);
    if (receipt->city && !receipt->city->record_url.empty()) receipt->city->record_qr = QrCode::Encode(receipt->city->record_url);
    receipt->city_state = receipt->city ? CityYearState::kAnswered : CityYearState::kUnavailable;
  });
}

}  // namespace lk::ui
