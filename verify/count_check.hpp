// The counts check: rows per table on both sides, source read on the run's
// snapshot, target through its catalog.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engines/source.hpp"
#include "engines/target.hpp"

namespace litelift {

struct CountRow {
  std::string table;
  int64_t source_rows = 0;
  int64_t target_rows = -1;  // -1: the table is missing in the target
  bool match() const { return source_rows == target_rows; }
};

struct CountCheck {
  std::vector<CountRow> rows;
  bool ok() const;
  size_t mismatches() const;
};

// `tables` pairs each source table with its name in the target.
CountCheck check_counts(Source& source, TargetCatalog& catalog, const MigrationPlan& plan);

}  // namespace litelift
