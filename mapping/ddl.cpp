#include "mapping/ddl.hpp"

#include "mapping/error.hpp"

namespace litelift {
namespace {

const std::string& checked_action(const std::string& action, const ForeignKeyPlan& fk, const Dialect& d) {
  static const std::string kNoAction = "NO ACTION";
  static const char* const kActions[] = {"NO ACTION", "CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT"};
  if (action.empty()) return kNoAction;
  for (const char* a : kActions)
    if (action == a) return action;
  throw Error(ErrorKind::Internal,
              "foreign key " + d.quote_identifier(fk.name) + ": unknown referential action '" + action + "'");
}

}  // namespace

std::string quote_list(const std::vector<std::string>& names, const Dialect& d) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + d.quote_identifier(names[i]);
  return out;
}

std::string create_table_sql(const TablePlan& table, const Dialect& d, const std::string& table_options) {
  std::string sql = "CREATE TABLE " + d.quote_identifier(table.name) + " (";
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const ColumnPlan& c = table.columns[i];
    if (i) sql += ", ";
    sql += d.quote_identifier(c.name) + " " + c.type.sql;
    if (!c.collation.empty()) sql += " COLLATE " + c.collation;
    if (c.generated_sql)
      sql += " GENERATED ALWAYS AS (" + *c.generated_sql + ")" +
             (c.generated_stored || !d.virtual_generated_columns ? " STORED" : " VIRTUAL");
    if (c.not_null) sql += " NOT NULL";
    if (c.identity) sql += " " + d.identity_clause;
    if (c.invisible && !d.invisible_column_clause.empty()) sql += " " + d.invisible_column_clause;
    if (c.default_sql && !c.generated_sql) sql += " DEFAULT " + *c.default_sql;
  }
  if (!table.primary_key.empty()) sql += ", PRIMARY KEY (" + quote_list(table.primary_key, d) + ")";
  if (d.checks_in_create_table)
    for (const CheckPlan& c : table.checks)
      sql += ", CONSTRAINT " + d.quote_identifier(c.name) + " CHECK (" + c.expression + ")";
  sql += ")";
  if (!table_options.empty()) sql += " " + table_options;
  return sql;
}

std::string create_index_sql(const TablePlan& table, const IndexPlan& index, const Dialect& d) {
  if (index.fulltext) {
    std::string sql = d.fulltext_create + " " + d.quote_identifier(index.name) + " ON " +
                      d.quote_identifier(table.name) + d.fulltext_using + " (";
    for (size_t i = 0; i < index.columns.size(); ++i) {
      std::string key = d.fulltext_key;
      key.replace(key.find("{}"), 2, d.quote_identifier(index.columns[i]));
      sql += (i ? ", " : "") + key;
    }
    return sql + ")";
  }
  std::string sql = index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
  sql += d.quote_identifier(index.name) + " ON " + d.quote_identifier(table.name) + " (";
  for (size_t i = 0; i < index.columns.size(); ++i) {
    if (i) sql += ", ";
    if (i < index.expressions.size() && !index.expressions[i].empty()) sql += index.expressions[i];
    else sql += d.quote_identifier(index.columns[i]);
    if (i < index.prefix.size() && index.prefix[i] > 0) sql += "(" + std::to_string(index.prefix[i]) + ")";
    if (i < index.descending.size() && index.descending[i]) sql += " DESC";
  }
  sql += ")";
  if (!index.where.empty()) sql += " WHERE " + index.where;
  return sql;
}

std::string add_foreign_key_sql(const TablePlan& table, const ForeignKeyPlan& fk, const Dialect& d) {
  return "ALTER TABLE " + d.quote_identifier(table.name) + " ADD CONSTRAINT " + d.quote_identifier(fk.name) +
         " FOREIGN KEY (" + quote_list(fk.columns, d) + ") REFERENCES " + d.quote_identifier(fk.parent_table) + " (" +
         quote_list(fk.parent_columns, d) + ") ON DELETE " + checked_action(fk.on_delete, fk, d) + " ON UPDATE " +
         checked_action(fk.on_update, fk, d) + (fk.not_valid ? d.fk_not_valid_clause : "");
}

std::string add_check_sql(const TablePlan& table, const CheckPlan& check, const Dialect& d) {
  return "ALTER TABLE " + d.quote_identifier(table.name) + " ADD CONSTRAINT " + d.quote_identifier(check.name) +
         " CHECK (" + check.expression + ")";
}

std::string check_violations_sql(const TablePlan& table, const CheckPlan& check, const Dialect& d) {
  // A CHECK passes when its condition is true or NULL.
  return "SELECT count(*) FROM " + d.quote_identifier(table.name) + " WHERE NOT (" + check.expression + ")";
}

std::string drop_check_sql(const TablePlan& table, const CheckPlan& check, const Dialect& d) {
  return "ALTER TABLE " + d.quote_identifier(table.name) + " DROP CONSTRAINT " + d.quote_identifier(check.name);
}

std::string create_view_sql(const ViewPlan& view, const Dialect& d) {
  std::string sql = "CREATE VIEW " + d.quote_identifier(view.name);
  if (!view.columns.empty()) sql += " (" + quote_list(view.columns, d) + ")";
  return sql + " AS " + view.select;
}

}  // namespace litelift
