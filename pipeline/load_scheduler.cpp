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
};

struct WorkItem {
  size_t load;
  size_t slice;
};

// Shared state of one run_load call.
class Scheduler {
 public:
  Scheduler(Source& source, Target& target, const std::vector<TableLoad>& loads, const LoadOptions& options,
            std::vector<std::unique_ptr<TableProgress>>& progress)
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
    int64_t zero = 0;
    prog.started_ns.compare_exchange_strong(zero, steady_now_ns());

    std::unique_ptr<SliceReader> reader = source_.open_slice(*load.table, load.slices[item.slice]);
    size_t tokens = std::max<size_t>(2, options_.tokens_per_stream);
    std::vector<Chunk> chunks(tokens);
    std::vector<Chunk*> free_chunks;
    for (auto& c : chunks) free_chunks.push_back(&c);
    std::mutex free_mutex;
    const size_t columns = load.table->columns.size();

    writer.begin(*load.plan);
    try {
      tbb::parallel_pipeline(
          tokens,
          tbb::make_filter<void, Chunk*>(tbb::filter_mode::serial_in_order,
                                         [&](tbb::flow_control& fc) -> Chunk* {
                                           if (stop_) {
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
                                         }) &
              tbb::make_filter<Chunk*, Chunk*>(tbb::filter_mode::parallel,
                                               [&](Chunk* c) {
                                                 c->encoded.clear();
                                                 encoder.encode(c->batch, c->encoded);
                                                 return c;
                                               }) &
              tbb::make_filter<Chunk*, void>(tbb::filter_mode::serial_in_order, [&](Chunk* c) {
                writer.write(c->encoded);
                prog.rows_encoded += static_cast<int64_t>(c->batch.rows());
                std::lock_guard lock(free_mutex);
                free_chunks.push_back(c);
              }));
      if (stop_) throw Error(ErrorKind::Internal, "stopped");  // another stream failed; its error is reported
      prog.rows_written += writer.finish();
    } catch (...) {
      writer.abort();
      throw;
    }
    if (--prog.slices_left == 0) prog.finished_ns = steady_now_ns();
  }

  Source& source_;
  Target& target_;
  const std::vector<TableLoad>& loads_;
  const LoadOptions& options_;
  std::vector<std::unique_ptr<TableProgress>>& progress_;
  std::vector<std::unique_ptr<Encoder>> encoders_;
  std::vector<WorkItem> work_;
  std::atomic<bool> stop_{false};
};

}  // namespace

int64_t steady_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void run_load(Source& source, Target& target, const std::vector<TableLoad>& loads, const LoadOptions& options,
              std::vector<std::unique_ptr<TableProgress>>& progress) {
  for (size_t i = 0; i < loads.size(); ++i) progress[i]->slices_left = static_cast<int>(loads[i].slices.size());
  Scheduler(source, target, loads, options, progress).run();
}

}  // namespace litelift
