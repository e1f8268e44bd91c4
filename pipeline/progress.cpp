#include "pipeline/progress.hpp"

#include <cstdio>
#include <string>

namespace litelift {

std::string format_duration(double seconds) {
  if (seconds < 0) seconds = 0;
  auto s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s < 60)
    std::snprintf(buf, sizeof buf, "%lds", s);
  else if (s < 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  return buf;
}

ProgressDisplay::ProgressDisplay(const std::vector<std::unique_ptr<TableProgress>>& tables, bool enabled)
    : tables_(tables), started_ns_(steady_now_ns()) {
  if (enabled) thread_ = std::thread([this] { loop(); });
}

ProgressDisplay::~ProgressDisplay() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void ProgressDisplay::loop() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, std::chrono::milliseconds(500), [this] { return stop_; })) draw(false);
  draw(true);
}

void ProgressDisplay::draw(bool final) {
  std::string out;
  if (lines_drawn_ > 0) out += "\x1b[" + std::to_string(lines_drawn_) + "F";  // back to the first line
  int lines = 0;
  if (!final) {
    int64_t now = steady_now_ns();
    int64_t total_expected = 0, total_done = 0;
    for (const auto& t : tables_) {
      int64_t done = t->rows_encoded.load();
      total_expected += t->expected_rows;
      total_done += std::min(done, t->expected_rows);
      int64_t start = t->started_ns.load();
      if (start == 0 || t->finished_ns.load() != 0) continue;
      double secs = static_cast<double>(now - start) / 1e9;
      double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
      double eta = rate > 0 ? static_cast<double>(t->expected_rows - done) / rate : 0;
      char line[256];
      std::snprintf(line, sizeof line, "  %-24.24s %12lld / %-12lld %10.0f rows/s  ETA %s\x1b[K\n", t->table.c_str(),
                    static_cast<long long>(done), static_cast<long long>(t->expected_rows), rate,
                    format_duration(eta).c_str());
      out += line;
      ++lines;
    }
    double secs = static_cast<double>(now - started_ns_) / 1e9;
    double rate = secs > 0 ? static_cast<double>(total_done) / secs : 0;
    double eta = rate > 0 ? static_cast<double>(total_expected - total_done) / rate : 0;
    char line[256];
    std::snprintf(line, sizeof line, "loading %lld / %lld rows  %.0f rows/s  elapsed %s  ETA %s\x1b[K\n",
                  static_cast<long long>(total_done), static_cast<long long>(total_expected), rate,
                  format_duration(secs).c_str(), format_duration(eta).c_str());
    out += line;
    ++lines;
  }
  // Blank what the previous frame drew below this one.
  for (int i = lines; i < lines_drawn_; ++i) out += "\x1b[K\n";
  if (lines_drawn_ > lines) out += "\x1b[" + std::to_string(lines_drawn_ - lines) + "F";
  lines_drawn_ = lines;
  std::fputs(out.c_str(), stderr);
  std::fflush(stderr);
}

}  // namespace litelift
