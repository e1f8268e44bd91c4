// Cast rules: the user's say over a column's target type, given with --cast
// (repeatable) or in the [cast] section of the config file:
//
//   datetime=timestamptz                        every column declared DATETIME
//   varchar(255)=text                           declared exactly VARCHAR(255)
//   orders.placed_at=timestamp                  one column
//   "my.table"."odd ""name"""=text               quoted names, as in SQL
//   events.occurred_at=timestamp using julianday
//   users.created=timestamp using epoch         (also: epoch_ms)
//
// A column rule wins over a declared-type rule; among rules of one kind the
// last one given wins. Names and types compare case-insensitively (SQLite's
// names are). Pure; no dialect: the mapper renders the type per target.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mapping/target_plan.hpp"

namespace litelift {

// The type a rule asks for, before a dialect renders it.
struct CastTarget {
  TypeFamily family = TypeFamily::Text;
  int length = 0;     // varchar(n): n; blob: 0
  int precision = 0;  // decimal(p,s); 0: unconstrained
  int scale = 0;
  bool json_text = false;  // "json": keep the document's text where the target can (PostgreSQL json, not jsonb)
};

struct CastRule {
  std::string text;  // as given, for messages: "datetime=timestamptz"
  bool by_column = false;
  std::string declared_type;  // by type: upper case, blanks collapsed: "DATETIME", "VARCHAR(255)", "DOUBLE PRECISION"
  std::string table;          // by column: the names, unquoted
  std::string column;
  CastTarget target;
  TemporalSource source = TemporalSource::Iso;  // "using epoch|epoch_ms|julianday"
};

// Parses one rule: NAME=TYPE [using CONVERSION], blanks allowed around '='
// and the dot and between words. NAME is a declared type when it has no dot
// outside double quotes, else TABLE.COLUMN, each name bare (ASCII letters,
// digits, '_', any non-ASCII byte) or double-quoted with "" for a quote.
// Throws Error(Usage) with a one-line message (valid UTF-8) that quotes the
// rule and says what is wrong, e.g.
//   --cast 'orders.placed_at=timestmp': unknown type 'timestmp' (types: integer, real, ...)
//   --cast 'datetime': expected NAME=TYPE [using epoch|epoch_ms|julianday]
//   --cast 'orders.total=decimal using epoch': 'using epoch' needs a date or timestamp type
//   --cast 'my.table.col=text': more than one dot: quote names that contain dots, as in "my.table".column
// Type names: integer (int, bigint), real (double, float, double precision),
// decimal[(p[,s])] (numeric; p 1..1000, 0 <= s <= p), text, varchar(n)
// (n >= 1), blob (bytea, binary), boolean (bool), date, time, timestamp
// (datetime), timestamptz, json, jsonb, uuid. "using" goes only with date,
// timestamp and timestamptz.
CastRule parse_cast_rule(std::string_view rule);

// The rule that applies to a column, or nullptr: the last column rule whose
// table and column equal these (ASCII case-insensitively), else the last
// declared-type rule that matches normalize_declared_type(declared_type) --
// all of it when the rule has parameters ("VARCHAR(255)"), its part before
// '(' when not ("VARCHAR" matches VARCHAR(100)). An empty declared type
// matches no type rule.
const CastRule* find_cast_rule(const std::vector<CastRule>& rules, std::string_view table, std::string_view column,
                               std::string_view declared_type);

// ASCII upper case with runs of blanks collapsed to one space and none
// around parentheses and commas: " varchar ( 255 ) " -> "VARCHAR(255)",
// "numeric(10) unsigned" -> "NUMERIC(10)UNSIGNED".
std::string normalize_declared_type(std::string_view declared_type);

// A rule that would select this column, for messages: orders.placed_at, or
// "my.table"."col" when a name needs quoting (anything but ASCII letters,
// digits and '_', or a leading digit). parse_cast_rule reads it back.
std::string cast_rule_column(std::string_view table, std::string_view column);

}  // namespace litelift
