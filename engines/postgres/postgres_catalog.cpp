#include "engines/postgres/postgres_catalog.hpp"

#include <algorithm>
#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <unordered_set>

#include "engines/postgres/postgres_dialect.hpp"
#include "mapping/ddl.hpp"
#include "mapping/error.hpp"

namespace litelift {

namespace {

const Dialect& dialect() {
  return postgres_dialect();
}

std::string quoted(const std::string& name) {
  return dialect().quote_identifier(name);
}

// libpq prefixes the server's message with its severity ("ERROR:  "); the
// message after it is the server's own text.
std::string server_message(std::string_view what) {
  std::string line = postgres_first_line(what);
  size_t p = line.find(":  ");
  if (p != std::string::npos && p > 0 && p <= 24 && line.find(' ') > p) return line.substr(p + 3);
  return line;
}

std::string quote_list(const std::vector<std::string>& names) {
  return litelift::quote_list(names, postgres_dialect());
}

std::string table_list_label(const std::vector<std::string>& names) {
  return (names.size() == 1 ? "table " : "tables ") + quote_list(names);
}

}  // namespace

PostgresCatalog::PostgresCatalog(const PostgresConnectParams& params) : location_(params.location) {
  try {
    conn_ = std::make_unique<pqxx::connection>(params.conninfo());
  } catch (const pqxx::failure& e) {
    throw Error(ErrorKind::TargetConnect,
                "cannot connect to PostgreSQL at " + location_ + ": " + postgres_first_line(e.what()));
  }
  // Keeps NOTICEs such as "table does not exist, skipping" off the terminal.
  run("SET client_min_messages TO warning", "configuring the session", "");
}

PostgresCatalog::~PostgresCatalog() = default;

pqxx::result PostgresCatalog::run(const std::string& sql, const std::string& what, const std::string& table) {
  try {
    pqxx::nontransaction tx(*conn_);
    pqxx::result r = tx.exec(sql);
    tx.commit();
    return r;
  } catch (const pqxx::broken_connection& e) {
    Error err(ErrorKind::TargetConnect, "lost the connection to PostgreSQL at " + location_ + " while " + what + ": " +
                                            postgres_first_line(e.what()));
    err.table = table;
    throw err;
  } catch (const pqxx::sql_error& e) {
    Error err(ErrorKind::Target, what + ": " + server_message(e.what()));
    err.sqlstate = e.sqlstate();
    err.table = table;
    throw err;
  } catch (const pqxx::failure& e) {
    Error err(ErrorKind::Target, what + ": " + server_message(e.what()));
    err.table = table;
    throw err;
  }
}

std::string PostgresCatalog::server_version() {
  pqxx::result r = run("SHOW server_version", "reading the server version", "");
  return r.at(0).at(0).c_str();
}

std::vector<std::string> PostgresCatalog::existing_tables(const std::vector<std::string>& names) {
  if (names.empty()) return {};
  std::string list;
  for (const std::string& name : names) {
    if (!list.empty()) list += ", ";
    list += conn_->quote(name);
  }
  // relname::text: comparing as `name` would cut a long input to 63 bytes.
  pqxx::result r =
      run("SELECT c.relname FROM pg_catalog.pg_class c"
          " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
          " AND c.relname::text IN (" +
              list + ")",
          "listing existing tables", "");
  std::unordered_set<std::string> found;
  for (const auto& row : r) found.insert(row[0].c_str());
  std::vector<std::string> out;
  for (const std::string& name : names)
    if (found.count(name)) out.push_back(name);
  return out;
}

void PostgresCatalog::create_table(const TablePlan& table) {
  std::string sql = create_table_sql(table, postgres_dialect());
  run(sql, "creating table " + quoted(table.name), table.name);
}

void PostgresCatalog::drop_tables(const std::vector<std::string>& names) {
  if (names.empty()) return;
  run("DROP TABLE IF EXISTS " + quote_list(names) + " CASCADE", "dropping " + table_list_label(names),
      names.size() == 1 ? names[0] : "");
}

void PostgresCatalog::truncate_tables(const std::vector<std::string>& names) {
  if (names.empty()) return;
  run("TRUNCATE TABLE " + quote_list(names), "truncating " + table_list_label(names),
      names.size() == 1 ? names[0] : "");
}

void PostgresCatalog::create_index(const TablePlan& table, const IndexPlan& index) {
  std::string sql = create_index_sql(table, index, postgres_dialect());
  run(sql, "creating index " + quoted(index.name) + " on table " + quoted(table.name), table.name);
}

void PostgresCatalog::add_foreign_key(const TablePlan& table, const ForeignKeyPlan& fk) {
  std::string sql = add_foreign_key_sql(table, fk, postgres_dialect());
  run(sql, "adding foreign key " + quoted(fk.name) + " to table " + quoted(table.name), table.name);
}

void PostgresCatalog::add_check(const TablePlan& table, const CheckPlan& check) {
  run(add_check_sql(table, check, postgres_dialect()),
      "adding check constraint " + quoted(check.name) + " to table " + quoted(table.name), table.name);
}

int64_t PostgresCatalog::check_violations(const TablePlan& table, const CheckPlan& check) {
  pqxx::result r = run(check_violations_sql(table, check, postgres_dialect()),
                       "checking the rows of table " + quoted(table.name) + " against " + quoted(check.name),
                       table.name);
  return r.at(0).at(0).as<int64_t>();
}

void PostgresCatalog::drop_check(const TablePlan& table, const CheckPlan& check) {
  run(drop_check_sql(table, check, postgres_dialect()),
      "dropping check constraint " + quoted(check.name) + " of table " + quoted(table.name), table.name);
}

void PostgresCatalog::create_view(const ViewPlan& view) {
  run(create_view_sql(view, postgres_dialect()), "creating view " + quoted(view.name), view.name);
}

void PostgresCatalog::drop_views(const std::vector<std::string>& names) {
  if (names.empty()) return;
  run("DROP VIEW IF EXISTS " + quote_list(names) + " CASCADE", "dropping views " + quote_list(names), "");
}

void PostgresCatalog::set_identity_next(const TablePlan& table, int64_t next_value) {
  const ColumnPlan* column = nullptr;
  if (table.identity_column >= 0 && static_cast<size_t>(table.identity_column) < table.columns.size()) {
    column = &table.columns[table.identity_column];
  } else {
    auto it = std::find_if(table.columns.begin(), table.columns.end(), [](const ColumnPlan& c) { return c.identity; });
    if (it != table.columns.end()) column = &*it;
  }
  std::string what = "setting the next identity value of table " + quoted(table.name);
  if (!column) throw Error(ErrorKind::Internal, what + ": the table has no identity column");
  // Never lower the counter: rows already in the table (--if-exists append)
  // and values the sequence already handed out stay behind it.
  const std::string col = quoted(column->name);
  pqxx::result r = run("SELECT setval(s.seq, GREATEST(" + std::to_string(next_value) + ", COALESCE((SELECT max(" + col +
                           ") FROM " + quoted(table.name) + "), 0) + 1, COALESCE(pg_sequence_last_value(s.seq) + 1, 1)),"
                           " false) FROM (SELECT pg_get_serial_sequence(" + conn_->quote(quoted(table.name)) + ", " +
                           conn_->quote(column->name) + ")::regclass AS seq) AS s",
                       what, table.name);
  // setval(NULL, ...) quietly does nothing; a column without a sequence is a failure, not a success.
  if (r.empty() || r[0][0].is_null()) {
    Error err(ErrorKind::Target, what + ": column " + quoted(column->name) + " has no identity sequence");
    err.table = table.name;
    err.column = column->name;
    throw err;
  }
}

int64_t PostgresCatalog::count_rows(const std::string& table) {
  pqxx::result r = run("SELECT count(*) FROM " + quoted(table), "counting rows of table " + quoted(table), table);
  return r.at(0).at(0).as<int64_t>();
}

}  // namespace litelift
