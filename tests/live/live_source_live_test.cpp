// A live source, on both targets: another process inserts into the SQLite
// file during the whole migration (WAL and rollback-journal mode), and the
// target must hold exactly the snapshot the run reports; litelift never
// changes the source file nor leaves files a read-only open would not.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "live_fixture.hpp"
#include "live_support.hpp"

using live::litelift;
using live::quote;

namespace {

namespace fs = std::filesystem;

const char* const kTables[] = {"orders", "events", "notes"};

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// A source of three tables whose every row's payload is a function of its id.
void make_source(const std::string& path, bool wal, int rows) {
  std::remove(path.c_str());
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec(wal ? "PRAGMA journal_mode=WAL" : "PRAGMA journal_mode=DELETE");
  SQLite::Transaction t(db);
  for (const char* table : kTables) {
    db.exec(std::string("CREATE TABLE ") + table + " (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
    SQLite::Statement ins(
        db, std::string("INSERT INTO ") + table + " (id, payload) VALUES (?, 'row ' || ? || ' of " + table + "')");
    for (int i = 1; i <= rows; ++i) {
      ins.bind(1, i);
      ins.bind(2, i);
      ins.exec();
      ins.reset();
    }
  }
  t.commit();
}

// A process inserting into every table of the source, one small transaction
// after another, until told to stop; `started` appears after its first commit.
class Writer {
 public:
  explicit Writer(const std::string& db) : stop_(db + ".stop"), started_(db + ".started") {
    std::remove(stop_.c_str());
    std::remove(started_.c_str());
    const std::string script =
        "import os, sqlite3, time\n"
        "c = sqlite3.connect('" +
        db +
        "', timeout=60, isolation_level=None)\n"
        "n = 0\n"
        "while not os.path.exists('" +
        stop_ +
        "'):\n"
        "    c.execute('BEGIN IMMEDIATE')\n"
        "    for t in ('orders', 'events', 'notes'):\n"
        "        for _ in range(20):\n"
        "            c.execute(\"INSERT INTO %s (payload) VALUES ('row ' || "
        "(SELECT coalesce(max(id), 0) + 1 FROM %s) || ' of %s')\" % (t, t, t))\n"
        "    c.execute('COMMIT')\n"
        "    n += 1\n"
        "    if n == 1: open('" +
        started_ +
        "', 'w').close()\n"
        "    time.sleep(0.002)\n";
    pid_ = fork();
    if (pid_ == 0) {
      execlp("python3", "python3", "-c", script.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 200 && !fs::exists(started_); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ~Writer() { stop(); }
  bool started() const { return fs::exists(started_); }
  int stop() {
    if (pid_ <= 0) return status_;
    std::ofstream(stop_).close();
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::remove(stop_.c_str());
    std::remove(started_.c_str());
    return status_;
  }
  bool running() const { return pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == 0; }

 private:
  std::string stop_, started_;
  pid_t pid_ = -1;
  int status_ = -1;
};

int64_t source_count(const std::string& path, const std::string& table) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  db.setBusyTimeout(60000);
  return db.execAndGet("SELECT count(*) FROM " + table).getInt64();
}

std::set<std::string> listing(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

template <typename Server>
class LiveSource : public live::LiveTarget<Server> {
 protected:
  void SetUp() override {
    live::LiveTarget<Server>::SetUp();
    dir_ = fs::temp_directory_path() / ("litelift-live-source-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Migrates while a writer inserts; the target must equal the snapshot the
  // run reports: per table its source_rows rows, ids 1..n, each row as the
  // final source holds it (the writer only appends).
  void migrate_under_writer(bool wal) {
    const std::string db = (dir_ / "app.db").string();
    make_source(db, wal, 30000);
    const std::string report = (dir_ / "run.json").string();
    Writer writer(db);
    ASSERT_TRUE(writer.started());
    const int64_t before = source_count(db, "orders");
    live::Run r = litelift("migrate " + quote(db) + this->target() + " --jobs 3 -q --report " + quote(report));
    EXPECT_TRUE(writer.running()) << "the writer must write during the whole run";
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_EQ(writer.stop(), 0);
    ASSERT_EQ(r.code, 0) << r.err;
    const nlohmann::json j = nlohmann::json::parse(slurp(report));
    ASSERT_EQ(j["tables"].size(), 3u);
    for (const auto& t : j["tables"]) {
      const std::string name = t["name"];
      const int64_t n = t["source_rows"];
      SCOPED_TRACE(name);
      EXPECT_GE(n, before);
      EXPECT_EQ(t["rows_written"].get<int64_t>(), n);
      EXPECT_EQ(t["target_rows"].get<int64_t>(), n);
      EXPECT_GT(source_count(db, name), n) << "the writer went on after the snapshot";
      const std::string q = this->db().quote_ident(name);
      EXPECT_EQ(this->db().scalar("SELECT count(*) FROM " + q), std::to_string(n));
      EXPECT_EQ(this->db().scalar("SELECT max(id) FROM " + q), std::to_string(n)) << "a prefix by rowid";
      // Every target row is the final source's row of that id.
      SQLite::Database src(db, SQLite::OPEN_READONLY);
      src.setBusyTimeout(60000);
      std::map<int64_t, std::string> want;
      SQLite::Statement s(src, "SELECT id, payload FROM " + name + " WHERE id <= " + std::to_string(n));
      while (s.executeStep()) want[s.getColumn(0).getInt64()] = s.getColumn(1).getString();
      int64_t seen = 0, differ = 0;
      for (const live::Row& row : this->db().query("SELECT id, payload FROM " + q)) {
        ++seen;
        auto it = want.find(std::stoll(*row[0]));
        if (it == want.end() || it->second != *row[1]) ++differ;
      }
      EXPECT_EQ(seen, n);
      EXPECT_EQ(differ, 0);
    }
    // The writer's rows are all there: litelift disturbed no commit.
    EXPECT_EQ(SQLite::Database(db, SQLite::OPEN_READONLY).execAndGet("PRAGMA quick_check").getString(), "ok");
  }

  fs::path dir_;
};

TYPED_TEST_SUITE(LiveSource, live::Servers);

TYPED_TEST(LiveSource, WalSourceUnderAWriterArrivesAsTheReportedSnapshot) {
  this->migrate_under_writer(true);
}

TYPED_TEST(LiveSource, RollbackJournalSourceUnderAWriterArrivesAsTheReportedSnapshot) {
  this->migrate_under_writer(false);
}

// litelift opens the source read-only: the file's bytes are unchanged and
// the directory holds nothing a plain read-only open would not leave there
// (for a WAL database SQLite itself leaves an empty -wal and the -shm).
TYPED_TEST(LiveSource, TheSourceFileIsUnchangedAndNothingIsLeftBeside) {
  for (bool wal : {true, false}) {
    SCOPED_TRACE(wal ? "wal" : "rollback journal");
    const fs::path mine = this->dir_ / (wal ? "mine-wal" : "mine-rollback");
    const fs::path plain = this->dir_ / (wal ? "plain-wal" : "plain-rollback");
    fs::create_directories(mine);
    fs::create_directories(plain);
    const std::string db = (mine / "app.db").string();
    make_source(db, wal, 2000);
    fs::copy_file(db, plain / "app.db");
    const std::string bytes = slurp(db);
    {
      SQLite::Database ro((plain / "app.db").string(), SQLite::OPEN_READONLY);
      EXPECT_EQ(ro.execAndGet("SELECT count(*) FROM orders").getInt64(), 2000);
    }
    live::Run r = litelift("migrate " + quote(db) + this->target() + " --if-exists drop -q");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(slurp(db) == bytes) << "the source file changed";
    EXPECT_EQ(listing(mine.string()), listing(plain.string()));
  }
}

}  // namespace
