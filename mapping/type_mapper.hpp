// Declared SQLite types -> target types (docs/types.md). Pure: no I/O.
// Where the declared type does not decide (no type, a type SQLite apps use
// loosely, VARCHAR(n) holding longer text), the decision is taken from a
// profile of the values the column actually holds, which the caller reads
// from the source first (profile_need says which columns need one).
#pragma once

#include <string>
#include <vector>

#include "mapping/cast_rule.hpp"
#include "mapping/dialect.hpp"
#include "mapping/profile.hpp"
#include "mapping/schema.hpp"
#include "mapping/target_plan.hpp"

namespace litelift {

// The family and parameters a declared type asks for, ignoring data, keys
// and cast rules: "VARCHAR(20)" -> Varchar 20, "DECIMAL(10,2)" -> Decimal
// 10,2; no type or an unknown one -> Text.
TargetType map_declared_type(const std::string& declared_type, const Dialect& dialect);

// Renders the type name for the dialect and fills TargetType::sql.
void render_type(TargetType& type, const Dialect& dialect);

enum class ProfileNeed { None, Lengths, Full };

// Whether choosing `column`'s type needs a profile of its values.
// `rowid`: the column is the table's INTEGER PRIMARY KEY; `key`: it is in a
// key, an index or a foreign key (MySQL sizes such text).
ProfileNeed profile_need(const std::string& table, const Column& column, bool rowid, bool key, const Dialect& dialect,
                         const std::vector<CastRule>& casts);

struct ColumnType {
  TargetType type;
  TemporalSource temporal = TemporalSource::Iso;
  std::string why;                 // how the type was chosen
  std::vector<std::string> notes;  // said about the column in the report
};

// A column's target type: a cast rule, else the declared type, else its
// values; then widened where the values need it and sized for keys.
ColumnType choose_column_type(const std::string& table, const Column& column, bool rowid, bool key,
                              const Dialect& dialect, const std::vector<CastRule>& casts,
                              const ColumnProfile* profile);

// "10 integers, 2 texts", for reasons.
std::string counts_text(const ColumnProfile& profile);

}  // namespace litelift
