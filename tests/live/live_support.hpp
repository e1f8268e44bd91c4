// Support for live tests: a throwaway database per test on a real server,
// running the litelift binary, and reading rows back through the servers'
// own C clients (libpq, libmariadb) — never through litelift's code.
#pragma once

#include <map>
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

// The litelift binary started in the background (through /bin/sh -c "exec ...").
class Background {
 public:
  Background(const std::string& args, const std::string& env = "");
  ~Background();  // kills and reaps a process still running
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;
  int pid() const { return pid_; }
  bool running();  // not yet exited
  Run wait();      // its exit code (-1 when killed by a signal) and output

 private:
  int pid_ = -1;
  int status_ = 0;
  bool reaped_ = false;
  std::string base_;
};

// One open connection to a test database, for holding a transaction or a lock across litelift runs.
class Session {
 public:
  Session(const std::string& url, bool postgres);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  std::vector<Row> query(const std::string& sql);

 private:
  void* conn_ = nullptr;
  bool postgres_;
};
std::string fixture(const std::string& name);
std::string parse_password(const std::string& url);  // the URL's password, "" when it has none

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
  // The base tables, sorted; without litelift's run ledger (litelift_runs),
  // which every migrate writes, unless asked for.
  std::vector<std::string> tables(bool with_ledger = false) const;
  std::string quote_ident(const std::string& name) const;
  std::string quote_literal(const std::string& text) const;

 private:
  std::string admin_url_, url_, name_;
  bool postgres_;
};

// What compare_all needs to know about a run besides the two databases.
struct CompareOptions {
  // litelift's JSON report (--report FILE.json). Its "tables" entries give the
  // target names: {"name", "source_name", "columns": [{"source", "name"}]};
  // a table or column without an entry keeps its source name. Nothing else in
  // the report is read: the target's types come from its own catalog.
  std::string report_json;
  // The run's reject file (--rejects FILE, JSON Lines): those rows are left
  // out of the source side, matched by "rowid" or, for WITHOUT ROWID tables,
  // by "key".
  std::string rejects_jsonl;
  // "table.column" (source names) -> "epoch" | "epoch_ms" | "julianday": how a
  // number in that column reads as a date/time. Without an entry a number in
  // a date/time column has no reading and must have been rejected.
  std::map<std::string, std::string> temporal;
  bool replace_invalid_utf8 = false;  // expect U+FFFD per maximal subpart of invalid UTF-8 text
  bool strip_nul = false;             // expect NUL bytes removed from text
  bool nfc = false;                   // expect text normalised to NFC
};

// The independent oracle: compares every value of every ordinary table of
// `sqlite_path` with the target, by the family of the target column's
// catalog type (see oracle_values.hpp), pairing rows by the source's primary
// key, or as multisets when it has none. Returns one message per difference
// ("table.column key=K: source X target Y"; missing and extra rows; row
// counts; columns it cannot compare), empty when equal. Reads the source
// with SQLite and the target with libpq / libmariadb, never with litelift's
// code. Costs one full read of both sides, held in memory: for test data.
std::vector<std::string> compare_all(const std::string& sqlite_path, const TargetDb& db,
                                     const CompareOptions& options = {});

}  // namespace live
