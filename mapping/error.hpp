// The one exception root of litelift. Callers ask it what happened (kind,
// server diagnostics) instead of parsing messages; the CLI maps the kind to
// the documented exit code.
#pragma once

#include <stdexcept>
#include <string>

namespace litelift {

// Documented in README.md ("Exit codes"); scheduled audits alert on them.
enum ExitCode : int {
  kExitOk = 0,
  kExitProblems = 1,           // counts differ, or a value cannot arrive unchanged
  kExitUsage = 2,              // bad option, malformed URL, unknown command
  kExitSourceMissing = 3,      // source file missing or unreadable
  kExitSourceInvalid = 4,      // source is not a SQLite database, or is corrupt
  kExitTargetUnreachable = 5,  // cannot connect or authenticate to the target
  kExitTarget = 6,             // the target refused a statement or a load
  kExitLocked = 7,             // another litelift migrate holds the target's migration lock
  kExitInterrupted = 130,      // stopped by SIGINT (128 + 2); SIGTERM exits 143 (128 + 15)
  kExitInternal = 70,          // a bug in litelift
};

enum class ErrorKind {
  Usage,
  SourceMissing,
  SourceInvalid,
  TargetConnect,
  Target,
  Locked,       // another run holds the target's migration lock
  Interrupted,  // SIGINT / SIGTERM: the run stopped on request
  Data,         // a source value that cannot arrive unchanged
  Mismatch,     // verification found a difference
  Internal,
};

int exit_code_for(ErrorKind kind);

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }
  int exit_code() const { return exit_code_for(kind_); }

  // Server diagnostics, copied verbatim when the error came from a server.
  std::string sqlstate;  // PostgreSQL SQLSTATE or MySQL SQLSTATE
  int server_code = 0;   // MySQL/MariaDB error number
  std::string table;     // table the error concerns, when known
  std::string column;
  std::string constraint;
  // The server is not (yet) taking connections or queries: refused, starting
  // up, shutting down. Set by the engine that knows its error codes; the
  // readiness wait (--wait) tries again only then.
  bool transient = false;

 private:
  ErrorKind kind_;
};

}  // namespace litelift
