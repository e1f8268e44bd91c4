// litelift's entry point: parse options, build the run, print the report.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <map>

#include "cli/options.hpp"
#include "engines/sqlite/sqlite_source.hpp"
#include "litelift_version.hpp"
#include "mapping/plan_builder.hpp"
#include "pipeline/schema_script.hpp"
#include "verify/run_report.hpp"

using namespace litelift;

namespace {

void print_error(const std::string& message) {
  // One line: the first line of the message (usage text follows on the next lines).
  std::cerr << "litelift: error: " << message << "\n";
}

int finish(const CliOptions& opt, RunReport& report) {
  int code = report.exit_code();
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

int run(const CliOptions& opt) {
  RunReport report;
  report.command = opt.command;
  report.source = opt.source;
  report.target = opt.target.redacted();
  report.started_at = utc_now_iso();
  report.verify_mode = opt.verify_mode;
  int64_t start = steady_now_ns();
  auto log = [&](const std::string& m) {
    if (!opt.verbose) return;
    char elapsed[32];
    std::snprintf(elapsed, sizeof elapsed, "%7.2fs", static_cast<double>(steady_now_ns() - start) / 1e9);
    std::cerr << "litelift: " << elapsed << " " << m << "\n";
  };
  if (opt.command == "schema") {
    try {
      std::unique_ptr<SqliteSource> source = SqliteSource::open(opt.source);
      std::unique_ptr<Target> target = make_target(opt.target, opt.target_options);
      std::cout << schema_script(*source, *target, opt.migrate.mapping) << std::flush;
      return kExitOk;
    } catch (const Error& e) {
      print_error(e.what());
      return e.exit_code();
    }
  }
  try {
    std::unique_ptr<SqliteSource> source = SqliteSource::open(opt.source);
    std::unique_ptr<Target> target = make_target(opt.target, opt.target_options);
    MigrationPlan plan;
    if (opt.command == "migrate") {
      MigrateOptions mo = opt.migrate;
      mo.progress = !opt.quiet && isatty(STDERR_FILENO);
      mo.log = log;
      MigrationResult result = migrate(*source, *target, mo);
      report.server_version = result.server_version;
      report.tables = result.tables;
      report.notes = result.plan.notes;
      report.rows_rejected = result.rows_rejected;
      report.rejects_path = result.rejects_path;
      report.dropped_after_failure = result.dropped_after_failure;
      if (!result.ok) {
        report.error = result.error;
        // The cleanup itself failed: say what is left in the target.
        for (const auto& t : result.created)
          report.notes.push_back({"table " + t, "created by this failed run and could not be dropped again"});
      }
      plan = std::move(result.plan);
    } else {
      std::unique_ptr<TargetCatalog> catalog = target->connect_catalog();
      report.server_version = catalog->server_version();
      target->use_server(report.server_version);
      PlanResult pr = build_plan(source->schema(), target->dialect(), opt.migrate.mapping);
      plan = std::move(pr.plan);
      report.notes = plan.notes;
    }
    report.plan = plan;
    if (!report.error && opt.verify_mode == "counts") {
      log("counting rows on both sides");
      std::unique_ptr<TargetCatalog> catalog = target->connect_catalog();
      if (report.server_version.empty()) report.server_version = catalog->server_version();
      std::map<std::string, CountAllowance> allowances;
      for (const auto& t : report.tables) allowances[t.source_name] = {t.rows_rejected, t.rows_before};
      report.counts = check_counts(*source, *catalog, plan, allowances);
    }
  } catch (const Error& e) {
    report.error = e;
  } catch (const std::exception& e) {
    report.error = Error(ErrorKind::Internal, e.what());
  }
  report.seconds = static_cast<double>(steady_now_ns() - start) / 1e9;
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
  if (opt.version) {
    std::cout << "litelift " << kLiteliftVersion << "\n";
    return kExitOk;
  }
  if (opt.help) {
    std::cout << opt.help_text;
    return kExitOk;
  }
  return run(opt);
}
