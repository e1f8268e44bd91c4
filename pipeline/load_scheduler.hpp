// Loads table slices into the target: `jobs` streams, each owning one target
// writer, each running a oneTBB parallel_pipeline per slice
// (serial read -> parallel encode -> serial write). Tokens bound the batches
// in flight, so memory is jobs x tokens x batch, whatever the database size.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engines/source.hpp"
#include "engines/target.hpp"
#include "mapping/error.hpp"
#include "pipeline/reject_log.hpp"

namespace litelift {

struct TableLoad {
  const Table* table = nullptr;
  const TablePlan* plan = nullptr;
  std::vector<Slice> slices;
  int64_t source_rows = 0;
  std::vector<OrphanRule> orphan_rules;  // --orphans null|reject for keys that have orphans
};

// Per-table counters, updated by the streams and read by the progress display.
struct TableProgress {
  std::string table;
  int64_t expected_rows = 0;
  std::atomic<int64_t> rows_read{0};      // rows read from the source
  std::atomic<int64_t> rows_written{0};   // rows the server confirmed
  std::atomic<int64_t> rows_encoded{0};   // rows handed to the writer
  std::atomic<int64_t> rows_rejected{0};  // rows left out (RejectLog)
  std::atomic<int> slices_left{0};
  std::atomic<int64_t> started_ns{0};  // steady_clock; 0 = not started
  std::atomic<int64_t> finished_ns{0};

  // Conversion notes per plan column: notes[column * kConversionNoteCount + bit].
  void add_notes(const std::vector<uint32_t>& counts);
  std::vector<int64_t> notes() const;

 private:
  mutable std::mutex notes_mutex_;
  std::vector<int64_t> notes_;
};

struct LoadOptions {
  int jobs = 2;
  size_t batch_rows = 4096;
  size_t tokens_per_stream = 4;
  RowPolicies policies;
  RejectLog* rejects = nullptr;  // required when a policy is Reject
  int64_t max_rejects = -1;      // stop once more rows than this are rejected; -1: no limit
  // Set from outside (a signal): the streams stop after the batch in flight,
  // roll back their slices, and run_load throws Error(Interrupted).
  const std::atomic<bool>* cancel = nullptr;
  // Called once per load, from a stream's thread, when every slice of it
  // has committed: the table is complete. Never for a table with a failed
  // or rolled-back slice (whose committed slices the caller clears).
  std::function<void(size_t load)> table_loaded;
};

// The error run_load throws when `cancel` stopped it.
Error interrupted_error();

// Runs every slice of `loads`; `progress` has one entry per load, same order.
// Each slice is one transaction of its own (one COPY / LOAD DATA), so a
// table of several slices is complete only when all of them committed
// (LoadOptions::table_loaded). Throws the first error any stream hit, after
// stopping and rolling back the slices of the others.
void run_load(Source& source, Target& target, const std::vector<TableLoad>& loads, const LoadOptions& options,
              const std::vector<TableProgress*>& progress);

int64_t steady_now_ns();

}  // namespace litelift
