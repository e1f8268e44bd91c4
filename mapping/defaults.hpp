// DEFAULT clauses: a literal default is read as SQLite would store it, put
// through the column's own value conversion (so a default that would not
// fit the target type is reported, never sent to fail CREATE TABLE), and
// written as a literal of the dialect. Expressions other than
// CURRENT_TIMESTAMP are reported, not migrated.
#pragma once

#include <optional>
#include <string>

#include "mapping/dialect.hpp"
#include "mapping/target_plan.hpp"

namespace litelift {

// The DEFAULT for `column` on the target, or nullopt. `note` is set when the
// default is changed or not carried over, saying why.
std::optional<std::string> map_default(const std::string& sqlite_default, const ColumnPlan& column,
                                       const Dialect& dialect, std::string& note);

// True when `sqlite_default` is a literal (number, string, blob, TRUE,
// FALSE, NULL, possibly in parentheses), not an expression.
bool literal_default(const std::string& sqlite_default);

// A string literal of the dialect: 'it''s' (and backslashes doubled where they escape).
std::string sql_string_literal(std::string_view text, const Dialect& dialect);

}  // namespace litelift
