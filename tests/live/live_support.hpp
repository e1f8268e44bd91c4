// Support for live tests: a throwaway database per test on a real server,
// running the litelift binary, and reading rows back through the servers'
// own C clients (libpq, libmariadb) — never through litelift's code.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace live {

using Row = std::vector<std::optional<std::string>>;

struct Run {
  int code = -1;
  std::string out;
  std::string err;
};

// Runs the litelift binary with `args` (already shell-quoted where needed).
Run litelift(const std::string& args, const std::string& env = "");
std::string quote(const std::string& s);  // shell single-quoting
std::string fixture(const std::string& name);

// A fresh database on the server of `admin_url`, dropped on destruction.
class TargetDb {
 public:
  TargetDb(const std::string& admin_url, bool postgres);
  ~TargetDb();
  TargetDb(const TargetDb&) = delete;
  TargetDb& operator=(const TargetDb&) = delete;

  const std::string& url() const { return url_; }
  bool postgres() const { return postgres_; }
  std::vector<Row> query(const std::string& sql) const;
  std::string scalar(const std::string& sql) const;
  std::vector<std::string> tables() const;
  std::string quote_ident(const std::string& name) const;

 private:
  std::string admin_url_, url_, name_;
  bool postgres_;
};

// Compares every value of every table of `sqlite_path` with the target,
// by family; returns the differences found (empty when equal).
std::vector<std::string> compare_all(const std::string& sqlite_path, const TargetDb& db);

}  // namespace live
