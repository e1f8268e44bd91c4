#include "engines/postgres/postgres_catalog.hpp"

#include <xxhash.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "engines/postgres/postgres_dialect.hpp"
#include "engines/postgres/postgres_row_stream.hpp"
#include "engines/postgres/postgres_types.hpp"
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
  // The text forms TargetRowStream promises: shortest exact floats (PostgreSQL
  // 12 and later, for any extra_float_digits above 0), ISO dates, instants
  // in UTC ("+00"), bytea as "\x" hex.
  run("SET extra_float_digits = 3; SET DateStyle = 'ISO, YMD'; SET TimeZone = 'UTC'; SET bytea_output = 'hex'; "
      "SET IntervalStyle = 'postgres'",
      "fixing the session's text forms", "");
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
    err.transient = true;
    throw err;
  }
  if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH) {
    postgres_drain(conn);
    Error err(ErrorKind::Internal, what + ": COPY does not run through the catalog's statements");
    err.table = table;
    throw err;
  }
  Error err(ErrorKind::Target, what + ": " + postgres_server_message(conn, r.get()));
  err.sqlstate = postgres_error_field(r.get(), PG_DIAG_SQLSTATE);
  err.table = table;
  err.transient = postgres_sqlstate_transient(err.sqlstate);
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

std::string PostgresCatalog::literal_list(const std::vector<std::string>& texts) const {
  std::string out;
  for (const std::string& text : texts) out += (out.empty() ? "" : ", ") + literal(text);
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

std::unique_ptr<TargetRowStream> PostgresCatalog::read_rows(const TableRead& read) {
  const std::string what = "reading table " + quoted(read.table);
  if (read.families.size() != read.columns.size())
    throw Error(ErrorKind::Internal, what + ": " + std::to_string(read.columns.size()) + " columns but " +
                                         std::to_string(read.families.size()) + " families");
  std::string select = "SELECT ";
  std::vector<bool> blob;
  for (size_t i = 0; i < read.columns.size(); ++i) {
    select += (i ? ", " : "") + quoted(read.columns[i]);
    blob.push_back(read.families[i] == TypeFamily::Blob);
  }
  select += " FROM " + quoted(read.table);
  if (!read.range_column.empty())
    select += " WHERE " + quoted(read.range_column) + " BETWEEN " + std::to_string(read.first) + " AND " +
              std::to_string(read.last);
  if (!read.order_by.empty()) {
    // Byte order whatever the column's collation: "C" for collatable types;
    // json has no ordering and jsonb's is not its text's, so both sort as text.
    PgResultPtr r =
        run("SELECT a.attname, t.typcollation <> 0, COALESCE(b.typname, t.typname) FROM pg_catalog.pg_attribute a"
            " JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
            " LEFT JOIN pg_catalog.pg_type b ON t.typtype = 'd' AND b.oid = t.typbasetype"
            " WHERE a.attrelid = to_regclass(" +
                literal(quoted(read.table)) + ") AND a.attnum > 0 AND NOT a.attisdropped",
            what + ": looking up the types of its sort columns", read.table);
    std::unordered_map<std::string, std::string> key_sql;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
      const std::string name = PQgetvalue(r.get(), i, 0);
      const std::string typname = PQgetvalue(r.get(), i, 2);
      if (typname == "json" || typname == "jsonb")
        key_sql[name] = quoted(name) + "::text COLLATE \"C\"";
      else if (PQgetvalue(r.get(), i, 1)[0] == 't')
        key_sql[name] = quoted(name) + " COLLATE \"C\"";
    }
    select += " ORDER BY ";
    for (size_t i = 0; i < read.order_by.size(); ++i) {
      auto it = key_sql.find(read.order_by[i]);
      select += (i ? ", " : "") + (it == key_sql.end() ? quoted(read.order_by[i]) : it->second);
    }
  }
  return std::make_unique<PostgresRowStream>(session_, "COPY (" + select + ") TO STDOUT", read.table, std::move(blob));
}

std::vector<TableShape> PostgresCatalog::describe_tables(const std::vector<std::string>& names) {
  std::vector<TableShape> shapes(names.size());
  for (size_t i = 0; i < names.size(); ++i) shapes[i].name = names[i];
  if (names.empty()) return shapes;
  const std::string what = "describing " + table_list_label(names);
  const std::string table = names.size() == 1 ? names[0] : "";
  // relname::text: comparing as `name` would cut a long input to 63 bytes.
  PgResultPtr tables =
      run("SELECT c.oid, c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname::text IN (" +
              literal_list(names) + ")",
          what, table);
  std::map<std::string, std::vector<TableShape*>> by_oid;  // a name asked for twice has two shapes
  std::string oids;
  for (int i = 0; i < PQntuples(tables.get()); ++i) {
    const std::string oid = PQgetvalue(tables.get(), i, 0), relname = PQgetvalue(tables.get(), i, 1);
    for (TableShape& shape : shapes) {
      if (shape.name != relname) continue;
      shape.exists = true;
      by_oid[oid].push_back(&shape);
    }
    oids += (oids.empty() ? "" : ", ") + oid;
  }
  if (oids.empty()) return shapes;
  auto each = [&](const PGresult* r, int row, auto&& fill) {
    auto it = by_oid.find(PQgetvalue(r, row, 0));
    if (it == by_oid.end()) return;
    for (TableShape* shape : it->second) fill(*shape);
  };

  PgResultPtr columns =
      run("SELECT a.attrelid, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,"
          " COALESCE(b.typname, t.typname) FROM pg_catalog.pg_attribute a"
          " JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
          " LEFT JOIN pg_catalog.pg_type b ON t.typtype = 'd' AND b.oid = t.typbasetype"
          " WHERE a.attrelid IN (" +
              oids + ") AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum",
          what + ": reading its columns", table);
  const PGresult* c = columns.get();
  for (int i = 0; i < PQntuples(c); ++i) {
    ColumnShape column;
    column.name = PQgetvalue(c, i, 1);
    column.type = PQgetvalue(c, i, 2);
    column.nullable = PQgetvalue(c, i, 3)[0] != 't';
    column.family = postgres_type_family(PQgetvalue(c, i, 4));
    each(c, i, [&](TableShape& shape) { shape.columns.push_back(column); });
  }

  // One row per key column of each primary key, foreign key and check (a
  // check on no column has one row of NULLs), in key order.
  PgResultPtr constraints =
      run("SELECT c.conrelid, c.contype, c.conname, a.attname, p.relname, pa.attname FROM pg_catalog.pg_constraint c"
          " LEFT JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord) ON true"
          " LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum"
          " LEFT JOIN pg_catalog.pg_class p ON p.oid = c.confrelid"
          " LEFT JOIN pg_catalog.pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[k.ord::int]"
          " WHERE c.conrelid IN (" +
              oids + ") AND c.contype IN ('p', 'f', 'c') ORDER BY c.conrelid, c.conname, k.ord",
          what + ": reading its constraints", table);
  const PGresult* k = constraints.get();
  for (int i = 0; i < PQntuples(k); ++i) {
    const char type = PQgetvalue(k, i, 1)[0];
    const std::string name = PQgetvalue(k, i, 2), column = PQgetvalue(k, i, 3);
    each(k, i, [&](TableShape& shape) {
      if (type == 'p') {
        shape.primary_key.push_back(column);
      } else if (type == 'c') {
        if (shape.checks.empty() || shape.checks.back() != name) shape.checks.push_back(name);
      } else {
        if (shape.foreign_keys.empty() || shape.foreign_keys.back().name != name) {
          shape.foreign_keys.emplace_back();
          shape.foreign_keys.back().name = name;
          shape.foreign_keys.back().parent_table = PQgetvalue(k, i, 4);
        }
        shape.foreign_keys.back().columns.push_back(column);
        shape.foreign_keys.back().parent_columns.push_back(PQgetvalue(k, i, 5));
      }
    });
  }

  // Key columns only (not INCLUDE ones); an expression key as pg_get_indexdef prints it.
  PgResultPtr indexes =
      run("SELECT i.indrelid, ic.relname, i.indisunique, CASE WHEN k.attnum = 0 THEN"
          " pg_catalog.pg_get_indexdef(i.indexrelid, k.ord::int, true) ELSE a.attname::text END"
          " FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid"
          " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)"
          " LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
          " WHERE i.indrelid IN (" +
              oids + ") AND NOT i.indisprimary AND k.ord <= i.indnkeyatts ORDER BY i.indrelid, ic.relname, k.ord",
          what + ": reading its indexes", table);
  const PGresult* x = indexes.get();
  for (int i = 0; i < PQntuples(x); ++i) {
    const std::string name = PQgetvalue(x, i, 1);
    each(x, i, [&](TableShape& shape) {
      if (shape.indexes.empty() || shape.indexes.back().name != name) {
        shape.indexes.emplace_back();
        shape.indexes.back().name = name;
        shape.indexes.back().unique = PQgetvalue(x, i, 2)[0] == 't';
      }
      shape.indexes.back().columns.push_back(PQgetvalue(x, i, 3));
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

bool PostgresCatalog::same_type(const TargetType& planned, const std::string& actual) const {
  return postgres_same_type(planned.sql, actual);
}

std::vector<std::vector<std::optional<std::string>>> PostgresCatalog::query(const std::string& sql) {
  PgResultPtr r = run(sql, "running a query", "");
  std::vector<std::vector<std::optional<std::string>>> rows(static_cast<size_t>(PQntuples(r.get())));
  const int fields = PQnfields(r.get());
  for (size_t i = 0; i < rows.size(); ++i) {
    const int row = static_cast<int>(i);
    rows[i].reserve(static_cast<size_t>(fields));
    for (int j = 0; j < fields; ++j)
      rows[i].push_back(PQgetisnull(r.get(), row, j)
                            ? std::nullopt
                            : std::optional<std::string>(std::in_place, PQgetvalue(r.get(), row, j),
                                                         static_cast<size_t>(PQgetlength(r.get(), row, j))));
  }
  return rows;
}

void PostgresCatalog::execute(const std::string& sql) {
  run(sql, "running a statement", "");
}

std::vector<std::string> PostgresCatalog::list_tables() {
  PgResultPtr r =
      run("SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')",
          "listing tables", "");
  std::vector<std::string> names;
  for (int i = 0; i < PQntuples(r.get()); ++i) names.emplace_back(PQgetvalue(r.get(), i, 0));
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace litelift

namespace litelift {

// The lock key: the first 64 bits of XXH3 over "litelift:" and the database
// name, so that every litelift finds the same key and other applications'
// advisory locks are unlikely to collide with it.
int64_t postgres_run_lock_key(const std::string& database) {
  const std::string text = "litelift:" + database;
  return static_cast<int64_t>(XXH3_64bits(text.data(), text.size()));
}

std::string PostgresCatalog::session_id() {
  PgResultPtr r = run("SELECT pg_backend_pid()", "reading the session's process id", "");
  return PQntuples(r.get()) > 0 ? PQgetvalue(r.get(), 0, 0) : "";
}

int64_t PostgresCatalog::lock_key() {
  if (!lock_key_) {
    PgResultPtr r = run("SELECT current_database()", "reading the database name", "");
    database_ = PQntuples(r.get()) > 0 ? PQgetvalue(r.get(), 0, 0) : "";
    lock_key_ = postgres_run_lock_key(database_);
  }
  return *lock_key_;
}

bool PostgresCatalog::try_run_lock() {
  const int64_t key = lock_key();
  PgResultPtr r = run("SELECT pg_try_advisory_lock(" + std::to_string(key) + ")",
                      "taking the migration lock (" + run_lock_name() + ")", "");
  return PQntuples(r.get()) > 0 && std::strcmp(PQgetvalue(r.get(), 0, 0), "t") == 0;
}

void PostgresCatalog::release_run_lock() {
  const int64_t key = lock_key();
  run("SELECT pg_advisory_unlock(" + std::to_string(key) + ")",
      "releasing the migration lock (" + run_lock_name() + ")", "");
}

std::optional<LockHolder> PostgresCatalog::run_lock_holder() {
  // A bigint advisory lock shows in pg_locks as classid (high 32 bits),
  // objid (low 32 bits) and objsubid 1.
  const uint64_t key = static_cast<uint64_t>(lock_key());
  PgResultPtr r =
      run("SELECT l.pid, host(a.client_addr), to_char(a.backend_start AT TIME ZONE 'UTC', "
          "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM pg_catalog.pg_locks l LEFT JOIN pg_catalog.pg_stat_activity a ON "
          "a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.database = (SELECT oid "
          "FROM pg_catalog.pg_database WHERE datname = current_database()) AND l.classid = " +
              std::to_string(key >> 32) + " AND l.objid = " + std::to_string(key & 0xffffffffu),
          "looking up who holds the migration lock", "");
  if (PQntuples(r.get()) < 1) return std::nullopt;
  LockHolder h;
  h.session = PQgetvalue(r.get(), 0, 0);
  h.client = PQgetvalue(r.get(), 0, 1);
  h.connected_since = PQgetvalue(r.get(), 0, 2);
  return h;
}

std::string PostgresCatalog::run_lock_name() const {
  return "PostgreSQL advisory lock " + (lock_key_ ? std::to_string(*lock_key_) : std::string("of litelift")) +
         " on database " + database_;
}

}  // namespace litelift
