// No password in any output: a login of its own with a long random password
// on each server, the commands a migration day runs (success and failure),
// with the password in the URL (user:password@ and ?password=), in
// PGPASSWORD / MYSQL_PWD and in --password-file; every stdout, stderr,
// report, JUnit, Prometheus, reject and history file, and the history table
// in the target, searched for it. (?password= was printed with the URL's
// parameters until the URL parser took it for the password.)
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "engines/target_url.hpp"
#include "live_fixture.hpp"
#include "live_support.hpp"

using live::quote;

namespace {

std::string random_text(size_t n) {
  static const char* alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  std::random_device rd;
  std::string out;
  for (size_t i = 0; i < n; ++i) out += alphabet[rd() % 57];
  return out;
}

template <typename Server>
class Secrets : public live::LiveTarget<Server> {
 protected:
  void SetUp() override {
    live::LiveTarget<Server>::SetUp();
    if (this->HasFatalFailure()) return;
    password_ = "Pw" + random_text(38);
    user_ = "ll_secret_" + std::to_string(getpid()) + "_" + std::to_string(std::random_device()() % 1000000);
    litelift::TargetUrl admin = litelift::parse_target_url(this->db().url());
    database_ = admin.database;
    auto& db = this->db();
    if (Server::pg) {
      db.query("CREATE ROLE " + user_ + " LOGIN PASSWORD " + db.quote_literal(password_));
      db.query("ALTER DATABASE " + database_ + " OWNER TO " + user_);  // PostgreSQL 15: CREATE on public
    } else {
      db.query("CREATE USER '" + user_ + "'@'%' IDENTIFIED BY " + db.quote_literal(password_));
      db.query("GRANT ALL ON `" + database_ + "`.* TO '" + user_ + "'@'%'");
    }
    created_ = true;
    base_url_ = this->db().url();  // scheme://litelift:litelift@host:port/db
    const size_t start = base_url_.find("://") + 3;
    host_part_ = base_url_.substr(base_url_.find('@', start) + 1);
    scheme_ = base_url_.substr(0, start);
    dir_ = ::testing::TempDir() + "secrets-" + std::to_string(getpid()) + "-" + user_;
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::filesystem::remove_all(dir_);
    if (!created_) return;
    auto& db = this->db();
    try {
      if (Server::pg) {
        db.query("REASSIGN OWNED BY " + user_ + " TO CURRENT_USER");
        db.query("DROP OWNED BY " + user_);
        db.query("DROP ROLE " + user_);
      } else {
        db.query("DROP USER '" + user_ + "'@'%'");
      }
    } catch (const std::exception& e) {
      ADD_FAILURE() << "dropping the test login " << user_ << ": " << e.what();
    }
  }

  std::string url(const std::string& password) const {
    return scheme_ + user_ + (password.empty() ? "" : ":" + password) + "@" + host_part_;
  }

  // Runs litelift and keeps what it printed for the search.
  live::Run run(const std::string& args, const std::string& env = "") {
    live::Run r = live::litelift(args, env);
    printed_ += r.out + r.err;
    ++runs_;
    return r;
  }

  std::string password_, user_, database_, base_url_, host_part_, scheme_, dir_;
  std::string printed_;
  int runs_ = 0;
  bool created_ = false;
};
TYPED_TEST_SUITE(Secrets, live::Servers);

TYPED_TEST(Secrets, NoPasswordInAnyOutput) {
  const std::string env_name = TypeParam::pg ? "PGPASSWORD" : "MYSQL_PWD";
  const std::string password_file = this->dir_ + "/password";
  {
    std::ofstream f(password_file);
    f << this->password_ << "\n";
  }
  struct Way {
    std::string name, target, env;
  };
  const std::vector<Way> ways = {
      {"url", " --target " + quote(this->url(this->password_)), ""},
      {"env", " --target " + quote(this->url("")), env_name + "=" + this->password_},
      {"file", " --target " + quote(this->url("")) + " --password-file " + quote(password_file), ""},
      {"query", " --target " + quote(this->url("") + "?password=" + this->password_), ""},
  };
  const std::string sample = quote(live::fixture("sample.db"));
  for (const Way& w : ways) {
    const std::string out = this->dir_ + "/" + w.name;
    auto outputs = [&](const std::string& step) {
      const std::string p = out + "-" + step;
      return " --report " + p + ".json --report " + p + ".md --junit " + p + ".xml --prometheus " + p + ".prom";
    };
    auto migrate = this->run("migrate " + sample + w.target + " -v --if-exists drop" + outputs("migrate"), w.env);
    EXPECT_EQ(migrate.code, 0) << w.name << ": " << migrate.err;
    auto verify = this->run("verify " + sample + w.target + " -v" + outputs("verify"), w.env);
    EXPECT_EQ(verify.code, 0) << w.name << ": " << verify.err;
    auto audit = this->run(
        "audit --source " + sample + w.target + " -v --history " + out + "-history.jsonl" + outputs("audit"), w.env);
    EXPECT_EQ(audit.code, 0) << w.name << ": " << audit.err;
    auto audit_table = this->run(
        "audit --source " + sample + w.target + " --history-table litelift_audits" + outputs("audit-table"), w.env);
    EXPECT_EQ(audit_table.code, 0) << w.name << ": " << audit_table.err;
    // Failures: the tables exist; a value that does not fit, rejected; a wrong
    // password (the right one with a letter more, so the search finds either).
    auto exists = this->run("migrate " + sample + w.target + outputs("exists"), w.env);
    EXPECT_EQ(exists.code, 6) << w.name << ": " << exists.err;
    auto rejected =
        this->run("migrate " + quote(live::fixture("bad_value.db")) + w.target +
                      " --if-exists drop --on-bad-row reject --rejects " + out + "-rejects.jsonl" + outputs("rejected"),
                  w.env);
    EXPECT_EQ(rejected.code, 1) << w.name << ": " << rejected.err;
    auto orphans = this->run("migrate " + quote(live::fixture("orphans.db")) + w.target + outputs("orphans"), w.env);
    EXPECT_EQ(orphans.code, 1) << w.name << ": " << orphans.err;
    auto schema = this->run("schema " + sample + " --dialect " + (TypeParam::pg ? "postgresql" : "mysql"), w.env);
    EXPECT_EQ(schema.code, 0) << schema.err;
  }
  const std::string wrong = this->password_ + "x";
  auto wrong_url = this->run("migrate " + sample + " --target " + quote(this->url(wrong)) + " -v");
  EXPECT_EQ(wrong_url.code, 5) << wrong_url.err;
  auto wrong_env = this->run(
      "verify " + sample + " --target " + quote(this->url("")) + " -v --report " + this->dir_ + "/wrong-verify.json",
      env_name + "=" + wrong);
  EXPECT_EQ(wrong_env.code, 48) << wrong_env.err;

  // The search: everything printed, every file written, the history table.
  EXPECT_EQ(this->printed_.find(this->password_), std::string::npos) << this->printed_.substr(
      this->printed_.find(this->password_) - std::min<size_t>(200, this->printed_.find(this->password_)), 400);
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(this->dir_)) {
    if (entry.path() == password_file) continue;
    std::ifstream f(entry.path(), std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    EXPECT_EQ(s.str().find(this->password_), std::string::npos) << entry.path();
    ++files;
  }
  // Not vacuous: per way at least the four outputs of the four runs that
  // verify, the history and the reject file.
  EXPECT_GE(files, 4u * (4 * 4 + 2));
  std::string history;
  for (const auto& row : this->db().query("SELECT * FROM litelift_audits"))
    for (const auto& v : row) history += v.value_or("") + "\n";
  EXPECT_FALSE(history.empty());
  EXPECT_EQ(history.find(this->password_), std::string::npos);
  EXPECT_EQ(this->runs_, 4 * 8 + 2);
}

}  // namespace
