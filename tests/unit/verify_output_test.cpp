// The verify outputs from constructed results: the terminal summary word for
// word (columns aligned by display width for Greek and CJK names), the exit
// bits of every kind of finding, the JSON fields, and escaping in JUnit and
// Prometheus. tests/formats checks the same outputs with real parsers.
#include "verify/verify_output.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "litelift_version.hpp"

namespace litelift {
namespace {

// 2024-05-01T02:00:00Z
constexpr double kRunTime = 1714528800;

TableVerify clean_table(const std::string& name, int64_t rows, double seconds) {
  TableVerify t;
  t.table = t.source_table = name;
  t.source_rows = t.target_rows = t.rows_compared = rows;
  t.compared = true;
  t.ranges = 4;
  t.source_checksum = t.target_checksum = "00112233445566778899aabbccddeeff";
  t.seconds = seconds;
  return t;
}

VerifyResult shop() {
  VerifyResult r;
  r.source = "shop.db";
  r.target = "postgresql://app@db.example/shop";
  r.server_version = "16.2";
  r.started_at = "2024-05-01T02:00:00Z";
  r.seconds = 12.5;
  r.tables.push_back(clean_table("πελάτες", 1204, 1.25));
  TableVerify orders = clean_table("订单", 5000, 2.5);
  orders.target_rows = 4998;
  orders.counts_match = false;
  orders.missing = 2;
  orders.changed = 1;
  orders.ranges_differing = 2;
  orders.target_checksum = "ffeeddccbbaa99887766554433221100";
  orders.last_success_unix = 1714442400;  // the day before
  orders.differences.push_back({"missing", "id = 7", 1, {{"id", "7", ""}, {"total", "12.5", ""}}});
  orders.differences.push_back({"changed", "id = 42", 1, {{"price", "12.5", "12.49"}, {"note", "'Zoë'", "'Zoe'"}}});
  r.tables.push_back(orders);
  TableVerify items = clean_table("order_items", 12000, 4);
  items.rejected = 3;
  r.tables.push_back(items);
  r.schema.push_back({"订单", "column total", "type numeric(12,2), expected numeric(10,2)"});
  r.orphans.push_back({"source", "order_items", "(product_id) -> products (id)", 2, {"id = 5 (product_id = 99)"}});
  return r;
}

TEST(DisplayWidth, CountsTerminalColumns) {
  EXPECT_EQ(display_width(""), 0u);
  EXPECT_EQ(display_width("orders"), 6u);
  EXPECT_EQ(display_width("πελάτες"), 7u);                                           // ά precomposed (NFC)
  EXPECT_EQ(display_width("\u03c0\u03b5\u03bb\u03b1\u0301\u03c4\u03b5\u03c2"), 7u);  // α + combining acute (NFD)
  EXPECT_EQ(display_width("订单"), 4u);
  EXPECT_EQ(display_width("ＡＢ"), 4u);  // fullwidth Latin
  EXPECT_EQ(display_width("한국어"), 6u);
  EXPECT_EQ(display_width("\u1100\u1161"), 2u);                // conjoining jamo: one syllable
  EXPECT_EQ(display_width("a\u200bb"), 2u);                    // zero-width space
  EXPECT_EQ(display_width("\U0001F468\u200D\U0001F469"), 4u);  // joiner between two wide emoji
  EXPECT_EQ(display_width("e\u20dd"), 1u);                     // enclosing mark
  EXPECT_EQ(display_width("\xff"), 1u);                        // invalid byte: shown as U+FFFD
}

// Display columns of each line up to the end of the "changed" column (the
// status cell and the padding before it removed).
size_t changed_column_end(const std::string& line) {
  std::string cells = line.substr(0, line.rfind("  "));
  return display_width(cells);
}

TEST(VerifyText, TheSummaryWordForWord) {
  const std::string text = verify_text(shop());
  EXPECT_EQ(text,
            "litelift verify (full): shop.db -> postgresql://app@db.example/shop (server 16.2)\n"
            "table        source rows  target rows  missing  extra  changed  status\n"
            "πελάτες             1204         1204        0      0        0  ok\n"
            "订单                5000         4998        2      0        1  DIFFERS\n"
            "order_items        12000        12000        0      0        0  ok (3 rejected)\n"
            "differences in 订单: 2 missing, 1 changed; the first rows:\n"
            "  key      kind     column  source            target\n"
            "  id = 7   missing          id=7, total=12.5  -\n"
            "  id = 42  changed  price   12.5              12.49\n"
            "  id = 42  changed  note    'Zoë'             'Zoe'\n"
            "orphans in the source (already there; they set no exit bit):\n"
            "  order_items  (product_id) -> products (id)  2 rows  id = 5 (product_id = 99), …\n"
            "schema:\n"
            "  订单  column total  type numeric(12,2), expected numeric(10,2)\n"
            "verify: 1 of 3 tables differ (counts differ, rows differ, schema differs) — exit 43\n");

  // The table's columns line up on a terminal although the names differ in bytes.
  std::istringstream lines(text);
  std::string line;
  std::getline(lines, line);  // the title
  std::vector<std::string> table(4);
  for (auto& l : table) std::getline(lines, l);
  for (const auto& l : table) EXPECT_EQ(changed_column_end(l), changed_column_end(table[0])) << l;
  // In bytes the status starts later on the Greek line: πελάτες is 14 bytes for 7 columns.
  EXPECT_EQ(table[1].find("  ok"), table[3].find("  ok") + 7);
  EXPECT_EQ(display_width(table[2].substr(0, table[2].find("  DIFFERS"))),
            display_width(table[3].substr(0, table[3].find("  ok"))));
}

VerifyResult nightly_audit() {
  VerifyResult r;
  r.command = "audit";
  r.target = "mysql://app@db.example/shop";
  r.started_at = "2024-05-01T03:00:00Z";
  r.sample = 0.25;
  r.seed = 42;
  TableVerify users = clean_table("users", 10, 0.5);
  users.sample = 0.25;
  r.tables.push_back(users);
  TableVerify logs = clean_table("logs\x1b[31m", 0, 0);
  logs.compared = false;
  logs.error = "lost connection to the server\nat row 7";
  r.tables.push_back(logs);
  r.orphans.push_back({"target", "order_items", "(product_id) -> products (id)", 1, {"id = 8 (product_id = 99)"}});
  r.integrity.push_back({"users", "duplicates", "(email)", 2, {"id = 4", "id = 9"}});
  r.drift.push_back({"users", "rows", "8", "10"});
  r.drift.push_back({"", "table added", "", "sessions"});
  r.previous_audit = "2024-04-30T03:00:00Z";
  return r;
}

TEST(VerifyText, AnAuditWithFindingsAndATableThatFailed) {
  // Control characters in names and messages arrive escaped, never as terminal commands.
  EXPECT_EQ(verify_text(nightly_audit()),
            "litelift audit (full, 25% sampled, seed 42): mysql://app@db.example/shop\n"
            "table         source rows  target rows  missing  extra  changed  status\n"
            "users                   -           10        0      0        0  ok (25% sampled)\n"
            "logs\\x1B[31m            -            0        -      -        -  ERROR\n"
            "error: logs\\x1B[31m: lost connection to the server\\nat row 7\n"
            "orphans in the target:\n"
            "  order_items  (product_id) -> products (id)  1 row  id = 8 (product_id = 99)\n"
            "integrity:\n"
            "  users  duplicates  (email)  2 rows  id = 4, id = 9\n"
            "drift since the audit of 2024-04-30T03:00:00Z:\n"
            "  users     rows         8 -> 10\n"
            "  (schema)  table added  sessions\n"
            "audit: 1 of 2 tables match, 1 could not be checked (orphans, schema differs, could not run) — exit 60\n");
}

TEST(VerifyText, CleanAndCouldNotRun) {
  VerifyResult clean;
  clean.source = "app.db";
  clean.target = "postgresql://u@h/app";
  clean.mode = "counts";
  TableVerify t = clean_table("t", 3, 0);
  t.compared = false;
  clean.tables = {t, t};
  EXPECT_EQ(verify_text(clean),
            "litelift verify (counts): app.db -> postgresql://u@h/app\n"
            "table  source rows  target rows  missing  extra  changed  status\n"
            "t                3            3        -      -        -  ok\n"
            "t                3            3        -      -        -  ok\n"
            "verify: all 2 tables match — exit 0\n");
  VerifyResult failed = clean;
  failed.tables.clear();
  failed.error = Error(ErrorKind::TargetConnect, "cannot connect to h:5432: Connection refused");
  EXPECT_EQ(verify_text(failed),
            "litelift verify (counts): app.db -> postgresql://u@h/app\n"
            "error: cannot connect to h:5432: Connection refused\n"
            "verify: could not run (could not run) — exit 48\n");
}

TEST(VerifyBits, EachKindOfFinding) {
  VerifyResult clean;
  clean.tables.push_back(clean_table("t", 1, 0));
  EXPECT_EQ(clean.bits(), 0);
  EXPECT_EQ(clean.exit_code(), 0);
  EXPECT_EQ(verify_status(clean), "ok");

  auto with = [&](auto change) {
    VerifyResult r = clean;
    change(r);
    return r.bits();
  };
  EXPECT_EQ(with([](VerifyResult& r) { r.tables[0].counts_match = false; }), kBitCountsDiffer);
  EXPECT_EQ(with([](VerifyResult& r) { r.tables[0].missing = 1; }), kBitRowsDiffer);
  EXPECT_EQ(with([](VerifyResult& r) { r.tables[0].extra = 1; }), kBitRowsDiffer);
  EXPECT_EQ(with([](VerifyResult& r) { r.tables[0].changed = 1; }), kBitRowsDiffer);
  EXPECT_EQ(with([](VerifyResult& r) { r.orphans.push_back({"target", "c", "(p) -> p (id)", 1, {}}); }), kBitOrphans);
  // Orphans the source already had are reported, but are not the migration's fault.
  EXPECT_EQ(with([](VerifyResult& r) { r.orphans.push_back({"source", "c", "(p) -> p (id)", 1, {}}); }), 0);
  EXPECT_EQ(with([](VerifyResult& r) { r.integrity.push_back({"c", "orphans", "(p)", 1, {}}); }), kBitOrphans);
  EXPECT_EQ(with([](VerifyResult& r) {
              r.integrity.push_back({"c", "duplicates", "(email)", 2, {}});
            }),
            kBitSchemaDiffers);
  EXPECT_EQ(with([](VerifyResult& r) { r.integrity.push_back({"c", "nulls", "email", 2, {}}); }), kBitSchemaDiffers);
  EXPECT_EQ(with([](VerifyResult& r) { r.schema.push_back({"t", "index idx", "missing"}); }), kBitSchemaDiffers);
  for (const char* what : {"schema", "table added", "table removed"})
    EXPECT_EQ(with([&](VerifyResult& r) { r.drift.push_back({"t", what, "a", "b"}); }), kBitSchemaDiffers) << what;
  for (const char* what : {"rows", "checksum"})
    EXPECT_EQ(with([&](VerifyResult& r) { r.drift.push_back({"t", what, "a", "b"}); }), 0) << what;
  EXPECT_EQ(with([](VerifyResult& r) { r.tables[0].error = "timeout"; }), kBitCouldNotRun);
  EXPECT_EQ(with([](VerifyResult& r) { r.error = Error(ErrorKind::TargetConnect, "refused"); }), kBitCouldNotRun);

  VerifyResult r = shop();
  EXPECT_EQ(r.bits(), kBitCountsDiffer | kBitRowsDiffer | kBitSchemaDiffers);
  EXPECT_EQ(r.exit_code(), 43);
  EXPECT_EQ(verify_status(r), "differences");
  r.tables[1].error = "timeout";
  EXPECT_EQ(r.exit_code(), 32 + 1 + 2 + 8 + 16);
  EXPECT_EQ(verify_status(r), "failed");
  EXPECT_EQ(verify_bit_names(r.bits()),
            (std::vector<std::string>{"counts_differ", "rows_differ", "schema_differs", "could_not_run"}));
}

TEST(VerifyJson, Fields) {
  auto j = nlohmann::json::parse(verify_json(shop()));
  EXPECT_EQ(j["schema_version"], 1);
  EXPECT_EQ(j["tool"]["name"], "litelift");
  EXPECT_EQ(j["tool"]["version"], kLiteliftVersion);
  EXPECT_EQ(j["command"], "verify");
  EXPECT_EQ(j["mode"], "full");
  EXPECT_EQ(j["status"], "differences");
  EXPECT_EQ(j["exit_code"], 43);
  EXPECT_EQ(j["bits"], nlohmann::json({"counts_differ", "rows_differ", "schema_differs"}));
  EXPECT_EQ(j["previous_audit"], nullptr);
  EXPECT_EQ(j["error"], nullptr);
  EXPECT_EQ(j["summary"]["tables"], 3);
  EXPECT_EQ(j["summary"]["tables_differing"], 1);
  EXPECT_EQ(j["summary"]["missing"], 2);
  EXPECT_EQ(j["summary"]["source_orphans"], 2);
  EXPECT_EQ(j["summary"]["target_orphans"], 0);
  ASSERT_EQ(j["tables"].size(), 3u);
  const auto& greek = j["tables"][0];
  EXPECT_EQ(greek["name"], "πελάτες");
  EXPECT_EQ(greek["status"], "ok");
  EXPECT_EQ(greek["last_success_unix"], kRunTime);  // clean now: this run's start
  const auto& orders = j["tables"][1];
  EXPECT_EQ(orders["status"], "differs");
  EXPECT_EQ(orders["target_rows"], 4998);
  EXPECT_EQ(orders["counts_match"], false);
  EXPECT_EQ(orders["rows_match"], false);
  EXPECT_EQ(orders["last_success_unix"], 1714442400);  // from the history
  EXPECT_EQ(orders["differences"][1]["key"], "id = 42");
  EXPECT_EQ(orders["differences"][1]["values"][1],
            nlohmann::json({{"column", "note"}, {"source", "'Zoë'"}, {"target", "'Zoe'"}}));
  EXPECT_EQ(j["schema"][0]["object"], "column total");
  EXPECT_EQ(j["orphans"][0]["side"], "source");

  VerifyResult failed = nightly_audit();
  failed.tables[0].target_rows = -1;
  failed.tables[0].counts_match = false;
  failed.started_at = "";
  failed.error = Error(ErrorKind::TargetConnect, "refused");
  j = nlohmann::json::parse(verify_json(failed));
  EXPECT_EQ(j["status"], "failed");
  EXPECT_EQ(j["source"], nullptr);
  EXPECT_EQ(j["tables"][0]["status"], "missing");
  EXPECT_EQ(j["tables"][0]["target_rows"], nullptr);
  EXPECT_EQ(j["tables"][0]["last_success_unix"], nullptr);  // unknown
  EXPECT_EQ(j["tables"][1]["status"], "error");
  EXPECT_EQ(j["error"]["kind"], "target-unreachable");
  EXPECT_EQ(j["drift"][1]["table"], nullptr);
}

VerifyResult awkward() {
  VerifyResult r = shop();
  r.tables[0].table = "a\"b<c>&d\ne\\f";
  r.tables[1].differences[1].values[0].target = "x\x01y";
  return r;
}

TEST(VerifyJunit, CountsAndEscaping) {
  const std::string x = verify_junit(awkward());
  EXPECT_EQ(x.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"litelift verify\" tests=\"5\" "
                    "failures=\"2\" errors=\"0\" skipped=\"0\" time=\"12.500\" timestamp=\"2024-05-01T02:00:00\">\n",
                    0),
            0u)
      << x;
  EXPECT_NE(x.find("<testcase classname=\"litelift.verify\" name=\"a&quot;b&lt;c&gt;&amp;d&#10;e\\f\" time=\"1.250\">"),
            std::string::npos)
      << x;
  EXPECT_NE(x.find("<failure type=\"counts differ\" message=\"counts differ: source 5000 rows, target 4998 rows; 2 "
                   "missing, 1 changed\">"),
            std::string::npos)
      << x;
  EXPECT_NE(x.find("id = 42: changed: price: source 12.5, target x\xEF\xBF\xBDy\n"), std::string::npos) << x;
  EXPECT_EQ(x.find('\x01'), std::string::npos);
  EXPECT_NE(x.find("<testcase classname=\"litelift.verify\" name=\"schema\" time=\"0.000\">\n"
                   "    <failure type=\"schema differs\" message=\"1 schema difference\">订单 column total: type "
                   "numeric(12,2), expected numeric(10,2)\n</failure>"),
            std::string::npos)
      << x;
  // Source orphans pass, with a note.
  EXPECT_NE(x.find("<testcase classname=\"litelift.verify\" name=\"orphans\" time=\"0.000\">\n    <system-out>in the "
                   "source (already there; no exit bit): order_items (product_id) -&gt; products (id): 2 rows"),
            std::string::npos)
      << x;
}

TEST(VerifyPrometheus, SamplesAndEscaping) {
  const std::string p = verify_prometheus(awkward());
  EXPECT_NE(p.find("litelift_table_rows{command=\"verify\",table=\"a\\\"b<c>&d\\ne\\\\f\",side=\"source\"} 1204\n"),
            std::string::npos)
      << p;
  EXPECT_NE(p.find("# HELP litelift_table_differences "), std::string::npos);
  EXPECT_NE(p.find("# TYPE litelift_table_differences gauge\n"), std::string::npos);
  EXPECT_NE(p.find("litelift_table_differences{command=\"verify\",table=\"订单\",kind=\"missing\"} 2\n"),
            std::string::npos);
  EXPECT_NE(p.find("litelift_table_last_success_timestamp_seconds{command=\"verify\",table=\"订单\"} 1714442400\n"),
            std::string::npos);
  EXPECT_NE(p.find("litelift_table_last_success_timestamp_seconds{command=\"verify\",table=\"order_items\"} "
                   "1714528800\n"),
            std::string::npos);
  EXPECT_NE(p.find("litelift_table_orphan_rows{command=\"verify\",table=\"order_items\",side=\"source\"} 2\n"),
            std::string::npos);
  EXPECT_NE(p.find("litelift_run_timestamp_seconds{command=\"verify\"} 1714528800\n"), std::string::npos);
  EXPECT_NE(p.find("litelift_run_duration_seconds{command=\"verify\"} 12.5\n"), std::string::npos);
  EXPECT_NE(p.find("litelift_exit_code{command=\"verify\"} 43\n"), std::string::npos);
  EXPECT_NE(p.find("litelift_exit_bit{command=\"verify\",bit=\"orphans\"} 0\n"), std::string::npos);
  EXPECT_NE(p.find("litelift_exit_bit{command=\"verify\",bit=\"schema_differs\"} 1\n"), std::string::npos);
  EXPECT_NE(p.find("litelift_schema_findings{command=\"verify\"} 1\n"), std::string::npos);
  EXPECT_EQ(p.find("litelift_drift_findings"), std::string::npos);  // verify has no drift
  EXPECT_EQ(p.back(), '\n');
}

struct TempDir {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("litelift-voutput-" + std::to_string(getpid()));
  TempDir() { std::filesystem::create_directories(path); }
  ~TempDir() { std::filesystem::remove_all(path); }
};

TEST(WriteVerifyOutputs, PrometheusFileIsReplacedWhole) {
  TempDir dir;
  const std::string prom = (dir.path / "litelift.prom").string();
  { std::ofstream(prom) << "old\n"; }
  write_verify_outputs(shop(), {.json = (dir.path / "v.json").string(), .junit = "", .prometheus = prom});
  std::ifstream f(prom);
  std::stringstream body;
  body << f.rdbuf();
  EXPECT_EQ(body.str(), verify_prometheus(shop()));
  struct stat st {};
  ASSERT_EQ(stat(prom.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);  // node_exporter runs as another user
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir.path)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"litelift.prom", "v.json"}));  // no temporary file left
}

TEST(WriteVerifyOutputs, ErrorsNameTheFile) {
  try {
    write_verify_outputs(shop(), {.json = "", .junit = "", .prometheus = "/nonexistent/dir/litelift.prom"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot write the Prometheus file /nonexistent/dir/litelift.prom: No such file or directory");
  }
  try {
    write_verify_outputs(shop(), {.json = "", .junit = "/nonexistent/dir/junit.xml", .prometheus = ""});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot write the JUnit file /nonexistent/dir/junit.xml: No such file or directory");
  }
}

}  // namespace
}  // namespace litelift
