// Broken, hostile and locked source files without a server: each stops
// before the target is touched (the target URL points at a closed port), with
// one line naming the problem and the documented exit code.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

namespace {

struct CliRun {
  int code;
  std::string out, err;
};

std::string slurp(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

CliRun cli(const std::string& args) {
  std::string base = "/tmp/litelift-hostile-" + std::to_string(getpid());
  int status =
      std::system((std::string(LITELIFT_BINARY) + " " + args + " >" + base + ".out 2>" + base + ".err").c_str());
  return {WEXITSTATUS(status), slurp(base + ".out"), slurp(base + ".err")};
}

std::string fixture(const std::string& name) {
  return std::string(LITELIFT_FIXTURES) + "/" + name;
}

const std::string kNowhere = " --target postgresql://u@127.0.0.1:1/db";

// Another process holding an exclusive lock on a rollback-journal database
// (as a writer in the middle of a commit does) for `seconds`.
class LockHolder {
 public:
  LockHolder(const std::string& db, int seconds) : marker_(db + ".locked") {
    std::remove(marker_.c_str());
    const std::string script =
        "import sqlite3, time\n"
        "c = sqlite3.connect('" +
        db +
        "', isolation_level=None)\n"
        "c.execute('BEGIN EXCLUSIVE')\n"
        "open('" +
        marker_ +
        "', 'w').close()\n"
        "time.sleep(" +
        std::to_string(seconds) +
        ")\n"
        "c.execute('COMMIT')\n";
    pid_ = fork();
    if (pid_ == 0) {
      execlp("python3", "python3", "-c", script.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 100 && !std::ifstream(marker_); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ~LockHolder() {
    int status = 0;
    waitpid(pid_, &status, 0);
    std::remove(marker_.c_str());
  }
  bool locked() const { return static_cast<bool>(std::ifstream(marker_)); }

 private:
  std::string marker_;
  pid_t pid_;
};

std::string make_db(const std::string& name) {
  const std::string path = "/tmp/litelift-hostile-" + std::to_string(getpid()) + "-" + name;
  std::remove(path.c_str());
  if (std::system(("python3 -c \"import sqlite3; c = sqlite3.connect('" + path +
                   "'); c.execute('CREATE TABLE t (id INTEGER PRIMARY KEY)'); c.commit()\"")
                      .c_str()) != 0)
    ADD_FAILURE() << "cannot make " << path;
  return path;
}

}  // namespace

TEST(HostileSource, BrokenFilesStopBeforeTheTarget) {
  struct Case {
    const char* file;
    int code;
    std::string message;
  };
  const std::string f = std::string(LITELIFT_FIXTURES) + "/";
  const Case cases[] = {
      {"not_sqlite.db", 4, "source '" + f + "not_sqlite.db' is not a SQLite database (file is not a database)"},
      {"encrypted.db", 4,
       "source '" + f +
           "encrypted.db' is not a SQLite database (file is not a database); if it is an encrypted one (SQLCipher), "
           "decrypt it first"},
      {"zero.db", 4,
       "source '" + f + "zero.db' is an empty file (0 bytes), not a database with tables; check the path"},
      {"no_tables.db", 4,
       "source '" + f + "no_tables.db' has no tables (an empty SQLite database); nothing to read, check the path"},
      {"truncated.db", 4,
       "source '" + f +
           "truncated.db' is truncated: its header records 33 pages of 4096 bytes (135168 bytes), the file has 65536 "
           "bytes: it was cut short"},
      {"damaged.db", 4,
       "source '" + f +
           "damaged.db' is corrupt: PRAGMA quick_check: On tree page 5 cell 195: Offset 42405 out of range 429..4092 "
           "(and 150 more). Recover it with sqlite3 '" +
           f + "damaged.db' .recover, or use --skip-integrity-check to read it as it is"},
      {"corrupt.db", 4, "source '" + f + "corrupt.db': opening it: unsupported file format"},
  };
  for (const Case& c : cases)
    for (const char* command : {"migrate", "verify"}) {
      CliRun r = cli(std::string(command) + " " + fixture(c.file) + kNowhere);
      // verify's exit codes are its own (docs/verify.md): 48, "could not run".
      EXPECT_EQ(r.code, std::string(command) == "verify" ? 48 : c.code) << c.file;
      EXPECT_EQ(r.err, "litelift: error: " + c.message + "\n") << c.file;
    }
  CliRun audit = cli("audit --source " + fixture("encrypted.db") + kNowhere);
  EXPECT_EQ(audit.code, 48) << audit.err;
}

TEST(HostileSource, SkipIntegrityCheckReadsADamagedFileAsItIs) {
  // The schema pages are intact: only the rows are damaged.
  CliRun r = cli("schema " + fixture("damaged.db") + " --dialect postgresql --skip-integrity-check");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("CREATE TABLE \"items\""), std::string::npos) << r.out;
  EXPECT_EQ(cli("schema " + fixture("damaged.db") + " --dialect postgresql").code, 4);
}

// Regression: quick_check's "TEXT value in t.n" (and "NULL value in ...") made
// the corpus's numeric_text.db and the marketplace fixture "corrupt"; they are
// values for the value checks to name, not damage to the file.
TEST(HostileSource, ValueProblemsOfQuickCheckAreNotCorruption) {
  CliRun r = cli("schema " + fixture("typed_text.db") + " --dialect postgresql");
  EXPECT_EQ(r.code, 0) << r.err;
}

TEST(HostileSource, ALockedSourceWaitsThenNamesTheOption) {
  const std::string db = make_db("locked.db");
  {
    LockHolder lock(db, 4);
    ASSERT_TRUE(lock.locked());
    CliRun r = cli("migrate " + db + kNowhere + " --busy-timeout 1");
    EXPECT_EQ(r.code, 3);
    EXPECT_EQ(r.err, "litelift: error: source '" + db +
                         "' is locked by another process (still locked after 1 s: database is locked); wait for it to "
                         "finish, or give --busy-timeout more seconds\n");
  }
  {
    // Released within the timeout: the run goes on.
    LockHolder lock(db, 1);
    ASSERT_TRUE(lock.locked());
    CliRun r = cli("schema " + db + " --dialect mysql --busy-timeout 10");
    EXPECT_EQ(r.code, 0) << r.err;
  }
  EXPECT_EQ(cli("schema " + db + " --dialect mysql --busy-timeout -1").err,
            "litelift: error: --busy-timeout must be between 0 and 86400 seconds\n");
  std::remove(db.c_str());
}

// ps shows every user a process's arguments: litelift overwrites a password
// given in the target URL as soon as it has read it.
TEST(HostileSource, PsDoesNotShowThePasswordOfTheTargetUrl) {
  const std::string db = make_db("ps.db");
  const std::string password = "Pw7hQ2xK9mZr4LtV";
  LockHolder lock(db, 7);  // keeps each litelift waiting on the source for 1 s, its arguments parsed
  ASSERT_TRUE(lock.locked());
  const std::string in_user = "postgresql://app:" + password + "@127.0.0.1:1/db?sslmode=disable";
  const std::string in_query = "postgresql://app@127.0.0.1:1/db?password=" + password + "&sslmode=disable";
  struct Form {
    std::string option, url, shown;
  };
  const Form forms[] = {
      {"--target", in_user, "--target postgresql://app:***@127.0.0.1:1/db?sslmode=disable"},
      {"--target=", in_user, "--target=postgresql://app:***@127.0.0.1:1/db?sslmode=disable"},
      {"-t", in_user, "-tpostgresql://app:***@127.0.0.1:1/db?sslmode=disable"},
      {"--target", in_query, "--target postgresql://app@127.0.0.1:1/db?password=***&sslmode=disable"},
  };
  for (const Form& f : forms) {
    const std::string& form = f.option;
    const std::string& url = f.url;
    std::vector<std::string> args = {LITELIFT_BINARY, "migrate", db, "--busy-timeout", "1", "-q"};
    if (form == "--target") {
      args.push_back(form);
      args.push_back(url);
    } else {
      args.push_back(form + url);
    }
    pid_t pid = fork();
    if (pid == 0) {
      int null = open("/dev/null", O_WRONLY);
      dup2(null, 1);
      dup2(null, 2);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    std::string cmdline;
    for (int i = 0; i < 100; ++i) {
      cmdline = slurp("/proc/" + std::to_string(pid) + "/cmdline");
      if (cmdline.find("***") != std::string::npos) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(cmdline.find(password), std::string::npos) << form;
    std::string shown_args = cmdline.substr(0, cmdline.find(std::string(1, '\0') + std::string(1, '\0')));
    for (char& c : shown_args)
      if (c == '\0') c = ' ';
    EXPECT_NE(shown_args.find(f.shown), std::string::npos) << shown_args;
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_EQ(WEXITSTATUS(status), 3);  // the source stayed locked
  }
  std::remove(db.c_str());
}
