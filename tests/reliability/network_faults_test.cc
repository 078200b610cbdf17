// Network faults between the kiosk and the hub, with real processes (learning-hub, kioskctl sync):
//  - a fault proxy (tests/sync/fault_proxy.h) in between, on a shuffled schedule of every mode at every
//    phase: connection reset before the request, mid-headers, mid-body, after the whole request (the hub
//    committed, the answer is lost), mid-answer; stalls; a slow drip; truncated bodies; 503 with
//    Retry-After; a captive portal's 200 -- while check-ins are pushed and catalogue versions pulled;
//  - the hub's own 429 with Retry-After under a tight rate limit;
//  - packet loss between two network namespaces (a veth pair inside them, a private /30, nftables
//    `numgen random` drop rules both ways, TLS end to end) where the machine allows it (root, ip, nft).
//    This kernel has no netem; delays come from the proxy.
// Every test ends with the hub and the kiosk holding the same records, each once.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "kiosk/core/clock.h"
#include "tests/reliability/rel_util.h"
#include "tests/sync/fault_proxy.h"
#include "tests/sync/sync_test_env.h"

namespace lk::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

void ExpectExactlyOnce(SyncTestEnv& env, const std::string& what) {
  std::set<std::string> kiosk = env.KioskRecordIds();
  std::multiset<std::string> hub = env.HubRecordIds();
  std::set<std::string> hub_set(hub.begin(), hub.end());
  EXPECT_EQ(hub.size(), hub_set.size()) << what << ": a record is doubled at the hub";
  EXPECT_EQ(kiosk, hub_set) << what << ": hub and kiosk differ";
  EXPECT_EQ(env.KioskPending(), 0) << what;
  EXPECT_EQ(env.KioskCount("SELECT COUNT(*) FROM outbox WHERE state = 'set_aside'"), 0) << what;
  EXPECT_EQ(env.hub_db().QueryInt("SELECT COUNT(*) FROM conflicts"), 0)
      << what << ": a resend was taken for a conflict";
}

std::string PlanName(const FaultPlan& p) {
  std::string name = FaultModeName(p.mode);
  if (p.mode == FaultMode::kResetRequest || p.mode == FaultMode::kResetResponse) name += "@" + std::to_string(p.bytes);
  return name;
}

TEST(NetworkFaultsTest, AShuffledScheduleOfEveryFaultAtEveryPhaseLosesAndDoublesNothing) {
  const char* s = std::getenv("LK_REL_SEED");
  uint32_t seed = s && *s ? uint32_t(std::strtoul(s, nullptr, 10)) : std::random_device{}();
  SCOPED_TRACE("LK_REL_SEED=" + std::to_string(seed));
  std::mt19937 rng(seed);
  SyncTestEnv env;
  env.SetUpHub({"--rate", "0", "--page-size", "16"});
  env.EnrollKiosk();
  ASSERT_EQ(env.Kioskctl({"sync", "--once"}).exit_code, 0);
  const std::string session = env.SessionToday();
  FaultProxy proxy("127.0.0.1", env.hub()->port());
  env.WriteKioskConfig({.hub_url = proxy.url(), .connect_timeout_s = 2, .transfer_timeout_s = 5});

  std::vector<FaultPlan> schedule;
  for (size_t bytes : {0, 40, 250, 3000}) schedule.push_back({.mode = FaultMode::kResetRequest, .bytes = bytes});
  for (size_t bytes : {0, 30, 300}) schedule.push_back({.mode = FaultMode::kResetResponse, .bytes = bytes});
  schedule.push_back({.mode = FaultMode::kStall});
  schedule.push_back({.mode = FaultMode::kServiceUnavailable, .retry_after_s = 1});
  schedule.push_back({.mode = FaultMode::kCaptivePortal});
  schedule.push_back({.mode = FaultMode::kSlowDrip, .drip_interval_ms = 25});
  schedule.push_back({.mode = FaultMode::kTruncatedBody});
  const size_t modes = schedule.size();
  schedule.insert(schedule.end(), schedule.begin(), schedule.begin() + long(modes));  // every plan twice
  std::shuffle(schedule.begin(), schedule.end(), rng);

  std::map<std::string, int64_t> faults;
  int64_t records = 0;
  int round = 0;
  for (FaultPlan plan : schedule) {
    plan.count = std::uniform_int_distribution<int>(1, 2)(rng);
    if (plan.mode == FaultMode::kStall || plan.mode == FaultMode::kSlowDrip) plan.count = 1;  // each costs a timeout
    SCOPED_TRACE(PlanName(plan));
    int n = std::uniform_int_distribution<int>(1, 900)(rng);
    env.AddCheckIns(n, session, "N" + std::to_string(round++) + "-");
    records += n;
    if (round % 3 == 0) {  // a new catalogue version: the pull crosses the faults too
      json j = json::parse(ReadFile(DemoCatalogPath()));
      j["version"] = "faults-" + std::to_string(round);
      j["courses"][0]["title"]["en"] = "Round " + std::to_string(round);
      WriteFile(env.dir().File("cat.json"), j.dump());
      env.ImportHubCatalog(env.dir().File("cat.json"));
    }
    int before = proxy.faults();
    proxy.SetPlan(plan);
    auto start = Clock::now();
    ProcessResult r = env.Kioskctl({"sync", "--timeout", "90"});
    EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
    EXPECT_LT(SecondsSince(start), 60) << "a fault held the sync too long";
    faults[PlanName(plan)] += proxy.faults() - before;
    EXPECT_EQ(env.KioskPending(), 0);
    proxy.Pass();
  }
  // Whatever the faults did to the last pulls, one clean sync brings the catalogue up to date.
  ASSERT_EQ(env.Kioskctl({"sync"}).exit_code, 0);
  ExpectExactlyOnce(env, "after the schedule");
  int64_t total = 0;
  for (const auto& [k, v] : faults) total += v;
  faults["total"] = total;
  faults["records"] = records;
  faults["rounds"] = int64_t(schedule.size());
  faults["seed"] = seed;
  rel::Figures("network_faults", faults);
  EXPECT_GE(total, int64_t(schedule.size())) << "fewer faults injected than rounds";
}

TEST(NetworkFaultsTest, TheHubs429RetryAfterIsHonouredAndNothingIsLost) {
  SyncTestEnv env;
  env.SetUpHub({"--rate", "1", "--burst", "2"});
  env.EnrollKiosk();
  ASSERT_EQ(env.Kioskctl({"sync", "--once"}).exit_code, 0);
  // Whatever the bucket holds now (2 at most, refilled at 1 a second), 7 requests cannot all pass: the
  // sync meets 429s and must wait them out. The refill itself is hub_rate_limiter_test's.
  env.AddCheckIns(2400, env.SessionToday(), "RL-");       // 5 batches + pull + heartbeat, at 1 request/s
  auto start = Clock::now();
  ProcessResult r = env.Kioskctl({"sync", "--timeout", "120"});
  double took = SecondsSince(start);
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  int busy = 0;
  for (size_t at = r.err.find("busy"); at != std::string::npos; at = r.err.find("busy", at + 1)) ++busy;
  EXPECT_GE(busy, 1) << "no 429 was met: " << r.err;
  EXPECT_GE(took, 2.0) << "Retry-After was not waited for";
  ExpectExactlyOnce(env, "under the rate limit");
  rel::Figures("rate_limited_sync", {{"http_429", busy}, {"seconds", int64_t(took)}});
}

// --- packet loss between two network namespaces ---------------------------------------------------

bool Run(const std::vector<std::string>& argv, std::string* out = nullptr) {
  ProcessResult r = RunProcess(argv);
  if (out) *out = r.out + r.err;
  return r.exit_code == 0;
}

// Two namespaces joined by a veth pair created inside them; deleted (with the pair) on destruction.
class NetnsPair {
 public:
  NetnsPair() {
    std::string tag = std::to_string(getpid() % 100000);
    hub_ns_ = "lkrel-hub-" + tag;
    kiosk_ns_ = "lkrel-kiosk-" + tag;
    // A private /30 that exists only inside the two namespaces: traffic never leaves this machine.
    hub_ip_ = "10.213." + std::to_string(getpid() % 200 + 10) + ".1";
    kiosk_ip_ = hub_ip_.substr(0, hub_ip_.size() - 1) + "2";
    std::string out;
    if (!Run({"/usr/sbin/ip", "netns", "add", hub_ns_}, &out)) {
      error_ = "ip netns add: " + out;
      return;
    }
    created_hub_ = true;
    if (!Run({"/usr/sbin/ip", "netns", "add", kiosk_ns_}, &out)) {
      error_ = "ip netns add: " + out;
      return;
    }
    created_kiosk_ = true;
    const std::vector<std::vector<std::string>> steps = {
        {"/usr/sbin/ip", "-n", hub_ns_, "link", "add", "vh" + tag, "type", "veth", "peer", "name", "vk" + tag, "netns",
         kiosk_ns_},
        {"/usr/sbin/ip", "-n", hub_ns_, "addr", "add", hub_ip_ + "/30", "dev", "vh" + tag},
        {"/usr/sbin/ip", "-n", kiosk_ns_, "addr", "add", kiosk_ip_ + "/30", "dev", "vk" + tag},
        {"/usr/sbin/ip", "-n", hub_ns_, "link", "set", "vh" + tag, "up"},
        {"/usr/sbin/ip", "-n", kiosk_ns_, "link", "set", "vk" + tag, "up"},
        {"/usr/sbin/ip", "-n", hub_ns_, "link", "set", "lo", "up"},
        {"/usr/sbin/ip", "-n", kiosk_ns_, "link", "set", "lo", "up"},
    };
    for (const auto& step : steps) {
      if (!Run(step, &out)) {
        error_ = step[3] + " " + step[4] + ": " + out;
        return;
      }
    }
    ok_ = true;
  }
  ~NetnsPair() {
    if (created_hub_) Run({"/usr/sbin/ip", "netns", "del", hub_ns_});
    if (created_kiosk_) Run({"/usr/sbin/ip", "netns", "del", kiosk_ns_});
  }
  // Drops `percent` % of the packets leaving each namespace (both directions), with counters.
  bool AddLoss(int percent, std::string* error) {
    for (const auto& ns : {hub_ns_, kiosk_ns_}) {
      std::vector<std::vector<std::string>> steps = {
          {"/usr/sbin/ip", "netns", "exec", ns, "/usr/sbin/nft", "add", "table", "inet", "lkloss"},
          {"/usr/sbin/ip", "netns", "exec", ns, "/usr/sbin/nft", "add", "chain", "inet", "lkloss", "out",
           "{ type filter hook output priority 0 ; }"},
          {"/usr/sbin/ip", "netns", "exec", ns, "/usr/sbin/nft", "add", "rule", "inet", "lkloss", "out", "numgen",
           "random", "mod", "100", "<", std::to_string(percent), "counter", "drop"},
      };
      for (const auto& step : steps) {
        if (!Run(step, error)) return false;
      }
    }
    return true;
  }
  // Packets dropped so far by the rules, both namespaces.
  int64_t Dropped() {
    int64_t total = 0;
    for (const auto& ns : {hub_ns_, kiosk_ns_}) {
      std::string out;
      Run({"/usr/sbin/ip", "netns", "exec", ns, "/usr/sbin/nft", "list", "table", "inet", "lkloss"}, &out);
      size_t at = out.find("counter packets ");
      if (at != std::string::npos) total += std::atoll(out.c_str() + at + 16);
    }
    return total;
  }
  std::vector<std::string> Exec(const std::string& ns, std::vector<std::string> argv) const {
    argv.insert(argv.begin(), {"/usr/sbin/ip", "netns", "exec", ns});
    return argv;
  }

  bool ok() const { return ok_; }
  const std::string& error() const { return error_; }
  std::string hub_ns_, kiosk_ns_, hub_ip_, kiosk_ip_;

 private:
  bool ok_ = false, created_hub_ = false, created_kiosk_ = false;
  std::string error_;
};

TEST(NetworkFaultsTest, TwentyPercentPacketLossBothWaysBetweenNamespacesLosesAndDoublesNothing) {
  if (geteuid() != 0 || !std::filesystem::exists("/usr/sbin/ip") || !std::filesystem::exists("/usr/sbin/nft") ||
      !std::filesystem::exists("/usr/bin/openssl")) {
    GTEST_SKIP() << "needs root, ip, nft and openssl";
  }
  NetnsPair net;
  if (!net.ok()) GTEST_SKIP() << "network namespaces unavailable here: " << net.error();
  std::string error;
  if (!net.AddLoss(20, &error)) GTEST_SKIP() << "nftables unavailable in a namespace: " << error;

  SyncTestEnv env;  // used for its directories, the hub database and kioskctl; the hub runs in hub_ns
  // TLS: the kiosk talks https to a non-loopback address. A CA and a certificate for the hub's address.
  auto file = [&](const std::string& n) { return env.dir().File(n); };
  auto openssl = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "/usr/bin/openssl");
    ProcessResult r = RunProcess(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  };
  openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj",
           "/CN=netns CA", "-keyout", file("ca.key"), "-out", file("ca.pem")});
  openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=hub", "-keyout",
           file("hub.key"), "-out", file("hub.csr")});
  WriteFile(file("hub.ext"), "subjectAltName=IP:" + net.hub_ip_ + "\n");
  openssl({"x509", "-req", "-in", file("hub.csr"), "-CA", file("ca.pem"), "-CAkey", file("ca.key"), "-CAcreateserial",
           "-days", "2", "-extfile", file("hub.ext"), "-out", file("hub.pem")});

  ASSERT_EQ(env.HubCli({"center", "add", "--id", SyncTestEnv::kCentre, "--name", "交道口"}).exit_code, 0);
  env.ImportHubCatalog(DemoCatalogPath());
  const std::string listen = net.hub_ip_ + ":18443";
  Child hub(net.Exec(net.hub_ns_, {HubBinaryPath(), "serve", "--db", env.hub_db().uri(), "--listen", listen, "--rate",
                                   "0", "--tls-cert", file("hub.pem"), "--tls-key", file("hub.key"),
                                   "--console-dir", SourcePath("sync/hub/console")}),
            {}, file("hub.log"));
  // Until the hub in its namespace says it listens: a bounded wait on that process.
  ASSERT_TRUE(WaitUntil([&] { return ReadFile(file("hub.log")).find("listening on") != std::string::npos; }, 10'000, 50))
      << ReadFile(file("hub.log"));

  const std::string url = "https://" + listen;
  WriteFile(env.config_path(), "[sync]\nca_file = \"" + file("ca.pem") +
                                   "\"\nconnect_timeout_seconds = 10\ntransfer_timeout_seconds = 20\n");
  std::string code = env.HubCli({"enroll-code", "--center", SyncTestEnv::kCentre}).out;
  while (!code.empty() && code.back() == '\n') code.pop_back();
  auto kioskctl = [&](std::vector<std::string> args) { return RunProcess(net.Exec(net.kiosk_ns_, env.KioskctlArgv(args))); };
  ProcessResult r = kioskctl({"enroll", "--hub", url, "--code", code});
  for (int i = 0; i < 3 && r.exit_code != 0; ++i) {  // the enrolment itself may meet the loss
    r = kioskctl({"enroll", "--hub", url, "--code", code});
  }
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  r = kioskctl({"sync", "--timeout", "120"});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  env.AddCheckIns(3000, env.SessionToday(), "LOSS-");
  auto start = Clock::now();
  r = kioskctl({"sync", "--timeout", "240"});
  double took = SecondsSince(start);
  EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
  int64_t dropped = net.Dropped();
  ExpectExactlyOnce(env, "through 20% packet loss");
  rel::Figures("packet_loss", {{"loss_percent", 20}, {"packets_dropped", dropped}, {"records", 3000},
                               {"seconds", int64_t(took)}});
  EXPECT_GT(dropped, 0) << "the drop rules never fired";
  hub.Kill9();
  hub.Wait();
}

}  // namespace
}  // namespace lk::testing
