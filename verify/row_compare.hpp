// Row-level comparison of one table: both sides streamed through the
// canonical encoding (verify/canonical.hpp), each row hashed (xxHash3-128),
// the hashes summed per key range into an order-free digest that counts
// duplicates. Ranges whose digests agree are done; the others are read
// again, in key order on both sides, and matched row by row to name what is
// missing, extra or changed. Keyless tables are one range compared as a
// multiset of rows.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engines/source.hpp"
#include "engines/target.hpp"
#include "verify/canonical.hpp"
#include "verify/reject_keys.hpp"
#include "verify/verify_result.hpp"

namespace litelift {

// How one table is compared, from its plan.
struct TableCompare {
  const Table* table = nullptr;  // source
  const TablePlan* plan = nullptr;
  std::vector<size_t> columns;            // plan columns compared: the loaded ones, in plan order
  std::vector<canon::ColumnCanon> canon;  // per compared column
  std::vector<size_t> key;                // positions in `columns` naming a row; empty: keyless
  bool by_rowid = false;                  // the key is the rowid alias: ranges are rowid ranges
  std::vector<OrphanRule> orphan_rules;   // --orphans null: the reader sets orphan keys to NULL
  const RejectedRows* rejected = nullptr;
  size_t show = 10;  // differing rows to name
  double sample = 1.0;
  uint64_t seed = 0;
};

TableCompare make_table_compare(const Table& table, const TablePlan& plan, const Dialect& dialect);

// One unit of work: a rowid range of a table (or the whole table).
struct CompareUnit {
  size_t table = 0;  // index into the caller's TableCompare list
  Slice slice;
};

struct UnitResult {
  canon::Hash128 source_digest;
  canon::Hash128 target_digest;
  int64_t source_rows = 0;  // compared (not rejected, in the sample)
  int64_t target_rows = 0;
  int64_t rejected = 0;
  std::vector<std::string> rejected_keys;
  bool differs = false;
  int64_t missing = 0;
  int64_t extra = 0;
  int64_t changed = 0;
  std::vector<RowDiff> differences;
  double seconds = 0;
};

// Compares one unit; `catalog` is the worker's own connection. Throws Error
// when a side cannot be read.
UnitResult compare_unit(const TableCompare& table, const Slice& slice, Source& source, TargetCatalog& catalog,
                        const std::atomic<bool>* stop = nullptr);

}  // namespace litelift
