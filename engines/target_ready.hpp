// Waiting for a target that is still starting (--wait): a database
// container refuses connections for a while, or accepts them and fails
// queries ("the database system is starting up"). Engine-neutral: each
// engine marks the errors that mean "not ready yet" (Error::transient).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "engines/target.hpp"

namespace litelift {

// The pause after failed attempt `attempt` (0-based): 0.25 s, doubling, at most 5 s.
double ready_backoff_seconds(int attempt);

// Connects a catalog and reads the server version on it (a query), again
// and again while the failure is transient and `wait_seconds` have not
// passed; returns the catalog that answered. An error that is not
// transient (wrong credentials, an unknown database) is thrown at once as
// it came, and so is any error when `wait_seconds` is 0. When the time is
// up: Error(TargetConnect) "the target was not ready after waiting 5.0 s
// (--wait 5, 7 attempts); the last error: ...". An attempt itself may take
// up to the engine's connect timeout.
std::unique_ptr<TargetCatalog> connect_when_ready(Target& target, double wait_seconds,
                                                  const std::function<void(const std::string&)>& log = {});

}  // namespace litelift
