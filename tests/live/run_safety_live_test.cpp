// Operational safety, live on both targets: waiting for a starting server
// (--wait), one migrate at a time (the migration lock), and the run ledger
// with `litelift history`.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "live_fixture.hpp"
#include "live_support.hpp"
#include "tcp_forwarder.hpp"

using live::litelift;
using live::quote;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// `url` with its host and port replaced by 127.0.0.1:port (and, if given, its password).
std::string at_port(const std::string& url, int port, const std::string& password = "") {
  const size_t at = url.find('@');
  const size_t slash = url.find('/', at);
  std::string userinfo = url.substr(0, at);
  if (!password.empty()) userinfo = userinfo.substr(0, userinfo.rfind(':')) + ":" + password;
  return userinfo + "@127.0.0.1:" + std::to_string(port) + url.substr(slash);
}

int port_of(const std::string& url) {
  const size_t at = url.find('@');
  const size_t colon = url.find(':', at);
  return std::stoi(url.substr(colon + 1));
}

// A port nothing listens on (bound for a moment by us, then let go).
int closed_port() {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  close(s);
  return ntohs(a.sin_port);
}

std::string hostname() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return host;
}

std::string sample() {
  return quote(live::fixture("sample.db"));
}

template <typename Server>
class RunSafety : public live::LiveTarget<Server> {
 protected:
  std::string engine() const { return Server::pg ? "PostgreSQL" : "MySQL"; }

  // The ledger's rows by id, each column by name.
  std::vector<std::map<std::string, std::string>> ledger(const std::string& table = "litelift_runs") {
    const std::vector<std::string> names = {"id",
                                            "status",
                                            "tool_version",
                                            "started_at",
                                            "finished_at",
                                            "host",
                                            "pid",
                                            "lock_session",
                                            "source_path",
                                            "source_size",
                                            "source_mtime",
                                            "source_pages",
                                            "source_schema_hash",
                                            "target",
                                            "options",
                                            "result",
                                            "exit_code",
                                            "error",
                                            "tables"};
    std::string cols;
    for (const auto& n : names) cols += (cols.empty() ? "" : ", ") + n;
    std::vector<std::map<std::string, std::string>> out;
    for (const auto& row : this->db().query("SELECT " + cols + " FROM " + table + " ORDER BY id")) {
      std::map<std::string, std::string> m;
      for (size_t i = 0; i < names.size(); ++i) m[names[i]] = row[i].value_or("NULL");
      out.push_back(m);
    }
    return out;
  }

  // Holds the users table so that a migrate --if-exists truncate blocks on it
  // (after taking the migration lock and writing its ledger row).
  std::unique_ptr<live::Session> hold_users() {
    auto s = std::make_unique<live::Session>(this->db().url(), Server::pg);
    if (Server::pg) {
      s->query("BEGIN");
      s->query("LOCK TABLE users IN ACCESS SHARE MODE");
    } else {
      s->query("START TRANSACTION");
      s->query("SELECT COUNT(*) FROM users");  // holds the table's metadata lock until COMMIT
    }
    return s;
  }

  // Waits until run `id` is in the ledger as running; its row.
  std::map<std::string, std::string> wait_running(int id, live::Background& run) {
    const auto start = std::chrono::steady_clock::now();
    while (seconds_since(start) < 60) {
      if (!run.running()) break;
      try {
        for (auto& row : ledger())
          if (row["id"] == std::to_string(id) && row["status"] == "running") return row;
      } catch (const std::exception&) {
        // the ledger table is not there yet
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "run " << id << " never showed as running: " << run.wait().err;
    return {};
  }
};
TYPED_TEST_SUITE(RunSafety, live::Servers);

TYPED_TEST(RunSafety, WaitGivesUpAfterTheGivenTimeWithTheLastError) {
  const int port = closed_port();
  const std::string url = at_port(this->db().url(), port);
  const auto start = std::chrono::steady_clock::now();
  auto r = litelift("migrate " + sample() + " --target " + quote(url) + " --wait 2 -q");
  const double took = seconds_since(start);
  EXPECT_EQ(r.code, 5);
  EXPECT_GE(took, 2.0);
  EXPECT_LT(took, 6.0);
  const std::string db = url.substr(url.rfind('/') + 1);
  const std::string last = TypeParam::pg ? "connection to server at \"127\\.0\\.0\\.1\", port " + std::to_string(port) +
                                               " failed: Connection refused"
                                         : "Can't connect to server on '127\\.0\\.0\\.1' \\(\\d+\\)";
  EXPECT_TRUE(std::regex_match(r.err, std::regex("litelift: error: the target was not ready after waiting 2\\.\\d s "
                                                 "\\(--wait 2, \\d+ attempts\\); the last error: cannot connect to " +
                                                 this->engine() + " at 127\\.0\\.0\\.1:" + std::to_string(port) + "/" +
                                                 db + ": " + last + "\n")))
      << r.err;
}

TYPED_TEST(RunSafety, WaitsForAServerThatComesUpDuringTheWait) {
  // Refuses for 1 s, then accepts and drops connections for 1.5 s, then forwards.
  live::TcpForwarder forwarder(port_of(this->db().url()), 1.0, 1.5);
  const auto start = std::chrono::steady_clock::now();
  auto r = litelift("migrate " + sample() + " --target " + quote(at_port(this->db().url(), forwarder.port())) +
                    " --wait 30 -q -v");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_GE(seconds_since(start), 2.5);
  EXPECT_GT(forwarder.dropped(), 0);
  EXPECT_GT(forwarder.forwarded(), 0);
  EXPECT_NE(r.err.find("the target is not ready ("), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the target is ready after "), std::string::npos) << r.err;
  std::vector<std::string> diffs = live::compare_all(live::fixture("sample.db"), this->db());
  EXPECT_TRUE(diffs.empty()) << diffs.front();
}

TYPED_TEST(RunSafety, WrongCredentialsAreNotWaitedFor) {
  const std::string url = at_port(this->db().url(), port_of(this->db().url()), "not-the-password");
  const auto start = std::chrono::steady_clock::now();
  auto r = litelift("migrate " + sample() + " --target " + quote(url) + " --wait 30 -q");
  EXPECT_EQ(r.code, 5);
  EXPECT_LT(seconds_since(start), 5.0);
  EXPECT_NE(r.err.find(TypeParam::pg ? "password authentication failed" : "Access denied"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("not ready"), std::string::npos) << r.err;
}

TYPED_TEST(RunSafety, SecondMigrateFailsNamingTheHolderAThirdWaitsAndTheDataIsLoadedOnce) {
  auto first = litelift("migrate " + sample() + this->target() + " -q");
  ASSERT_EQ(first.code, 0) << first.err;
  auto hold = this->hold_users();
  live::Background a("migrate " + sample() + this->target() + " --if-exists truncate -q");
  auto row = this->wait_running(2, a);
  ASSERT_FALSE(row.empty());
  EXPECT_EQ(row["pid"], std::to_string(a.pid()));
  EXPECT_EQ(row["host"], hostname());

  auto b = litelift("migrate " + sample() + this->target() + " --if-exists truncate --lock-timeout 1 -q");
  EXPECT_EQ(b.code, 7);
  const std::string lock =
      TypeParam::pg
          ? "PostgreSQL advisory lock -?\\d+ on database " + this->db().url().substr(this->db().url().rfind('/') + 1)
          : "MySQL lock GET_LOCK\\('litelift:" + this->db().url().substr(this->db().url().rfind('/') + 1) + "'\\)";
  EXPECT_TRUE(std::regex_match(
      b.err, std::regex("litelift: error: another litelift migrate is running on this target: run 2 on host " +
                        hostname() + ", process " + std::to_string(a.pid()) + ", started " + row["started_at"] +
                        " \\(litelift [0-9.]+, source .*sample\\.db; server session " + row["lock_session"] + "\\); " +
                        lock + " still held after waiting 1\\.\\d s \\(--lock-timeout 1\\)\n")))
      << b.err;

  // A third run waits for the lock, then truncates and loads again.
  live::Background c("migrate " + sample() + this->target() + " --if-exists truncate --lock-timeout 120 -q -v");
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  EXPECT_TRUE(c.running());
  hold->query("COMMIT");
  auto ra = a.wait();
  EXPECT_EQ(ra.code, 0) << ra.err;
  auto rc = c.wait();
  EXPECT_EQ(rc.code, 0) << rc.err;
  EXPECT_NE(rc.err.find("waiting for the migration lock"), std::string::npos) << rc.err;

  std::vector<std::string> diffs = live::compare_all(live::fixture("sample.db"), this->db());
  EXPECT_TRUE(diffs.empty()) << diffs.size() << " differences, first: " << diffs.front();
  auto rows = this->ledger();
  ASSERT_EQ(rows.size(), 3u);  // the refused run left no row
  for (auto& r : rows) EXPECT_EQ(r["status"], "completed") << r["id"];
  EXPECT_EQ(rows[2]["pid"], std::to_string(c.pid()));
}

TYPED_TEST(RunSafety, KilledHolderLeavesNoLockBehind) {
  auto first = litelift("migrate " + sample() + this->target() + " -q");
  ASSERT_EQ(first.code, 0) << first.err;
  auto hold = this->hold_users();
  live::Background a("migrate " + sample() + this->target() + " --if-exists truncate -q");
  ASSERT_FALSE(this->wait_running(2, a).empty());
  kill(a.pid(), SIGKILL);
  EXPECT_EQ(a.wait().code, -1);
  hold->query("COMMIT");
  hold.reset();

  auto d = litelift("migrate " + sample() + this->target() + " --if-exists truncate --lock-timeout 10 -q");
  EXPECT_EQ(d.code, 0) << d.err;
  std::vector<std::string> diffs = live::compare_all(live::fixture("sample.db"), this->db());
  EXPECT_TRUE(diffs.empty()) << diffs.size() << " differences, first: " << diffs.front();
  auto rows = this->ledger();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1]["status"], "running");  // killed: nothing could record its end
  EXPECT_EQ(rows[1]["finished_at"], "NULL");
  EXPECT_EQ(rows[2]["status"], "completed");
}

TYPED_TEST(RunSafety, LedgerRecordsCompletedAndFailedRunsWithoutThePassword) {
  auto ok = litelift("migrate " + sample() + this->target() + " -q");
  ASSERT_EQ(ok.code, 0) << ok.err;
  auto failed = litelift("migrate " + sample() + this->target() + " -q");  // the tables exist: exit 6
  ASSERT_EQ(failed.code, 6);
  auto version = litelift("--version");
  auto rows = this->ledger();
  ASSERT_EQ(rows.size(), 2u);

  struct stat st {};
  ASSERT_EQ(stat(live::fixture("sample.db").c_str(), &st), 0);
  const std::string password = live::parse_password(this->db().url());
  ASSERT_FALSE(password.empty());
  for (auto& row : rows) {
    EXPECT_EQ("litelift " + row["tool_version"] + "\n", version.out);
    EXPECT_EQ(row["host"], hostname());
    EXPECT_EQ(row["source_path"], live::fixture("sample.db"));
    EXPECT_EQ(row["source_size"], std::to_string(st.st_size));
    EXPECT_NE(row["source_pages"], "0");
    EXPECT_TRUE(std::regex_match(row["source_schema_hash"], std::regex("[0-9a-f]{32}")));
    EXPECT_TRUE(std::regex_match(row["started_at"], std::regex("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")));
    EXPECT_TRUE(std::regex_match(row["finished_at"], std::regex("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")));
    EXPECT_NE(row["target"].find(":***@127.0.0.1"), std::string::npos) << row["target"];
    nlohmann::json options = nlohmann::json::parse(row["options"]);
    EXPECT_EQ(options["target"], row["target"]);
    EXPECT_EQ(options["verify"], "full");
    for (auto& [column, value] : row)
      EXPECT_EQ(value.find(":" + password + "@"), std::string::npos) << column << ": " << value;
  }
  EXPECT_EQ(rows[0]["status"], "completed");
  EXPECT_EQ(rows[0]["result"], "ok");
  EXPECT_EQ(rows[0]["exit_code"], "0");
  EXPECT_EQ(rows[0]["error"], "NULL");
  nlohmann::json tables = nlohmann::json::parse(rows[0]["tables"]);
  ASSERT_EQ(tables.size(), 6u);
  for (const auto& t : tables) {
    EXPECT_EQ(t["source_rows"], t["loaded_rows"]) << t.dump();
    EXPECT_EQ(t["target_rows"], t["loaded_rows"]) << t.dump();
    EXPECT_EQ(t["source_checksum"].get<std::string>().size(), 32u) << t.dump();
    EXPECT_EQ(t["source_checksum"], t["target_checksum"]) << t.dump();
  }
  int64_t users = -1;
  for (const auto& t : tables)
    if (t["table"] == "users") users = t["loaded_rows"];
  EXPECT_EQ(users, 201);

  EXPECT_EQ(rows[1]["status"], "failed");
  EXPECT_EQ(rows[1]["result"], "failed");
  EXPECT_EQ(rows[1]["exit_code"], "6");
  EXPECT_EQ(rows[1]["error"].rfind("the target already has 7 of the tables and views", 0), 0u) << rows[1]["error"];
  for (const auto& t : nlohmann::json::parse(rows[1]["tables"])) {
    EXPECT_EQ(t["loaded_rows"], 0);
    EXPECT_FALSE(t.contains("source_checksum"));
  }

  // The ledger is not a user table: verify plans the source's tables, a
  // target-only audit leaves it out.
  auto v = litelift("verify " + sample() + this->target() + " -q");
  EXPECT_EQ(v.code, 0) << v.err;
  const std::string report = "/tmp/litelift-live-audit-" + std::to_string(getpid()) + ".json";
  auto audit = litelift("audit" + this->target() + " -q --report " + report);
  std::ifstream f(report);
  auto j = nlohmann::json::parse(f);
  std::remove(report.c_str());
  for (const auto& t : j["tables"]) EXPECT_NE(t.value("name", ""), "litelift_runs");
  EXPECT_EQ(j["tables"].size(), 6u) << j["tables"].dump();
}

TYPED_TEST(RunSafety, HistoryPrintsTheLedgerNewestFirst) {
  auto empty = litelift("history" + this->target());
  EXPECT_EQ(empty.code, 0) << empty.err;
  EXPECT_EQ(empty.out, "no runs recorded in litelift_runs\n");

  ASSERT_EQ(litelift("migrate " + sample() + this->target() + " -q --ledger-table ops_runs").code, 0);
  ASSERT_EQ(litelift("migrate " + sample() + this->target() + " -q --ledger-table ops_runs").code, 6);
  EXPECT_EQ(this->ledger("ops_runs").size(), 2u);
  auto tables = this->db().tables(/*with_ledger=*/true);
  EXPECT_EQ(std::count(tables.begin(), tables.end(), "litelift_runs"), 0);
  EXPECT_EQ(std::count(tables.begin(), tables.end(), "ops_runs"), 1);

  const std::string report = "/tmp/litelift-live-history-" + std::to_string(getpid()) + ".json";
  auto h = litelift("history" + this->target() + " --ledger-table ops_runs --report " + report);
  EXPECT_EQ(h.code, 0) << h.err;
  std::vector<std::string> lines;
  std::istringstream in(h.out);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 4u) << h.out;
  EXPECT_TRUE(std::regex_match(lines[0], std::regex("id  status     result  started {15}finished {14}host +pid  "
                                                    "tables  rows  version  source")))
      << lines[0];
  const std::string when = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";
  EXPECT_TRUE(std::regex_match(lines[1], std::regex(" 2  failed     failed  " + when + "  " + when + "  " + hostname() +
                                                    " +\\d+       6     0  [0-9.]+ +.*sample\\.db")))
      << lines[1];
  EXPECT_TRUE(std::regex_match(lines[2], std::regex(" 1  completed  ok      " + when + "  " + when + "  " + hostname() +
                                                    " +\\d+       6  1530  [0-9.]+ +.*sample\\.db")))
      << lines[2];
  EXPECT_EQ(lines[3].rfind("run 2: the target already has 7 of the tables and views", 0), 0u) << lines[3];

  std::ifstream f(report);
  auto j = nlohmann::json::parse(f);
  std::remove(report.c_str());
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["id"], 2);
  EXPECT_EQ(j[0]["status"], "failed");
  EXPECT_EQ(j[0]["exit_code"], 6);
  EXPECT_EQ(j[1]["status"], "completed");
  EXPECT_EQ(j[1]["tables"].size(), 6u);
  EXPECT_EQ(j[1]["source"]["size"].get<int64_t>() > 0, true);
  EXPECT_EQ(j[1]["options"]["ledger-table"], "ops_runs");
}

TYPED_TEST(RunSafety, ASourceTableNamedLikeTheLedgerIsRefusedBeforeWriting) {
  const std::string path = ::testing::TempDir() + "ledger-clash-" + std::to_string(getpid()) + ".db";
  std::remove(path.c_str());
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE Litelift_Runs (id INTEGER PRIMARY KEY, x TEXT); INSERT INTO Litelift_Runs VALUES (1, 'a');");
  }
  auto r = litelift("migrate " + quote(path) + this->target() + " -q");
  std::remove(path.c_str());
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "litelift: error: source table \"Litelift_Runs\" would be Litelift_Runs in the target, the name of "
            "litelift's run ledger; give the ledger another name with --ledger-table NAME, or leave the table out "
            "with --exclude\n");
  // Only the ledger, with the failed run.
  EXPECT_EQ(this->db().tables(/*with_ledger=*/true), std::vector<std::string>{"litelift_runs"});
  EXPECT_EQ(this->ledger().at(0)["status"], "failed");
}

}  // namespace
