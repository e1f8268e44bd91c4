// Integrity queries on the target alone, in the dialect's SQL through the
// catalog: rows breaking a foreign key, a unique key, NOT NULL or a CHECK,
// whatever the target's constraints say (a key created NOT VALID, rows
// written with checks off, a constraint dropped since). And the target-only
// digest of a table the audit keeps to measure drift.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engines/target.hpp"
#include "verify/canonical.hpp"
#include "verify/verify_result.hpp"

namespace litelift {

struct KeyRef {
  std::vector<std::string> columns;
  std::string parent_table;
  std::vector<std::string> parent_columns;
};

// Rows of `table` whose non-NULL key matches no parent row. `shown` names the
// sample rows (the primary key; the key's own columns when empty).
OrphanFinding target_orphans(TargetCatalog& catalog, const Dialect& dialect, const std::string& table,
                             const std::vector<std::string>& shown, const KeyRef& key, size_t show);

// Groups of rows sharing a value of `columns` (rows with a NULL in them are
// not compared, as SQL unique keys do). rows = rows in such groups.
IntegrityFinding target_duplicates(TargetCatalog& catalog, const Dialect& dialect, const std::string& table,
                                   const std::vector<std::string>& columns, size_t show);

// NULL counts of each of `columns`, one scan; one finding per column with NULLs.
std::vector<IntegrityFinding> target_nulls(TargetCatalog& catalog, const Dialect& dialect, const std::string& table,
                                           const std::vector<std::string>& columns);

// Rows for which `expression` (the target's SQL) is false.
IntegrityFinding target_check(TargetCatalog& catalog, const Dialect& dialect, const std::string& table,
                              const std::string& name, const std::string& expression);

// Every row of a table from the target alone, canonical form by the
// catalog's column types, summed into an order-free digest.
canon::Hash128 target_digest(TargetCatalog& catalog, const TableShape& shape, int64_t& rows);

// A digest of a table's shape (columns, types, nullability, keys, indexes,
// foreign keys, checks), for drift.
std::string shape_fingerprint(const TableShape& shape);

}  // namespace litelift
