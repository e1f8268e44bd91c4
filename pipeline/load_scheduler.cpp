#include "pipeline/load_scheduler.hpp"

#include <tbb/parallel_pipeline.h>

#include <mutex>

#include "mapping/error.hpp"
#include "pipeline/workers.hpp"

namespace litelift {
namespace {

struct Chunk {
  RowBatch batch;
  std::string encoded;
  EncodeResult result;
};

struct WorkItem {
  size_t load;
  size_t slice;
};

// Shared state of one run_load call.
class Scheduler {
 public:
  Scheduler(Source& source, Target& target, const std::vector<TableLoad>& loads, const LoadOptions& options,
            const std::vector<TableProgress*>& progress)
      : source_(source), target_(target), loads_(loads), options_(options), progress_(progress) {
    for (size_t l = 0; l < loads.size(); ++l) {
      encoders_.push_back(target.make_encoder(*loads[l].plan));
      for (size_t s = 0; s < loads[l].slices.size(); ++s) work_.push_back({l, s});
    }
  }

  // One writer (connection) per stream, opened when the stream takes its first slice.
  void run() {
    int streams = std::max(1, std::min<int>(options_.jobs, static_cast<int>(work_.size())));
    std::vector<std::unique_ptr<TargetWriter>> writers(static_cast<size_t>(streams));
    run_workers(
        work_.size(), streams,
        [&](size_t item, size_t stream) {
          if (!writers[stream]) writers[stream] = target_.connect_writer();
          load_slice(*writers[stream], work_[item]);
        },
        &stop_);
  }

 private:
  void load_slice(TargetWriter& writer, const WorkItem& item) {
    const TableLoad& load = loads_[item.load];
    TableProgress& prog = *progress_[item.load];
    const Encoder& encoder = *encoders_[item.load];
    if (cancelled()) throw interrupted_error();
    int64_t zero = 0;
    prog.started_ns.compare_exchange_strong(zero, steady_now_ns());

    std::unique_ptr<SliceReader> reader = source_.open_slice(*load.table, load.slices[item.slice], load.orphan_rules);
    size_t tokens = std::max<size_t>(2, options_.tokens_per_stream);
    std::vector<Chunk> chunks(tokens);
    std::vector<Chunk*> free_chunks;
    for (auto& c : chunks) free_chunks.push_back(&c);
    std::mutex free_mutex;
    size_t columns = load.table->columns.size();
    for (const auto& rule : load.orphan_rules) columns += rule.action == OrphanRule::Action::Flag;
    int64_t encoded = 0;

    writer.begin(*load.plan);
    try {
      tbb::parallel_pipeline(
          tokens,
          tbb::make_filter<void, Chunk*>(tbb::filter_mode::serial_in_order, [&](tbb::flow_control& fc) -> Chunk* {
            if (stop_ || cancelled()) {
              fc.stop();
              return nullptr;
            }
            Chunk* c;
            {
              std::lock_guard lock(free_mutex);
              c = free_chunks.back();
              free_chunks.pop_back();
            }
            c->batch.reset(columns);
            if (!reader->next(c->batch, options_.batch_rows)) {
              std::lock_guard lock(free_mutex);
              free_chunks.push_back(c);
              fc.stop();
              return nullptr;
            }
            return c;
          }) & tbb::make_filter<Chunk*, Chunk*>(tbb::filter_mode::parallel, [&](Chunk* c) {
            c->encoded.clear();
            encoder.encode(c->batch, c->encoded, c->result);
            return c;
          }) & tbb::make_filter<Chunk*, void>(tbb::filter_mode::serial_in_order, [&](Chunk* c) {
            // Refused rows are settled before the chunk's bytes go out,
            // so that a stopping policy writes nothing of this chunk.
            if (!c->result.rejected.empty()) settle_rejects(load, c->batch, c->result);
            writer.write(c->encoded, c->result.rows);
            prog.rows_read += static_cast<int64_t>(c->batch.rows());
            prog.rows_encoded += static_cast<int64_t>(c->result.rows);
            prog.rows_rejected += static_cast<int64_t>(c->result.rejected.size());
            encoded += static_cast<int64_t>(c->result.rows);
            prog.add_notes(c->result.note_counts);
            std::lock_guard lock(free_mutex);
            free_chunks.push_back(c);
          }));
      if (cancelled()) throw interrupted_error();
      if (stop_) throw Error(ErrorKind::Internal, "stopped");  // another stream failed; its error is reported
      const int64_t confirmed = writer.finish();
      if (confirmed != encoded) {
        Error e(ErrorKind::Target, "loading table " + target_.dialect().quote_identifier(load.plan->name) +
                                       ": the server confirmed " + std::to_string(confirmed) + " of " +
                                       std::to_string(encoded) + " rows sent");
        e.table = load.plan->name;
        throw e;
      }
      prog.rows_written += confirmed;
    } catch (...) {
      writer.abort();
      throw;
    }
    if (--prog.slices_left == 0) {
      prog.finished_ns = steady_now_ns();
      if (options_.table_loaded) options_.table_loaded(item.load);
    }
  }

  bool cancelled() const { return options_.cancel && options_.cancel->load(); }

  // Per refused row: stop the run, or write it to the reject file.
  void settle_rejects(const TableLoad& load, const RowBatch& batch, const EncodeResult& result) {
    for (const RejectedValue& r : result.rejected) {
      if (options_.policies.of(r.refusal) == RowPolicy::Fail || !options_.rejects) {
        Error e(ErrorKind::Data, refused_value_message(*load.plan, batch, r));
        e.table = load.plan->source_name;
        e.column = load.plan->columns[r.column].source_name;
        throw e;
      }
      options_.rejects->add(*load.table, *load.plan, batch, r);
      const int64_t total = ++rejected_;
      if (options_.max_rejects >= 0 && total > options_.max_rejects) {
        Error e(ErrorKind::Data, "more than " + std::to_string(options_.max_rejects) +
                                     " rows rejected (--max-rejects " + std::to_string(options_.max_rejects) +
                                     "); the last: " + refused_value_message(*load.plan, batch, r));
        e.table = load.plan->source_name;
        throw e;
      }
    }
  }

  Source& source_;
  Target& target_;
  const std::vector<TableLoad>& loads_;
  const LoadOptions& options_;
  const std::vector<TableProgress*>& progress_;
  std::vector<std::unique_ptr<Encoder>> encoders_;
  std::vector<WorkItem> work_;
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> rejected_{0};
};

}  // namespace

void TableProgress::add_notes(const std::vector<uint32_t>& counts) {
  bool any = false;
  for (uint32_t n : counts) any = any || n != 0;
  if (!any) return;
  std::lock_guard lock(notes_mutex_);
  if (notes_.size() < counts.size()) notes_.resize(counts.size(), 0);
  for (size_t i = 0; i < counts.size(); ++i) notes_[i] += counts[i];
}

std::vector<int64_t> TableProgress::notes() const {
  std::lock_guard lock(notes_mutex_);
  return notes_;
}

Error interrupted_error() {
  return Error(ErrorKind::Interrupted, "interrupted");
}

int64_t steady_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void run_load(Source& source, Target& target, const std::vector<TableLoad>& loads, const LoadOptions& options,
              const std::vector<TableProgress*>& progress) {
  for (size_t i = 0; i < loads.size(); ++i) progress[i]->slices_left = static_cast<int>(loads[i].slices.size());
  Scheduler(source, target, loads, options, progress).run();
}

}  // namespace litelift
