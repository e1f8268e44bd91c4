// One migration, in the order the design fixes: plan and preflight (nothing
// written), tables with primary keys, load, secondary and unique indexes,
// foreign keys, identities. Knows no SQL: the catalog and writers do.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engines/source.hpp"
#include "engines/target.hpp"
#include "mapping/error.hpp"
#include "mapping/plan_builder.hpp"
#include "pipeline/load_scheduler.hpp"
#include "pipeline/reject_log.hpp"

namespace litelift {

enum class IfExists { Fail, Drop, Truncate, Append };
enum class OrphanPolicy { Fail, Keep, Null, Reject };

struct MigrateOptions {
  int jobs = 2;
  IfExists if_exists = IfExists::Fail;
  size_t batch_rows = 4096;
  int64_t rows_per_slice = 200000;
  bool progress = false;
  std::function<void(const std::string&)> log;  // phase messages for -v; may be empty
  MappingOptions mapping;
  RowPolicies policies;
  std::string rejects_path;  // where rejected rows go; empty: a default path, made only when a row is rejected
  int64_t max_rejects = -1;  // -1: no limit
  OrphanPolicy orphans = OrphanPolicy::Fail;
  // Tables litelift keeps in the target (the run ledger): a source table
  // that would land on one of these names (compared ignoring ASCII case)
  // stops the run before the target is touched.
  std::vector<std::string> reserved_tables;
  // Set from outside (SIGINT / SIGTERM): the run stops at the next batch or
  // phase with Error(Interrupted).
  const std::atomic<bool>* cancel = nullptr;
  // Called with a table's target name once all its rows are committed (from
  // any thread, one call at a time), for the run ledger.
  std::function<void(const std::string&)> table_completed;
  // --resume: the tables of the interrupted run are kept where they are;
  // those it completed (target names) are not loaded again, the others are
  // cleared and loaded, and indexes, keys and checks that already exist are
  // not made again.
  bool resume = false;
  std::set<std::string> resume_completed;
};

// How many values of one column a conversion note applies to.
struct ColumnNote {
  std::string column;   // source name
  std::string message;  // conversion_note_text
  int64_t values = 0;
};

struct TableResult {
  std::string name;  // target name
  std::string source_name;
  int64_t source_rows = 0;
  int64_t rows_read = 0;
  int64_t loaded_rows = 0;  // rows the target confirmed (rows_written)
  int64_t rows_rejected = 0;
  int64_t rows_before = 0;  // rows the target table held before (--if-exists append)
  double seconds = 0;       // wall time of its load
  std::vector<ColumnNote> notes;
  bool completed = false;  // every row committed (by this run, or by the run it resumed)
  bool resumed = false;    // completed by the run it resumed: not loaded again
};

struct MigrationResult {
  MigrationPlan plan;
  std::string server_version;
  std::vector<TableResult> tables;
  std::vector<std::string> created;                // tables this run created (and kept)
  std::vector<std::string> dropped_after_failure;  // tables it created, then dropped when it failed
  std::vector<std::string>
      cleared_after_failure;  // tables it emptied again when it failed (their load did not complete)
  double seconds = 0;
  std::string rejects_path;  // set when rows were rejected
  int64_t rows_rejected = 0;
  bool ok = false;
  std::optional<Error> error;  // set when !ok
};

// What the source's columns hold where that decides their type
// (profile_requests), one scan per table over up to `jobs` threads.
Profiles read_profiles(Source& source, const Dialect& dialect, const MappingOptions& options, int jobs);

// The reject file name used when --rejects is not given: litelift-rejects-YYYYMMDDTHHMMSSZ.jsonl.
std::string default_rejects_path();

// Never throws for a failed migration: the error is in the result, and no
// table is left with part of its rows. A run that failed on the data or a
// refused statement drops the tables it created (and empties the tables it
// truncated that did not complete). An interrupted run (Error(Interrupted))
// or one that lost its connection (Error(TargetConnect)) keeps the tables
// that completed, for --resume, and drops or empties the others.
MigrationResult migrate(Source& source, Target& target, const MigrateOptions& options);

}  // namespace litelift
