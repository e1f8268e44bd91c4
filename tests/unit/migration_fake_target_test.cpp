// The migration's phases, the load scheduler, abort and cleanup, offline:
// a real SQLite source and an in-memory target behind the neutral
// interfaces (engines/target.hpp), whose writer can fail, go slow or cancel
// the run in the middle of a table. Each test asserts what the target is
// left holding.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "engines/postgres/postgres_dialect.hpp"
#include "engines/sqlite/sqlite_source.hpp"
#include "pipeline/migration.hpp"

using namespace litelift;

namespace {

// What the fake server holds: per table the rowids of its committed rows.
struct FakeServer {
  std::mutex mutex;
  std::map<std::string, std::vector<int64_t>> tables;
  std::vector<std::string> log;  // "create big", "drop big", "truncate big", "begin big", ...
  // Called before each write with the table, its slice's write number
  // (0-based, per begin) and the write's first rowid; may throw, sleep or
  // set the cancel flag.
  std::function<void(const std::string& table, int write, int64_t first)> on_write;

  void note(const std::string& what) {
    std::lock_guard lock(mutex);
    log.push_back(what);
  }
  size_t rows(const std::string& table) {
    std::lock_guard lock(mutex);
    return tables[table].size();
  }
  // Until small is complete and big's first three slices committed (the
  // fourth, rowids 751-1000, waits here), for up to 5 s.
  void wait_for_the_others(size_t small_rows = 20) {
    for (int i = 0; i < 500 && (rows("small") < small_rows || rows("big") < 750); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  bool logged(const std::string& what) {
    std::lock_guard lock(mutex);
    return std::find(log.begin(), log.end(), what) != log.end();
  }
};

// Each row's rowid, 8 bytes.
class FakeEncoder : public Encoder {
 public:
  void encode(const RowBatch& batch, std::string& out, EncodeResult& result) const override {
    result.reset(0);
    for (size_t r = 0; r < batch.rows(); ++r) {
      const int64_t key = batch.key(r);
      out.append(reinterpret_cast<const char*>(&key), sizeof key);
    }
    result.rows = batch.rows();
  }
};

class FakeWriter : public TargetWriter {
 public:
  explicit FakeWriter(FakeServer& server) : server_(server) {}
  ~FakeWriter() override { abort(); }
  void begin(const TablePlan& table) override {
    table_ = table.name;
    writes_ = 0;
    pending_.clear();
    open_ = true;
  }
  void write(std::string_view encoded, size_t /*rows*/) override {
    int64_t first = 0;
    if (encoded.size() >= 8) std::memcpy(&first, encoded.data(), 8);
    if (server_.on_write) server_.on_write(table_, writes_, first);
    ++writes_;
    for (size_t at = 0; at + 8 <= encoded.size(); at += 8) {
      int64_t key;
      std::memcpy(&key, encoded.data() + at, 8);
      pending_.push_back(key);
    }
  }
  int64_t finish() override {
    std::lock_guard lock(server_.mutex);
    auto& rows = server_.tables.at(table_);
    rows.insert(rows.end(), pending_.begin(), pending_.end());
    open_ = false;
    return static_cast<int64_t>(pending_.size());
  }
  void abort() noexcept override {
    if (open_) server_.note("rollback " + table_);
    open_ = false;
    pending_.clear();
  }

 private:
  FakeServer& server_;
  std::string table_;
  int writes_ = 0;
  bool open_ = false;
  std::vector<int64_t> pending_;
};

class FakeCatalog : public TargetCatalog {
 public:
  explicit FakeCatalog(FakeServer& server) : server_(server) {}
  std::string server_version() override { return "fake 1"; }
  std::vector<std::string> existing_tables(const std::vector<std::string>& names) override {
    std::lock_guard lock(server_.mutex);
    std::vector<std::string> out;
    for (const auto& n : names)
      if (server_.tables.count(n)) out.push_back(n);
    return out;
  }
  void create_table(const TablePlan& table) override {
    server_.note("create " + table.name);
    std::lock_guard lock(server_.mutex);
    server_.tables[table.name];
  }
  void drop_tables(const std::vector<std::string>& names) override {
    for (const auto& n : names) {
      server_.note("drop " + n);
      std::lock_guard lock(server_.mutex);
      server_.tables.erase(n);
    }
  }
  void truncate_tables(const std::vector<std::string>& names) override {
    for (const auto& n : names) {
      server_.note("truncate " + n);
      std::lock_guard lock(server_.mutex);
      server_.tables.at(n).clear();
    }
  }
  void create_index(const TablePlan& table, const IndexPlan& index) override {
    server_.note("index " + table.name + "." + index.name);
  }
  void add_foreign_key(const TablePlan& table, const ForeignKeyPlan& fk) override {
    server_.note("fk " + table.name + "." + fk.name);
  }
  void add_check(const TablePlan&, const CheckPlan&) override {}
  int64_t check_violations(const TablePlan&, const CheckPlan&) override { return 0; }
  void drop_check(const TablePlan&, const CheckPlan&) override {}
  void create_view(const ViewPlan&) override {}
  void drop_views(const std::vector<std::string>&) override {}
  void set_identity_next(const TablePlan&, int64_t) override {}
  int64_t count_rows(const std::string& table) override {
    std::lock_guard lock(server_.mutex);
    return static_cast<int64_t>(server_.tables.at(table).size());
  }
  std::unique_ptr<TargetRowStream> read_rows(const TableRead&) override { return nullptr; }
  std::vector<TableShape> describe_tables(const std::vector<std::string>& names) override {
    std::vector<TableShape> out;
    for (const auto& n : names) {
      TableShape s;
      s.name = n;
      s.exists = true;
      out.push_back(s);
    }
    return out;
  }
  bool same_type(const TargetType&, const std::string&) const override { return true; }
  std::vector<std::vector<std::optional<std::string>>> query(const std::string&) override { return {}; }
  void execute(const std::string&) override {}
  std::vector<std::string> list_tables() override { return {}; }
  std::string session_id() override { return "1"; }
  bool try_run_lock() override { return true; }
  void release_run_lock() override {}
  std::optional<LockHolder> run_lock_holder() override { return std::nullopt; }
  std::string run_lock_name() const override { return "fake lock"; }

 private:
  FakeServer& server_;
};

class FakeTarget : public Target {
 public:
  explicit FakeTarget(FakeServer& server) : server_(server) {}
  const Dialect& dialect() const override { return postgres_dialect(); }
  std::unique_ptr<TargetCatalog> connect_catalog() override { return std::make_unique<FakeCatalog>(server_); }
  std::unique_ptr<TargetWriter> connect_writer() override { return std::make_unique<FakeWriter>(server_); }
  std::unique_ptr<Encoder> make_encoder(const TablePlan&) const override { return std::make_unique<FakeEncoder>(); }

 private:
  FakeServer& server_;
};

constexpr int kBig = 1000;
constexpr int kSmall = 20;

std::vector<int64_t> ids(int n) {
  std::vector<int64_t> v;
  for (int i = 1; i <= n; ++i) v.push_back(i);
  return v;
}

std::vector<int64_t> sorted(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

class FakeTargetMigration : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = "/tmp/litelift-fake-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db";
    std::remove(path_.c_str());
    {
      SQLite::Database db(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      db.exec("CREATE TABLE big (id INTEGER PRIMARY KEY, name TEXT)");
      db.exec("CREATE INDEX big_name ON big (name)");
      db.exec("CREATE TABLE small (id INTEGER PRIMARY KEY, big_id INTEGER REFERENCES big (id))");
      db.exec("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < " + std::to_string(kBig) +
              ") INSERT INTO big SELECT x, 'n' || x FROM c");
      db.exec("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < " + std::to_string(kSmall) +
              ") INSERT INTO small SELECT x, x FROM c");
    }
    source_ = SqliteSource::open(path_);
    options_.jobs = 1;
    options_.batch_rows = 50;
    options_.rows_per_slice = 250;  // big: 4 slices of 5 writes each
    options_.table_completed = [this](const std::string& t) { completed_.push_back(t); };
  }
  void TearDown() override { std::remove(path_.c_str()); }

  MigrationResult run() { return migrate(*source_, target_, options_); }
  bool has(const std::string& table) { return server_.tables.count(table) > 0; }

  std::string path_;
  std::unique_ptr<SqliteSource> source_;
  FakeServer server_;
  FakeTarget target_{server_};
  MigrateOptions options_;
  std::vector<std::string> completed_;
};

TEST_F(FakeTargetMigration, LoadsEveryRowOnceAndReportsEachTableComplete) {
  MigrationResult r = run();
  ASSERT_TRUE(r.ok) << r.error->what();
  EXPECT_EQ(sorted(server_.tables["big"]), ids(kBig));
  EXPECT_EQ(sorted(server_.tables["small"]), ids(kSmall));
  EXPECT_EQ(completed_, (std::vector<std::string>{"big", "small"}));  // largest first
  EXPECT_TRUE(server_.logged("index big.big_name"));
}

// A failing write in big's third slice: its two committed slices must not stay.
TEST_F(FakeTargetMigration, AFailingWriteDropsTheTablesTheRunCreated) {
  server_.on_write = [&](const std::string& table, int, int64_t) {
    std::lock_guard lock(server_.mutex);
    if (table == "big" && server_.tables["big"].size() == 500) throw Error(ErrorKind::Target, "disk full");
  };
  MigrationResult r = run();
  ASSERT_FALSE(r.ok);
  EXPECT_STREQ(r.error->what(), "disk full");
  EXPECT_TRUE(server_.logged("rollback big"));
  EXPECT_FALSE(has("big"));
  EXPECT_FALSE(has("small"));
  EXPECT_EQ(r.dropped_after_failure, (std::vector<std::string>{"big", "small"}));
  EXPECT_TRUE(completed_.empty());
}

TEST_F(FakeTargetMigration, AFailingWriteEmptiesTheTruncatedTableItDidNotComplete) {
  server_.tables["big"] = {7, 8, 9};  // a previous load
  server_.tables["small"] = {1};
  options_.if_exists = IfExists::Truncate;
  options_.jobs = 5;  // every slice at once
  server_.on_write = [&](const std::string& table, int write, int64_t first) {
    if (table == "big" && write == 3 && first > 750) {
      server_.wait_for_the_others(0);
      throw Error(ErrorKind::Target, "disk full");
    }
  };
  MigrationResult r = run();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(server_.tables["big"], std::vector<int64_t>{});
  // Existing tables with foreign keys load parents first: small waits for big.
  EXPECT_EQ(server_.tables["small"], std::vector<int64_t>{});
  EXPECT_EQ(r.cleared_after_failure, (std::vector<std::string>{"big", "small"}));
  EXPECT_TRUE(completed_.empty());
}

// Appending into a table that has rows: one slice, one transaction.
TEST_F(FakeTargetMigration, AppendLoadsAnExistingTableInOneTransaction) {
  server_.tables["big"] = {-1};
  server_.tables["small"] = {-1};
  options_.if_exists = IfExists::Append;
  int begins = 0;
  server_.on_write = [&](const std::string& table, int write, int64_t) {
    if (table == "big" && write == 0) ++begins;
    if (table == "big" && write == 19) throw Error(ErrorKind::Target, "refused");
  };
  MigrationResult r = run();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(begins, 1);
  EXPECT_EQ(server_.tables["big"], std::vector<int64_t>{-1});  // nothing of this run
}

// A slow load cancelled in the middle of big (a signal): the run stops,
// big is dropped, the table that completed stays for --resume.
TEST_F(FakeTargetMigration, ACancelInTheMiddleKeepsTheCompleteTablesAndDropsTheOthers) {
  std::atomic<bool> cancel{false};
  options_.cancel = &cancel;
  options_.jobs = 5;
  server_.on_write = [&](const std::string& table, int write, int64_t first) {
    if (table == "big" && write == 3 && first > 750) {
      server_.wait_for_the_others();
      cancel = true;
    }
  };
  MigrationResult r = run();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error->kind(), ErrorKind::Interrupted);
  EXPECT_FALSE(has("big"));
  EXPECT_EQ(sorted(server_.tables["small"]), ids(kSmall));
  EXPECT_EQ(completed_, std::vector<std::string>{"small"});
  EXPECT_EQ(r.dropped_after_failure, std::vector<std::string>{"big"});
  EXPECT_FALSE(server_.logged("index big.big_name"));
}

TEST_F(FakeTargetMigration, ResumeKeepsTheCompletedTablesAndReloadsTheOthersOnce) {
  server_.tables["big"] = {1, 2, 3};  // committed slices of the interrupted run
  server_.tables["small"] = ids(kSmall);
  options_.resume = true;
  options_.resume_completed = {"small"};
  MigrationResult r = run();
  ASSERT_TRUE(r.ok) << r.error->what();
  EXPECT_EQ(sorted(server_.tables["big"]), ids(kBig));
  EXPECT_EQ(sorted(server_.tables["small"]), ids(kSmall));
  EXPECT_TRUE(server_.logged("truncate big"));
  EXPECT_FALSE(server_.logged("truncate small"));
  EXPECT_TRUE(server_.logged("index big.big_name"));
  EXPECT_EQ(completed_, (std::vector<std::string>{"small", "big"}));
}

TEST_F(FakeTargetMigration, ALostConnectionIsRetriedAndTheTableLoadedOnce) {
  int lost = 0;
  server_.on_write = [&](const std::string& table, int write, int64_t) {
    if (table == "big" && write == 2 && lost < 2) {
      ++lost;
      throw Error(ErrorKind::TargetConnect, "lost the connection");
    }
  };
  MigrationResult r = run();
  ASSERT_TRUE(r.ok) << r.error->what();
  EXPECT_EQ(lost, 2);
  EXPECT_EQ(sorted(server_.tables["big"]), ids(kBig));
}

TEST_F(FakeTargetMigration, ALostConnectionThatStaysLostFailsKeepingTheCompleteTables) {
  options_.jobs = 5;
  server_.on_write = [&](const std::string& table, int write, int64_t first) {
    if (table == "big" && write == 3 && first > 750) {
      server_.wait_for_the_others();
      throw Error(ErrorKind::TargetConnect, "lost the connection");
    }
  };
  MigrationResult r = run();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error->kind(), ErrorKind::TargetConnect);
  EXPECT_FALSE(has("big"));  // three slices committed on each try: dropped
  EXPECT_EQ(std::count(server_.log.begin(), server_.log.end(), "truncate big"), 3);  // before each retry
  EXPECT_EQ(sorted(server_.tables["small"]), ids(kSmall));
}

}  // namespace
