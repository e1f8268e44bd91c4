// DDL for a target plan, written in the dialect's syntax. The catalogs run
// it; the differences between targets are Dialect data, not code paths.
#pragma once

#include <string>
#include <vector>

#include "mapping/dialect.hpp"
#include "mapping/target_plan.hpp"

namespace litelift {

std::string quote_list(const std::vector<std::string>& names, const Dialect& dialect);

// CREATE TABLE with columns, NOT NULL, identity, defaults and the primary key;
// `table_options` follows the closing parenthesis (MySQL's ENGINE=...).
std::string create_table_sql(const TablePlan& table, const Dialect& dialect, const std::string& table_options = "");
std::string create_index_sql(const TablePlan& table, const IndexPlan& index, const Dialect& dialect);
// Throws Error(Internal) for a referential action outside SQL's five.
std::string add_foreign_key_sql(const TablePlan& table, const ForeignKeyPlan& fk, const Dialect& dialect);
std::string add_check_sql(const TablePlan& table, const CheckPlan& check, const Dialect& dialect);
std::string check_violations_sql(const TablePlan& table, const CheckPlan& check, const Dialect& dialect);
std::string drop_check_sql(const TablePlan& table, const CheckPlan& check, const Dialect& dialect);
std::string create_view_sql(const ViewPlan& view, const Dialect& dialect);

}  // namespace litelift
