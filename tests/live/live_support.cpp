#include "live_support.hpp"

#include <libpq-fe.h>
#include <mysql.h>
#include <SQLiteCpp/SQLiteCpp.h>
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
#include "engines/mysql/mysql_dialect.hpp"
#include "engines/postgres/postgres_dialect.hpp"
#include "mapping/type_mapper.hpp"

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

std::vector<Row> pg_query(const std::string& url, const std::string& sql) {
  std::unique_ptr<PGconn, PgDeleter> c(PQconnectdb(url.c_str()));
  if (PQstatus(c.get()) != CONNECTION_OK) throw std::runtime_error("pg connect: " + std::string(PQerrorMessage(c.get())));
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
                                               : std::optional<std::string>(std::string(
                                                     PQgetvalue(r.get(), i, j), PQgetlength(r.get(), i, j))));
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
  if (mysql_real_query(m.get(), sql.data(), sql.size()) != 0)
    throw std::runtime_error("mysql query failed: " + sql + ": " + mysql_error(m.get()));
  std::vector<Row> rows;
  MYSQL_RES* res = mysql_store_result(m.get());
  if (!res) return rows;
  unsigned n = mysql_num_fields(res);
  while (MYSQL_ROW r = mysql_fetch_row(res)) {
    unsigned long* len = mysql_fetch_lengths(res);
    Row row;
    for (unsigned j = 0; j < n; ++j)
      row.push_back(r[j] ? std::optional<std::string>(std::string(r[j], len[j])) : std::nullopt);
    rows.push_back(std::move(row));
  }
  mysql_free_result(res);
  return rows;
}

std::string hex(const void* p, size_t n) {
  static const char* d = "0123456789abcdef";
  std::string out;
  auto* b = static_cast<const unsigned char*>(p);
  for (size_t i = 0; i < n; ++i) {
    out += d[b[i] >> 4];
    out += d[b[i] & 15];
  }
  return out;
}

std::string sqlite_ident(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string hexfloat(double d) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%a", d);
  return buf;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), ::tolower);
  return s;
}

// JSON compared as values: key order, spacing and number spelling (2.5e3 vs
// 2500) are not part of the value.
nlohmann::json numbers_as_doubles(nlohmann::json j) {
  if (j.is_number()) return nlohmann::json(j.get<double>());
  if (j.is_structured())
    for (auto& e : j) e = numbers_as_doubles(e);
  return j;
}

std::string normal_json(const std::string& text) { return numbers_as_doubles(nlohmann::json::parse(text)).dump(); }

// "2024-01-02T03:04" -> "2024-01-02 03:04:00.000000"
std::string normal_timestamp(std::string s) {
  if (s.size() >= 11 && s[10] == 'T') s[10] = ' ';
  if (s.size() == 10) s += " 00:00";
  if (s.size() == 16) s += ":00";
  if (s.size() == 19) s += ".";
  while (s.size() < 26) s += '0';
  return s;
}

}  // namespace

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

std::string fixture(const std::string& name) { return std::string(LITELIFT_FIXTURES) + "/" + name; }

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

TargetDb::TargetDb(const std::string& admin_url, bool postgres) : admin_url_(admin_url), postgres_(postgres) {
  std::random_device rd;
  name_ = "ll_test_" + std::to_string(getpid()) + "_" + std::to_string(rd() % 1000000);
  url_ = with_database(admin_url, name_);
  if (postgres) pg_query(admin_url_, "CREATE DATABASE " + name_ + " TEMPLATE template0 ENCODING 'UTF8'");
  else my_query(admin_url_, "CREATE DATABASE " + name_ + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
}

TargetDb::~TargetDb() {
  try {
    if (postgres_) pg_query(admin_url_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    else my_query(admin_url_, "DROP DATABASE IF EXISTS " + name_);
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

std::vector<std::string> TargetDb::tables() const {
  auto rows = query(postgres_ ? "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
                              : "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1");
  std::vector<std::string> out;
  for (auto& r : rows) out.push_back(*r[0]);
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

std::vector<std::string> compare_all(const std::string& sqlite_path, const TargetDb& db) {
  using litelift::TypeFamily;
  std::vector<std::string> diffs;
  SQLite::Database src(sqlite_path, SQLite::OPEN_READONLY);
  // Ordinary tables only: not SQLite's own, not virtual tables nor their shadow tables.
  SQLite::Statement tables(src,
                           "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' "
                           "AND name NOT LIKE 'sqlite_%' ORDER BY 1");
  const auto& dialect = db.postgres() ? litelift::postgres_dialect() : litelift::mysql_dialect();
  while (tables.executeStep()) {
    std::string table = tables.getColumn(0).getString();
    std::vector<std::pair<std::string, TypeFamily>> cols;
    SQLite::Statement info(src, "SELECT name, type FROM pragma_table_xinfo(?)");
    info.bind(1, table);
    while (info.executeStep())
      cols.emplace_back(info.getColumn(0).getString(),
                        litelift::map_declared_type(info.getColumn(1).getString(), dialect).family);
    // Source rows, normalised per family.
    std::string sel = "SELECT ";
    for (size_t i = 0; i < cols.size(); ++i) sel += (i ? ", " : "") + sqlite_ident(cols[i].first);
    std::vector<Row> source_rows;
    SQLite::Statement rows(src, sel + " FROM " + sqlite_ident(table));
    while (rows.executeStep()) {
      Row row;
      for (size_t i = 0; i < cols.size(); ++i) {
        SQLite::Column c = rows.getColumn(static_cast<int>(i));
        if (c.isNull()) {
          row.push_back(std::nullopt);
          continue;
        }
        switch (cols[i].second) {
          case TypeFamily::Real:
          case TypeFamily::Decimal: row.push_back(hexfloat(c.getDouble())); break;
          case TypeFamily::Blob: row.push_back(hex(c.getBlob(), static_cast<size_t>(c.getBytes()))); break;
          case TypeFamily::Timestamp: row.push_back(normal_timestamp(c.getString())); break;
          case TypeFamily::Json: row.push_back(normal_json(c.getString())); break;
          default: row.push_back(std::string(static_cast<const char*>(c.getBlob()), static_cast<size_t>(c.getBytes())));
        }
      }
      source_rows.push_back(std::move(row));
    }
    // Target rows through the server's own formatting.
    std::string tsel = "SELECT ";
    for (size_t i = 0; i < cols.size(); ++i) {
      std::string q = db.quote_ident(cols[i].first);
      std::string e = q;
      switch (cols[i].second) {
        case TypeFamily::Blob: e = db.postgres() ? "encode(" + q + ", 'hex')" : "LOWER(HEX(" + q + "))"; break;
        case TypeFamily::Boolean: e = db.postgres() ? q + "::int" : q; break;
        case TypeFamily::Date: e = db.postgres() ? "to_char(" + q + ", 'YYYY-MM-DD')" : "DATE_FORMAT(" + q + ", '%Y-%m-%d')"; break;
        case TypeFamily::Timestamp:
          e = db.postgres() ? "to_char(" + q + ", 'YYYY-MM-DD HH24:MI:SS.US')"
                            : "DATE_FORMAT(" + q + ", '%Y-%m-%d %H:%i:%s.%f')";
          break;
        case TypeFamily::Real: e = db.postgres() ? q + "::text" : "CAST(" + q + " AS CHAR)"; break;
        default: break;
      }
      tsel += (i ? ", " : "") + e;
    }
    std::vector<Row> target_rows;
    try {
      target_rows = db.query(tsel + " FROM " + db.quote_ident(table));
    } catch (const std::exception& ex) {
      diffs.push_back(table + ": " + ex.what());
      continue;
    }
    for (auto& row : target_rows)
      for (size_t i = 0; i < cols.size(); ++i) {
        if (!row[i]) continue;
        switch (cols[i].second) {
          case TypeFamily::Real:
          case TypeFamily::Decimal: row[i] = hexfloat(std::strtod(row[i]->c_str(), nullptr)); break;
          case TypeFamily::Json: row[i] = normal_json(*row[i]); break;
          case TypeFamily::Blob: row[i] = lower(*row[i]); break;
          default: break;
        }
      }
    if (source_rows.size() != target_rows.size()) {
      diffs.push_back(table + ": " + std::to_string(source_rows.size()) + " rows in the source, " +
                      std::to_string(target_rows.size()) + " in the target");
      continue;
    }
    std::sort(source_rows.begin(), source_rows.end());
    std::sort(target_rows.begin(), target_rows.end());
    for (size_t r = 0; r < source_rows.size() && diffs.size() < 20; ++r)
      for (size_t i = 0; i < cols.size(); ++i)
        if (source_rows[r][i] != target_rows[r][i])
          diffs.push_back(table + "." + cols[i].first + ": source " + source_rows[r][i].value_or("NULL") +
                          " target " + target_rows[r][i].value_or("NULL"));
  }
  return diffs;
}

}  // namespace live
