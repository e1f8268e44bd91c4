// The schema the expression and view translation tests run against: what a
// caller's TranslateContext would say about a migrated database. One table
// is renamed on the target ("Order Items" -> order_items), one column too
// ("Unit Price" -> unit_price); users.misc has no known family, and
// users.full_name is a generated column.
//
// The expected target SQL in sql_expression_test.cpp and sql_select_test.cpp
// was run on PostgreSQL 15 and MariaDB 10.11 against tables of these types
// (users.id bigint, email varchar(255), name text, active boolean /
// TINYINT(1), created_at timestamp / DATETIME(6), ... in utf8mb4_unicode_ci
// on MariaDB): CHECKs with ALTER TABLE ... ADD CHECK (PostgreSQL: NOT VALID),
// defaults and generated columns with ALTER TABLE ... ADD COLUMN (and an
// INSERT), index keys and partial-index WHERE clauses with CREATE INDEX, and
// views with CREATE VIEW and a SELECT from them.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engines/mysql/mysql_dialect.hpp"
#include "engines/postgres/postgres_dialect.hpp"
#include "mapping/sql_expression.hpp"

namespace litelift::test {

struct SchemaColumn {
  std::string name, target;
  std::optional<TypeFamily> family;
  bool generated = false;
};

struct SchemaTable {
  std::string name, target;
  std::vector<SchemaColumn> columns;
  std::vector<std::string> primary_key;
};

inline const std::vector<SchemaTable>& test_schema() {
  using F = TypeFamily;
  static const std::vector<SchemaTable> schema = {
      {"users",
       "users",
       {{"id", "id", F::Integer},
        {"email", "email", F::Varchar},
        {"name", "name", F::Text},
        {"active", "active", F::Boolean},
        {"created_at", "created_at", F::Timestamp},
        {"deleted_at", "deleted_at", F::Timestamp},
        {"age", "age", F::Integer},
        {"score", "score", F::Real},
        {"balance", "balance", F::Decimal},
        {"birthday", "birthday", F::Date},
        {"data", "data", F::Json},
        {"seen_at", "seen_at", F::TimestampTz},
        {"photo", "photo", F::Blob},
        {"misc", "misc", std::nullopt},
        {"full_name", "full_name", F::Text, true}},
       {"id"}},
      {"orders",
       "orders",
       {{"id", "id", F::Integer},
        {"user_id", "user_id", F::Integer},
        {"status", "status", F::Text},
        {"price", "price", F::Decimal},
        {"qty", "qty", F::Integer},
        {"total", "total", F::Real},
        {"placed_at", "placed_at", F::TimestampTz},
        {"code", "code", F::Varchar}},
       {"id"}},
      {"Order Items",
       "order_items",
       {{"order_id", "order_id", F::Integer},
        {"product", "product", F::Text},
        {"qty", "qty", F::Integer},
        {"Unit Price", "unit_price", F::Real}},
       {"order_id", "product"}},
  };
  return schema;
}

inline bool same_name_ci(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

inline const SchemaTable* find_table(std::string_view name) {
  for (const auto& t : test_schema())
    if (same_name_ci(t.name, name)) return &t;
  return nullptr;
}

inline const SchemaColumn* find_column(std::string_view table, std::string_view column) {
  if (const SchemaTable* t = find_table(table))
    for (const auto& c : t->columns)
      if (same_name_ci(c.name, column)) return &c;
  return nullptr;
}

inline TranslateContext test_context(const Dialect& dialect, Purpose purpose, std::string table = "users",
                                     std::optional<TypeFamily> family = {}) {
  TranslateContext c;
  c.dialect = &dialect;
  c.purpose = purpose;
  c.current_table = std::move(table);
  c.target_family = family;
  c.table_name = [](std::string_view t) -> std::optional<std::string> {
    if (const SchemaTable* x = find_table(t)) return x->target;
    return std::nullopt;
  };
  c.column_name = [](std::string_view t, std::string_view n) -> std::optional<std::string> {
    if (const SchemaColumn* x = find_column(t, n)) return x->target;
    return std::nullopt;
  };
  c.column_family = [](std::string_view t, std::string_view n) -> std::optional<TypeFamily> {
    if (const SchemaColumn* x = find_column(t, n)) return x->family;
    return std::nullopt;
  };
  c.column_generated = [](std::string_view t, std::string_view n) {
    const SchemaColumn* x = find_column(t, n);
    return x && x->generated;
  };
  c.table_columns = [](std::string_view t) {
    std::vector<std::string> names;
    if (const SchemaTable* x = find_table(t))
      for (const auto& col : x->columns) names.push_back(col.name);
    return names;
  };
  c.primary_key = [](std::string_view t) {
    const SchemaTable* x = find_table(t);
    return x ? x->primary_key : std::vector<std::string>{};
  };
  return c;
}

// The translation, or "!" and the reason.
inline std::string outcome(const Translation& t) {
  return t.ok ? t.sql : "!" + t.reason;
}

struct ExpressionCase {
  Purpose purpose;
  const char* table;
  std::optional<TypeFamily> family;
  const char* sqlite;
  const char* postgres;  // the translation, or "!" and the reason
  const char* mysql;
};

inline void expect_translation(const ExpressionCase& c) {
  for (const Dialect* d : {&postgres_dialect(), &mysql_dialect()}) {
    Translation t = translate_expression(c.sqlite, test_context(*d, c.purpose, c.table, c.family));
    EXPECT_EQ(outcome(t), d == &postgres_dialect() ? c.postgres : c.mysql) << d->name << ": " << c.sqlite;
  }
}

struct ViewCase {
  const char* sqlite;
  const char* postgres;  // the translation, or "!" and the reason
  const char* mysql;
};

inline void expect_translation(const ViewCase& c) {
  for (const Dialect* d : {&postgres_dialect(), &mysql_dialect()}) {
    Translation t = translate_select(c.sqlite, test_context(*d, Purpose::View));
    EXPECT_EQ(outcome(t), d == &postgres_dialect() ? c.postgres : c.mysql) << d->name << ": " << c.sqlite;
  }
}

}  // namespace litelift::test
