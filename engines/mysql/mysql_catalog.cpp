#include "engines/mysql/mysql_catalog.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_set>

#include "engines/mysql/mysql_dialect.hpp"
#include "mapping/ddl.hpp"
#include "mapping/error.hpp"

namespace litelift {

namespace {

std::string quoted(const std::string& name) {
  return mysql_dialect().quote_identifier(name);
}

std::string quoted_list(const std::vector<std::string>& names) {
  return quote_list(names, mysql_dialect());
}

// The first value of the first row as a 64-bit integer, 0 when there is none.
int64_t first_integer(const std::vector<std::vector<std::optional<std::string>>>& rows) {
  int64_t v = 0;
  if (rows.empty() || rows[0].empty() || !rows[0][0]) return v;
  const std::string& text = *rows[0][0];
  std::from_chars(text.data(), text.data() + text.size(), v);
  return v;
}

}  // namespace

MySQLCatalog::MySQLCatalog(const TargetUrl& url, const std::string& collation)
    : session_(std::make_shared<MySQLCatalogSession>()), collation_(collation) {
  session_->conn = mysql_connect(url, false);
  // Tables and comparisons must use the configured collation.
  for (const MySQLSessionStep& step : mysql_session_setup(collation_)) run(step.sql, step.doing, "");
}

MySQLCatalog::~MySQLCatalog() = default;

void MySQLCatalog::fail(const std::string& doing, const std::string& table) {
  MYSQL* m = session_->conn.get();
  Error error(ErrorKind::Target, doing + ": " + mysql_one_line(mysql_error(m)));
  error.server_code = static_cast<int>(mysql_errno(m));
  error.sqlstate = mysql_sqlstate(m);
  error.table = table;
  throw error;
}

void MySQLCatalog::run(const std::string& sql, const std::string& doing, const std::string& table) {
  if (session_->streaming)
    throw Error(ErrorKind::Internal, doing + ": the catalog's connection is still reading rows for a row stream");
  MYSQL* m = session_->conn.get();
  if (mysql_real_query(m, sql.data(), sql.size()) != 0) fail(doing, table);
  // A statement that returns rows all the same: read them so the next one can run.
  MySQLResultPtr result(mysql_store_result(m));
  if (!result && mysql_field_count(m) != 0) fail(doing, table);
}

MySQLCatalog::Rows MySQLCatalog::rows(const std::string& sql, const std::string& doing, const std::string& table) {
  if (session_->streaming)
    throw Error(ErrorKind::Internal, doing + ": the catalog's connection is still reading rows for a row stream");
  MYSQL* m = session_->conn.get();
  if (mysql_real_query(m, sql.data(), sql.size()) != 0) fail(doing, table);
  MySQLResultPtr result(mysql_store_result(m));
  Rows out;
  if (!result) {
    if (mysql_field_count(m) != 0) fail(doing, table);
    return out;
  }
  const unsigned int fields = mysql_num_fields(result.get());
  while (MYSQL_ROW row = mysql_fetch_row(result.get())) {
    const unsigned long* lengths = mysql_fetch_lengths(result.get());
    auto& values = out.emplace_back();
    values.reserve(fields);
    for (unsigned int i = 0; i < fields; ++i)
      values.push_back(row[i] ? std::optional<std::string>(std::in_place, row[i], lengths[i]) : std::nullopt);
  }
  return out;
}

std::string MySQLCatalog::literal(const std::string& text) const {
  std::string out(text.size() * 2 + 3, '\0');
  out[0] = '\'';
  const unsigned long n = mysql_real_escape_string(session_->conn.get(), out.data() + 1, text.data(), text.size());
  out.resize(n + 1);
  return out + '\'';
}

std::string MySQLCatalog::literal_list(const std::vector<std::string>& texts) const {
  std::string out;
  for (const std::string& text : texts) out += (out.empty() ? "" : ", ") + literal(text);
  return out;
}

std::string MySQLCatalog::server_version() {
  Rows r = rows("SELECT VERSION()", "reading the server version", "");
  return r.empty() || r[0].empty() ? "" : r[0][0].value_or("");
}

bool MySQLCatalog::requires_primary_key() {
  bool required = false;
  for (const auto& row :
       rows("SHOW VARIABLES WHERE Variable_name IN ('innodb_force_primary_key', 'sql_require_primary_key')",
            "reading whether the server requires primary keys", ""))
    if (row.size() >= 2) required = required || row[1] == "ON" || row[1] == "1";
  return required;
}

std::vector<std::string> MySQLCatalog::existing_tables(const std::vector<std::string>& names) {
  std::vector<std::string> found;
  if (names.empty()) return found;
  // information_schema compares names case-insensitively; the tables are
  // case-sensitive, so compare the bytes.
  std::unordered_set<std::string> present;
  for (const auto& row : rows("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() "
                              "AND table_name IN (" +
                                  literal_list(names) + ")",
                              "looking up existing tables", ""))
    if (!row.empty() && row[0]) present.insert(*row[0]);
  for (const std::string& name : names)
    if (present.count(name)) found.push_back(name);
  return found;
}

void MySQLCatalog::create_table(const TablePlan& table) {
  std::string sql = create_table_sql(table, mysql_dialect(), mysql_table_options(collation_));
  run(sql, "creating table " + quoted(table.name), table.name);
}

void MySQLCatalog::drop_tables(const std::vector<std::string>& names) {
  if (names.empty()) return;
  // One statement; with foreign_key_checks = 0 tables referenced from
  // elsewhere drop too.
  run("DROP TABLE IF EXISTS " + quoted_list(names), "dropping tables " + quoted_list(names),
      names.size() == 1 ? names.front() : "");
}

void MySQLCatalog::truncate_tables(const std::vector<std::string>& names) {
  for (const std::string& name : names) run("TRUNCATE TABLE " + quoted(name), "truncating table " + quoted(name), name);
}

void MySQLCatalog::create_index(const TablePlan& table, const IndexPlan& index) {
  std::string sql = create_index_sql(table, index, mysql_dialect());
  run(sql, "creating index " + quoted(index.name) + " on table " + quoted(table.name), table.name);
}

void MySQLCatalog::add_foreign_key(const TablePlan& table, const ForeignKeyPlan& fk) {
  // With foreign_key_checks = 0 InnoDB adds the constraint in place without
  // scanning the rows.
  std::string sql = add_foreign_key_sql(table, fk, mysql_dialect());
  run(sql, "adding foreign key " + quoted(fk.name) + " to table " + quoted(table.name), table.name);
}

void MySQLCatalog::add_check(const TablePlan& table, const CheckPlan& check) {
  run(add_check_sql(table, check, mysql_dialect()),
      "adding check constraint " + quoted(check.name) + " to table " + quoted(table.name), table.name);
}

int64_t MySQLCatalog::check_violations(const TablePlan& table, const CheckPlan& check) {
  return first_integer(rows(check_violations_sql(table, check, mysql_dialect()),
                            "checking the rows of table " + quoted(table.name) + " against " + quoted(check.name),
                            table.name));
}

void MySQLCatalog::drop_check(const TablePlan& table, const CheckPlan& check) {
  run(drop_check_sql(table, check, mysql_dialect()),
      "dropping check constraint " + quoted(check.name) + " of table " + quoted(table.name), table.name);
}

void MySQLCatalog::create_view(const ViewPlan& view) {
  run(create_view_sql(view, mysql_dialect()), "creating view " + quoted(view.name), view.name);
}

void MySQLCatalog::drop_views(const std::vector<std::string>& names) {
  if (names.empty()) return;
  run("DROP VIEW IF EXISTS " + quoted_list(names), "dropping views " + quoted_list(names), "");
}

void MySQLCatalog::set_identity_next(const TablePlan& table, int64_t next_value) {
  const std::string doing = "setting the next AUTO_INCREMENT value of table " + quoted(table.name);
  // Never lower the counter (--if-exists append: the table may have handed
  // out ids already). MySQL 8 caches information_schema figures unless told not to.
  try {
    run("SET SESSION information_schema_stats_expiry = 0", doing, table.name);
  } catch (const Error&) {
    // MariaDB has no such cache (and no such variable).
  }
  int64_t current =
      first_integer(rows("SELECT AUTO_INCREMENT FROM information_schema.tables WHERE table_schema = "
                         "DATABASE() AND CAST(table_name AS BINARY) = CAST(" +
                             literal(table.name) + " AS BINARY)",
                         doing, table.name));
  run("ALTER TABLE " + quoted(table.name) + " AUTO_INCREMENT = " + std::to_string(std::max(next_value, current)), doing,
      table.name);
}

int64_t MySQLCatalog::count_rows(const std::string& table) {
  return first_integer(
      rows("SELECT COUNT(*) FROM " + quoted(table), "counting the rows of table " + quoted(table), table));
}

}  // namespace litelift
