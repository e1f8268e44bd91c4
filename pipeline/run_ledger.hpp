// The run ledger: one row per `litelift migrate` in a table of the target
// (litelift_runs unless --ledger-table says otherwise), inserted as
// `running` once the run holds the migration lock and updated when it ends.
// `litelift history` prints it. Written through the catalog's generic
// query/execute in the dialect's quoting, so it knows no engine.
//
// Columns: id, status (running|completed|failed|aborted), tool_version,
// started_at, finished_at, host, pid, lock_session (the server's id of the
// session holding the lock, which names the holder to a second run),
// source_path, source_size, source_mtime, source_pages,
// source_schema_hash, target (redacted URL), options (JSON; never the
// password), result (ok|differences|rejected|failed), exit_code, error,
// tables (JSON: per table its counts and, when verified in full, checksums).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engines/source.hpp"
#include "engines/target.hpp"

namespace litelift {

constexpr const char* kDefaultLedgerTable = "litelift_runs";

// One option as the run was given it: a list for repeatable options.
struct RecordedOption {
  std::string name;
  std::vector<std::string> values;
  bool list = false;
};

struct RunStart {
  std::string tool_version;
  std::string started_at;  // ISO-8601 UTC
  std::string host;
  int64_t pid = 0;
  std::string source_path;
  SourceFingerprint source;
  std::string target;  // redacted URL
  std::vector<RecordedOption> options;
};

struct LedgerTable {
  std::string table;  // target name
  std::string source_table;
  int64_t source_rows = 0;
  int64_t loaded_rows = 0;
  int64_t rejected_rows = 0;
  int64_t target_rows = -1;     // as the verification counted them; -1 when not verified
  std::string source_checksum;  // TableVerify's, "" unless verified in full
  std::string target_checksum;
  bool completed = false;  // every row committed: --resume does not load it again
};

struct RunEnd {
  std::string status;  // "completed" (the migration ran to its end), "failed" or "aborted" (SIGINT / SIGTERM)
  std::string finished_at;
  std::string result;  // RunReport::status(): ok, differences, rejected, failed
  int exit_code = 0;
  std::string error;
  std::vector<LedgerTable> tables;
};

// A ledger row as stored, every column as text ("" for NULL).
struct LedgerRow {
  int64_t id = 0;
  std::string status, tool_version, started_at, finished_at, host, pid, lock_session;
  std::string source_path, source_size, source_mtime, source_pages, source_schema_hash;
  std::string target, options, result, exit_code, error, tables;
};

class RunLedger {
 public:
  // `table` is the ledger's name; nothing is read or written until asked.
  RunLedger(TargetCatalog& catalog, const Dialect& dialect, std::string table);
  const std::string& table() const { return table_; }

  bool exists();
  // CREATE TABLE IF NOT EXISTS; inserts the run as `running`; returns its id.
  int64_t start(const RunStart& run, const std::string& lock_session);
  void finish(int64_t id, const RunEnd& end);
  // While the run goes on: its tables so far whose every row is committed
  // (the `tables` column, [{"table": ..., "completed": true}, ...]), so that a
  // killed run can be resumed.
  void record_completed(int64_t id, const std::vector<std::string>& tables);
  // The newest row before run `id`; nullopt when there is none.
  std::optional<LedgerRow> previous(int64_t id);
  // The newest `running` row written by server session `session`, if the ledger has one.
  std::optional<LedgerRow> running_in_session(const std::string& session);
  // Every row, newest first; none when the table does not exist.
  std::vector<LedgerRow> rows();

 private:
  std::vector<LedgerRow> select(const std::string& where);
  std::string text(const std::string& v) const;  // a string literal

  TargetCatalog& catalog_;
  const Dialect& dialect_;
  std::string table_;
};

// The tables a ledger row lists as completed (its `tables` JSON).
std::vector<std::string> completed_tables(const LedgerRow& row);

// `litelift history`: an aligned table, newest first.
std::string history_text(const std::vector<LedgerRow>& rows, const std::string& ledger_table);
// The rows as a JSON array; options and tables as JSON, numbers as numbers.
std::string history_json(const std::vector<LedgerRow>& rows);

}  // namespace litelift
