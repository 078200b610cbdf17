#include "tests/bench/city_data.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <random>

#include "kiosk/core/uuid.h"
#include "sync/hub/credentials.h"
#include "sync/hub/flag_list.h"
#include "sync/hub/hub_catalog.h"
#include "sync/protocol/attendance_messages.h"

namespace lk::bench {
namespace {

constexpr const char* kTimeZone = "Asia/Shanghai";
// The current catalogue: last week's sessions and the next two weeks'. Older sessions stay in `sessions`,
// marked deleted, as ImportCatalog leaves them.
constexpr int kCatalogDaysBack = 7, kCatalogDaysAhead = 14;
constexpr int kRecentDays = 14;
constexpr double kMeanAttendance = 14;  // learners per session, on average over the city
constexpr int kMaxSessionsPerDay = 40;
constexpr int kSessionMinutes = 90;
constexpr size_t kLearnersKeptPerCentre = 64;
constexpr size_t kVisitSample = 20000;
// Per check-in: staff void it, staff replace it (a mistyped card), the learner checks in again.
constexpr double kVoidRate = 0.01, kReplaceRate = 0.003, kRepeatRate = 0.005;
// Per session: staff add a check-in by hand (a forgotten card).
constexpr double kManualPerSession = 0.05;
constexpr int kMaxBatch = 8;  // records per push of a kiosk during a session (1..8)

using Rng = std::mt19937_64;

struct CourseInfo {
  const char* zh;
  const char* en;
};
constexpr CourseInfo kCourseNames[] = {
    {"书法", "Calligraphy"}, {"太极拳", "Tai chi"},     {"智能手机", "Smartphones"}, {"合唱", "Choir"},
    {"国画", "Chinese painting"}, {"英语口语", "Spoken English"}, {"养生", "Healthy living"}, {"摄影", "Photography"},
    {"舞蹈", "Dance"},       {"防诈骗", "Fraud awareness"}, {"烹饪", "Cooking"},      {"京剧", "Peking opera"}};
constexpr double kCreditHours[] = {1.0, 1.5, 2.0};
constexpr int kCapacities[] = {0, 20, 25, 30, 40, 60};

struct CentrePlan {
  std::string id;
  double weight = 1;
  int sessions_per_day = 1;
  int courses = 4;
  double mean_attendance = kMeanAttendance;
  std::vector<int> start_minute;  // per slot
  std::vector<int> capacity;      // per slot
  std::vector<int> devices;
  std::string epoch;
};

std::string Printf(const char* fmt, long long a, long long b = 0) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, a, b);
  return buf;
}

std::string CourseId(int course) { return Printf("course-%02lld", course); }

std::string SessionId(const LocalDate& date, int slot) {
  return Printf("s%08lld-%02lld", date.year * 10000LL + date.month * 100 + date.day, slot);
}

Course CourseOf(int k) {
  const CourseInfo& name = kCourseNames[size_t(k) % std::size(kCourseNames)];
  std::string n = std::to_string(k / int(std::size(kCourseNames)) + 1);
  Course c;
  c.id = CourseId(k);
  c.category_id = Printf("cat-%lld", k % 3);
  c.title = {std::string(name.zh) + " " + n, std::string(name.en) + " " + n};
  c.credit_hours = kCreditHours[size_t(k) % std::size(kCreditHours)];
  return c;
}

Session SessionOf(const CentrePlan& plan, const TimeZone& zone, const LocalDate& date, int slot) {
  Session s;
  s.id = SessionId(date, slot);
  s.course_id = CourseId(slot % plan.courses);
  s.starts_at = zone.StartOfDay(date) + TimeMs(plan.start_minute[size_t(slot)]) * 60000;
  s.ends_at = s.starts_at + kSessionMinutes * 60000;
  s.room = {Printf("教室 %lld", slot % 24 + 1), Printf("Room %lld", slot % 24 + 1)};
  s.capacity = plan.capacity[size_t(slot)];
  return s;
}

Catalog CatalogOf(const CentrePlan& plan, const TimeZone& zone, const LocalDate& today) {
  Catalog catalog;
  catalog.version = "city-1";
  catalog.centre = Centre{plan.id, {"社区学习中心 " + plan.id, "Community learning centre " + plan.id}, kTimeZone};
  catalog.categories = {{"cat-0", {"艺术", "Arts"}, 1}, {"cat-1", {"健康", "Health"}, 2},
                        {"cat-2", {"数字生活", "Digital life"}, 3}};
  for (int k = 0; k < plan.courses; ++k) catalog.courses.push_back(CourseOf(k));
  for (int d = -kCatalogDaysBack; d <= kCatalogDaysAhead; ++d) {
    for (int slot = 0; slot < plan.sessions_per_day; ++slot) {
      catalog.sessions.push_back(SessionOf(plan, zone, AddDays(today, d), slot));
    }
  }
  return catalog;
}

// The centres' sizes: log-normal (a few large centres, many small ones), normalised to a mean of 1.
std::vector<CentrePlan> PlanCentres(const CityShape& shape, Rng& rng) {
  std::vector<CentrePlan> plans(size_t(shape.centres));
  std::lognormal_distribution<double> size(0, 0.9);
  double total = 0;
  for (auto& p : plans) total += p.weight = size(rng);
  const double records_per_centre = double(shape.records) / shape.centres;
  const double per_session_overhead = 1 + kVoidRate + kReplaceRate + kRepeatRate;
  for (size_t c = 0; c < plans.size(); ++c) {
    CentrePlan& p = plans[c];
    p.weight *= double(shape.centres) / total;
    p.id = Printf("c%05lld", (long long)c + 1);
    const double records = records_per_centre * p.weight;
    p.sessions_per_day = std::clamp(int(std::lround(records / (shape.days * kMeanAttendance))), 1, kMaxSessionsPerDay);
    p.courses = std::clamp(p.sessions_per_day, 4, 30);
    p.mean_attendance =
        std::max(0.5, (records / (double(p.sessions_per_day) * shape.days) - kManualPerSession) / per_session_overhead);
    std::uniform_int_distribution<size_t> pick_capacity(0, std::size(kCapacities) - 1);
    for (int slot = 0; slot < p.sessions_per_day; ++slot) {
      p.start_minute.push_back(8 * 60 + (slot * 7 % 24) * 30);  // 08:00-19:30, several rooms when busy
      int capacity = kCapacities[pick_capacity(rng)];
      if (capacity > 0 && capacity < p.mean_attendance * 1.6) capacity = 0;  // no such room: unlimited
      p.capacity.push_back(capacity);
    }
    p.epoch = hub::NewCatalogEpoch();
  }
  return plans;
}

// At least one kiosk per centre, the rest by size (largest remainder).
void PlanDevices(std::vector<CentrePlan>& plans, int kiosks) {
  const int extra = kiosks - int(plans.size());
  std::vector<std::pair<double, size_t>> remainders;
  int given = 0, next = 0;
  for (size_t c = 0; c < plans.size(); ++c) {
    double share = extra * plans[c].weight / double(plans.size());
    int whole = int(share);
    remainders.push_back({share - whole, c});
    for (int i = 0; i <= whole; ++i) plans[c].devices.push_back(next++);
    given += whole;
  }
  std::sort(remainders.rbegin(), remainders.rend());
  for (size_t i = 0; given < extra && i < remainders.size(); ++i, ++given) {
    plans[remainders[i].second].devices.push_back(next++);
  }
}

// Who may attend each centre: learners living nearby (weight: their activity) and some who also visit
// it from a neighbouring centre (a quarter of that).
struct Learners {
  std::vector<std::vector<uint32_t>> pool;       // per centre: learner numbers
  std::vector<std::discrete_distribution<size_t>> pick;  // per centre: an index into pool, by weight
};

Learners PlanLearners(const CityShape& shape, const std::vector<CentrePlan>& plans, Rng& rng) {
  std::vector<double> centre_weights;
  for (const auto& p : plans) centre_weights.push_back(p.weight);
  std::discrete_distribution<int> home(centre_weights.begin(), centre_weights.end());
  std::lognormal_distribution<double> activity(0, 1.0);
  std::uniform_real_distribution<double> unit(0, 1);
  std::uniform_int_distribution<int> nearby(1, 10);
  std::vector<std::vector<double>> weights(plans.size());
  Learners out;
  out.pool.resize(plans.size());
  const int centres = int(plans.size());
  for (int64_t l = 0; l < shape.learners; ++l) {
    int c = home(rng);
    double a = activity(rng);
    out.pool[size_t(c)].push_back(uint32_t(l));
    weights[size_t(c)].push_back(a);
    double u = unit(rng);
    int visits = centres < 2 ? 0 : u < 0.08 ? 2 : u < 0.33 ? 1 : 0;
    for (int v = 0; v < visits; ++v) {
      int other = (c + nearby(rng) * (v == 0 ? 1 : -1) % centres + centres) % centres;
      if (other == c) continue;
      out.pool[size_t(other)].push_back(uint32_t(l));
      weights[size_t(other)].push_back(a * 0.25);
    }
  }
  for (size_t c = 0; c < plans.size(); ++c) {
    if (weights[c].empty()) {  // a centre nobody lives near still gets one learner
      out.pool[c].push_back(uint32_t(c % size_t(shape.learners)));
      weights[c].push_back(1);
    }
    out.pick.emplace_back(weights[c].begin(), weights[c].end());
  }
  return out;
}

struct Rec {
  RecordKind kind = RecordKind::kCheckIn;
  int64_t learner = 0;
  TimeMs at = 0;
  int device = 0;
  int target = -1;  // index of the record it voids or replaces
  RecordSource source = RecordSource::kKeypad;
  const char* reason = "";
  std::vector<std::string> flags;
  std::string id, batch_id;
  int64_t seq = 0;
  TimeMs received_at = 0;
};

// Writes the city: the centres, their devices, then each centre's catalogue, sessions and history. Holds
// what spans centres: each device's id generator and sequence, which learners were seen, row counts.
class CityWriter {
 public:
  CityWriter(const CityShape& shape, const TimeZone& zone, TimeMs now, RowSink& sink, Rng& rng)
      : shape_(shape), zone_(zone), now_(now), sink_(sink), rng_(rng), rows_(std::size(kAllTables), 0),
        seen_(size_t(shape.learners), false) {
    facts_.time_zone = kTimeZone;
    facts_.today = zone.DateOf(now);
    for (int d = -shape.days; d < 0; ++d) facts_.history.push_back(AddDays(facts_.today, d));
    // The hub has run since before the history began.
    created_at_ = zone.StartOfDay(AddDays(facts_.today, -shape.days - 30));
  }

  void WriteCentres(const std::vector<CentrePlan>& plans) {
    for (const auto& p : plans) {
      int64_t items = int64_t(hub::DiffCatalog({}, CatalogOf(p, zone_, facts_.today)).upserts.size());
      Add(Table::kCentres, {p.id, "社区学习中心 " + p.id, "Community learning centre " + p.id, kTimeZone, p.epoch,
                            "city-1", items, int64_t(0), created_at_});
      CityCentre centre;
      centre.id = p.id;
      centre.devices = p.devices;
      facts_.centres.push_back(std::move(centre));
    }
    sink_.TableDone(Table::kCentres);
  }

  // Each device enrolled with a code of its own; device numbers (PlanDevices) index facts_.devices.
  void WriteDevices(const std::vector<CentrePlan>& plans, size_t count) {
    facts_.devices.resize(count);
    device_ids_.resize(count);
    device_seq_.assign(count, 0);
    for (size_t d = 0; d < count; ++d) ids_.push_back(std::make_unique<Uuid7Generator>());
    std::uniform_int_distribution<int> skew(-500, 500);
    for (size_t c = 0; c < plans.size(); ++c) {
      for (int d : plans[c].devices) {
        const TimeMs enrolled = created_at_ + TimeMs(d) * 1000;
        CityDevice device{NewUuid7(enrolled), int(c), hub::NewToken()};
        Add(Table::kEnrollCodes, {hub::HashEnrollCode(hub::NewEnrollCode()), plans[c].id, enrolled - 3600 * 1000,
                                  enrolled + 71 * 3600 * 1000, enrolled, device.id});
        Add(Table::kDevices, {device.id, plans[c].id, hub::HashToken(device.token), Printf("kiosk %lld", d + 1),
                              enrolled, Field(), now_ - 20000, now_ - 20000, int64_t(0), int64_t(0), "0.1.0",
                              skew(rng_)});
        device_ids_[size_t(d)] = device.id;
        facts_.devices[size_t(d)] = std::move(device);
      }
    }
  }

  // Everything of centre `c` but its centres and devices rows.
  void WriteCentre(int c, const CentrePlan& plan, const std::vector<uint32_t>& pool,
                   std::discrete_distribution<size_t>& pick) {
    centre_ = c;
    plan_ = &plan;
    pool_ = &pool;
    pick_ = &pick;
    CityCentre& facts = facts_.centres[size_t(c)];
    WriteCatalogue();
    for (int d = -shape_.days; d <= kCatalogDaysAhead; ++d) {
      LocalDate date = AddDays(facts_.today, d);
      int64_t day_records = 0;
      for (int slot = 0; slot < plan.sessions_per_day; ++slot) {
        Session s = SessionOf(plan, zone_, date, slot);
        const Course course = CourseOf(slot % plan.courses);
        const History history = d < 0 ? WriteHistory(s) : History{};
        Add(Table::kSessions, {plan.id, s.id, s.course_id, course.title.zh, course.title.en, s.starts_at, s.ends_at,
                               int64_t(s.capacity), course.credit_hours, Field::Bool(d < -kCatalogDaysBack),
                               history.learners});
        if (d == 0) facts.today_sessions.push_back(s.id);
        if (d < 0 && d >= -kRecentDays) facts.recent_sessions.push_back(s.id);
        day_records += history.records;
      }
      facts_.largest_centre_day = std::max(facts_.largest_centre_day, day_records);
      facts.records += day_records;
    }
    for (size_t i = 0; i < kLearnersKeptPerCentre && i < pool.size(); ++i) facts.learners.push_back(pool[pick(rng_)]);
    std::sort(facts.learners.begin(), facts.learners.end());
    facts.learners.erase(std::unique(facts.learners.begin(), facts.learners.end()), facts.learners.end());
  }

  CityFacts Finish() {
    for (Table t : kAllTables) {
      if (t != Table::kCentres) sink_.TableDone(t);
      facts_.rows.push_back({t, rows_[size_t(t)]});
    }
    facts_.learners_with_attendance = std::count(seen_.begin(), seen_.end(), true);
    return std::move(facts_);
  }

 private:
  void Add(Table table, std::initializer_list<Field> fields) {
    sink_.Row(table, fields);
    ++rows_[size_t(table)];
  }

  void WriteCatalogue() {
    hub::CatalogDiff diff = hub::DiffCatalog({}, CatalogOf(*plan_, zone_, facts_.today));
    int64_t seq = 0;
    for (const auto& [key, body] : diff.upserts) {
      Add(Table::kCatalogItems, {plan_->id, int64_t(key.first), key.second, ++seq, Field::Bool(false), body, created_at_});
    }
  }

  int64_t Learner() { return (*pool_)[(*pick_)(rng_)]; }

  // A learner of the pool not in `taken` (nullopt after a few tries: a small pool).
  std::optional<int64_t> OtherLearner(const std::vector<int64_t>& taken) {
    for (int attempt = 0; attempt < 50; ++attempt) {
      int64_t l = Learner();
      if (std::find(taken.begin(), taken.end(), l) == taken.end()) return l;
    }
    return std::nullopt;
  }

  int Device() {
    std::uniform_int_distribution<size_t> any(0, plan_->devices.size() - 1);
    return plan_->devices[any(rng_)];
  }

  TimeMs Jitter(TimeMs from, TimeMs span_ms) {
    std::uniform_int_distribution<TimeMs> d(0, span_ms);
    return from + d(rng_);
  }

  // One past session's records, batches and attendance; returns the number of records.
  // One past session's rows: how many records, and how many distinct learners its attendance counts
  // (the session row's `checkins`).
  struct History {
    int64_t records = 0;
    int64_t learners = 0;
  };
  History WriteHistory(const Session& s) {
    std::uniform_real_distribution<double> unit(0, 1);
    const int limit = s.capacity > 0 ? s.capacity : std::max(60, int(plan_->mean_attendance * 3));
    std::poisson_distribution<int> attendance(plan_->mean_attendance);
    const int k = std::min({attendance(rng_), limit, int(pool_->size())});
    std::vector<int64_t> attendees;
    for (int attempt = 0; int(attendees.size()) < k && attempt < 20 * k; ++attempt) {
      int64_t l = Learner();
      if (std::find(attendees.begin(), attendees.end(), l) == attendees.end()) attendees.push_back(l);
    }
    std::vector<Rec> recs;
    for (int64_t l : attendees) {
      Rec r;
      r.learner = l;
      r.at = Jitter(s.starts_at - 15 * 60000, 35 * 60000);
      r.device = Device();
      r.source = unit(rng_) < 0.6 ? RecordSource::kKeypad : RecordSource::kScanner;
      recs.push_back(r);
      if (unit(rng_) < kRepeatRate) {
        r.at = Jitter(r.at + 60000, 9 * 60000);
        recs.push_back(r);
      }
    }
    std::sort(recs.begin(), recs.end(), [](const Rec& a, const Rec& b) { return a.at < b.at; });
    const size_t checkins = recs.size();
    // Staff work after the session, from the front-desk kiosk.
    const int desk = plan_->devices.front();
    auto staff = [&](RecordKind kind, int64_t learner, int target, const char* reason) {
      Rec r;
      r.kind = kind;
      r.learner = learner;
      r.target = target;
      r.at = Jitter(s.ends_at, 30 * 60000);
      r.device = desk;
      r.source = RecordSource::kStaff;
      r.reason = reason;
      recs.push_back(r);
    };
    for (size_t i = 0; i < checkins; ++i) {
      double u = unit(rng_);
      if (u < kVoidRate) {
        staff(RecordKind::kVoid, recs[i].learner, int(i), "wrong card");
      } else if (u < kVoidRate + kReplaceRate) {
        if (auto other = OtherLearner(attendees)) staff(RecordKind::kCorrection, *other, int(i), "mistyped card number");
      }
    }
    if (unit(rng_) < kManualPerSession) {
      if (auto other = OtherLearner(attendees)) staff(RecordKind::kCorrection, *other, -1, "forgot card");
    }
    std::sort(recs.begin() + long(checkins), recs.end(), [](const Rec& a, const Rec& b) { return a.at < b.at; });
    for (auto& r : recs) r.id = ids_[size_t(r.device)]->Next(r.at);

    // The ingest rules (hub_ingest.cc) in arrival order: flags, and what stays counted.
    std::vector<std::pair<int64_t, int>> counted;  // (learner, record index)
    for (size_t i = 0; i < recs.size(); ++i) {
      Rec& r = recs[i];
      if (r.target >= 0) {
        counted.erase(std::remove_if(counted.begin(), counted.end(), [&](const auto& e) { return e.second == r.target; }),
                      counted.end());
      }
      if (r.kind == RecordKind::kVoid) continue;
      bool present = std::any_of(counted.begin(), counted.end(), [&](const auto& e) { return e.first == r.learner; });
      if (present) {
        if (r.kind == RecordKind::kCheckIn) r.flags.push_back(sync::record_flag::kRepeatCheckin);
      } else if (s.capacity > 0) {
        std::vector<int64_t> distinct;
        for (const auto& e : counted) distinct.push_back(e.first);
        std::sort(distinct.begin(), distinct.end());
        if (std::unique(distinct.begin(), distinct.end()) - distinct.begin() >= s.capacity) {
          r.flags.push_back(sync::record_flag::kOverCapacity);
        }
      }
      counted.push_back({r.learner, int(i)});
    }

    // Pushes: each kiosk sends its check-ins in small batches as they come; staff work goes in one.
    std::uniform_int_distribution<int> batch_size(1, kMaxBatch);
    std::vector<std::vector<size_t>> batches;
    std::vector<std::pair<int, size_t>> open;  // (device, index into batches)
    std::vector<int> wanted;
    for (size_t i = 0; i < checkins; ++i) {
      auto it = std::find_if(open.begin(), open.end(), [&](const auto& o) { return o.first == recs[i].device; });
      if (it == open.end()) {
        batches.emplace_back();
        wanted.push_back(batch_size(rng_));
        open.push_back({recs[i].device, batches.size() - 1});
        it = open.end() - 1;
      }
      batches[it->second].push_back(i);
      if (int(batches[it->second].size()) >= wanted[it->second]) open.erase(it);
    }
    if (recs.size() > checkins) {
      batches.emplace_back();
      for (size_t i = checkins; i < recs.size(); ++i) batches.back().push_back(i);
    }
    for (const auto& batch : batches) {
      const int device = recs[batch.front()].device;
      const TimeMs received = Jitter(recs[batch.back()].at + 2000, 28000);
      const std::string batch_id = ids_[size_t(device)]->Next(received);
      Add(Table::kBatches, {device_ids_[size_t(device)], batch_id, received, int64_t(batch.size())});
      for (size_t i : batch) {
        Rec& r = recs[i];
        r.batch_id = batch_id;
        r.received_at = received;
        r.seq = ++device_seq_[size_t(device)];
        Field refers_to = r.target >= 0 ? Field(recs[size_t(r.target)].id) : Field();
        Add(Table::kRecords, {r.id, plan_->id, device_ids_[size_t(device)], r.batch_id, r.seq, RecordKindName(r.kind),
                              LearnerId(r.learner), s.id, r.at, refers_to, r.reason, RecordSourceName(r.source),
                              hub::JoinFlags(r.flags), r.received_at});
      }
    }
    for (const auto& [learner, i] : counted) {
      Add(Table::kAttendance, {plan_->id, s.id, LearnerId(learner), recs[size_t(i)].id});
      seen_[size_t(learner)] = true;
      SampleVisit(learner);
    }
    std::vector<int64_t> learners;
    for (const auto& entry : counted) learners.push_back(entry.first);
    std::sort(learners.begin(), learners.end());
    return {int64_t(recs.size()), std::unique(learners.begin(), learners.end()) - learners.begin()};
  }

  // Reservoir sampling over every attendance row.
  void SampleVisit(int64_t learner) {
    ++attendance_rows_;
    if (facts_.visits.size() < kVisitSample) {
      facts_.visits.push_back({learner, centre_});
      return;
    }
    std::uniform_int_distribution<int64_t> slot(0, attendance_rows_ - 1);
    int64_t j = slot(rng_);
    if (j < int64_t(kVisitSample)) facts_.visits[size_t(j)] = {learner, centre_};
  }

  const CityShape& shape_;
  const TimeZone& zone_;
  const TimeMs now_;
  TimeMs created_at_ = 0;
  RowSink& sink_;
  Rng& rng_;
  CityFacts facts_;
  std::vector<int64_t> rows_;  // per table
  std::vector<bool> seen_;     // per learner: has an attendance row
  int64_t attendance_rows_ = 0;
  std::vector<std::string> device_ids_;
  std::vector<std::unique_ptr<Uuid7Generator>> ids_;  // per device: its record and batch ids
  std::vector<int64_t> device_seq_;
  int centre_ = 0;
  const CentrePlan* plan_ = nullptr;
  const std::vector<uint32_t>* pool_ = nullptr;
  std::discrete_distribution<size_t>* pick_ = nullptr;
};

}  // namespace

CityShape CityShape::Scaled(double scale, int kiosks) {
  CityShape s;
  s.centres = std::max(1, int(std::lround(s.centres * scale)));
  s.learners = std::max<int64_t>(100, std::llround(double(s.learners) * scale));
  s.records = std::max<int64_t>(1000, std::llround(double(s.records) * scale));
  s.kiosks = std::max(kiosks, s.centres);
  return s;
}

CityShape CityShape::Fraction(double fraction) const {
  CityShape s = *this;
  s.centres = std::max(1, int(std::lround(centres * fraction)));
  s.learners = std::max<int64_t>(100, std::llround(double(learners) * fraction));
  s.records = std::max<int64_t>(1000, std::llround(double(records) * fraction));
  s.kiosks = std::max(s.centres, int(std::lround(kiosks * fraction)));
  return s;
}

std::string CityShape::Describe() const {
  char buf[200];
  std::snprintf(buf, sizeof buf, "%d centres, %lld learners, %lld records over %d days, %d kiosks", centres,
                (long long)learners, (long long)records, days, kiosks);
  return buf;
}

const char* TableName(Table table) {
  switch (table) {
    case Table::kCentres: return "centres";
    case Table::kDevices: return "devices";
    case Table::kEnrollCodes: return "enroll_codes";
    case Table::kCatalogItems: return "catalog_items";
    case Table::kSessions: return "sessions";
    case Table::kBatches: return "batches";
    case Table::kRecords: return "records";
    case Table::kAttendance: return "attendance";
  }
  return "?";
}

const std::vector<const char*>& TableColumns(Table table) {
  static const std::vector<const char*> columns[] = {
      {"id", "name_zh", "name_en", "time_zone", "epoch", "catalog_version", "catalog_seq", "horizon_seq", "created_at"},
      {"id", "centre_id", "token_hash", "name", "enrolled_at", "revoked_at", "last_seen_at", "heartbeat_at",
       "queue_depth", "oldest_pending_s", "app_version", "clock_skew_ms"},
      {"code_hash", "centre_id", "created_at", "expires_at", "used_at", "device_id"},
      {"centre_id", "type", "id", "seq", "deleted", "body", "changed_at"},
      {"centre_id", "id", "course_id", "course_title_zh", "course_title_en", "starts_at", "ends_at", "capacity",
       "credit_hours", "deleted", "checkins"},
      {"device_id", "batch_id", "received_at", "records"},
      {"id", "centre_id", "device_id", "batch_id", "seq", "kind", "learner_id", "session_id", "recorded_at",
       "refers_to", "reason", "source", "flags", "received_at"},
      {"centre_id", "session_id", "learner_id", "record_id"},
  };
  return columns[size_t(table)];
}

std::string LearnerId(int64_t n) {
  // A bijection on [0, 10^16): multiplication by a number coprime to 10, modulo 10^16.
  constexpr unsigned __int128 kModulus = 10'000'000'000'000'000ULL;
  uint64_t scrambled = uint64_t((unsigned __int128)uint64_t(n) * 6364136223846793007ULL % kModulus);
  char buf[24];
  std::snprintf(buf, sizeof buf, "11%016llu", (unsigned long long)scrambled);
  return buf;
}

CityFacts GenerateCity(const CityShape& shape, TimeMs now, RowSink& sink) {
  Rng rng(shape.seed);
  auto zone = TimeZone::Load(kTimeZone);
  if (!zone.ok()) std::abort();  // tzdata is a dependency of the kiosk itself
  std::vector<CentrePlan> plans = PlanCentres(shape, rng);
  const int devices = std::max(shape.kiosks, shape.centres);
  PlanDevices(plans, devices);
  CityWriter writer(shape, *zone, now, sink, rng);
  writer.WriteCentres(plans);
  writer.WriteDevices(plans, size_t(devices));
  Learners learners = PlanLearners(shape, plans, rng);
  for (size_t c = 0; c < plans.size(); ++c) writer.WriteCentre(int(c), plans[c], learners.pool[c], learners.pick[c]);
  return writer.Finish();
}

}  // namespace lk::bench
