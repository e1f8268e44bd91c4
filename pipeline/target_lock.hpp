// One migrate at a time: litelift's migration lock on the target
// (TargetCatalog::try_run_lock), held on a catalog connection of its own for
// the whole run. A second run waits up to --lock-timeout and then fails
// naming the holder: its host, process id and start time from the holder's
// run ledger row (found by the server session that holds the lock), else
// what the server knows of that session. The lock goes with its session, so
// a killed run never leaves one behind.
#pragma once

#include <functional>
#include <string>

#include "engines/target.hpp"
#include "pipeline/run_ledger.hpp"

namespace litelift {

class RunLock {
 public:
  // Takes the lock on `catalog`, trying every 0.5 s for up to
  // `timeout_seconds` (0: once). Throws Error(Locked) when another session
  // keeps it, naming it through `ledger`.
  RunLock(TargetCatalog& catalog, RunLedger& ledger, double timeout_seconds,
          const std::function<void(const std::string&)>& log = {});
  ~RunLock();  // releases; never throws (closing the connection releases it too)
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

 private:
  TargetCatalog& catalog_;
};

// Who holds the lock, in words, for the error; "" when it is free.
std::string describe_lock_holder(TargetCatalog& catalog, RunLedger& ledger);

}  // namespace litelift
