// Value conversion: one function per target family, shared by every engine's
// encoder. Each either yields the value in a form the target stores without
// change, or says why it cannot (the encoder then names table, column, row
// and value). Nothing here rounds, truncates or guesses.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "mapping/row_batch.hpp"
#include "mapping/target_plan.hpp"

namespace litelift {

struct DateTime {
  int year = 0, month = 0, day = 0;
  int hour = 0, minute = 0, second = 0;
  int micros = 0;
};

// Days since 2000-01-01 (PostgreSQL's epoch) of a valid proleptic Gregorian date.
int64_t days_since_2000(int year, int month, int day);

bool to_integer(const ValueRef& v, int64_t& out, std::string& reason);
bool to_real(const ValueRef& v, double& out, std::string& reason);
// `out` is the canonical decimal text: optional '-', digits, optional '.'
// and digits without trailing zeros ("-12.5", "0", "100"). precision 0 means
// unconstrained.
bool to_decimal(const ValueRef& v, int precision, int scale, std::string& out, std::string& reason);
// `scratch` holds the text when it had to be made (a number in an untyped column).
bool to_text(const ValueRef& v, int max_chars, bool allow_nul, std::string& scratch, std::string_view& out,
             std::string& reason);
bool to_blob(const ValueRef& v, int max_bytes, std::string_view& out, std::string& reason);  // max_bytes 0: unbounded
bool to_boolean(const ValueRef& v, bool& out, std::string& reason);
bool to_date(const ValueRef& v, DateTime& out, std::string& reason);
bool to_timestamp(const ValueRef& v, DateTime& out, std::string& reason);
// `parsed_target`: the target stores parsed JSON (PostgreSQL jsonb), which
// keeps the JSON value but not duplicate keys or \u0000; those are refused.
bool to_json(const ValueRef& v, bool parsed_target, std::string_view& out, std::string& reason);

// Shortest decimal text that reads back as exactly `d` ("0.1", "1e+300").
std::string format_double(double d);

// UTF-8 checks (ICU): true when valid; counts code points.
bool valid_utf8(std::string_view s, size_t& code_points);

// Throws Error(Data) naming the table, column, row key and value:
//   table "products", column "price" (DECIMAL(10,2) -> numeric(10,2)), rowid 42:
//   value 'abc' (text) cannot be stored unchanged: not a decimal number
[[noreturn]] void throw_value_error(const TablePlan& table, const ColumnPlan& column, const RowBatch& batch,
                                    size_t row, const std::string& reason);

}  // namespace litelift
