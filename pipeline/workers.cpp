#include "pipeline/workers.hpp"

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace litelift {

void run_workers(size_t items, int workers, const std::function<void(size_t, size_t)>& work, std::atomic<bool>* stop) {
  std::mutex mutex;
  size_t next = 0;
  std::exception_ptr error;
  auto worker = [&](size_t w) {
    try {
      for (;;) {
        size_t i;
        {
          std::lock_guard lock(mutex);
          if (error || next >= items) return;
          i = next++;
        }
        work(i, w);
      }
    } catch (...) {
      std::lock_guard lock(mutex);
      if (!error) error = std::current_exception();
      if (stop) *stop = true;
    }
  };
  size_t count = std::min<size_t>(static_cast<size_t>(std::max(workers, 1)), std::max<size_t>(items, 1));
  std::vector<std::thread> threads;
  for (size_t w = 1; w < count; ++w) threads.emplace_back(worker, w);
  worker(0);
  for (auto& t : threads) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace litelift
