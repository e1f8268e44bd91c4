// What `verify` and `audit` found (verify/verify_result.hpp), rendered for
// people (the terminal summary), for programs (JSON), for CI (JUnit XML)
// and for monitoring (node_exporter's textfile collector). The JSON schema,
// the JUnit mapping and the metric names are documented in docs/verify.md;
// change them there first. Pure functions, except write_verify_outputs.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "verify/verify_result.hpp"

namespace litelift {

// Terminal columns taken by UTF-8 text: East Asian Wide and Fullwidth
// characters take 2, combining marks, format characters (zero-width
// space, joiners) and other default-ignorable code points 0, the rest 1.
// An invalid byte counts 1 (it shows as U+FFFD).
size_t display_width(std::string_view utf8);

// "ok" (no bit), "differences" (a bit other than kBitCouldNotRun) or
// "failed" (kBitCouldNotRun: something could not be checked).
std::string verify_status(const VerifyResult& result);
// "ok", "differs" (counts or rows), "missing" (the table is not in the
// target) or "error" (this table could not be verified).
std::string table_status(const TableVerify& table);
// The set bits as names: "counts_differ", "rows_differ", "orphans",
// "schema_differs", "could_not_run", in bit order.
std::vector<std::string> verify_bit_names(int bits);
// started_at as Unix seconds; 0 when it is empty or not ISO-8601 UTC.
double run_unix_time(const VerifyResult& result);

std::string verify_text(const VerifyResult& result);        // the terminal summary
std::string verify_json(const VerifyResult& result);        // schema_version 1
std::string verify_junit(const VerifyResult& result);       // one <testsuite>, UTF-8
std::string verify_prometheus(const VerifyResult& result);  // text format 0.0.4, gauges only

struct VerifyOutputPaths {
  std::string json;  // "" = not written
  std::string junit;
  std::string prometheus;  // written to a temporary file beside it, then renamed over it
};

// Writes each output that has a path. The Prometheus file is replaced
// atomically (node_exporter may read it at any moment) and made readable
// by all (mode 0644); the others are written in place, so /dev/stdout
// works. Throws Error(Usage) naming the file when one cannot be written.
void write_verify_outputs(const VerifyResult& result, const VerifyOutputPaths& paths);

}  // namespace litelift
