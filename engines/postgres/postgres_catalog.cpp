#include "engines/postgres/postgres_catalog.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
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

std::string quote_list(const std::vector<std::string>& names) {
  return litelift::quote_list(names, postgres_dialect());
}

std::string table_list_label(const std::vector<std::string>& names) {
  return (names.size() == 1 ? "table " : "tables ") + quote_list(names);
}

// The first value of the first row as a 64-bit integer, 0 when there is none.
int64_t first_integer(const PGresult* r) {
  int64_t v = 0;
  if (PQntuples(r) < 1 || PQnfields(r) < 1 || PQgetisnull(r, 0, 0)) return v;
  const char* text = PQgetvalue(r, 0, 0);
  std::from_chars(text, text + std::strlen(text), v);
  return v;
}

}  // namespace

PostgresCatalog::PostgresCatalog(const PostgresConnectParams& params) : session_(std::make_shared<PostgresSession>()) {
  session_->location = params.location;
  session_->conn = postgres_connect(params);
  // Keeps NOTICEs such as "table does not exist, skipping" off the terminal.
  run("SET client_min_messages TO warning", "configuring the session", "");
}

PostgresCatalog::~PostgresCatalog() = default;

PgResultPtr PostgresCatalog::run(const std::string& sql, const std::string& what, const std::string& table) {
  PGconn* conn = session_->conn.get();
  if (session_->streaming)
    throw Error(ErrorKind::Internal, what + ": the catalog's connection is still reading rows for a row stream");
  PgResultPtr r(PQexec(conn, sql.c_str()));
  ExecStatusType status = PQresultStatus(r.get());
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return r;
  if (PQstatus(conn) != CONNECTION_OK) {
    Error err(ErrorKind::TargetConnect, "lost the connection to PostgreSQL at " + session_->location + " while " +
                                            what + ": " + postgres_first_line(PQerrorMessage(conn)));
    err.table = table;
    throw err;
  }
  Error err(ErrorKind::Target, what + ": " + postgres_server_message(conn, r.get()));
  err.sqlstate = postgres_error_field(r.get(), PG_DIAG_SQLSTATE);
  err.table = table;
  // A COPY statement would leave the connection copying; end it.
  while (PgResultPtr rest{PQgetResult(conn)}) {
  }
  throw err;
}

std::string PostgresCatalog::literal(const std::string& text) const {
  char* escaped = PQescapeLiteral(session_->conn.get(), text.data(), text.size());
  if (!escaped)
    throw Error(ErrorKind::Target,
                "quoting a string for PostgreSQL: " + postgres_first_line(PQerrorMessage(session_->conn.get())));
  std::string out(escaped);
  PQfreemem(escaped);
  return out;
}

std::string PostgresCatalog::server_version() {
  PgResultPtr r = run("SHOW server_version", "reading the server version", "");
  return PQntuples(r.get()) > 0 ? PQgetvalue(r.get(), 0, 0) : "";
}

std::vector<std::string> PostgresCatalog::existing_tables(const std::vector<std::string>& names) {
  if (names.empty()) return {};
  std::string list;
  for (const std::string& name : names) {
    if (!list.empty()) list += ", ";
    list += literal(name);
  }
  // relname::text: comparing as `name` would cut a long input to 63 bytes.
  PgResultPtr r =
      run("SELECT c.relname FROM pg_catalog.pg_class c"
          " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
          " AND c.relname::text IN (" +
              list + ")",
          "listing existing tables", "");
  std::unordered_set<std::string> found;
  for (int i = 0; i < PQntuples(r.get()); ++i) found.insert(PQgetvalue(r.get(), i, 0));
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
  PgResultPtr r =
      run(check_violations_sql(table, check, postgres_dialect()),
          "checking the rows of table " + quoted(table.name) + " against " + quoted(check.name), table.name);
  return first_integer(r.get());
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
  PgResultPtr r = run("SELECT setval(s.seq, GREATEST(" + std::to_string(next_value) + ", COALESCE((SELECT max(" + col +
                          ") FROM " + quoted(table.name) +
                          "), 0) + 1, COALESCE(pg_sequence_last_value(s.seq) + 1, 1)),"
                          " false) FROM (SELECT pg_get_serial_sequence(" +
                          literal(quoted(table.name)) + ", " + literal(column->name) + ")::regclass AS seq) AS s",
                      what, table.name);
  // setval(NULL, ...) quietly does nothing; a column without a sequence is a failure, not a success.
  if (PQntuples(r.get()) == 0 || PQgetisnull(r.get(), 0, 0)) {
    Error err(ErrorKind::Target, what + ": column " + quoted(column->name) + " has no identity sequence");
    err.table = table.name;
    err.column = column->name;
    throw err;
  }
}

int64_t PostgresCatalog::count_rows(const std::string& table) {
  PgResultPtr r = run("SELECT count(*) FROM " + quoted(table), "counting rows of table " + quoted(table), table);
  return first_integer(r.get());
}

}  // namespace litelift
