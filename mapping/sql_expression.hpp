// SQLite expressions and SELECT statements: a parser to a syntax tree, and
// their translation for a target dialect. A translation keeps SQLite's
// meaning or does not happen: whatever the target would read differently
// (or refuse) is reported with the reason, quoting the part concerned.
// Engine differences come from Dialect::sql (mapping/dialect.hpp).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mapping/dialect.hpp"
#include "mapping/target_plan.hpp"

namespace litelift {

struct Select;

enum class ExprKind {
  Literal,
  Column,
  Unary,     // text: "-", "+", "~", "NOT"
  Binary,    // text: "OR", "AND", "=", "<>", "<", "<=", ">", ">=", "&", "|", "<<", ">>", "+", "-", "*", "/",
             //       "%", "||", "->", "->>"
  Is,        // a IS b (negated: IS NOT); IS [NOT] DISTINCT FROM is read as IS NOT / IS
  IsNull,    // a IS NULL, a ISNULL (negated: IS NOT NULL, NOTNULL, NOT NULL)
  In,        // args[0] IN (args[1..]) or IN (select)
  Between,   // args[0] BETWEEN args[1] AND args[2]
  Like,      // text: "LIKE", "GLOB", "MATCH", "REGEXP"; args: value, pattern[, escape]
  Case,      // args: [base] when, then, ... [else]
  Cast,      // text: the type name as written
  Collate,   // text: the collation name
  Function,  // text: the name as written
  Subquery,  // (SELECT ...)
  Exists,
};

enum class LiteralKind { Integer, Real, String, Blob, Null, True, False, CurrentTimestamp, CurrentDate, CurrentTime };

struct Expr {
  Expr();
  ~Expr();
  ExprKind kind = ExprKind::Literal;
  size_t begin = 0, end = 0;  // the source text it was read from
  LiteralKind literal = LiteralKind::Null;
  std::string text;   // Literal: the number as written, the string's value, the blob's hex digits; see ExprKind
  std::string table;  // Column: the qualifier, empty when none
  bool double_quoted = false;  // Column: written "x", which SQLite reads as a string when there is no such column
  bool negated = false;        // NOT IN, NOT BETWEEN, NOT LIKE, IS NOT, IS NOT NULL
  bool distinct = false;       // Function: f(DISTINCT x)
  bool star = false;           // Function: count(*)
  bool has_base = false;       // Case: CASE x WHEN ...
  bool has_else = false;
  std::vector<std::unique_ptr<Expr>> args;
  std::unique_ptr<Select> select;  // Subquery, Exists, and In with a subquery
};

struct ResultColumn {
  std::unique_ptr<Expr> expr;  // null for * and t.*
  std::string star_table;      // t.*: t
  std::string alias;
  size_t begin = 0, end = 0;
};

struct FromItem {
  std::string join;   // how it joins the items before it: "" (the first), ",", "JOIN", "LEFT JOIN", "CROSS JOIN"
  std::string table;  // a table, view or common table
  std::unique_ptr<Select> subquery;
  std::string alias;
  std::unique_ptr<Expr> on;
  std::vector<std::string> using_columns;
  size_t begin = 0, end = 0;
};

struct OrderTerm {
  enum class Nulls { Default, First, Last };
  std::unique_ptr<Expr> expr;
  bool descending = false;
  Nulls nulls = Nulls::Default;
};

struct SelectCore {
  bool distinct = false;
  std::vector<ResultColumn> columns;
  std::vector<FromItem> from;
  std::unique_ptr<Expr> where;
  std::vector<std::unique_ptr<Expr>> group_by;
  std::unique_ptr<Expr> having;
};

struct CommonTable {
  std::string name;
  std::vector<std::string> columns;
  std::unique_ptr<Select> select;
};

struct Select {
  std::vector<CommonTable> with;
  std::vector<SelectCore> cores;
  std::vector<std::string> compounds;  // between cores i and i+1: "UNION", "UNION ALL", "INTERSECT", "EXCEPT"
  std::vector<OrderTerm> order_by;
  std::unique_ptr<Expr> limit;
  std::unique_ptr<Expr> offset;
};

// Null with `error` set when `sql` is not one expression / one SELECT of
// the translated subset ("window functions are not translated", "expected
// \")\", found \"FROM\" at offset 12").
std::unique_ptr<Expr> parse_expression(std::string_view sql, std::string& error);
std::unique_ptr<Select> parse_select(std::string_view sql, std::string& error);

// What an expression is for: each target refuses different things in each
// place (PostgreSQL wants IMMUTABLE functions in CHECK constraints,
// generated columns and indexes; MySQL refuses non-deterministic ones).
enum class Purpose { Default, Check, Generated, IndexKey, IndexWhere, View };

struct TranslateContext {
  const Dialect* dialect = nullptr;
  Purpose purpose = Purpose::Check;
  // Source table -> its target name; nullopt: the table is not migrated.
  std::function<std::optional<std::string>(std::string_view table)> table_name;
  // Source column -> its target name; nullopt: no such column.
  std::function<std::optional<std::string>(std::string_view table, std::string_view column)> column_name;
  // The column's target family, which decides casts and whether an operator means the same.
  std::function<std::optional<TypeFamily>(std::string_view table, std::string_view column)> column_family;
  // Optional: a table's source column names in order, to expand * (and to
  // find duplicate view column names); without it * is written as *.
  std::function<std::vector<std::string>(std::string_view table)> table_columns;
  // Optional: whether a column is itself generated.
  std::function<bool(std::string_view table, std::string_view column)> column_generated;
  // Optional: whether a column continues as the target's identity column (Dialect::identity_clause).
  std::function<bool(std::string_view table, std::string_view column)> column_identity;
  // Optional: a table's primary key (source names). A GROUP BY on the whole
  // key lets the query name the table's other columns, as PostgreSQL allows
  // when the target table has that primary key as the view is created.
  std::function<std::vector<std::string>(std::string_view table)> primary_key;
  // View: the names of CREATE VIEW v(a, b), given to the SELECT's columns as aliases.
  std::vector<std::string> view_columns;
  std::string current_table;  // owns the unqualified columns of CHECK, generated, index and DEFAULT expressions
  std::optional<TypeFamily> target_family;  // Default, Generated: the family of the column it fills
};

struct Translation {
  bool ok = false;
  // The target SQL: for Default what follows DEFAULT; for IndexKey a key
  // part (a bare column, or an expression in parentheses); for Check and
  // IndexWhere a condition; for View the SELECT.
  std::string sql;
  std::string reason;              // why not, one line, quoting the part concerned
  bool deterministic = true;       // false: the value depends on the time of evaluation
  std::vector<std::string> notes;  // differences from SQLite that remain, for the report
};

Translation translate_expression(std::string_view sqlite_expr, const TranslateContext& context);
Translation translate_select(std::string_view sqlite_select, const TranslateContext& context);

}  // namespace litelift
