// The command line without a server: usage errors and their exit codes.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace {

struct CliRun {
  int code;
  std::string out, err;
};

CliRun cli(const std::string& args) {
  std::string base = "/tmp/litelift-cli-" + std::to_string(getpid());
  int status =
      std::system((std::string(LITELIFT_BINARY) + " " + args + " >" + base + ".out 2>" + base + ".err").c_str());
  auto slurp = [](const std::string& p) {
    std::ifstream f(p);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
  };
  return {WEXITSTATUS(status), slurp(base + ".out"), slurp(base + ".err")};
}

}  // namespace

TEST(Cli, UnknownOptionIsAUsageError) {
  CliRun r = cli("migrate app.db --target postgresql://u@h/db --frobnicate");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "litelift: error: unrecognised option '--frobnicate' (see litelift migrate --help)\n");
}

TEST(Cli, MalformedUrlIsAUsageError) {
  CliRun r = cli("migrate app.db --target localhost:5432/db");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err.rfind("litelift: error: malformed target URL: no scheme", 0), 0u) << r.err;
}

TEST(Cli, BadChoicesAreUsageErrors) {
  EXPECT_EQ(cli("migrate a.db --target postgresql://u@h/db --if-exists maybe").err,
            "litelift: error: --if-exists must be fail, drop, truncate or append (got 'maybe')\n");
  EXPECT_EQ(cli("migrate a.db --target postgresql://u@h/db --verify rows").err,
            "litelift: error: --verify must be none, counts or full (got 'rows')\n");
  EXPECT_EQ(cli("verify a.db --target postgresql://u@h/db --verify none").err,
            "litelift: error: --verify must be counts or full (got 'none')\n");
  EXPECT_EQ(cli("verify a.db --target postgresql://u@h/db --sample 0").err,
            "litelift: error: --sample must be more than 0 and at most 1\n");
  EXPECT_EQ(cli("audit --target postgresql://u@h/db --history a.jsonl --history-table h").err,
            "litelift: error: give --history or --history-table, not both\n");
  EXPECT_EQ(cli("audit a.db --target postgresql://u@h/db").code, 2);  // the source is --source for audit
  EXPECT_EQ(cli("migrate a.db --target postgresql://u@h/db --report out.pdf").err,
            "litelift: error: --report out.pdf: unsupported format (use a .json or .md file name)\n");
  EXPECT_EQ(cli("migrate a.db --target postgresql://u@h/db --resume --if-exists drop").err,
            "litelift: error: --resume keeps the tables of the run it continues: give --resume or --if-exists, not "
            "both\n");
  EXPECT_EQ(cli("frobnicate").code, 2);
  EXPECT_EQ(cli("migrate --target postgresql://u@h/db").err,
            "litelift: error: no SOURCE.db given (usage: litelift migrate SOURCE.db --target URL)\n");
}

TEST(Cli, VersionComesFromTheBuild) {
  CliRun r = cli("--version");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "litelift 0.1.0\n");  // project(litelift VERSION 0.1.0) in CMakeLists.txt
}

TEST(Cli, HelpForEveryCommand) {
  CliRun top = cli("--help");
  EXPECT_EQ(top.code, 0);
  EXPECT_NE(top.out.find("migrate SOURCE.db --target URL"), std::string::npos);
  CliRun migrate = cli("migrate --help");
  EXPECT_EQ(migrate.code, 0);
  EXPECT_NE(migrate.out.find("--if-exists"), std::string::npos);
  CliRun verify = cli("verify --help");
  EXPECT_EQ(verify.code, 0);
  EXPECT_NE(verify.out.find("--target"), std::string::npos);
  EXPECT_EQ(verify.out.find("--if-exists"), std::string::npos);
}

TEST(Cli, MissingSourceIsExitThreeBeforeAnyConnection) {
  // The target does not exist either: the source is checked first.
  CliRun r = cli("migrate /nonexistent.db --target postgresql://u@127.0.0.1:1/db");
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "litelift: error: cannot open source '/nonexistent.db': No such file or directory\n");
}

TEST(Cli, PolicyChoicesAreUsageErrors) {
  const std::string base = "migrate a.db --target postgresql://u@h/db ";
  EXPECT_EQ(cli(base + "--on-bad-row skip").err, "litelift: error: --on-bad-row must be fail or reject (got 'skip')\n");
  EXPECT_EQ(cli(base + "--invalid-utf8 drop").err,
            "litelift: error: --invalid-utf8 must be fail, replace or reject (got 'drop')\n");
  EXPECT_EQ(cli(base + "--nul keep").err, "litelift: error: --nul must be fail, strip or reject (got 'keep')\n");
  EXPECT_EQ(cli(base + "--normalize nfd").err, "litelift: error: --normalize must be none or nfc (got 'nfd')\n");
  EXPECT_EQ(cli(base + "--identifier-case upper").err,
            "litelift: error: --identifier-case must be preserve, lower or snake (got 'upper')\n");
  EXPECT_EQ(cli(base + "--max-rejects -1").err, "litelift: error: --max-rejects must be 0 or more\n");
  EXPECT_EQ(cli(base + "--max-rejects -1").code, 2);
}

TEST(Cli, UnknownCastRuleSyntaxNamesTheRule) {
  CliRun r = cli("migrate a.db --target postgresql://u@h/db --cast 'orders.placed_at=timestmp'");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "litelift: error: --cast 'orders.placed_at=timestmp': unknown type 'timestmp' (types: integer, real, "
            "decimal(p,s), text, varchar(n), blob, boolean, date, time, timestamp, timestamptz, json, jsonb, uuid)\n");
  EXPECT_EQ(cli("migrate a.db --target postgresql://u@h/db --cast datetime").err,
            "litelift: error: --cast 'datetime': expected NAME=TYPE [using epoch|epoch_ms|julianday]\n");
  EXPECT_EQ(cli("verify a.db --target postgresql://u@h/db --cast 'a.b=text using unix'").err,
            "litelift: error: --cast 'a.b=text using unix': unknown conversion 'using unix' (conversions: epoch, "
            "epoch_ms, julianday)\n");
}

TEST(Cli, CastSectionOfTheConfigFileIsRead) {
  const std::string ini = "/tmp/litelift-cli-cast-" + std::to_string(getpid()) + ".ini";
  {
    std::ofstream f(ini);
    f << "target = postgresql://u@h/db\n[cast]\norders.placed_at = timestmp\n";
  }
  CliRun r = cli("migrate a.db --config " + ini);
  EXPECT_EQ(r.err,
            "litelift: error: --cast 'orders.placed_at=timestmp': unknown type 'timestmp' (types: integer, real, "
            "decimal(p,s), text, varchar(n), blob, boolean, date, time, timestamp, timestamptz, json, jsonb, uuid)\n");
  {
    std::ofstream f(ini);
    f << "target = postgresql://u@h/db\nfrobnicate = 1\n";
  }
  EXPECT_EQ(cli("migrate a.db --config " + ini).err,
            "litelift: error: --config " + ini + ": line 2: unknown option 'frobnicate'\n");
  std::remove(ini.c_str());
}

TEST(Cli, ConfigFileMistakesNameTheLine) {
  const std::string ini = "/tmp/litelift-cli-config-" + std::to_string(getpid()) + ".ini";
  auto with = [&](const std::string& text, const std::string& command = "migrate") {
    {
      std::ofstream f(ini);
      f << text;
    }
    return cli(command + " a.db --config " + ini);
  };
  const std::string at = "litelift: error: --config " + ini + ": ";
  const std::string target = "target = postgresql://u@h/db\n";
  EXPECT_EQ(with(target + "jobs = abc\n").err,
            at + "line 2: jobs = abc: not a valid value (see litelift migrate --help)\n");
  EXPECT_EQ(with(target + "sample = 1x\n", "verify").err,
            at + "line 2: sample = 1x: not a valid value (see litelift verify --help)\n");
  EXPECT_EQ(with("quiet = maybe\n").err,
            at + "line 1: quiet = maybe: not a valid value (see litelift migrate --help)\n");
  EXPECT_EQ(with("jobs = 2\n# a comment\n\njobs = 3\n").err, at + "line 4: jobs is set twice (first on line 1)\n");
  EXPECT_EQ(with("[cast]\na.b = text\na.b = integer\n").err,
            at + "line 3: [cast] a.b is set twice (first on line 2)\n");
  EXPECT_EQ(
      with("[target]\nhost = x\n").err,
      at + "line 1: unknown section [target] (the only section is [cast]; other options go before any section)\n");
  EXPECT_EQ(with("[cast\n").err, at + "line 1: '[cast' is not a section header\n");
  EXPECT_EQ(with("this is junk\n").err, at + "line 1: expected NAME = VALUE, got 'this is junk'\n");
  EXPECT_EQ(with("= 3\n").err, at + "line 1: expected NAME = VALUE, got '= 3'\n");
  EXPECT_EQ(with("jobs =\n").err, at + "line 1: jobs has no value\n");
  EXPECT_EQ(with("[cast]\nx.y =   # nothing\n").err, at + "line 2: [cast] x.y has no value\n");
  EXPECT_EQ(with("config = other.ini\n").err, at + "line 1: config cannot be set in a config file\n");
  EXPECT_EQ(with(target + "password = hunter2\n").err, at + "line 2: unknown option 'password'\n");
  EXPECT_EQ(with(target + "jobs = 2\n").code, 3);  // a good file: on to the (missing) source
  EXPECT_EQ(with(target + "jobs = 0\n").err, "litelift: error: --jobs must be between 1 and 64\n");
  // Repeatable options compose; another command's option is left to that command,
  // so migrate, verify and audit can share one file.
  CliRun shared = with(target + "tables = a*\ntables = b*\nif-exists = drop\nhistory = h.jsonl\n", "verify");
  EXPECT_EQ(shared.err.find("--config"), std::string::npos) << shared.err;
  EXPECT_EQ(shared.code, 48);  // a.db does not exist: verify could not run
  std::remove(ini.c_str());
}

TEST(Cli, MigrateHelpListsThePolicies) {
  CliRun r = cli("migrate --help");
  for (const char* option : {"--on-bad-row", "--invalid-utf8", "--nul", "--normalize", "--rejects", "--max-rejects",
                             "--cast", "--identifier-case", "--mysql-collation"})
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
}
