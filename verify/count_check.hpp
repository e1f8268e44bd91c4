// The counts check: rows per table on both sides, source read on the run's
// snapshot, target through its catalog.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engines/source.hpp"
#include "engines/target.hpp"

namespace litelift {

struct CountRow {
  std::string table;
  int64_t source_rows = 0;
  int64_t target_rows = -1;  // -1: the table is missing in the target
  int64_t rejected = 0;      // rows the migration left out on purpose (the reject file)
  int64_t before = 0;        // rows the target table held before the load (--if-exists append)
  bool match() const { return source_rows - rejected + before == target_rows; }
};

struct CountCheck {
  std::vector<CountRow> rows;
  bool ok() const;
  size_t mismatches() const;
};

// What a migration did that the counts must allow for, by source table.
struct CountAllowance {
  int64_t rejected = 0;  // rows left out on purpose
  int64_t before = 0;    // rows already in the target table (appended to)
};

// Counts every planned table on both sides.
CountCheck check_counts(Source& source, TargetCatalog& catalog, const MigrationPlan& plan,
                        const std::map<std::string, CountAllowance>& allowances = {});

}  // namespace litelift
