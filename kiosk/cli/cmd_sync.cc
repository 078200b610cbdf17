// kioskctl enroll, sync: the kiosk's sync with learning-hub, on demand (the same SyncEngine the kiosk's
// background worker runs).
#ifdef LK_HAVE_SYNC
#include <csignal>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "cli_context.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/outbox.h"
#include "sync/client/backoff.h"
#include "sync/client/enrollment.h"
#include "sync/client/sync_engine.h"

namespace lk::cli {
namespace {

std::atomic<bool> g_stop{false};

void OnSignal(int) { g_stop.store(true); }

void Enroll(CliContext& ctx, const std::string& hub, const std::string& code, const std::string& name) {
  auto enrolled =
      sync::EnrollDevice(ctx.config(), ctx.data_dir, ctx.store().db(), hub, code, name, sync::DefaultAppVersion());
  sync::Enrollment e = ctx.Check(std::move(enrolled));
  std::cout << "enrolled: device " << e.device_id << " of centre " << e.centre.id << " ("
            << e.centre.name.Get(Language::kZh) << ") at " << sync::EffectiveHubUrl(ctx.config(), e) << "\n"
            << "credentials: " << sync::CredentialsPath(ctx.data_dir) << " (mode 0600)\n";
}

struct SyncOptions {
  bool once = false;
  int timeout_s = 120;
  bool json = false;
};

void Sync(CliContext& ctx, const SyncOptions& opts) {
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  sync::SyncEngineOptions eo;
  eo.data_dir = ctx.data_dir;
  eo.config = ctx.config();
  eo.stop = &g_stop;
  auto engine = ctx.Check(sync::SyncEngine::Open(std::move(eo)));

  const TimeMs deadline = NowMs() + TimeMs(opts.timeout_s) * kMsPerSecond;
  sync::Backoff backoff((uint64_t(std::random_device{}()) << 32) ^ std::random_device{}());
  // Runs `attempt` until it succeeds, is refused, or the deadline passes (--once: one attempt), waiting
  // the backoff (or the hub's Retry-After) in between.
  auto retry = [&](auto attempt) {
    while (true) {
      if (g_stop.load()) return Status::Unavailable("stopped");
      Status s = attempt();
      if (s.ok()) backoff.Success();
      if (s.ok() || opts.once) return s;
      if (s.code() == StatusCode::kPermissionDenied || s.code() == StatusCode::kFailedPrecondition) return s;
      TimeMs now = NowMs();
      if (now >= deadline) return s;
      TimeMs delay = std::min(backoff.Failure(engine->client().last_retry_after_ms()), deadline - now);
      std::cerr << "kioskctl: " << s.message() << "; retrying in " << (delay + 999) / 1000 << " s\n";
      for (TimeMs waited = 0; waited < delay && !g_stop.load(); waited += 50) {
        std::this_thread::sleep_for(std::chrono::milliseconds(std::min<TimeMs>(50, delay - waited)));
      }
    }
  };
  sync::PushTotals totals;
  int attempts = 0;
  Status pushed = retry([&] {
    sync::PushTotals round;
    Status s = engine->PushAll(&round);
    ++attempts;
    totals.batches += round.batches;
    totals.records += round.records;
    totals.acked += round.acked;
    totals.set_aside += round.set_aside;
    totals.resends += round.resends;
    return s;
  });
  sync::PullResult pull;
  Status pulled = retry([&] { return engine->PullCatalog(&pull); });
  Status beat = g_stop.load() ? Status::Unavailable("stopped") : engine->Heartbeat();
  ctx.Check(engine->RefreshDepth());
  const SyncStatus& s = engine->status();

  if (opts.json) {
    nlohmann::json j = {{"batches", totals.batches},
                        {"records_sent", totals.records},
                        {"acknowledged", totals.acked},
                        {"set_aside", totals.set_aside},
                        {"resent_batches", totals.resends},
                        {"push_attempts", attempts},
                        {"push_error", pushed.ok() ? "" : pushed.message()},
                        {"catalog_pull_error", pulled.ok() ? "" : pulled.message()},
                        {"catalog_changed", pulled.ok() && pull.changed},
                        {"catalog_version", s.catalog_version},
                        {"heartbeat_error", beat.ok() ? "" : beat.message()},
                        {"pending", s.pending}};
    if (s.clock_skew_ms) j["clock_skew_ms"] = *s.clock_skew_ms;
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << "sent " << totals.records << " records in " << totals.batches << " batches"
              << (totals.resends ? " (" + std::to_string(totals.resends) + " resent)" : "") << ": " << totals.acked
              << " acknowledged, " << totals.set_aside << " set aside by the hub\n";
    if (pulled.ok()) {
      std::cout << "catalogue: " << (pull.changed ? "updated to " : "up to date, ")
                << (s.catalog_version.empty() ? "(none)" : s.catalog_version) << "\n";
    } else {
      std::cout << "catalogue: not updated (" << pulled.message() << ")\n";
    }
    if (s.clock_skew_ms) std::cout << "clock skew: " << *s.clock_skew_ms << " ms (kiosk minus hub)\n";
    std::cout << "pending: " << s.pending << "\n";
  }
  if (s.pending > 0) {
    std::cerr << "kioskctl: " << s.pending << " records still pending"
              << (pushed.ok() ? std::string() : ": " + pushed.message()) << "\n";
    ctx.exit_code = pushed.code() == StatusCode::kPermissionDenied ? kExitRefused : kExitFailure;
  }
}

void ListSetAside(CliContext& ctx, bool json_output) {
  auto entries = ctx.Check(Outbox(ctx.store().db()).SetAside(1000));
  const TimeZone& zone = ctx.zone();
  if (json_output) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& e : entries) {
      rows.push_back({{"record_id", e.record.id},
                      {"kind", RecordKindName(e.record.kind)},
                      {"learner_id", e.record.learner_id},
                      {"session_id", e.record.session_id},
                      {"recorded_at", zone.FormatRfc3339(e.record.recorded_at)},
                      {"hub_result", e.hub_result},
                      {"reason", e.reason},
                      {"set_aside_at", zone.FormatRfc3339(e.changed_at)}});
    }
    std::cout << rows.dump(2) << "\n";
    return;
  }
  if (entries.empty()) std::cout << "no records set aside by the hub\n";
  for (const auto& e : entries) {
    std::cout << zone.FormatDateTime(e.record.recorded_at) << "  " << e.record.session_id << "  " << e.record.learner_id
              << "  " << e.hub_result << ": " << e.reason << "  (" << e.record.id << ")\n";
  }
}

}  // namespace

void AddSyncCommands(CLI::App& app, CliContext& ctx) {
  auto* enroll = app.add_subcommand("enroll", "enrol this kiosk with a learning-hub using a one-time code");
  static std::string hub, code, name;
  enroll->add_option("--hub", hub, "hub URL (https://, or http:// on this machine only); the config's wins");
  enroll->add_option("--code", code, "one-time enrolment code from `learning-hub enroll-code`")->required();
  enroll->add_option("--name", name, "a name for this kiosk, shown by `learning-hub devices`");
  enroll->callback([&ctx] { Enroll(ctx, hub, code, name); });

  auto* sync = app.add_subcommand(
      "sync", "push every pending record and pull the catalogue; exit 0 only if nothing is left pending");
  static SyncOptions opts;
  sync->add_flag("--once", opts.once, "one attempt, no retries");
  sync->add_option("--timeout", opts.timeout_s, "give up retrying after this many seconds")
      ->check(CLI::Range(1, 24 * 3600))
      ->capture_default_str();
  sync->add_flag("--json", opts.json, "JSON summary");
  sync->callback([&ctx] { Sync(ctx, opts); });

  auto* aside = app.add_subcommand("set-aside", "records the hub rejected or found conflicting, with its reasons");
  static bool aside_json = false;
  aside->add_flag("--json", aside_json, "JSON output");
  aside->callback([&ctx] { ListSetAside(ctx, aside_json); });
}

}  // namespace lk::cli
#endif  // LK_HAVE_SYNC
