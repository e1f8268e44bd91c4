// What `verify` and `audit` found: per table the counts, the row-level
// comparison and the first differing rows; orphans on each side; schema
// differences; for the audit, integrity findings and drift since the last
// audit. Rendered by verify/verify_output.hpp (terminal, JSON, JUnit,
// Prometheus). Holds no password.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mapping/error.hpp"

namespace litelift {

// The exit status of `verify` and `audit`: 0 when clean, else
// kExitVerifyBase plus these bits (33..63), so an alert can say what broke.
// Usage errors keep kExitUsage (2). Orphans in the source (SQLite does not
// enforce foreign keys) are reported but set no bit: the migration did not
// cause them. Those that reached the target are target orphans, which do.
enum VerifyBit : int {
  kBitCountsDiffer = 1,   // a table's row count differs
  kBitRowsDiffer = 2,     // rows missing, extra or changed
  kBitOrphans = 4,        // foreign keys without a parent row in the target
  kBitSchemaDiffers = 8,  // a table, column, key, index or foreign key differs; or integrity broken
  kBitCouldNotRun = 16,   // the check, or a table's part of it, could not run
};
constexpr int kExitVerifyBase = 32;

// One value of a differing row, by column (target name).
struct ValueDiff {
  std::string column;
  std::string source;  // canon::display text; "" when the row is not on that side
  std::string target;
};

struct RowDiff {
  std::string kind;               // "missing" (not in the target), "extra" (only in the target), "changed",
                                  // "rejected" (missing, as the reject file says)
  std::string key;                // "id = 42", "(product_id, tag) = (1, 'red')"; keyless tables: "row (1, 'a')"
  int64_t count = 1;              // keyless tables: how many copies differ
  std::vector<ValueDiff> values;  // changed: the differing columns; missing/extra: every column
};

struct TableVerify {
  std::string table;         // target name
  std::string source_table;  // source name
  int64_t source_rows = 0;
  int64_t target_rows = -1;  // -1: the table is missing
  int64_t rejected = 0;      // rows the run left out on purpose (expected missing)
  int64_t before = 0;        // rows the target held before an --if-exists append
  bool counts_match = true;
  // Full mode:
  bool compared = false;      // rows were compared (false in counts mode, or when it could not run)
  bool keyless = false;       // no key: rows compared as a multiset (duplicates counted)
  double sample = 1.0;        // fraction of key ranges compared
  int64_t rows_compared = 0;  // source rows in the compared ranges
  int64_t missing = 0;
  int64_t extra = 0;
  int64_t changed = 0;
  int64_t ranges = 0;            // key ranges compared
  int64_t ranges_differing = 0;  // ranges whose digests differ
  std::string source_checksum;   // hex digest of the compared rows (order-free), "" when not compared
  std::string target_checksum;
  std::vector<RowDiff> differences;        // the first few, in key order where there is one
  std::vector<std::string> rejected_keys;  // the first few rows the reject file accounts for
  double seconds = 0;
  std::string error;  // why this table could not be verified ("" when it was)
  // Unix time of the last run that found this table clean (0: unknown); the
  // audit fills it from its history. Outputs use this run's started_at when
  // the table is clean now.
  double last_success_unix = 0;

  bool rows_match() const { return missing == 0 && extra == 0 && changed == 0; }
  // Verified, counts and rows match (rejected rows are expected missing).
  // Schema, orphan and integrity findings are reported apart, not here.
  bool clean() const { return error.empty() && counts_match && rows_match(); }
};

struct OrphanFinding {
  std::string side;         // "source" or "target"
  std::string table;        // the child table (source or target name, by side)
  std::string foreign_key;  // "(user_id) -> users (id)"
  int64_t rows = 0;
  std::vector<std::string> sample;  // the first offending keys: "id = 7 (user_id = 99)"
  // Target side: no more rows than the source has for the same key, which
  // the run kept (--orphans keep): not the migration's doing, no exit bit.
  bool from_source = false;
};

struct SchemaFinding {
  std::string table;    // target name
  std::string object;   // "table", "column price", "primary key", "index idx_x", "foreign key fk_x"
  std::string problem;  // "missing", "type numeric(12,2), expected numeric(10,2)", "nullable, expected NOT NULL"
};

// Audit only: what the target breaks of what the schema intends.
struct IntegrityFinding {
  std::string table;
  std::string check;   // "orphans", "duplicates", "nulls", "check"
  std::string object;  // the key, columns or constraint
  int64_t rows = 0;
  std::vector<std::string> sample;
};

// Audit only: what changed since the last audit in the history.
struct DriftFinding {
  std::string table;  // "" for the whole schema
  std::string what;   // "schema", "rows", "checksum", "table added", "table removed"
  std::string before;
  std::string after;
};

struct VerifyResult {
  std::string command = "verify";  // "verify", "audit", "migrate" (its last step)
  std::string mode = "full";       // "counts" or "full"
  std::string source;              // path, "" for a target-only audit
  std::string target;              // redacted URL
  std::string server_version;
  std::string started_at;  // ISO-8601 UTC
  double seconds = 0;
  double sample = 1.0;
  uint64_t seed = 0;
  std::vector<TableVerify> tables;
  std::vector<OrphanFinding> orphans;  // both sides
  std::vector<SchemaFinding> schema;
  std::vector<IntegrityFinding> integrity;
  std::vector<DriftFinding> drift;
  std::string previous_audit;  // when the drift is measured from (started_at of that audit), or ""
  std::optional<Error> error;  // the check could not run at all

  // VerifyBit mask: kBitCountsDiffer for a table whose counts differ;
  // kBitRowsDiffer for rows missing, extra or changed; kBitOrphans for a
  // target-side OrphanFinding or an IntegrityFinding "orphans";
  // kBitSchemaDiffers for a SchemaFinding, another IntegrityFinding, or a
  // DriftFinding "schema", "table added" or "table removed" (drift in rows
  // or checksums alone is expected of a live database and sets no bit);
  // kBitCouldNotRun when `error` is set or a table has an error.
  int bits() const;
  int exit_code() const;  // 0, or kExitVerifyBase + bits()
};

}  // namespace litelift
