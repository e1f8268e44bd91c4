// Pieces the verify outputs share (verify_output.cpp, verify_junit.cpp,
// verify_prometheus.cpp); not for other callers.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "verify/verify_result.hpp"

namespace litelift::detail {

struct BitName {
  int bit;
  const char* name;  // JSON "bits", the Prometheus bit label
  const char* text;  // the terminal verdict, JUnit
};
inline constexpr BitName kBits[] = {
    {kBitCountsDiffer, "counts_differ", "counts differ"},
    {kBitRowsDiffer, "rows_differ", "rows differ"},
    {kBitOrphans, "orphans", "orphans"},
    {kBitSchemaDiffers, "schema_differs", "schema differs"},
    {kBitCouldNotRun, "could_not_run", "could not run"},
};

// Each code point (negative for an invalid sequence) and its bytes.
void for_each_code_point(std::string_view s, const std::function<void(int32_t, std::string_view)>& f);

// TableVerify::last_success_unix, or this run's start when the table is clean now; 0 unknown.
double last_success(const VerifyResult& r, const TableVerify& t);

std::string rows_text(int64_t n);                       // "1 row", "2 rows"
std::string count_summary(const TableVerify& t);        // "2 missing, 1 changed"
std::string row_values(const RowDiff& d, bool source);  // "id=7, name='Zoë'"
std::string kind_label(const RowDiff& d);               // "missing", "missing x3" (keyless copies)
std::string join(const std::vector<std::string>& items, const std::string& sep);

}  // namespace litelift::detail
