#include "engines/target_ready.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>

#include "mapping/error.hpp"

namespace litelift {

double ready_backoff_seconds(int attempt) {
  return std::min(5.0, 0.25 * std::pow(2.0, std::clamp(attempt, 0, 30)));
}

namespace {

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", s);
  return buf;
}

std::string wait_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", s);
  return buf;
}

}  // namespace

std::unique_ptr<TargetCatalog> connect_when_ready(Target& target, double wait_seconds,
                                                  const std::function<void(const std::string&)>& log) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const auto deadline =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(wait_seconds));
  for (int attempt = 0;; ++attempt) {
    try {
      std::unique_ptr<TargetCatalog> catalog = target.connect_catalog();
      catalog->server_version();
      if (attempt > 0 && log) log("the target is ready after " + std::to_string(attempt + 1) + " attempts");
      return catalog;
    } catch (const Error& e) {
      if (wait_seconds <= 0 || !e.transient) throw;
      const auto now = Clock::now();
      if (now >= deadline) {
        const double waited = std::chrono::duration<double>(now - start).count();
        Error out(ErrorKind::TargetConnect, "the target was not ready after waiting " + seconds_text(waited) +
                                                " (--wait " + wait_text(wait_seconds) + ", " +
                                                std::to_string(attempt + 1) +
                                                " attempts); the last error: " + e.what());
        out.sqlstate = e.sqlstate;
        out.server_code = e.server_code;
        out.transient = true;
        throw out;
      }
      const double pause =
          std::min(ready_backoff_seconds(attempt), std::chrono::duration<double>(deadline - now).count());
      if (log) log("the target is not ready (" + std::string(e.what()) + "); trying again in " + seconds_text(pause));
      std::this_thread::sleep_for(std::chrono::duration<double>(pause));
    }
  }
}

}  // namespace litelift
