// The scheduled audit (cron, systemd timers, Kubernetes CronJobs): with a
// source, everything verify does; on the target alone, integrity checks
// against what the schema intends (orphans, duplicates in unique keys,
// NULLs in NOT NULL columns, rows breaking CHECKs, whether or not the
// target enforces them); and the drift since the last audit (schema
// fingerprint, row counts, per-table checksums), kept in an audit history:
// a JSON Lines file, or a table in the target.
//
// What the schema intends comes from the source's plan when a source is
// given, else from the last audit that recorded it, else from the target's
// own constraints. Each history entry records it, so a nightly audit
// without the source still checks what the migration promised.
#pragma once

#include <string>

#include "verify/verifier.hpp"

namespace litelift {

// The verify request (its source may be "" for a target-only audit), and the history.
struct AuditRequest : VerifyRequest {
  std::string history_file;   // JSON Lines, appended to
  std::string history_table;  // or a table in the target (created when missing)
  std::string ledger_table;   // migrate's run ledger: not a user table, never audited
};

// Never throws: an error that stops it is in VerifyResult::error.
VerifyResult run_audit(const AuditRequest& request);

}  // namespace litelift
