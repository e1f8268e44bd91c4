// The verifier: row counts, row-level comparison (verify/row_compare.hpp),
// orphan foreign keys on both sides and the schema comparison, for a
// migration's plan. `migrate` runs it as its last step; `verify` and
// `audit` run it through run_verify(), which builds the plan the same way
// migrate does.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engines/source.hpp"
#include "engines/target.hpp"
#include "pipeline/migration.hpp"
#include "verify/count_check.hpp"
#include "verify/verify_result.hpp"

namespace litelift {

struct VerifyOptions {
  std::string mode = "full";  // "counts" or "full"
  int jobs = 2;
  double sample = 1.0;  // fraction of key ranges (and of rows in tables without a rowid key) compared
  uint64_t seed = 0;    // picks the sample; the same seed picks the same ranges
  size_t show = 10;     // differing rows named per table
  int64_t rows_per_range = 250000;
  std::string rejects_path;                   // the run's reject file: those rows are expected missing
  OrphanPolicy orphans = OrphanPolicy::Fail;  // --orphans null: orphan keys are expected NULL
  std::function<void(const std::string&)> log;
};

// Verifies `plan` (as migrate made it) between `source` and `target`.
// `allowances` says what the run left out or found in place, by source
// table (when empty, the reject file's counts are used). Never throws for
// a difference or an unreadable table: they are in the result; throws
// Error when the target cannot be reached at all.
VerifyResult verify_plan(Source& source, Target& target, const MigrationPlan& plan, const VerifyOptions& options,
                         const std::map<std::string, CountAllowance>& allowances = {});

// What `litelift verify` needs: the same mapping options as the migration
// it checks, so that the plan (names, types, policies) is the same.
struct VerifyRequest {
  std::string source;  // path
  SourceOpenOptions source_options;
  TargetUrl target;
  TargetOptions target_options;
  MappingOptions mapping;
  VerifyOptions verify;
};

// Opens both sides, plans as migrate does, verifies. Never throws: an error
// that stops it is in VerifyResult::error.
VerifyResult run_verify(const VerifyRequest& request);

}  // namespace litelift
