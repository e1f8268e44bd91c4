// litelift's entry point: parse options, build the run, print the report.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <set>

#include "cli/options.hpp"
#include "engines/sqlite/sqlite_source.hpp"
#include "engines/target_ready.hpp"
#include "engines/target_url.hpp"
#include "litelift_version.hpp"
#include "pipeline/run_ledger.hpp"
#include "pipeline/schema_script.hpp"
#include "pipeline/target_lock.hpp"
#include "verify/audit.hpp"
#include "verify/run_report.hpp"
#include "verify/verifier.hpp"
#include "verify/verify_output.hpp"

using namespace litelift;

namespace {

// SIGINT / SIGTERM during migrate: the pipeline stops at its next batch or
// phase, the run cleans up and exits 128 + the signal's number.
std::atomic<bool> g_cancel{false};
volatile std::sig_atomic_t g_signal = 0;

void on_signal(int sig) {
  g_signal = sig;
  g_cancel.store(true);
}

// SA_RESETHAND: a second signal does what it would without litelift's handler.
void catch_stop_signals() {
  struct sigaction sa = {};
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_RESTART | SA_RESETHAND;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

void print_error(const std::string& message) {
  // One line: the first line of the message (usage text follows on the next lines).
  std::cerr << "litelift: error: " << message << "\n";
}

// Every user can read a process's arguments (ps, /proc/PID/cmdline, which
// Linux reads from this memory): a password in a URL argument (--target
// URL, --target=URL, -tURL) is overwritten with "***" once parsed. Until
// then, for a few milliseconds, it shows: PGPASSWORD, MYSQL_PWD or
// --password-file never do.
void hide_passwords_in_arguments(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    char* arg = argv[i];
    const TextSpan span = password_span(arg);  // finds the URL after "--target=" or "-t" too
    if (span.length == 0) continue;
    char* password = arg + span.offset;
    const size_t rest = std::strlen(password + span.length);
    if (span.length < 3) {
      std::memset(password, '*', span.length);
      continue;
    }
    std::memcpy(password, "***", 3);
    std::memmove(password + 3, password + span.length, rest + 1);
    std::memset(password + 3 + rest + 1, 0, span.length - 3);
  }
}

int finish(const CliOptions& opt, RunReport& report) {
  int code = report.exit_code();
  if (report.error && report.error->kind() == ErrorKind::Interrupted && g_signal != 0) code = 128 + g_signal;
  for (const auto& path : opt.reports) {
    try {
      write_report(report, path);
    } catch (const Error& e) {
      print_error(e.what());
      if (code == kExitOk) code = e.exit_code();
    }
  }
  if (!opt.quiet) std::cout << report_text(report) << std::flush;
  if (report.error) print_error(report.error->what());
  return code;
}

// The paths --report (.json), --junit and --prometheus ask for.
VerifyOutputPaths verify_paths(const CliOptions& opt) {
  VerifyOutputPaths paths;
  for (const auto& r : opt.reports)
    if (r.size() >= 5 && r.compare(r.size() - 5, 5, ".json") == 0) paths.json = r;
  paths.junit = opt.junit;
  paths.prometheus = opt.prometheus;
  return paths;
}

// verify (and audit): the result's own outputs and exit bits.
int finish_verify(const CliOptions& opt, const VerifyResult& result) {
  int code = result.exit_code();
  try {
    write_verify_outputs(result, verify_paths(opt));
    for (const auto& r : opt.reports)
      if (r.size() >= 3 && r.compare(r.size() - 3, 3, ".md") == 0)
        write_text_file(r, "# litelift " + result.command + "\n\n```\n" + verify_text(result) + "```\n");
  } catch (const Error& e) {
    print_error(e.what());
    if (code == kExitOk) code = kExitVerifyBase + kBitCouldNotRun;
  }
  if (!opt.quiet) std::cout << verify_text(result) << std::flush;
  if (result.error) print_error(result.error->what());
  return code;
}

using Log = std::function<void(const std::string&)>;

// verify and audit with --wait: wait here; only a wait that ran out stops
// them (exit 5), any other failure is theirs to report.
std::optional<Error> wait_for_target(const CliOptions& opt, const Log& log) {
  if (opt.wait_seconds <= 0) return std::nullopt;
  try {
    std::unique_ptr<Target> target = make_target(opt.target, opt.target_options);
    connect_when_ready(*target, opt.wait_seconds, log);
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::TargetConnect && e.transient) return e;
  }
  return std::nullopt;
}

int run_history(const CliOptions& opt, const Log& log) {
  try {
    std::unique_ptr<Target> target = make_target(opt.target, opt.target_options);
    std::unique_ptr<TargetCatalog> catalog = connect_when_ready(*target, opt.wait_seconds, log);
    target->use_server(catalog->server_version());
    RunLedger ledger(*catalog, target->dialect(), opt.ledger_table);
    const std::vector<LedgerRow> rows = ledger.rows();
    for (const auto& path : opt.reports) write_text_file(path, history_json(rows));
    if (!opt.quiet) std::cout << history_text(rows, opt.ledger_table) << std::flush;
    return kExitOk;
  } catch (const Error& e) {
    print_error(e.what());
    return e.exit_code();
  }
}

RunStart run_start(const CliOptions& opt, SqliteSource& source, const RunReport& report) {
  RunStart run;
  run.tool_version = kLiteliftVersion;
  run.started_at = report.started_at;
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  run.host = host;
  run.pid = getpid();
  run.source_path = opt.source;
  run.source = source.fingerprint();
  run.target = report.target;
  run.options = opt.recorded;
  return run;
}

// --resume: the tables the last run on this target completed, after
// checking that it did not complete and that the source is the one it read.
std::set<std::string> resumable_tables(RunLedger& ledger, int64_t run_id, const RunStart& now) {
  std::optional<LedgerRow> last = ledger.previous(run_id);
  if (!last)
    throw Error(ErrorKind::Usage, "--resume: the run ledger " + ledger.table() + " has no earlier run to resume");
  const std::string id = std::to_string(last->id);
  if (last->status == "completed")
    throw Error(ErrorKind::Usage, "--resume: the last run (" + id + ") completed; there is nothing to resume");
  const SourceFingerprint& f = now.source;
  std::string changed;
  if (last->source_size != std::to_string(f.size)) changed += ", its size";
  if (last->source_mtime != f.mtime) changed += ", its modification time";
  if (last->source_pages != std::to_string(f.page_count)) changed += ", its page count";
  if (last->source_schema_hash != f.schema_hash) changed += ", its schema";
  if (!changed.empty())
    throw Error(ErrorKind::Usage, "--resume: the source changed since run " + id + " (" + changed.substr(2) +
                                      " differ), so its tables cannot be continued; migrate again without "
                                      "--resume (--if-exists drop)");
  const std::vector<std::string> done = completed_tables(*last);
  return {done.begin(), done.end()};
}

RunEnd run_end(const RunReport& report) {
  RunEnd end;
  end.status = !report.error ? "completed" : report.error->kind() == ErrorKind::Interrupted ? "aborted" : "failed";
  end.finished_at = utc_now_iso();
  end.result = report.status();
  end.exit_code = report.exit_code();
  if (report.error) end.error = report.error->what();
  for (const auto& t : report.tables) {
    LedgerTable lt;
    lt.table = t.name;
    lt.source_table = t.source_name;
    lt.source_rows = t.source_rows;
    lt.loaded_rows = t.loaded_rows;
    lt.rejected_rows = t.rows_rejected;
    lt.completed = t.completed;
    if (report.verification)
      for (const auto& tv : report.verification->tables)
        if (tv.table == t.name) {
          lt.target_rows = tv.target_rows;
          lt.source_checksum = tv.source_checksum;
          lt.target_checksum = tv.target_checksum;
        }
    end.tables.push_back(std::move(lt));
  }
  return end;
}

// What verify and audit check against: the migration's source, target and value options.
VerifyRequest verify_request(const CliOptions& opt, const std::function<void(const std::string&)>& log) {
  VerifyRequest request;
  request.source = opt.source;
  request.source_options = opt.source_options;
  request.target = opt.target;
  request.target_options = opt.target_options;
  request.mapping = opt.migrate.mapping;
  request.verify = opt.verify;
  request.verify.log = log;
  return request;
}

int run(const CliOptions& opt) {
  int64_t start = steady_now_ns();
  auto log = [&](const std::string& m) {
    if (!opt.verbose) return;
    char elapsed[32];
    std::snprintf(elapsed, sizeof elapsed, "%7.2fs", static_cast<double>(steady_now_ns() - start) / 1e9);
    std::cerr << "litelift: " << elapsed << " " << m << "\n";
  };
  if (opt.command == "schema") {
    try {
      std::unique_ptr<SqliteSource> source = SqliteSource::open(opt.source, opt.source_options);
      std::unique_ptr<Target> target = make_target(opt.target, opt.target_options);
      std::cout << schema_script(*source, *target, opt.migrate.mapping) << std::flush;
      return kExitOk;
    } catch (const Error& e) {
      print_error(e.what());
      return e.exit_code();
    }
  }
  if (opt.command == "history") return run_history(opt, log);
  if (opt.command == "verify" || opt.command == "audit")
    if (std::optional<Error> e = wait_for_target(opt, log)) {
      print_error(e->what());
      return e->exit_code();
    }
  if (opt.command == "verify") {
    return finish_verify(opt, run_verify(verify_request(opt, log)));
  }
  if (opt.command == "audit") {
    AuditRequest request;
    static_cast<VerifyRequest&>(request) = verify_request(opt, log);
    request.history_file = opt.history;
    request.history_table = opt.history_table;
    request.ledger_table = opt.ledger_table;
    return finish_verify(opt, run_audit(request));
  }
  RunReport report;
  report.command = opt.command;
  report.source = opt.source;
  report.target = opt.target.redacted();
  report.started_at = utc_now_iso();
  report.verify_mode = opt.verify.mode;
  // The lock and the ledger share a connection of their own, held for the whole run.
  std::unique_ptr<TargetCatalog> lock_catalog;
  std::unique_ptr<RunLedger> ledger;
  std::unique_ptr<RunLock> lock;
  int64_t run_id = 0;
  try {
    std::unique_ptr<SqliteSource> source = SqliteSource::open(opt.source, opt.source_options);
    std::unique_ptr<Target> target = make_target(opt.target, opt.target_options);
    log("connecting to the target" + std::string(opt.wait_seconds > 0 ? " (waiting until it is ready)" : ""));
    lock_catalog = connect_when_ready(*target, opt.wait_seconds, log);
    target->use_server(lock_catalog->server_version());
    ledger = std::make_unique<RunLedger>(*lock_catalog, target->dialect(), opt.ledger_table);
    lock = std::make_unique<RunLock>(*lock_catalog, *ledger, opt.lock_timeout, log);
    const RunStart started = run_start(opt, *source, report);
    run_id = ledger->start(started, lock_catalog->session_id());
    log("run " + std::to_string(run_id) + " recorded in " + opt.ledger_table);
    MigrateOptions mo = opt.migrate;
    mo.progress = !opt.quiet && isatty(STDERR_FILENO);
    mo.log = log;
    mo.cancel = &g_cancel;
    if (mo.resume) {
      mo.resume_completed = resumable_tables(*ledger, run_id, started);
      log("resuming: " + std::to_string(mo.resume_completed.size()) + " tables completed before");
    }
    // Called one at a time; the lock's connection is otherwise idle during the load.
    std::vector<std::string> completed;
    mo.table_completed = [&](const std::string& table) {
      completed.push_back(table);
      try {
        ledger->record_completed(run_id, completed);
      } catch (const Error& e) {
        log("could not record table " + table + " as completed in " + opt.ledger_table + ": " + e.what());
      }
    };
    MigrationResult result = migrate(*source, *target, mo);
    report.server_version = result.server_version;
    report.tables = result.tables;
    report.notes = result.plan.notes;
    report.rows_rejected = result.rows_rejected;
    report.rejects_path = result.rejects_path;
    report.dropped_after_failure = result.dropped_after_failure;
    for (const auto& t : result.cleared_after_failure)
      report.notes.push_back({"table " + t, "emptied again: its load did not complete"});
    if (!result.ok) {
      report.error = result.error;
      // The cleanup itself failed: say what is left in the target.
      for (const auto& t : result.created)
        report.notes.push_back({"table " + t, "created by this failed run and could not be dropped again"});
    }
    report.plan = result.plan;
    if (!report.error && g_cancel) report.error = Error(ErrorKind::Interrupted, "interrupted");
    if (!report.error && opt.verify.mode != "none") {
      log("verifying (" + opt.verify.mode + ")");
      VerifyOptions vo = opt.verify;
      vo.log = log;
      vo.rejects_path = result.rows_rejected > 0 ? result.rejects_path : "";
      std::map<std::string, CountAllowance> allowances;
      for (const auto& t : result.tables) allowances[t.source_name] = {t.rows_rejected, t.rows_before};
      VerifyResult v = verify_plan(*source, *target, result.plan, vo, allowances);
      v.command = "migrate";
      v.source = report.source;
      v.target = report.target;
      v.started_at = report.started_at;
      report.verification = std::move(v);
      if (!opt.junit.empty() || !opt.prometheus.empty()) {
        VerifyOutputPaths paths;
        paths.junit = opt.junit;
        paths.prometheus = opt.prometheus;
        write_verify_outputs(*report.verification, paths);
      }
    }
  } catch (const Error& e) {
    report.error = e;
  } catch (const std::exception& e) {
    report.error = Error(ErrorKind::Internal, e.what());
  }
  if (report.error && report.error->kind() == ErrorKind::Interrupted)
    report.error =
        Error(ErrorKind::Interrupted, std::string("interrupted by ") + (g_signal == SIGTERM ? "SIGTERM" : "SIGINT") +
                                          ": the tables in flight were rolled back and emptied" +
                                          (run_id > 0 ? "; run " + std::to_string(run_id) + " is marked aborted" : "") +
                                          ". Continue it with --resume");
  report.seconds = static_cast<double>(steady_now_ns() - start) / 1e9;
  if (run_id > 0) {
    try {
      ledger->finish(run_id, run_end(report));
    } catch (const Error& e) {
      report.notes.push_back({"run ledger", "could not record the end of run " + std::to_string(run_id) + " in " +
                                                opt.ledger_table + ": " + e.what()});
    }
  }
  lock.reset();
  return finish(opt, report);
}

}  // namespace

int main(int argc, char** argv) {
  CliOptions opt;
  try {
    opt = parse_options(argc, argv);
  } catch (const Error& e) {
    std::string m = e.what();
    print_error(m.substr(0, m.find('\n')));
    if (m.find('\n') != std::string::npos) std::cerr << m.substr(m.find('\n') + 1);
    return e.exit_code();
  }
  hide_passwords_in_arguments(argc, argv);
  if (opt.version) {
    std::cout << "litelift " << kLiteliftVersion << "\n";
    return kExitOk;
  }
  if (opt.help) {
    std::cout << opt.help_text;
    return kExitOk;
  }
  if (opt.command == "migrate") catch_stop_signals();
  return run(opt);
}
