// Command-line and INI-file options (Boost.Program_options).
#pragma once

#include <string>
#include <vector>

#include "engines/target.hpp"
#include "pipeline/migration.hpp"
#include "pipeline/run_ledger.hpp"
#include "verify/verifier.hpp"

namespace litelift {

struct CliOptions {
  std::string command;  // "migrate", "verify", "audit", "history", "schema"; empty with --help/--version
  bool help = false;
  bool version = false;
  std::string help_text;
  std::string source;
  SourceOpenOptions source_options;
  TargetUrl target;
  TargetOptions target_options;
  MigrateOptions migrate;
  VerifyOptions verify;  // migrate's last step, verify, audit
  std::vector<std::string> reports;
  std::string junit;          // --junit FILE.xml
  std::string prometheus;     // --prometheus FILE.prom
  std::string history;        // audit: --history FILE.jsonl
  std::string history_table;  // audit: --history-table NAME
  bool quiet = false;
  bool verbose = false;
  double wait_seconds = 0;                         // --wait: for the target to accept connections and queries
  double lock_timeout = 0;                         // migrate: --lock-timeout
  std::string ledger_table = kDefaultLedgerTable;  // migrate, audit, history: --ledger-table
  // Every option the run was given (defaults included), for the run
  // ledger: the target URL redacted, never a password.
  std::vector<RecordedOption> recorded;
};

// Throws Error(Usage) with a one-line message.
CliOptions parse_options(int argc, char** argv);

}  // namespace litelift
