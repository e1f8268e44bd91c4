// The migration report: what ran, against what, per-table figures, the
// verification that ended it, every note and the error. Rendered as the terminal summary, JSON
// (--report run.json) or Markdown (--report run.md). Never holds a password.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mapping/error.hpp"
#include "pipeline/migration.hpp"
#include "verify/count_check.hpp"
#include "verify/verify_result.hpp"

namespace litelift {

struct RunReport {
  std::string command;  // "migrate", "verify"
  std::string source;
  std::string target;  // redacted URL
  std::string server_version;
  std::string started_at;  // ISO-8601 UTC
  double seconds = 0;
  std::string verify_mode;  // "none", "counts", "full"
  std::vector<TableResult> tables;
  MigrationPlan plan;        // the mapping of every table and column
  std::string rejects_path;  // set when rows were rejected
  int64_t rows_rejected = 0;
  std::optional<VerifyResult> verification;  // migrate's last step
  std::vector<PlanNote> notes;
  std::vector<std::string> dropped_after_failure;
  std::optional<Error> error;

  int exit_code() const;
  std::string status() const;  // "ok", "rejected" (rows left out), "differences", "failed"
};

std::string report_json(const RunReport& report);
std::string report_markdown(const RunReport& report);
std::string report_text(const RunReport& report);  // the terminal summary

// Writes by extension (.json, .md). Throws Error(Usage) for another extension
// and Error(Internal) when the file cannot be written.
void write_report(const RunReport& report, const std::string& path);
void check_report_path(const std::string& path);
// Error(Usage) naming the file when it cannot be written.
void write_text_file(const std::string& path, const std::string& body);  // Error(Usage) for an unsupported extension

std::string utc_now_iso();

// "usage", "source-missing", "source-invalid", "target-unreachable",
// "target", "data", "mismatch", "internal": an error's "kind" in reports.
const char* error_kind_name(ErrorKind kind);

}  // namespace litelift
