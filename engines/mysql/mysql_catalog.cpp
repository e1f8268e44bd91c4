#include "engines/mysql/mysql_catalog.hpp"

#include <xxhash.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "engines/mysql/mysql_dialect.hpp"
#include "engines/mysql/mysql_row_stream.hpp"
#include "engines/mysql/mysql_types.hpp"
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
  run("SET time_zone = '+00:00'", "setting the session's time zone to UTC", "");
}

MySQLCatalog::~MySQLCatalog() = default;

void MySQLCatalog::fail(const std::string& doing, const std::string& table) {
  MYSQL* m = session_->conn.get();
  Error error(ErrorKind::Target, doing + ": " + mysql_one_line(mysql_error(m)));
  error.server_code = static_cast<int>(mysql_errno(m));
  error.sqlstate = mysql_sqlstate(m);
  error.table = table;
  error.transient = mysql_error_transient(error.server_code);
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

std::unique_ptr<TargetRowStream> MySQLCatalog::read_rows(const TableRead& read) {
  const std::string doing = "reading table " + quoted(read.table);
  if (read.families.size() != read.columns.size())
    throw Error(ErrorKind::Internal, doing + ": " + std::to_string(read.columns.size()) + " columns but " +
                                         std::to_string(read.families.size()) + " families");
  std::string select = "SELECT ";
  for (size_t i = 0; i < read.columns.size(); ++i) select += (i ? ", " : "") + quoted(read.columns[i]);
  if (read.columns.empty()) select += "1";  // MySQL has no empty select list; the stream hides the column
  select += " FROM " + quoted(read.table);
  if (!read.range_column.empty())
    select += " WHERE " + quoted(read.range_column) + " BETWEEN " + std::to_string(read.first) + " AND " +
              std::to_string(read.last);
  if (!read.order_by.empty()) {
    // Byte order: text compares by its collation, and even utf8mb4_bin pads
    // with spaces ('a' = 'a '), so text sorts as its bytes.
    std::unordered_set<std::string> textual;
    for (const auto& row : rows("SELECT COLUMN_NAME, DATA_TYPE, TABLE_NAME FROM information_schema.COLUMNS WHERE "
                                "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = " +
                                    literal(read.table),
                                doing + ": looking up the types of its sort columns", read.table)) {
      if (row.size() < 3 || !row[0] || !row[1] || row[2] != read.table) continue;
      static const std::unordered_set<std::string> kText = {"char",     "varchar", "tinytext", "text", "mediumtext",
                                                            "longtext", "json",    "enum",     "set"};
      if (kText.count(*row[1])) textual.insert(*row[0]);
    }
    select += " ORDER BY ";
    for (size_t i = 0; i < read.order_by.size(); ++i) {
      const std::string& name = read.order_by[i];
      select += (i ? ", " : "") + (textual.count(name) ? "CAST(" + quoted(name) + " AS BINARY)" : quoted(name));
    }
  }
  return std::make_unique<MySQLRowStream>(session_, select, read.table, read.columns.size());
}

std::vector<TableShape> MySQLCatalog::describe_tables(const std::vector<std::string>& names) {
  std::vector<TableShape> shapes(names.size());
  for (size_t i = 0; i < names.size(); ++i) shapes[i].name = names[i];
  if (names.empty()) return shapes;
  const std::string doing = "describing " + std::string(names.size() == 1 ? "table " : "tables ") + quoted_list(names);
  const std::string table = names.size() == 1 ? names[0] : "";
  const std::string in_names = " IN (" + literal_list(names) + ")";
  // information_schema compares names without case: every row is matched
  // to the shapes by its bytes.
  std::unordered_map<std::string, std::vector<TableShape*>> by_name;
  for (const auto& row : rows("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND "
                              "TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME" +
                                  in_names,
                              doing, table)) {
    if (row.empty() || !row[0]) continue;
    for (TableShape& shape : shapes) {
      if (shape.name != *row[0]) continue;
      shape.exists = true;
      by_name[shape.name].push_back(&shape);
    }
  }
  if (by_name.empty()) return shapes;
  auto each = [&](const std::optional<std::string>& name, auto&& fill) {
    if (!name) return;
    auto it = by_name.find(*name);
    if (it == by_name.end()) return;
    for (TableShape* shape : it->second) fill(*shape);
  };
  auto text = [](const std::optional<std::string>& v) { return v.value_or(""); };

  // Columns, with their DATA_TYPE kept aside for the JSON checks below.
  std::map<std::pair<std::string, std::string>, std::string> data_types;
  for (const auto& row : rows("SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, DATA_TYPE, IS_NULLABLE FROM "
                              "information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME" +
                                  in_names + " ORDER BY TABLE_NAME, ORDINAL_POSITION",
                              doing + ": reading its columns", table)) {
    ColumnShape column;
    column.name = text(row[1]);
    column.type = text(row[2]);
    column.family = mysql_type_family(text(row[3]), column.type, false);
    column.nullable = row[4] == "YES";
    each(row[0], [&](TableShape& shape) {
      shape.columns.push_back(column);
      data_types[{shape.name, column.name}] = text(row[3]);
    });
  }

  // The primary key and the other indexes, in key order. MariaDB has no
  // expression keys; a MySQL 8 functional key part has no COLUMN_NAME.
  for (const auto& row : rows("SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM "
                              "information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME" +
                                  in_names + " ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
                              doing + ": reading its indexes", table)) {
    const std::string name = text(row[1]), column = text(row[3]);
    each(row[0], [&](TableShape& shape) {
      if (name == "PRIMARY") {
        shape.primary_key.push_back(column);
        return;
      }
      if (shape.indexes.empty() || shape.indexes.back().name != name) {
        shape.indexes.emplace_back();
        shape.indexes.back().name = name;
        shape.indexes.back().unique = row[2] == "0";
      }
      shape.indexes.back().columns.push_back(column);
    });
  }

  for (const auto& row : rows("SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, "
                              "k.REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE k JOIN "
                              "information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = "
                              "k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = "
                              "k.CONSTRAINT_NAME WHERE k.TABLE_SCHEMA = DATABASE() AND k.TABLE_NAME" +
                                  in_names + " ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION",
                              doing + ": reading its foreign keys", table)) {
    const std::string name = text(row[1]);
    each(row[0], [&](TableShape& shape) {
      if (shape.foreign_keys.empty() || shape.foreign_keys.back().name != name) {
        shape.foreign_keys.emplace_back();
        shape.foreign_keys.back().name = name;
        shape.foreign_keys.back().parent_table = text(row[3]);
      }
      shape.foreign_keys.back().columns.push_back(text(row[2]));
      shape.foreign_keys.back().parent_columns.push_back(text(row[4]));
    });
  }

  // MariaDB names each check's table in CHECK_CONSTRAINTS (check names are
  // per table there); MySQL 8 does not (they are per schema) and has a real JSON type.
  Rows checks;
  try {
    checks = rows(
        "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE "
        "CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME" +
            in_names,
        doing + ": reading its checks", table);
  } catch (const Error& e) {
    if (e.server_code != 1054) throw;  // ER_BAD_FIELD_ERROR: MySQL 8
    checks = rows(
        "SELECT t.TABLE_NAME, t.CONSTRAINT_NAME, NULL FROM information_schema.TABLE_CONSTRAINTS t WHERE "
        "t.CONSTRAINT_SCHEMA = DATABASE() AND t.CONSTRAINT_TYPE = 'CHECK' AND t.TABLE_NAME" +
            in_names,
        doing + ": reading its checks", table);
  }
  for (const auto& row : checks) {
    const std::string name = text(row[1]);
    each(row[0], [&](TableShape& shape) {
      auto type = data_types.find({shape.name, name});
      const bool json =
          type != data_types.end() && type->second == "longtext" && row[2] == "json_valid(" + quoted(name) + ")";
      if (!json) {
        shape.checks.push_back(name);
        return;
      }
      for (ColumnShape& column : shape.columns)
        if (column.name == name) column.family = TypeFamily::Json;
    });
  }

  for (TableShape& shape : shapes) {
    std::sort(shape.indexes.begin(), shape.indexes.end(),
              [](const IndexShape& a, const IndexShape& b) { return a.name < b.name; });
    std::sort(shape.foreign_keys.begin(), shape.foreign_keys.end(),
              [](const ForeignKeyShape& a, const ForeignKeyShape& b) { return a.name < b.name; });
    std::sort(shape.checks.begin(), shape.checks.end());
  }
  return shapes;
}

bool MySQLCatalog::same_type(const TargetType& planned, const std::string& actual) const {
  return mysql_same_type(planned.sql, actual);
}

std::vector<std::vector<std::optional<std::string>>> MySQLCatalog::query(const std::string& sql) {
  return rows(sql, "running a query", "");
}

void MySQLCatalog::execute(const std::string& sql) {
  run(sql, "running a statement", "");
}

std::vector<std::string> MySQLCatalog::list_tables() {
  std::vector<std::string> names;
  for (const auto& row : rows("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND "
                              "TABLE_TYPE = 'BASE TABLE'",
                              "listing tables", ""))
    if (!row.empty() && row[0]) names.push_back(*row[0]);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace litelift

namespace litelift {

std::string mysql_run_lock_name(const std::string& database) {
  std::string name = "litelift:" + database;
  if (name.size() <= 64) return name;  // MySQL refuses longer lock names
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(XXH3_64bits(database.data(), database.size())));
  return "litelift:" + std::string(hex);
}

std::string MySQLCatalog::session_id() {
  return first_value(rows("SELECT CONNECTION_ID()", "reading the connection id", ""));
}

const std::string& MySQLCatalog::lock_name() {
  if (lock_name_.empty())
    lock_name_ = mysql_run_lock_name(first_value(rows("SELECT DATABASE()", "reading the database name", "")));
  return lock_name_;
}

bool MySQLCatalog::try_run_lock() {
  const std::string name = lock_name();
  return first_value(rows("SELECT GET_LOCK(" + literal(name) + ", 0)",
                          "taking the migration lock (" + run_lock_name() + ")", "")) == "1";
}

void MySQLCatalog::release_run_lock() {
  const std::string name = lock_name();
  rows("SELECT RELEASE_LOCK(" + literal(name) + ")", "releasing the migration lock (" + run_lock_name() + ")", "");
}

std::optional<LockHolder> MySQLCatalog::run_lock_holder() {
  const std::string name = lock_name();
  const std::string id =
      first_value(rows("SELECT IS_USED_LOCK(" + literal(name) + ")", "looking up who holds the migration lock", ""));
  if (id.empty()) return std::nullopt;
  LockHolder h;
  h.session = id;
  // The processlist shows sessions of other users only with the PROCESS privilege.
  Rows r = rows("SELECT HOST FROM information_schema.PROCESSLIST WHERE ID = " + literal(id),
                "looking up who holds the migration lock", "");
  if (!r.empty() && !r[0].empty()) h.client = r[0][0].value_or("");
  return h;
}

std::string MySQLCatalog::run_lock_name() const {
  return "MySQL lock GET_LOCK('" + lock_name_ + "')";
}

std::string MySQLCatalog::first_value(const Rows& r) {
  return r.empty() || r[0].empty() ? "" : r[0][0].value_or("");
}

}  // namespace litelift
