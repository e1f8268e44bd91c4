// The neutral source interface the pipeline and the verifier read through.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mapping/profile.hpp"
#include "mapping/row_batch.hpp"
#include "mapping/schema.hpp"

namespace litelift {

// A source file's state, for the run ledger: size and modification time
// from the file system, the page count and a hash of the schema's SQL as
// the run's snapshot sees them.
struct SourceFingerprint {
  int64_t size = 0;
  std::string mtime;  // UTC, "2024-01-31T10:00:00.123456789Z"
  int64_t page_count = 0;
  std::string schema_hash;  // XXH3-128, hex, over each sqlite_schema row's type, name and SQL in rowid order
};

// How the source file is opened (--skip-integrity-check, --busy-timeout).
struct SourceOpenOptions {
  // PRAGMA quick_check before anything else reads the file: O(size of the
  // file), so a huge file may skip it.
  bool integrity_check = true;
  // How long to wait for another process's lock on the file.
  int busy_timeout_seconds = 5;
};

// A part of a table read by one stream: a rowid range [first, last], or the
// whole table in key order (WITHOUT ROWID tables, empty tables).
struct Slice {
  std::string table;
  bool whole = true;
  int64_t first = 0;
  int64_t last = 0;
  int64_t estimated_rows = 0;
};

// How a reader treats rows whose foreign key matches no parent row (SQLite
// does not enforce foreign keys): set the key's columns to NULL, or append a
// flag column (1 for such a row) after the table's columns.
struct OrphanRule {
  enum class Action { Null, Flag };
  std::vector<std::string> columns;  // source names in the child table
  std::string parent_table;
  std::vector<std::string> parent_columns;
  Action action = Action::Flag;
};

class SliceReader {
 public:
  virtual ~SliceReader() = default;
  // Clears `batch` and fills it with up to `max_rows` rows, one column per
  // Table::columns entry. Returns false when the slice is exhausted (and the
  // batch is empty).
  virtual bool next(RowBatch& batch, size_t max_rows) = 0;
};

class Source {
 public:
  virtual ~Source() = default;
  virtual const Schema& schema() const = 0;
  virtual std::vector<Slice> plan_slices(const Table& table, int64_t rows_per_slice) = 0;
  // Thread-safe: each reader may be used on its own thread.
  // Batches from the reader hold one column per Table::columns entry, then
  // one flag column per OrphanRule with Action::Flag, in order.
  virtual std::unique_ptr<SliceReader> open_slice(const Table& table, const Slice& slice,
                                                  const std::vector<OrphanRule>& orphans = {}) = 0;
  virtual int64_t count_rows(const Table& table) = 0;
  // What the named columns hold, in one scan of the table. Thread-safe.
  virtual std::map<std::string, ColumnProfile> profile_columns(const Table& table,
                                                               const std::vector<ProfileColumn>& columns) = 0;
  // Largest rowid, for continuing identities; none for WITHOUT ROWID or empty tables.
  virtual std::optional<int64_t> max_rowid(const Table& table) = 0;
  // Rows of `table` whose non-NULL `columns` match no row of `parent_table`
  // (SQLite does not enforce foreign keys by default). Returns the number of
  // such rows and fills `sample` with up to `limit` of their rowids.
  // Thread-safe.
  virtual int64_t orphan_rows(const Table& table, const std::vector<std::string>& columns,
                              const std::string& parent_table, const std::vector<std::string>& parent_columns,
                              size_t limit, std::vector<int64_t>& sample) = 0;
};

}  // namespace litelift
