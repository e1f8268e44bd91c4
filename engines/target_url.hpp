// Target URLs: postgresql://user:pass@host:port/db?sslmode=...,
// mysql://user:pass@host:port/db (mariadb:// is the same).
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace litelift {

struct TargetUrl {
  enum class Scheme { Postgres, MySQL };
  Scheme scheme = Scheme::Postgres;
  std::string user;
  std::string password;  // never printed; see redacted()
  std::string host = "localhost";
  int port = 0;          // 0: the default (5432 / 3306)
  std::string database;
  std::map<std::string, std::string> params;

  int effective_port() const { return port ? port : (scheme == Scheme::Postgres ? 5432 : 3306); }
  // The URL with the password replaced by "***", for logs and reports.
  std::string redacted() const;
};

// Throws Error(Usage) with a one-line reason for a malformed URL.
TargetUrl parse_target_url(std::string_view url);

}  // namespace litelift
