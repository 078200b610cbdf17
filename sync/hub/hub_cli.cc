#include "sync/hub/hub_cli.h"

#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>

#include <cstdio>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>

#include "kiosk/core/catalog_json.h"
#include "kiosk/core/shown_text.h"
#include "kiosk/core/time_zone.h"
#include "sync/hub/console/console_cli.h"
#include "sync/hub/console/console_routes.h"
#include "sync/hub/console/record_page.h"
#include "sync/hub/console_store.h"
#include "sync/hub/credentials.h"
#include "sync/hub/credit_export.h"
#include "sync/hub/hub_server.h"
#include "sync/hub/report_writer.h"
#include "sync/hub/hub_migrate.h"
#include "sync/hub/hub_store_open.h"
#include "sync/protocol/protocol.h"

namespace lk::hub {

namespace {

int Fail(const Status& status) {
  std::cerr << "learning-hub: " << status.message() << "\n";
  return 1;
}

// "HOST:PORT", "[v6]:PORT" or ":PORT".
bool SplitListen(const std::string& listen, std::string* host, int* port) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  *host = listen.substr(0, colon);
  if (host->size() >= 2 && host->front() == '[' && host->back() == ']') *host = host->substr(1, host->size() - 2);
  if (host->empty()) *host = "0.0.0.0";
  std::string p = listen.substr(colon + 1);
  if (p.empty() || p.size() > 5) return false;
  for (char c : p) {
    if (c < '0' || c > '9') return false;
  }
  *port = std::stoi(p);
  return *port <= 65535;
}

constexpr const char* kDbHelp = "Hub database: a SQLite file, or a postgresql:// URI (password from PGPASSFILE or a service file)";

int Serve(const std::string& db, int db_connections, const std::string& listen, HubServerOptions options,
          std::optional<console::ConsoleOptions> console_options, std::optional<console::RecordPageOptions> record) {
  if (!SplitListen(listen, &options.host, &options.port)) {
    return Fail(Status::InvalidArgument("--listen: expected HOST:PORT, got \"" + listen + "\""));
  }
  auto store = OpenHubStore(db, db_connections);
  if (!store.ok()) return Fail(store.status());
  std::unique_ptr<console::Console> console;
  if (console_options) {
    console_options->secure_cookies = !options.tls_cert.empty();
    auto created = console::Console::Create(**store, *console_options, options.env);
    if (!created.ok()) {
      return Fail(Status::InvalidArgument(created.status().message() +
                                          " (--console-dir, --javascript-dir; or --no-console)"));
    }
    console = std::move(*created);
    options.console = console.get();
  }
  std::unique_ptr<console::RecordPage> record_page;
  if (record) {
    auto created = console::RecordPage::Create(**store, *record, options.env);
    if (!created.ok()) return Fail(Status::InvalidArgument(created.status().message() + " (--public-url, --console-dir)"));
    record_page = std::move(*created);
    options.record_page = record_page.get();
  }

  // SIGINT/SIGTERM are taken by one watcher thread; every other thread (the server's) inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  // Every connection is a file descriptor: allow as many as the limits ask for, up to the hard limit.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  HubServer server(store->get(), options);
  auto port = server.Bind();
  if (!port.ok()) return Fail(port.status());
  std::thread watcher([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    server.Stop();
  });
  std::printf("learning-hub listening on %s:%d\n", options.host.c_str(), *port);
  std::fflush(stdout);
  Status ran = server.Run();
  pthread_kill(watcher.native_handle(), SIGTERM);  // wakes the watcher if Run ended on its own
  watcher.join();
  if (!ran.ok()) return Fail(ran);
  return 0;
}

int MigrateDb(const std::string& from, const std::string& to) {
  std::printf("copying %s into %s\n", from.c_str(), DescribeDatabase(to).c_str());
  auto check = MigrateSqliteToPostgres(from, to);
  if (!check.ok()) return Fail(check.status());
  for (const auto& [table, rows] : check->table_rows) std::printf("  %-14s %lld rows\n", table.c_str(), (long long)rows);
  for (const auto& [centre, sum] : check->centre_sums) std::printf("  centre %s: report %s\n", centre.c_str(), sum.c_str());
  std::printf("migrated and verified: every table's rows and every centre's report match\n");
  return 0;
}

}  // namespace

int RunHubCli(int argc, char** argv, Env* env) {
  CLI::App app{"learning-hub: the central server kiosks push attendance to and pull the catalogue from"};
  app.require_subcommand(1);
  std::string db;

  // serve
  auto* serve = app.add_subcommand("serve", "Serve the kiosk API (protocol " + std::to_string(sync::kProtocolVersion) + ")");
  std::string listen = "127.0.0.1:8443";
  HubServerOptions options;
  options.env = env;
  serve->add_option("--db", db, kDbHelp)->required();
  serve->add_option("--listen", listen, "HOST:PORT (port 0: any free port)")->capture_default_str();
  serve->add_option("--tls-cert", options.tls_cert, "PEM certificate (HTTPS)");
  serve->add_option("--tls-key", options.tls_key, "PEM private key (HTTPS)");
  serve->add_option("--max-body", options.max_body_bytes, "Largest request body in bytes, also after gunzip")
      ->capture_default_str();
  serve->add_option("--threads", options.threads, "Worker threads")->capture_default_str();
  serve->add_option("--max-in-flight", options.max_in_flight, "Requests handled at once before 503")
      ->capture_default_str();
  serve->add_option("--rate", options.device_rate, "Requests per second per device (0: no limit)")
      ->capture_default_str();
  serve->add_option("--burst", options.device_burst, "Burst of requests per device")->capture_default_str();
  serve->add_option("--page-size", options.catalog_page_size, "Catalogue items per page")->capture_default_str();
  serve->add_option("--min-protocol", options.min_protocol, "Oldest protocol version accepted")
      ->capture_default_str();
  serve->add_option("--max-connections", options.max_connections, "Open connections in all")->capture_default_str();
  serve->add_option("--max-connections-per-address", options.max_connections_per_address,
                    "Open connections per client address (0: no limit)")
      ->capture_default_str();
  serve->add_option("--connection-timeout", options.connection_timeout_s,
                    "Seconds a connection may stay idle (while its headers, body or next request trickle in)")
      ->capture_default_str();
  serve->add_option("--trusted-proxy", options.trusted_proxies,
                    "Address of a reverse proxy whose X-Forwarded-For is believed (repeatable)");
  int db_connections = 8;
  serve->add_option("--db-connections", db_connections, "Most database connections at once (PostgreSQL)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  serve->add_option("--summary-rate", options.summary_rate, "Learner summaries per second per device")
      ->capture_default_str();
  console::ConsoleOptions console_options;
  bool no_console = false;
  double session_hours = 12;
  serve->add_flag("--no-console", no_console, "Do not serve the web console under /console/");
  serve->add_option("--console-dir", console_options.dir, "The console's templates/ and static/")->capture_default_str();
  serve->add_option("--javascript-dir", console_options.javascript_dir,
                    "Where libjs-bootstrap5 and libjs-chart.js are installed")
      ->capture_default_str();
  serve->add_option("--session-hours", session_hours, "Console logins end after this many hours")
      ->check(CLI::Range(0.01, 24.0 * 30))
      ->capture_default_str();
  console::RecordPageOptions record_options;
  serve->add_option("--public-url", record_options.public_url,
                    "Where phones reach this hub (https://HOST): serves learners' record pages under /me/ and puts "
                    "their links in learner summaries (the kiosk's QR code)");
  serve->add_option("--record-link-hours", record_options.link_hours, "How long a record page link works")
      ->check(CLI::Range(0.01, 24.0 * 30))
      ->capture_default_str();

  // center add
  auto* center = app.add_subcommand("center", "Manage centres");
  center->require_subcommand(1);
  auto* center_add = center->add_subcommand("add", "Add a centre");
  std::string center_id, name, name_en, time_zone = "Asia/Shanghai";
  center_add->add_option("--db", db, kDbHelp)->required();
  center_add->add_option("--id", center_id, "Centre id")->required();
  center_add->add_option("--name", name, "Centre name (Chinese, or the only name)")->required();
  center_add->add_option("--name-en", name_en, "English name (default: --name)");
  center_add->add_option("--time-zone", time_zone, "IANA time zone")->capture_default_str();
  std::string district;
  center_add->add_option("--district", district, "The district the centre belongs to");

  // enroll-code
  auto* enroll = app.add_subcommand("enroll-code", "Print a one-time enrolment code for a centre");
  double valid_hours = 72;
  enroll->add_option("--db", db, kDbHelp)->required();
  enroll->add_option("--center", center_id, "Centre id")->required();
  enroll->add_option("--valid-hours", valid_hours, "Hours until the code expires")->capture_default_str();

  // import-catalog
  auto* import = app.add_subcommand("import-catalog", "Import a centre's catalogue (kiosk/core/CATALOG.md)");
  std::string file;
  double retention_days = 180;
  import->add_option("--db", db, kDbHelp)->required();
  import->add_option("--center", center_id, "Centre id")->required();
  import->add_option("FILE", file, "Catalogue JSON file")->required();
  import->add_option("--tombstone-retention-days", retention_days,
                     "Days removed items are announced to kiosks; older cursors get a full resync")
      ->capture_default_str();

  // report
  auto* report = app.add_subcommand("report", "Attendance of a centre on one day");
  std::string date, format = "csv";
  bool summary = false;
  report->add_option("--db", db, kDbHelp)->required();
  report->add_option("--center", center_id, "Centre id")->required();
  report->add_option("--date", date, "YYYY-MM-DD, in the centre's time zone")->required();
  report->add_option("--format", format, "csv or json")->check(CLI::IsMember({"csv", "json"}))->capture_default_str();
  report->add_flag("--summary", summary, "Counts per session instead of one row per record");

  // devices
  auto* devices = app.add_subcommand("devices", "List kiosks: last heartbeat, queue, version, clock skew");
  bool devices_json = false;
  devices->add_option("--db", db, kDbHelp)->required();
  devices->add_flag("--json", devices_json, "JSON instead of a table");

  // revoke
  auto* revoke = app.add_subcommand("revoke", "Revoke a kiosk: its token gets 403 from now on");
  std::string device_id;
  revoke->add_option("--db", db, kDbHelp)->required();
  revoke->add_option("--device", device_id, "Device id")->required();

  // credit-export
  auto* credit = app.add_subcommand("credit-export",
                                    "Credit hours that became effective or were withdrawn since a cursor (CREDIT_EXPORT.md)");
  std::string since, credit_format = "csv";
  int credit_limit = 10000;
  credit->add_option("--db", db, kDbHelp)->required();
  credit->add_option("--since", since, "0 for everything, or the cursor of the last entry imported")->required();
  credit->add_option("--format", credit_format, "csv or json")->check(CLI::IsMember({"csv", "json"}))->capture_default_str();
  credit->add_option("--limit", credit_limit, "Most entries in one run")->check(CLI::Range(1, 1000000))->capture_default_str();

  // migrate-db
  auto* migrate = app.add_subcommand("migrate-db", "Copy a SQLite hub into an empty PostgreSQL database and verify it");
  std::string from, to;
  migrate->add_option("--from", from, "The SQLite hub file (stop its learning-hub first)")->required();
  migrate->add_option("--to", to, "The target: a postgresql:// URI of an empty database")->required();

  // user add|list|disable, center set-district
  console::ConsoleCli console_cli(app, *center, db);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  if (serve->parsed()) {
    console_options.auth.session_ms = TimeMs(session_hours * kMsPerHour);
    std::optional<console::RecordPageOptions> record_page;
    if (!record_options.public_url.empty()) {
      record_options.templates_dir = console_options.dir + "/templates";
      record_page = record_options;
    }
    return Serve(db, db_connections, listen, options,
                 no_console ? std::nullopt : std::optional<console::ConsoleOptions>(console_options), record_page);
  }
  if (migrate->parsed()) return MigrateDb(from, to);

  auto store = OpenHubStore(db, 2);
  if (!store.ok()) return Fail(store.status());
  HubStore& hub = **store;
  TimeMs now = env->WallNowMs();
  if (console_cli.parsed()) return console_cli.Run(hub, env);

  if (center_add->parsed()) {
    if (!sync::IsValidId(center_id)) return Fail(Status::InvalidArgument("--id: not a valid id"));
    auto zone = TimeZone::Load(time_zone);
    if (!zone.ok()) return Fail(zone.status());
    Centre centre{center_id, {name, name_en.empty() ? name : name_en}, time_zone};
    Status added = hub.AddCentre(centre, now);
    if (!added.ok()) return Fail(added);
    if (!district.empty()) {
      Status placed = hub.Console().SetCentreDistrict(center_id, district);
      if (!placed.ok()) return Fail(placed);
    }
    std::printf("centre %s added\n", center_id.c_str());
    return 0;
  }
  if (enroll->parsed()) {
    if (!InitCrypto()) return Fail(Status::Internal("libsodium failed to initialise"));
    if (!(valid_hours > 0)) return Fail(Status::InvalidArgument("--valid-hours must be positive"));
    std::string code = NewEnrollCode();
    Status added = hub.AddEnrollCode(center_id, HashEnrollCode(code), now, now + TimeMs(valid_hours * kMsPerHour));
    if (!added.ok()) return Fail(added);
    std::printf("%s\n", code.c_str());
    return 0;
  }
  if (import->parsed()) {
    auto centre = hub.GetCentre(center_id);
    if (!centre.ok()) return Fail(centre.status());
    auto catalog = LoadCatalogFile(file, now);
    if (!catalog.ok()) return Fail(catalog.status());
    if (catalog->centre.id != center_id) {
      std::fprintf(stderr, "learning-hub: note: %s describes centre \"%s\"; importing it for centre \"%s\"\n",
                   file.c_str(), catalog->centre.id.c_str(), center_id.c_str());
    }
    for (const std::string& warning : UnshowableTextWarnings(*catalog)) {
      std::fprintf(stderr, "learning-hub: warning: %s: %s\n", file.c_str(), warning.c_str());
    }
    auto stats = hub.ImportCatalog(center_id, *catalog, now, TimeMs(retention_days * kMsPerDay));
    if (!stats.ok()) return Fail(stats.status());
    std::printf("catalogue %s for %s: %d added, %d changed, %d removed, %d unchanged (feed at %lld)\n",
                catalog->version.c_str(), center_id.c_str(), stats->added, stats->changed, stats->removed,
                stats->unchanged, (long long)stats->max_seq);
    return 0;
  }
  if (credit->parsed()) {
    auto cursor = ParseCreditCursor(since);
    if (!cursor.ok()) return Fail(cursor.status());
    auto page = hub.CreditChanges(*cursor, credit_limit);
    if (!page.ok()) return Fail(page.status());
    std::fputs(FormatCreditExport(*page, credit_format == "json" ? ReportFormat::kJson : ReportFormat::kCsv).c_str(),
               stdout);
    std::fprintf(stderr, "next_cursor=%s\n", page->next_cursor.c_str());
    return 0;
  }
  if (report->parsed()) {
    auto centre = hub.GetCentre(center_id);
    if (!centre.ok()) return Fail(centre.status());
    auto day = ParseLocalDate(date);
    if (!day.ok()) return Fail(Status::InvalidArgument("--date: expected YYYY-MM-DD"));
    auto zone = TimeZone::Load(centre->time_zone);
    if (!zone.ok()) return Fail(zone.status());
    TimeMs from = zone->StartOfDay(*day), to = zone->StartOfDay(AddDays(*day, 1));
    ReportFormat f = format == "json" ? ReportFormat::kJson : ReportFormat::kCsv;
    if (summary) {
      auto rows = hub.ReportSummary(center_id, from, to);
      if (!rows.ok()) return Fail(rows.status());
      std::fputs(FormatReportSummary(*rows, *zone, f).c_str(), stdout);
    } else {
      auto rows = hub.Report(center_id, from, to);
      if (!rows.ok()) return Fail(rows.status());
      std::fputs(FormatReport(*rows, *zone, f).c_str(), stdout);
    }
    return 0;
  }
  if (devices->parsed()) {
    auto list = hub.ListDevices();
    if (!list.ok()) return Fail(list.status());
    std::fputs(FormatDevices(*list, now, devices_json).c_str(), stdout);
    return 0;
  }
  if (revoke->parsed()) {
    Status revoked = hub.RevokeDevice(device_id, now);
    if (!revoked.ok()) return Fail(revoked);
    std::printf("device %s revoked\n", device_id.c_str());
    return 0;
  }
  return 2;
}

}  // namespace lk::hub
