// Offline parts of operational safety: the readiness backoff and give-up
// message, the source fingerprint, and the options that go with them.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

#include "engines/sqlite/sqlite_source.hpp"
#include "engines/target_ready.hpp"
#include "mapping/error.hpp"

namespace {

using namespace litelift;

TEST(Readiness, BackoffDoublesFromAQuarterSecondUpToFive) {
  std::vector<double> pauses;
  for (int i = 0; i < 8; ++i) pauses.push_back(ready_backoff_seconds(i));
  EXPECT_EQ(pauses, (std::vector<double>{0.25, 0.5, 1, 2, 4, 5, 5, 5}));
  EXPECT_EQ(ready_backoff_seconds(1000), 5);
}

// A target whose connections always fail with `error`.
class FailingTarget : public Target {
 public:
  explicit FailingTarget(Error error) : error_(std::move(error)) {}
  const Dialect& dialect() const override { throw error_; }
  std::unique_ptr<TargetCatalog> connect_catalog() override {
    ++attempts;
    throw error_;
  }
  std::unique_ptr<TargetWriter> connect_writer() override { throw error_; }
  std::unique_ptr<Encoder> make_encoder(const TablePlan&) const override { throw error_; }
  int attempts = 0;

 private:
  Error error_;
};

Error refused() {
  Error e(ErrorKind::TargetConnect, "cannot connect to X at h:1/db: Connection refused");
  e.transient = true;
  return e;
}

TEST(Readiness, GivesUpAfterTheWaitWithTheLastError) {
  FailingTarget target(refused());
  const auto start = std::chrono::steady_clock::now();
  try {
    connect_when_ready(target, 1.2);
    FAIL() << "connected";
  } catch (const Error& e) {
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_GE(took, 1.2);
    EXPECT_LT(took, 2.0);
    EXPECT_EQ(e.kind(), ErrorKind::TargetConnect);
    EXPECT_EQ(e.exit_code(), kExitTargetUnreachable);
    // Attempts at 0, 0.25, 0.75 and 1.2 s (the last pause cut to the deadline).
    EXPECT_EQ(target.attempts, 4);
    EXPECT_TRUE(std::regex_match(std::string(e.what()),
                                 std::regex("the target was not ready after waiting 1\\.[23] s \\(--wait 1\\.2, 4 "
                                            "attempts\\); the last error: cannot connect to X at h:1/db: Connection "
                                            "refused")))
        << e.what();
  }
}

TEST(Readiness, WithoutWaitTheFirstErrorComesAsItIs) {
  FailingTarget target(refused());
  try {
    connect_when_ready(target, 0);
    FAIL() << "connected";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "cannot connect to X at h:1/db: Connection refused");
  }
  EXPECT_EQ(target.attempts, 1);
}

TEST(Readiness, WrongCredentialsAreNotWaitedFor) {
  Error denied(ErrorKind::TargetConnect, "cannot connect to X at h:1/db: password authentication failed");
  FailingTarget target(denied);  // not transient
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(connect_when_ready(target, 30), Error);
  EXPECT_EQ(target.attempts, 1);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 1.0);
}

std::string make_db(const std::string& name, const std::string& sql) {
  const std::string path = ::testing::TempDir() + name;
  std::remove(path.c_str());
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  return path;
}

void run_sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
}

TEST(Fingerprint, SizePagesAndASchemaHashThatFollowsTheSchemaOnly) {
  const std::string path =
      make_db("fingerprint.db", "PRAGMA page_size = 4096; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);");
  SourceFingerprint a = SqliteSource::open(path)->fingerprint();
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(a.size, st.st_size);
  EXPECT_EQ(a.page_count, st.st_size / 4096);
  EXPECT_TRUE(std::regex_match(a.schema_hash, std::regex("[0-9a-f]{32}"))) << a.schema_hash;
  EXPECT_TRUE(std::regex_match(a.mtime, std::regex("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z"))) << a.mtime;
  EXPECT_EQ(SqliteSource::open(path)->fingerprint().schema_hash, a.schema_hash);  // stable

  run_sql(path, "INSERT INTO t (v) VALUES ('a'), ('b');");
  EXPECT_EQ(SqliteSource::open(path)->fingerprint().schema_hash, a.schema_hash);  // data is not schema

  run_sql(path, "CREATE INDEX t_v ON t (v);");
  SourceFingerprint b = SqliteSource::open(path)->fingerprint();
  EXPECT_NE(b.schema_hash, a.schema_hash);
  EXPECT_GT(b.page_count, a.page_count);
  std::remove(path.c_str());
}

struct CliRun {
  int code;
  std::string err;
};

CliRun cli(const std::string& args) {
  const std::string err = "/tmp/litelift-safety-cli-" + std::to_string(getpid()) + ".err";
  const int status = std::system((std::string(LITELIFT_BINARY) + " " + args + " >/dev/null 2>" + err).c_str());
  std::ifstream f(err);
  std::stringstream s;
  s << f.rdbuf();
  std::remove(err.c_str());
  return {WEXITSTATUS(status), s.str()};
}

TEST(Cli, WaitAndLockTimeoutAreSeconds) {
  EXPECT_EQ(cli("migrate a.db --target postgresql://u@h/db --wait -1").err,
            "litelift: error: --wait must be between 0 and 86400 seconds\n");
  EXPECT_EQ(cli("migrate a.db --target postgresql://u@h/db --lock-timeout -1").err,
            "litelift: error: --lock-timeout must be between 0 and 86400 seconds\n");
  EXPECT_EQ(cli("verify a.db --target postgresql://u@h/db --lock-timeout 5").code, 2);  // migrate only
  EXPECT_EQ(cli("migrate a.db --target postgresql://u@h/db --ledger-table ''").err,
            "litelift: error: --ledger-table needs a table name\n");
}

TEST(Cli, HistoryTakesATargetAndNoSource) {
  EXPECT_EQ(cli("history").err,
            "litelift: error: no --target URL given (usage: litelift history --target URL [--ledger-table NAME] "
            "[--report FILE.json])\n");
  EXPECT_EQ(cli("history app.db --target postgresql://u@h/db").code, 2);
  EXPECT_EQ(cli("history --target postgresql://u@h/db --report h.md").err,
            "litelift: error: history writes --report as JSON only (got 'h.md')\n");
}

}  // namespace
