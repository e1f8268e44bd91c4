// Atomic tables, signals and --resume, live on both targets: a table's
// load completes or leaves none of its rows; SIGTERM stops the run, marks it
// aborted and releases the lock; a run killed with SIGKILL in the middle of
// its largest table is continued with --resume, and the target then holds
// exactly the source's rows once (read back by the independent oracle).
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "live_fixture.hpp"
#include "live_support.hpp"

using live::litelift;
using live::quote;

namespace {

// Over one slice of 200,000 rows (the run's rows_per_slice): two slices,
// loaded one after another with --jobs 1, so one slice commits while the other
// is still to come.
constexpr int64_t kBigRows = 240000;
constexpr int64_t kSmallRows = 500;

// big (the largest table, with an index), small (referencing big).
std::string make_source() {
  static int counter = 0;
  const std::string path = "/tmp/litelift-atomic-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + ".db";
  std::remove(path.c_str());
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("CREATE TABLE big (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER, price REAL)");
  db.exec("CREATE INDEX big_name ON big (name)");
  db.exec("CREATE TABLE small (id INTEGER PRIMARY KEY, big_id INTEGER REFERENCES big (id), note TEXT)");
  db.exec("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < " + std::to_string(kBigRows) +
          ") INSERT INTO big SELECT x, 'name ' || x, x % 97, x * 0.25 FROM c");
  db.exec("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < " + std::to_string(kSmallRows) +
          ") INSERT INTO small SELECT x, x * 7, 'note ' || x FROM c");
  return path;
}

template <typename Server>
class AtomicLoad : public live::LiveTarget<Server> {
 protected:
  void TearDown() override {
    if (!source_.empty()) std::remove(source_.c_str());
  }

  std::string source() {
    if (source_.empty()) source_ = make_source();
    return source_;
  }

  // Rows of `table` in the target; -1 when it does not exist.
  int64_t rows(const std::string& table) {
    try {
      return std::stoll(this->db().scalar("SELECT COUNT(*) FROM " + table));
    } catch (const std::exception&) {
      return -1;
    }
  }

  // Waits until `big` holds some but not all of its rows (a slice committed,
  // others to come); false when the run ended first.
  bool wait_mid_big(live::Background& run) {
    const auto start = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - start < std::chrono::seconds(60)) {
      if (!run.running()) return false;
      const int64_t n = rows("big");
      if (n > 0 && n < kBigRows) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  std::vector<std::string> statuses() {
    std::vector<std::string> out;
    for (const auto& r : this->db().query("SELECT status FROM litelift_runs ORDER BY id"))
      out.push_back(r[0].value_or(""));
    return out;
  }

  // Every table in the target holds all of its source rows or does not exist.
  void expect_no_partial_table() {
    const int64_t big = rows("big"), small = rows("small");
    EXPECT_TRUE(big == -1 || big == kBigRows) << "big holds " << big << " rows";
    EXPECT_TRUE(small == -1 || small == kSmallRows) << "small holds " << small << " rows";
  }

  std::string source_;
};
TYPED_TEST_SUITE(AtomicLoad, live::Servers);

TYPED_TEST(AtomicLoad, KilledInTheLargestTableThenResumedHoldsEveryRowOnce) {
  const std::string src = quote(this->source());
  live::Background run("migrate " + src + this->target() + " --jobs 1 --verify none -q");
  ASSERT_TRUE(this->wait_mid_big(run)) << "the run ended before big was half loaded: " << run.wait().err;
  kill(run.pid(), SIGKILL);
  EXPECT_EQ(run.wait().code, -1);
  const int64_t left = this->rows("big");
  EXPECT_GT(left, 0);
  EXPECT_LT(left, kBigRows);  // the kill left committed slices of big behind

  const std::string report = "/tmp/litelift-atomic-" + std::to_string(getpid()) + "-resume.json";
  auto r = litelift("migrate " + src + this->target() + " --resume --jobs 2 -q --report " + quote(report));
  EXPECT_EQ(r.code, 0) << r.err << r.out;
  EXPECT_EQ(this->rows("big"), kBigRows);
  EXPECT_EQ(this->rows("small"), kSmallRows);
  live::CompareOptions co;
  co.report_json = report;
  EXPECT_EQ(live::compare_all(this->source(), this->db(), co), std::vector<std::string>{});
  EXPECT_EQ(this->statuses(), (std::vector<std::string>{"running", "completed"}));
  std::remove(report.c_str());
}

TYPED_TEST(AtomicLoad, ResumeAfterACompletedRunIsRefused) {
  const std::string src = quote(this->source());
  ASSERT_EQ(litelift("migrate " + src + this->target() + " --verify none -q").code, 0);
  auto r = litelift("migrate " + src + this->target() + " --resume -q");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--resume: the last run (1) completed; there is nothing to resume"), std::string::npos) << r.err;
}

TYPED_TEST(AtomicLoad, ResumeRefusesASourceThatChanged) {
  const std::string src = quote(this->source());
  live::Background run("migrate " + src + this->target() + " --jobs 1 --verify none -q");
  ASSERT_TRUE(this->wait_mid_big(run)) << run.wait().err;
  kill(run.pid(), SIGKILL);
  run.wait();
  {
    SQLite::Database db(this->source(), SQLite::OPEN_READWRITE);
    db.exec("INSERT INTO small VALUES (100000, 1, 'added after the run')");
  }
  auto r = litelift("migrate " + src + this->target() + " --resume -q");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--resume: the source changed since run 1 ("), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("migrate again without --resume (--if-exists drop)"), std::string::npos) << r.err;
}

TYPED_TEST(AtomicLoad, SigtermStopsTheRunMarksItAbortedAndLeavesNoPartialTable) {
  const std::string src = quote(this->source());
  live::Background run("migrate " + src + this->target() + " --jobs 1 --verify none -q");
  ASSERT_TRUE(this->wait_mid_big(run)) << run.wait().err;
  kill(run.pid(), SIGTERM);
  auto r = run.wait();
  EXPECT_EQ(r.code, 143) << r.err;
  EXPECT_NE(r.err.find("interrupted by SIGTERM: the tables in flight were rolled back and emptied; run 1 is marked "
                       "aborted. Continue it with --resume"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(this->statuses(), std::vector<std::string>{"aborted"});
  this->expect_no_partial_table();
  EXPECT_EQ(this->rows("big"), -1);  // created by the run and not completed: dropped

  // The lock went with the run: the next migrate runs, and resumes it.
  auto next = litelift("migrate " + src + this->target() + " --resume -q");
  EXPECT_EQ(next.code, 0) << next.err;
  EXPECT_EQ(live::compare_all(this->source(), this->db()), std::vector<std::string>{});
}

TYPED_TEST(AtomicLoad, SigintExits130) {
  const std::string src = quote(this->source());
  live::Background run("migrate " + src + this->target() + " --jobs 1 --verify none -q");
  ASSERT_TRUE(this->wait_mid_big(run)) << run.wait().err;
  kill(run.pid(), SIGINT);
  auto r = run.wait();
  EXPECT_EQ(r.code, 130) << r.err;
  EXPECT_EQ(this->statuses(), std::vector<std::string>{"aborted"});
  this->expect_no_partial_table();
}

// The server ends the session of the stream loading big (as a restart or a
// proxy would): the run reconnects, empties big and loads it again.
TYPED_TEST(AtomicLoad, ALostConnectionIsRetriedAndEveryRowArrivesOnce) {
  const std::string src = quote(this->source());
  live::Background run("migrate " + src + this->target() + " --jobs 1 --verify none -q -v");
  ASSERT_TRUE(this->wait_mid_big(run)) << run.wait().err;
  int killed = 0;
  while (killed == 0 && run.running()) {
    if (TypeParam::pg) {
      killed = static_cast<int>(
          this->db()
              .query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                     "AND query LIKE 'COPY%' AND pid <> pg_backend_pid()")
              .size());
    } else {
      for (const auto& row : this->db().query("SELECT id FROM information_schema.processlist WHERE db = DATABASE() "
                                              "AND info LIKE 'LOAD DATA%'")) {
        this->db().query("KILL " + row[0].value_or("0"));
        ++killed;
      }
    }
  }
  ASSERT_GT(killed, 0) << "the run ended before its load could be cut";
  auto r = run.wait();
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("loading the tables that did not complete again in 0.25 s (attempt 2 of 4)"), std::string::npos)
      << r.err;
  EXPECT_EQ(live::compare_all(this->source(), this->db()), std::vector<std::string>{});
  EXPECT_EQ(this->statuses(), std::vector<std::string>{"completed"});
}

// Truncated tables are not the run's to drop: before, a failure in big's
// second slice left its first in the target.
TYPED_TEST(AtomicLoad, AFailingLoadOfATruncatedTableLeavesNoneOfItsRows) {
  const std::string src = quote(this->source());
  ASSERT_EQ(litelift("migrate " + src + this->target() + " --verify none -q").code, 0);
  {
    SQLite::Database db(this->source(), SQLite::OPEN_READWRITE);
    db.exec("UPDATE big SET name = CAST(x'ff' AS TEXT) WHERE id = " + std::to_string(kBigRows));
  }
  auto r = litelift("migrate " + src + this->target() + " --if-exists truncate --jobs 1 -q");
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_EQ(this->rows("big"), 0);
  EXPECT_EQ(this->rows("small"), 0);  // truncated, and not loaded before the run stopped
  EXPECT_EQ(this->statuses(), (std::vector<std::string>{"completed", "failed"}));
}

}  // namespace
