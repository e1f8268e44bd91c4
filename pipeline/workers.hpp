// A small pool for independent items of work (table slices, index builds,
// source checks): up to `workers` threads, the caller being worker 0.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>

namespace litelift {

// Runs work(item, worker) for every item in [0, items), each item once, on
// up to `workers` threads; `worker` (0..workers-1) lets the caller keep one
// connection per thread. After the first exception no new item starts,
// `*stop` (when given) is set so that running items can end early, and the
// exception is rethrown once every thread has returned.
void run_workers(size_t items, int workers, const std::function<void(size_t item, size_t worker)>& work,
                 std::atomic<bool>* stop = nullptr);

}  // namespace litelift
