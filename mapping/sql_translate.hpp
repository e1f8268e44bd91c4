// Internal to the expression translator (mapping/sql_expression.hpp): the
// renderer that types SQLite expressions and writes them for a dialect.
// sql_translate.cpp holds expressions, sql_translate_select.cpp SELECTs,
// scopes and column resolution.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mapping/sql_expression.hpp"
#include "mapping/sqlite_sql.hpp"

namespace litelift::sqltr {

// What a value is on the target, as far as translation decisions go.
enum class Kind : uint8_t {
  Unknown,
  Null,
  Integer,
  Real,
  Decimal,
  Text,
  Blob,
  Boolean,
  Date,
  Time,
  Timestamp,
  TimestampTz,
  Json,
  Uuid
};

const char* kind_name(Kind k);
Kind kind_of(TypeFamily f);
bool numeric(Kind k);

// Target precedence, loosest first; an operand looser than its place needs parentheses.
enum Prec { kOr = 1, kAnd, kNot, kCompare, kOther, kAdd, kMul, kUnary, kPrimary };

struct Value {
  std::string sql;
  Kind kind = Kind::Unknown;
  int prec = kPrimary;
  const Expr* expr = nullptr;  // where it came from
  bool affinity = false;       // a column or a CAST: SQLite converts the other side of a comparison to it
  bool binary = false;         // COLLATE BINARY: compared by code point on the target too
};

struct Refusal {
  std::string reason;
};

// An output column of a SELECT: how the source names it, how the target does.
struct OutputColumn {
  std::string source_name;
  std::string target_name;  // empty: the target picks a name of its own
  Kind kind = Kind::Unknown;
};

// A table, view, common table or subquery in a FROM clause.
struct Source {
  std::string name;       // what the query calls it: the alias, else the table's name
  std::string qualifier;  // how the target SQL qualifies its columns
  std::string table;      // the source table, empty for a derived table
  bool derived = false;
  bool columns_unknown = false;            // a derived table with an unexpanded *
  std::vector<OutputColumn> columns;       // derived tables
  std::vector<std::string> using_columns;  // merged with an earlier item by USING
};

struct Scope {
  const Scope* outer = nullptr;
  std::vector<Source> sources;
};

struct CoreOut {
  std::string sql;
  std::vector<OutputColumn> columns;
  bool star = false;
};

struct SelectOut {
  std::string sql;
  std::vector<OutputColumn> columns;
  bool star = false;  // has an unexpanded *: the columns are not known
};

class Renderer {
 public:
  Renderer(std::string_view text, const TranslateContext& context);

  Value expression(const Expr& e, Kind hint = Kind::Unknown);
  Value condition(const Expr& e);  // as a WHERE / CHECK / ON condition
  // top: the view's own SELECT; named: its columns get SQLite's names (not
  // needed in IN, EXISTS and scalar subqueries).
  SelectOut select(const Select& s, const Scope* outer, bool top, bool named = true);

  // Default and generated values: the value as the target column takes it.
  void fit(Value& v, Kind want);

  bool deterministic = true;
  std::vector<std::string> notes;

  [[noreturn]] void refuse(const Expr* e, const std::string& what) const;
  std::string span(size_t begin, size_t end) const;

 private:
  const TranslateContext& ctx_;
  const Dialect& d_;
  std::string_view text_;
  int aggregate_depth_ = 0;
  bool aggregates_allowed_ = false;
  int subquery_count_ = 0;

  // The scope that column names resolve in; null outside views.
  const Scope* scope_ = nullptr;
  // Grouping: in an aggregate query, columns of grouping_scope_ outside an
  // aggregate must be grouped.
  const Scope* grouping_scope_ = nullptr;
  std::vector<std::pair<size_t, std::string>> grouped_columns_;  // (source index, target name)
  std::vector<size_t> grouped_sources_;                          // grouped by their whole primary key
  std::vector<std::vector<Token>> grouped_terms_;
  // ORDER BY and GROUP BY may name a result column.
  const std::vector<OutputColumn>* aliases_ = nullptr;
  std::vector<std::vector<std::pair<std::string, std::vector<OutputColumn>>>> ctes_;
  // The column that column() resolved last: its target name, scope and source.
  std::string last_target_;
  const Scope* last_scope_ = nullptr;
  size_t last_index_ = 0;

  void note(const std::string& n);
  std::vector<Token> tokens_of(const Expr& e) const;
  bool matches_group_term(const Expr& e) const;

  Value literal(const Expr& e, Kind hint);
  Value column(const Expr& e);
  Value column_in_scope(const Expr& e);
  Value unary(const Expr& e);
  Value binary(const Expr& e);
  Value arithmetic(const Expr& e, Value a, Value b);
  Value concat(const Expr& e);
  Value compare(const Expr& e, Value a, Value b, const std::string& op);
  Value in_list(const Expr& e);
  Value between(const Expr& e);
  Value like(const Expr& e);
  Value case_expression(const Expr& e);
  Value iif(const Expr& e);
  Value cast(const Expr& e);
  Value collate(const Expr& e);
  Value function(const Expr& e, Kind hint);
  Value now(const Expr& e, std::string_view signature, Kind hint);
  Value call(const Expr& e, const std::string& name, std::vector<Value> args, Kind hint);
  Value subquery(const Expr& e);
  Value missing(const Expr& e);
  Kind family(std::string_view table, std::string_view column) const;
  CoreOut core(const SelectCore& c, const Scope* outer, bool top, bool named, const std::vector<OrderTerm>* order_by);
  std::string from_clause(const SelectCore& c, const Scope* outer, Scope& scope);
  std::string order_term(const std::string& sql, const OrderTerm& o, bool positional);
  const std::vector<OutputColumn>* find_cte(std::string_view name) const;
  bool accepts(const std::string& param, const Value& v) const;

  // Makes a and b comparable as SQLite compares them; ordering: <, <=, BETWEEN.
  void comparable(const Expr& e, Value& a, Value& b, bool ordering = false);
  void text_compared(bool ordering);  // notes how the target compares text
  bool temporal_literal(Value& v, Kind want);
  void to_number(Value& v);
  void to_condition(Value& v);
  Kind unify(const Expr& e, std::vector<Value*> values);
  std::string wrap(const Value& v, int min_prec) const;
  std::string name(std::string_view identifier) const { return d_.quote_identifier(identifier); }
  std::string string_literal(std::string_view value) const;
};

bool same_name(std::string_view a, std::string_view b);  // SQLite names compare ASCII-case-insensitively
std::string lower(std::string_view s);
bool is_literal(const Value& v, LiteralKind k);
std::string apply_template(std::string_view tpl, const std::vector<std::string>& args);

}  // namespace litelift::sqltr
