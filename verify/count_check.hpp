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
  bool match() const { return source_rows - rejected == target_rows; }
};

struct CountCheck {
  std::vector<CountRow> rows;
  bool ok() const;
  size_t mismatches() const;
};

// Counts every planned table on both sides; `rejected` (by source table
// name) says how many rows of a table the migration rejected.
CountCheck check_counts(Source& source, TargetCatalog& catalog, const MigrationPlan& plan,
                        const std::map<std::string, int64_t>& rejected = {});

}  // namespace litelift
