#include "live_support.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <libpq-fe.h>
#include <mysql.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <stdexcept>

#include "engines/target_url.hpp"

namespace live {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string with_database(const std::string& url, const std::string& db) {
  size_t q = url.find('?');
  std::string base = url.substr(0, q);
  std::string rest = q == std::string::npos ? "" : url.substr(q);
  return base.substr(0, base.rfind('/') + 1) + db + rest;
}

struct PgDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct PgResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
struct MyDeleter {
  void operator()(MYSQL* m) const { mysql_close(m); }
};
struct MyResultDeleter {
  void operator()(MYSQL_RES* r) const { mysql_free_result(r); }
};

std::vector<Row> pg_query(const std::string& url, const std::string& sql) {
  std::unique_ptr<PGconn, PgDeleter> c(PQconnectdb(url.c_str()));
  if (PQstatus(c.get()) != CONNECTION_OK)
    throw std::runtime_error("pg connect: " + std::string(PQerrorMessage(c.get())));
  std::unique_ptr<PGresult, PgResultDeleter> init(PQexec(c.get(), "SET extra_float_digits = 3"));
  std::unique_ptr<PGresult, PgResultDeleter> r(PQexec(c.get(), sql.c_str()));
  auto st = PQresultStatus(r.get());
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
    throw std::runtime_error("pg query failed: " + sql + ": " + PQerrorMessage(c.get()));
  std::vector<Row> rows;
  for (int i = 0; i < PQntuples(r.get()); ++i) {
    Row row;
    for (int j = 0; j < PQnfields(r.get()); ++j)
      row.push_back(PQgetisnull(r.get(), i, j) ? std::nullopt
                                               : std::optional<std::string>(std::string(PQgetvalue(r.get(), i, j),
                                                                                        PQgetlength(r.get(), i, j))));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<Row> my_query(const std::string& url, const std::string& sql) {
  litelift::TargetUrl u = litelift::parse_target_url(url);
  std::unique_ptr<MYSQL, MyDeleter> m(mysql_init(nullptr));
  mysql_options(m.get(), MYSQL_SET_CHARSET_NAME, "utf8mb4");
  if (!mysql_real_connect(m.get(), u.host.c_str(), u.user.c_str(), u.password.c_str(), u.database.c_str(),
                          static_cast<unsigned>(u.effective_port()), nullptr, 0))
    throw std::runtime_error("mysql connect: " + std::string(mysql_error(m.get())));
  // TIMESTAMP columns read back in UTC, as the oracle expects them.
  if (mysql_query(m.get(), "SET time_zone = '+00:00'") != 0)
    throw std::runtime_error("mysql time_zone: " + std::string(mysql_error(m.get())));
  if (mysql_real_query(m.get(), sql.data(), sql.size()) != 0)
    throw std::runtime_error("mysql query failed: " + sql + ": " + mysql_error(m.get()));
  std::vector<Row> rows;
  std::unique_ptr<MYSQL_RES, MyResultDeleter> res(mysql_store_result(m.get()));
  if (!res) {
    if (mysql_field_count(m.get()) != 0) throw std::runtime_error("mysql result: " + std::string(mysql_error(m.get())));
    return rows;
  }
  unsigned n = mysql_num_fields(res.get());
  while (MYSQL_ROW r = mysql_fetch_row(res.get())) {
    unsigned long* len = mysql_fetch_lengths(res.get());
    Row row;
    for (unsigned j = 0; j < n; ++j)
      row.push_back(r[j] ? std::optional<std::string>(std::string(r[j], len[j])) : std::nullopt);
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

std::string fixture(const std::string& name) {
  return std::string(LITELIFT_FIXTURES) + "/" + name;
}

std::string parse_password(const std::string& url) {
  return litelift::parse_target_url(url).password;
}

Run litelift(const std::string& args, const std::string& env) {
  static int counter = 0;
  std::string base = "/tmp/litelift-live-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
  std::string cmd = env + (env.empty() ? "" : " ") + LITELIFT_BINARY + std::string(" ") + args + " >" + base +
                    ".out 2>" + base + ".err </dev/null";
  int status = std::system(cmd.c_str());
  Run r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(base + ".out");
  r.err = slurp(base + ".err");
  std::remove((base + ".out").c_str());
  std::remove((base + ".err").c_str());
  return r;
}

Background::Background(const std::string& args, const std::string& env) {
  static int counter = 0;
  base_ = "/tmp/litelift-live-bg-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
  const std::string cmd = env + (env.empty() ? "" : " ") + "exec " + LITELIFT_BINARY + std::string(" ") + args + " >" +
                          base_ + ".out 2>" + base_ + ".err </dev/null";
  pid_ = fork();
  if (pid_ == 0) {
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  if (pid_ < 0) throw std::runtime_error("fork failed");
}

Background::~Background() {
  if (!reaped_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status_, 0);
  }
  std::remove((base_ + ".out").c_str());
  std::remove((base_ + ".err").c_str());
}

bool Background::running() {
  if (reaped_) return false;
  if (waitpid(pid_, &status_, WNOHANG) == pid_) reaped_ = true;
  return !reaped_;
}

Run Background::wait() {
  if (!reaped_) {
    waitpid(pid_, &status_, 0);
    reaped_ = true;
  }
  Run r;
  r.code = WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
  r.out = slurp(base_ + ".out");
  r.err = slurp(base_ + ".err");
  return r;
}

Session::Session(const std::string& url, bool postgres) : postgres_(postgres) {
  if (postgres) {
    PGconn* c = PQconnectdb(url.c_str());
    conn_ = c;
    if (PQstatus(c) != CONNECTION_OK) throw std::runtime_error("pg connect: " + std::string(PQerrorMessage(c)));
  } else {
    litelift::TargetUrl u = litelift::parse_target_url(url);
    MYSQL* m = mysql_init(nullptr);
    conn_ = m;
    if (!mysql_real_connect(m, u.host.c_str(), u.user.c_str(), u.password.c_str(), u.database.c_str(),
                            static_cast<unsigned>(u.effective_port()), nullptr, 0))
      throw std::runtime_error("mysql connect: " + std::string(mysql_error(m)));
  }
}

Session::~Session() {
  if (postgres_)
    PQfinish(static_cast<PGconn*>(conn_));
  else
    mysql_close(static_cast<MYSQL*>(conn_));
}

std::vector<Row> Session::query(const std::string& sql) {
  std::vector<Row> rows;
  if (postgres_) {
    PGconn* c = static_cast<PGconn*>(conn_);
    std::unique_ptr<PGresult, PgResultDeleter> r(PQexec(c, sql.c_str()));
    auto st = PQresultStatus(r.get());
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
      throw std::runtime_error("pg query failed: " + sql + ": " + PQerrorMessage(c));
    for (int i = 0; i < PQntuples(r.get()); ++i) {
      Row row;
      for (int j = 0; j < PQnfields(r.get()); ++j)
        row.push_back(PQgetisnull(r.get(), i, j) ? std::nullopt
                                                 : std::optional<std::string>(PQgetvalue(r.get(), i, j)));
      rows.push_back(std::move(row));
    }
    return rows;
  }
  MYSQL* m = static_cast<MYSQL*>(conn_);
  if (mysql_real_query(m, sql.data(), sql.size()) != 0)
    throw std::runtime_error("mysql query failed: " + sql + ": " + mysql_error(m));
  std::unique_ptr<MYSQL_RES, MyResultDeleter> res(mysql_store_result(m));
  if (!res) return rows;
  unsigned n = mysql_num_fields(res.get());
  while (MYSQL_ROW r = mysql_fetch_row(res.get())) {
    Row row;
    for (unsigned j = 0; j < n; ++j) row.push_back(r[j] ? std::optional<std::string>(r[j]) : std::nullopt);
    rows.push_back(std::move(row));
  }
  return rows;
}

TargetDb::TargetDb(const std::string& admin_url, bool postgres) : admin_url_(admin_url), postgres_(postgres) {
  std::random_device rd;
  name_ = "ll_test_" + std::to_string(getpid()) + "_" + std::to_string(rd() % 1000000);
  url_ = with_database(admin_url, name_);
  if (postgres)
    pg_query(admin_url_, "CREATE DATABASE " + name_ + " TEMPLATE template0 ENCODING 'UTF8'");
  else
    my_query(admin_url_, "CREATE DATABASE " + name_ + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
}

TargetDb::~TargetDb() {
  try {
    if (postgres_)
      pg_query(admin_url_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    else
      my_query(admin_url_, "DROP DATABASE IF EXISTS " + name_);
  } catch (...) {
  }
}

std::vector<Row> TargetDb::query(const std::string& sql) const {
  return postgres_ ? pg_query(url_, sql) : my_query(url_, sql);
}

std::string TargetDb::scalar(const std::string& sql) const {
  auto rows = query(sql);
  if (rows.empty() || rows[0].empty() || !rows[0][0]) return "NULL";
  return *rows[0][0];
}

std::vector<std::string> TargetDb::tables(bool with_ledger) const {
  auto rows = query(postgres_ ? "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
                              : "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND "
                                "table_type = 'BASE TABLE' ORDER BY 1");
  std::vector<std::string> out;
  for (auto& r : rows)
    if (with_ledger || *r[0] != "litelift_runs") out.push_back(*r[0]);
  return out;
}

std::string TargetDb::quote_ident(const std::string& name) const {
  char q = postgres_ ? '"' : '`';
  std::string out(1, q);
  for (char c : name) {
    if (c == q) out += q;
    out += c;
  }
  return out + q;
}

std::string TargetDb::quote_literal(const std::string& text) const {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || (c == '\\' && !postgres_)) out += c;  // MySQL reads backslash escapes
    out += c;
  }
  return out + "'";
}

}  // namespace live
