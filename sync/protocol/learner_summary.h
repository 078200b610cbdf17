// The learner "Credit Bank" summary: GET /v1/learners/{id}/summary (sync/PROTOCOL.md §7).
//
// Counts effective attendances (check-ins and corrections not voided or replaced) of one learner in one
// calendar year, across every centre of the hub. Plain struct with JSON conversion: thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/domain.h"
#include "kiosk/core/status.h"

namespace lk::sync {

struct CentreCredit {
  std::string centre_id;
  LocalizedText centre_name;
  int64_t checkins = 0;
  double credit_hours = 0;
};

struct LearnerSummary {
  std::string learner_id;
  int year = 0;  // calendar year in the asking kiosk's centre time zone
  int64_t checkins = 0;
  double credit_hours = 0;
  std::vector<CentreCredit> centres;  // only centres with attendance, by centre id
  TimeMs as_of = 0;
  // The learner's record to take home: the hub's /me/TOKEN page (a capability link that expires), when the
  // hub serves it (`serve --public-url`); empty otherwise, and then absent from the JSON.
  std::string record_url;
};

constexpr size_t kMaxRecordUrlBytes = 1024;

std::string LearnerSummaryToJson(const LearnerSummary& summary);
Result<LearnerSummary> ParseLearnerSummary(std::string_view body);

}  // namespace lk::sync
