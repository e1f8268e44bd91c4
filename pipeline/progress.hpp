// Live progress on a terminal: one line per table being loaded (rows,
// rows/s, ETA) and a total, redrawn twice a second on stderr. Does nothing
// when disabled (not a terminal, or -q).
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "pipeline/load_scheduler.hpp"

namespace litelift {

class ProgressDisplay {
 public:
  ProgressDisplay(const std::vector<std::unique_ptr<TableProgress>>& tables, bool enabled);
  ~ProgressDisplay();  // erases the display
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

 private:
  void loop();
  void draw(bool final);

  const std::vector<std::unique_ptr<TableProgress>>& tables_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  int lines_drawn_ = 0;
  int64_t started_ns_ = 0;
  std::thread thread_;
};

// "1:02:03", "4:05", "7s"
std::string format_duration(double seconds);

}  // namespace litelift
