#include "pipeline/target_lock.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "mapping/error.hpp"

namespace litelift {

std::string describe_lock_holder(TargetCatalog& catalog, RunLedger& ledger) {
  const std::optional<LockHolder> holder = catalog.run_lock_holder();
  if (!holder) return "";
  std::optional<LedgerRow> run;
  try {
    run = ledger.running_in_session(holder->session);
  } catch (const Error&) {
    // An unreadable ledger still leaves the server's view of the holder.
  }
  if (run)
    return "run " + std::to_string(run->id) + " on host " + run->host + ", process " + run->pid + ", started " +
           run->started_at + " (litelift " + run->tool_version + ", source " + run->source_path + "; server session " +
           holder->session + ")";
  std::string out = "server session " + holder->session;
  if (!holder->client.empty()) out += " from " + holder->client;
  if (!holder->connected_since.empty()) out += ", connected since " + holder->connected_since;
  return out + ", which has no running row in " + ledger.table() +
         " (a litelift migrate that is just starting, or another program)";
}

RunLock::RunLock(TargetCatalog& catalog, RunLedger& ledger, double timeout_seconds,
                 const std::function<void(const std::string&)>& log)
    : catalog_(catalog) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  bool told = false;
  while (!catalog.try_run_lock()) {
    const double waited = std::chrono::duration<double>(Clock::now() - start).count();
    if (waited >= timeout_seconds) {
      std::string holder = describe_lock_holder(catalog, ledger);
      if (holder.empty()) holder = "another session (it has just let go; try again)";
      char when[64];
      std::snprintf(when, sizeof when, "%.1f s (--lock-timeout %g)", waited, timeout_seconds);
      throw Error(ErrorKind::Locked, "another litelift migrate is running on this target: " + holder + "; " +
                                         catalog.run_lock_name() + " still held after waiting " + when);
    }
    if (!told && log) {
      log("waiting for the migration lock (" + catalog.run_lock_name() + ")");
      told = true;
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(std::min(0.5, timeout_seconds - waited)));
  }
  if (log) log("holding the migration lock (" + catalog.run_lock_name() + ")");
}

RunLock::~RunLock() {
  try {
    catalog_.release_run_lock();
  } catch (...) {
    // The lock goes with the session when the connection closes.
  }
}

}  // namespace litelift
