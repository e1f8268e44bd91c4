#include "engines/mysql/mysql_catalog.hpp"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include "engines/mysql/mysql_dialect.hpp"
#include "engines/mysql/mysql_session.hpp"
#include "mapping/ddl.hpp"

#include <algorithm>
#include "mapping/error.hpp"

namespace litelift {

namespace {

std::string quoted(const std::string& name) {
  return mysql_dialect().quote_identifier(name);
}

std::string quoted_list(const std::vector<std::string>& names) {
  return quote_list(names, mysql_dialect());
}

}  // namespace

MySQLCatalog::MySQLCatalog(const TargetUrl& url, const std::string& collation) : collation_(collation) {
  // The connector wants IPv6 literals in brackets inside its tcp:// URI.
  const bool ipv6 = url.host.find(':') != std::string::npos;
  const std::string host = ipv6 ? "[" + url.host + "]" : url.host;
  sql::ConnectOptionsMap options;
  options["hostName"] = sql::SQLString("tcp://" + host + ":" + std::to_string(url.effective_port()));
  options["userName"] = sql::SQLString(url.user);
  options["password"] = sql::SQLString(url.password);
  if (!url.database.empty()) options["schema"] = sql::SQLString(url.database);
  options["OPT_CONNECT_TIMEOUT"] = 10;
  try {
    conn_.reset(sql::mysql::get_mysql_driver_instance()->connect(options));
  } catch (const sql::SQLException& e) {
    // 2002/2003/2005/2013 (unreachable), 1045 (credentials), 1044/1049 (database).
    throw mysql_connect_error(url, e.what(), e.getErrorCode());
  } catch (const std::exception& e) {
    throw mysql_connect_error(url, e.what());
  }
  if (!conn_) throw mysql_connect_error(url, "the connector returned no connection");
  // The connector's own default is utf8mb4_general_ci; tables and comparisons
  // must use the configured collation.
  for (const MySQLSessionStep& step : mysql_session_setup(collation_)) execute(step.sql, step.doing, "");
}

MySQLCatalog::~MySQLCatalog() = default;

void MySQLCatalog::guarded(const std::string& doing, const std::string& table, const std::function<void()>& body) {
  try {
    body();
  } catch (const sql::SQLException& e) {
    Error error(ErrorKind::Target, doing + ": " + mysql_one_line(e.what()));
    error.server_code = e.getErrorCode();
    error.sqlstate = e.getSQLState();
    error.table = table;
    throw error;
  }
}

void MySQLCatalog::execute(const std::string& sql, const std::string& doing, const std::string& table) {
  guarded(doing, table, [&] {
    std::unique_ptr<sql::Statement> stmt(conn_->createStatement());
    stmt->execute(sql);
  });
}

std::string MySQLCatalog::server_version() {
  std::string version;
  guarded("reading the server version", "", [&] {
    std::unique_ptr<sql::Statement> stmt(conn_->createStatement());
    std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery("SELECT VERSION()"));
    if (rs->next()) version = rs->getString(1);
  });
  return version;
}

bool MySQLCatalog::requires_primary_key() {
  bool required = false;
  guarded("reading whether the server requires primary keys", "", [&] {
    std::unique_ptr<sql::Statement> stmt(conn_->createStatement());
    std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery(
        "SHOW VARIABLES WHERE Variable_name IN ('innodb_force_primary_key', 'sql_require_primary_key')"));
    while (rs->next()) required = required || rs->getString(2) == "ON" || rs->getString(2) == "1";
  });
  return required;
}

std::vector<std::string> MySQLCatalog::existing_tables(const std::vector<std::string>& names) {
  std::vector<std::string> found;
  if (names.empty()) return found;
  guarded("looking up existing tables", "", [&] {
    // information_schema compares names case-insensitively; the tables are
    // case-sensitive, so compare the bytes.
    std::unique_ptr<sql::PreparedStatement> ps(
        conn_->prepareStatement("SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() "
                                "AND CAST(table_name AS BINARY) = CAST(? AS BINARY)"));
    for (const std::string& name : names) {
      ps->setString(1, name);
      std::unique_ptr<sql::ResultSet> rs(ps->executeQuery());
      if (rs->next()) found.push_back(name);
    }
  });
  return found;
}

void MySQLCatalog::create_table(const TablePlan& table) {
  std::string sql = create_table_sql(table, mysql_dialect(), mysql_table_options(collation_));
  execute(sql, "creating table " + quoted(table.name), table.name);
}

void MySQLCatalog::drop_tables(const std::vector<std::string>& names) {
  if (names.empty()) return;
  // One statement; with foreign_key_checks = 0 tables referenced from
  // elsewhere drop too.
  execute("DROP TABLE IF EXISTS " + quoted_list(names), "dropping tables " + quoted_list(names),
          names.size() == 1 ? names.front() : "");
}

void MySQLCatalog::truncate_tables(const std::vector<std::string>& names) {
  for (const std::string& name : names)
    execute("TRUNCATE TABLE " + quoted(name), "truncating table " + quoted(name), name);
}

void MySQLCatalog::create_index(const TablePlan& table, const IndexPlan& index) {
  std::string sql = create_index_sql(table, index, mysql_dialect());
  execute(sql, "creating index " + quoted(index.name) + " on table " + quoted(table.name), table.name);
}

void MySQLCatalog::add_foreign_key(const TablePlan& table, const ForeignKeyPlan& fk) {
  // With foreign_key_checks = 0 InnoDB adds the constraint in place without
  // scanning the rows.
  std::string sql = add_foreign_key_sql(table, fk, mysql_dialect());
  execute(sql, "adding foreign key " + quoted(fk.name) + " to table " + quoted(table.name), table.name);
}

void MySQLCatalog::add_check(const TablePlan& table, const CheckPlan& check) {
  execute(add_check_sql(table, check, mysql_dialect()),
          "adding check constraint " + quoted(check.name) + " to table " + quoted(table.name), table.name);
}

int64_t MySQLCatalog::check_violations(const TablePlan& table, const CheckPlan& check) {
  int64_t count = 0;
  guarded("checking the rows of table " + quoted(table.name) + " against " + quoted(check.name), table.name, [&] {
    std::unique_ptr<sql::Statement> stmt(conn_->createStatement());
    std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery(check_violations_sql(table, check, mysql_dialect())));
    if (rs->next()) count = rs->getInt64(1);
  });
  return count;
}

void MySQLCatalog::drop_check(const TablePlan& table, const CheckPlan& check) {
  execute(drop_check_sql(table, check, mysql_dialect()),
          "dropping check constraint " + quoted(check.name) + " of table " + quoted(table.name), table.name);
}

void MySQLCatalog::create_view(const ViewPlan& view) {
  execute(create_view_sql(view, mysql_dialect()), "creating view " + quoted(view.name), view.name);
}

void MySQLCatalog::drop_views(const std::vector<std::string>& names) {
  if (names.empty()) return;
  execute("DROP VIEW IF EXISTS " + quoted_list(names), "dropping views " + quoted_list(names), "");
}

void MySQLCatalog::set_identity_next(const TablePlan& table, int64_t next_value) {
  const std::string doing = "setting the next AUTO_INCREMENT value of table " + quoted(table.name);
  // Never lower the counter (--if-exists append: the table may have handed
  // out ids already). MySQL 8 caches information_schema figures unless told not to.
  try {
    std::unique_ptr<sql::Statement> stmt(conn_->createStatement());
    stmt->execute("SET SESSION information_schema_stats_expiry = 0");
  } catch (const sql::SQLException&) {
    // MariaDB has no such cache (and no such variable).
  }
  int64_t current = 0;
  guarded(doing, table.name, [&] {
    std::unique_ptr<sql::PreparedStatement> ps(
        conn_->prepareStatement("SELECT AUTO_INCREMENT FROM information_schema.tables WHERE table_schema = DATABASE() "
                                "AND CAST(table_name AS BINARY) = CAST(? AS BINARY)"));
    ps->setString(1, table.name);
    std::unique_ptr<sql::ResultSet> rs(ps->executeQuery());
    if (rs->next() && !rs->isNull(1)) current = rs->getInt64(1);
  });
  execute("ALTER TABLE " + quoted(table.name) + " AUTO_INCREMENT = " + std::to_string(std::max(next_value, current)),
          doing, table.name);
}

int64_t MySQLCatalog::count_rows(const std::string& table) {
  int64_t count = 0;
  guarded("counting the rows of table " + quoted(table), table, [&] {
    std::unique_ptr<sql::Statement> stmt(conn_->createStatement());
    std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery("SELECT COUNT(*) FROM " + quoted(table)));
    if (rs->next()) count = rs->getInt64(1);
  });
  return count;
}

}  // namespace litelift
