// End-to-end: the litelift binary against real servers, one typed suite for
// both targets. Values are read back through libpq / libmariadb directly.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "live_fixture.hpp"
#include "live_support.hpp"

using live::litelift;
using live::quote;
using live::TargetDb;

namespace {

template <typename Server>
class Migrate : public live::LiveTarget<Server> {};
TYPED_TEST_SUITE(Migrate, live::Servers);

TYPED_TEST(Migrate, SampleArrivesValueForValue) {
  std::string report = "/tmp/litelift-live-report-" + std::to_string(getpid()) + ".json";
  auto r = litelift("migrate " + quote(live::fixture("sample.db")) + this->target() + " -q --report " + report);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "");  // -q
  std::vector<std::string> diffs = live::compare_all(live::fixture("sample.db"), this->db());
  EXPECT_TRUE(diffs.empty()) << diffs.size() << " differences, first: " << diffs.front();
  EXPECT_EQ(this->db().tables(),
            (std::vector<std::string>{"empty_table", "notes_fts", "order", "tags", "users", "we\"ird name"}));

  std::ifstream f(report);
  nlohmann::json j = nlohmann::json::parse(f);
  std::remove(report.c_str());
  EXPECT_EQ(j["status"], "ok");
  EXPECT_EQ(j["exit_code"], 0);
  EXPECT_EQ(j["verification"]["mode"], "full");  // every row, orphans and the schema
  EXPECT_EQ(j["verification"]["status"], "ok");
  EXPECT_EQ(j["verification"]["tables"].size(), 6u);
  EXPECT_EQ(j["tables"].size(), 6u);
  EXPECT_EQ(j["target"].get<std::string>().find("litelift:***@") != std::string::npos, true);
  std::set<std::string> noted;
  for (const auto& n : j["notes"])
    noted.insert(n["object"].get<std::string>() + ": " + n["message"].get<std::string>());
  EXPECT_TRUE(
      noted.count("column order.total_cents: generated column: function round() is not translated: SQLite "
                  "rounds halves away from zero and returns a real; " +
                  std::string(TypeParam::pg ? "PostgreSQL" : "MySQL") +
                  " rounds a double's halves to even: round(total * 100); its values are copied into a plain "
                  "column"))
      << j["notes"].dump();
  EXPECT_TRUE(noted.count(TypeParam::pg ? "index idx_users_name: COLLATE NOCASE: the key is lower(\"name\"), "
                                          "case-insensitive like SQLite's NOCASE (which folds ASCII letters only)"
                                        : "index idx_users_name: column name uses COLLATE NOCASE; the target index "
                                          "uses the column's collation"))
      << j["notes"].dump();
  if (TypeParam::pg) {
    EXPECT_EQ(this->db().scalar("SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_users_name'"),
              "CREATE INDEX idx_users_name ON public.users USING btree (lower(name))");
  }
  std::set<std::string> objects;
  for (const auto& o : j["objects"])
    objects.insert(o["kind"].get<std::string>() + " " + o["table"].get<std::string>() + "." +
                   o["name"].get<std::string>() + ": " + o["status"].get<std::string>() + " " +
                   o["target"].get<std::string>() + " " + o["reason"].get<std::string>());
  EXPECT_TRUE(
      objects.count("virtual table .notes_fts: changed notes_fts fts5 table: its content is migrated as a "
                    "plain table with a full-text index"))
      << j["objects"].dump();
  EXPECT_TRUE(objects.count("index notes_fts.full-text index of notes_fts: created notes_fts_fulltext "))
      << j["objects"].dump();
  EXPECT_TRUE(objects.count("view .big_orders: created big_orders ")) << j["objects"].dump();
  EXPECT_TRUE(objects.count(
      TypeParam::pg ? "check order.CHECK (status IN ('pending', 'paid', 'shipped')): created order_status_check "
                    : "check order.CHECK (status IN ('pending', 'paid', 'shipped')): changed order_status_check MySQL "
                      "compares and sorts text by the column collation (utf8mb4_unicode_ci ignores case and accents); "
                      "SQLite compares code points"))
      << j["objects"].dump();
  // The view answers as in SQLite, and the CHECK constraint refuses what SQLite refused.
  EXPECT_EQ(this->db().scalar("SELECT count(*) FROM big_orders"), "794");
  EXPECT_THROW(
      this->db().query(std::string("UPDATE ") + this->db().quote_ident("order") + " SET status = 'lost' WHERE id = 1"),
      std::runtime_error);
  // The full-text index answers a search, and the document ids are the FTS rowids.
  auto& db = this->db();
  EXPECT_EQ(db.scalar(TypeParam::pg ? "SELECT rowid FROM notes_fts WHERE to_tsvector('simple', body) @@ "
                                      "to_tsquery('simple', 'μέλι')"
                                    : "SELECT rowid FROM notes_fts WHERE MATCH(body) AGAINST('μέλι')"),
            "2");
}

TYPED_TEST(Migrate, IdentitiesContinueAfterTheSource) {
  auto r = litelift("migrate " + quote(live::fixture("sample.db")) + this->target() + " -q");
  ASSERT_EQ(r.code, 0) << r.err;
  auto& db = this->db();
  // users is AUTOINCREMENT and had id 9000000000000 deleted: ids must not be reused.
  db.query(std::string("INSERT INTO users (email, is_admin, balance) VALUES ('new@example.gr', ") +
           (TypeParam::pg ? "false" : "0") + ", 1)");
  EXPECT_EQ(db.scalar("SELECT id FROM users WHERE email = 'new@example.gr'"), "9000000000001");
  db.query(std::string("INSERT INTO ") + db.quote_ident("order") +
           " (user_id, total, placed_at) VALUES (1, 5, '2024-01-01 00:00:00')");
  EXPECT_EQ(db.scalar("SELECT max(id) FROM " + db.quote_ident("order")), "1201");
}

TYPED_TEST(Migrate, KeysIndexesAndForeignKeysExist) {
  auto r = litelift("migrate " + quote(live::fixture("sample.db")) + this->target() + " -q");
  ASSERT_EQ(r.code, 0) << r.err;
  auto& db = this->db();
  if (TypeParam::pg) {
    EXPECT_EQ(db.scalar("SELECT count(*) FROM pg_constraint WHERE contype = 'f'"), "2");
    EXPECT_EQ(db.scalar("SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_order_user_date'"),
              "CREATE INDEX idx_order_user_date ON public.\"order\" USING btree (user_id, placed_at DESC)");
    EXPECT_EQ(db.scalar("SELECT indexdef FROM pg_indexes WHERE indexname = 'users_email_key'"),
              "CREATE UNIQUE INDEX users_email_key ON public.users USING btree (email)");
    EXPECT_EQ(
        db.scalar(
            "SELECT data_type FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'rating'"),
        "double precision");
  } else {
    EXPECT_EQ(
        db.scalar(
            "SELECT count(*) FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE()"),
        "2");
    EXPECT_EQ(db.scalar("SELECT non_unique FROM information_schema.statistics WHERE table_schema = DATABASE() AND "
                        "index_name = 'users_email_key'"),
              "0");
    EXPECT_EQ(
        db.scalar(
            "SELECT engine FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'users'"),
        "InnoDB");
    EXPECT_EQ(db.scalar("SELECT table_collation FROM information_schema.tables WHERE table_schema = DATABASE() AND "
                        "table_name = 'users'"),
              "utf8mb4_unicode_ci");
  }
  // A child row without a parent is refused: the foreign key is real.
  EXPECT_THROW(db.query(std::string("INSERT INTO ") + db.quote_ident("order") +
                        " (user_id, total, placed_at) VALUES (424242, 5, '2024-01-01 00:00:00')"),
               std::runtime_error);
}

TYPED_TEST(Migrate, ExistingTablesFailUnlessToldToDrop) {
  ASSERT_EQ(litelift("migrate " + quote(live::fixture("sample.db")) + this->target() + " -q").code, 0);
  auto again = litelift("migrate " + quote(live::fixture("sample.db")) + this->target() + " -q");
  EXPECT_EQ(again.code, 6);
  EXPECT_EQ(again.err,
            "litelift: error: the target already has 7 of the tables and views (users, order, tags, we\"ird name, "
            "empty_table, notes_fts, big_orders); nothing was changed. Use --if-exists drop|truncate|append\n");
  auto drop = litelift("migrate " + quote(live::fixture("sample.db")) + this->target() + " -q --if-exists drop");
  EXPECT_EQ(drop.code, 0) << drop.err;
  auto truncate =
      litelift("migrate " + quote(live::fixture("sample.db")) + this->target() + " -q --if-exists truncate");
  EXPECT_EQ(truncate.code, 0) << truncate.err;
  EXPECT_TRUE(live::compare_all(live::fixture("sample.db"), this->db()).empty());
}

TYPED_TEST(Migrate, BadInputLeavesTheTargetUntouched) {
  auto missing = litelift("migrate /nonexistent/app.db" + this->target());
  EXPECT_EQ(missing.code, 3);
  EXPECT_EQ(missing.err, "litelift: error: cannot open source '/nonexistent/app.db': No such file or directory\n");
  auto not_db = litelift("migrate " + quote(live::fixture("not_sqlite.db")) + this->target() + " -q");
  EXPECT_EQ(not_db.code, 4);
  EXPECT_EQ(not_db.err, "litelift: error: source '" + live::fixture("not_sqlite.db") +
                            "' is not a SQLite database (file is not a database)\n");
  auto corrupt = litelift("migrate " + quote(live::fixture("corrupt.db")) + this->target() + " -q");
  EXPECT_EQ(corrupt.code, 4) << corrupt.err;
  EXPECT_EQ(corrupt.err,
            "litelift: error: source '" + live::fixture("corrupt.db") + "': opening it: unsupported file format\n");
  // The exact messages: tests/unit/hostile_source_test.cpp.
  for (const char* broken : {"encrypted.db", "zero.db", "no_tables.db", "truncated.db", "damaged.db"}) {
    auto r = litelift("migrate " + quote(live::fixture(broken)) + this->target() + " -q");
    EXPECT_EQ(r.code, 4) << broken << ": " << r.err;
  }
  EXPECT_TRUE(this->db().tables().empty());
  auto orphans = litelift("migrate " + quote(live::fixture("orphans.db")) + this->target() + " -q");
  EXPECT_EQ(orphans.code, 1);
  EXPECT_EQ(orphans.err,
            "litelift: error: table \"orders\": 1 rows reference a missing \"users\" row through (user_id) (rowids 2); "
            "the target would refuse the foreign key. Fix or delete those rows in the source, or use --orphans "
            "keep|null|reject\n");
  std::string report = "/tmp/litelift-live-bad-" + std::to_string(getpid()) + ".json";
  auto bad = litelift("migrate " + quote(live::fixture("bad_value.db")) + this->target() + " -q --report " + report);
  EXPECT_EQ(bad.code, 1);
  EXPECT_EQ(bad.err, std::string("litelift: error: table \"prices\", column \"amount\" (DECIMAL(10,2) -> ") +
                         (TypeParam::pg ? "numeric(10,2)" : "DECIMAL(10,2)") +
                         "), rowid 2: value 2.125 (real) cannot be stored unchanged: has 3 digits after the point; "
                         "the column keeps 2 (the target would round it). Use --on-bad-row reject to load the other "
                         "rows and list this one in the reject file, or --cast 'prices.amount=decimal' to change the "
                         "column's type\n");
  // The failed load dropped the table it had created, and says so.
  EXPECT_TRUE(this->db().tables().empty());
  std::ifstream f(report);
  nlohmann::json j = nlohmann::json::parse(f);
  std::remove(report.c_str());
  EXPECT_EQ(j["status"], "failed");
  EXPECT_EQ(j["exit_code"], 1);
  EXPECT_EQ(j["error"]["kind"], "data");
  EXPECT_EQ(j["error"]["column"], "amount");
  EXPECT_EQ(j["dropped_after_failure"], nlohmann::json::array({"prices"}));
}

TYPED_TEST(Migrate, InvalidUtf8IsRefusedByName) {
  auto bad_utf8 = litelift("migrate " + quote(live::fixture("bad_utf8.db")) + this->target() + " -q");
  EXPECT_EQ(bad_utf8.code, 1);
  EXPECT_EQ(bad_utf8.err, std::string("litelift: error: table \"notes\", column \"body\" (TEXT -> ") +
                              (TypeParam::pg ? "text" : "LONGTEXT") +
                              "), rowid 2: value 'cafe\\x90' (text) cannot be stored unchanged: invalid UTF-8 at byte "
                              "4: 0x90. Use --invalid-utf8 replace to store U+FFFD in place of the bad bytes, "
                              "--invalid-utf8 reject to leave the row out, or --cast 'notes.body=blob' to keep the "
                              "bytes\n");
  EXPECT_TRUE(this->db().tables().empty());
}

TYPED_TEST(Migrate, OverLongNamesAreShortenedAndReported) {
  std::string report = "/tmp/litelift-live-long-" + std::to_string(getpid()) + ".json";
  auto r = litelift("migrate " + quote(live::fixture("long_name.db")) + this->target() + " -q --report " + report);
  ASSERT_EQ(r.code, 0) << r.err;
  std::ifstream f(report);
  nlohmann::json j = nlohmann::json::parse(f);
  std::remove(report.c_str());
  // 54 (PostgreSQL: 63 bytes) or 55 (MySQL: 64 characters) t's, '_' and a hash of the whole name.
  const std::string shortened = this->db().tables().at(0);
  EXPECT_EQ(shortened.size(), TypeParam::pg ? 63u : 64u);
  EXPECT_EQ(shortened.substr(0, shortened.size() - 9), std::string(shortened.size() - 9, 't'));
  EXPECT_EQ(j["tables"][0]["name"], shortened);
  EXPECT_EQ(j["tables"][0]["source_name"], std::string(70, 't'));
  bool noted = false;
  for (const auto& n : j["notes"])
    noted = noted || (n["object"] == "table " + std::string(70, 't') &&
                      n["message"].get<std::string>().find(TypeParam::pg ? "is 70 bytes long; postgresql allows 63"
                                                                         : "is 70 characters long; mysql allows 64") !=
                          std::string::npos);
  EXPECT_TRUE(noted) << j["notes"].dump();
}

TYPED_TEST(Migrate, VerifyCountsAndFindsAMissingRow) {
  ASSERT_EQ(litelift("migrate " + quote(live::fixture("sample.db")) + this->target() + " -q --verify none").code, 0);
  auto ok = litelift("verify " + quote(live::fixture("sample.db")) + this->target() + " --verify counts");
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(ok.out.find("\nverify: all 6 tables match \xE2\x80\x94 exit 0\n"), std::string::npos) << ok.out;
  this->db().query("DELETE FROM tags WHERE user_id = 1");
  auto bad = litelift("verify " + quote(live::fixture("sample.db")) + this->target() + " --verify counts");
  EXPECT_EQ(bad.code, 33);  // 32 + counts differ
  EXPECT_NE(bad.out.find("\ntags                 118          116        -      -        -  DIFFERS\n"),
            std::string::npos)
      << bad.out;
  EXPECT_NE(bad.out.find("\norder               1200         1200        -      -        -  ok\n"), std::string::npos)
      << bad.out;
  EXPECT_NE(bad.out.find("\nverify: 1 of 6 tables differ (counts differ) \xE2\x80\x94 exit 33\n"), std::string::npos)
      << bad.out;
}

TYPED_TEST(Migrate, UnreachableTargetIsExitFive) {
  std::string url = TypeParam::pg ? "postgresql://litelift:x@127.0.0.1:1/nope" : "mysql://litelift:x@127.0.0.1:1/nope";
  auto r = litelift("migrate " + quote(live::fixture("sample.db")) + " --target " + quote(url) + " -q");
  EXPECT_EQ(r.code, 5);
  EXPECT_EQ(r.err.rfind(std::string("litelift: error: cannot connect to ") + (TypeParam::pg ? "PostgreSQL" : "MySQL") +
                            " at 127.0.0.1:1/nope: ",
                        0),
            0u)
      << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(r.err.find("x@"), std::string::npos);  // no password in messages
}

TYPED_TEST(Migrate, MySQLCollationIsConfigurable) {
  if (TypeParam::pg) GTEST_SKIP() << "a MySQL option";
  auto r =
      litelift("migrate " + quote(live::fixture("sample.db")) + this->target() + " -q --mysql-collation utf8mb4_bin");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(this->db().scalar("SELECT table_collation FROM information_schema.tables WHERE table_schema = DATABASE() "
                              "AND table_name = 'tags'"),
            "utf8mb4_bin");
}

TYPED_TEST(Migrate, ConfigFileSuppliesOptionsAndTheCommandLineWins) {
  std::string ini = "/tmp/litelift-live-" + std::to_string(getpid()) + ".ini";
  {
    std::ofstream f(ini);
    f << "target = " << this->db().url() << "\njobs = 1\nif-exists = fail\nverify = counts\n";
  }
  auto r = litelift("migrate " + quote(live::fixture("sample.db")) + " --config " + ini + " --jobs 3");
  std::remove(ini.c_str());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("check after loading (counts): "), std::string::npos) << r.out;  // from the file
  EXPECT_NE(r.out.find("\ncheck after loading: all 6 tables match\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("status: ok (exit 0, "), std::string::npos) << r.out;
}

// Opt-in: compare any database (e.g. the benchmark's) after migrating it.
TYPED_TEST(Migrate, ExternalDatabaseReadsBackEqual) {
  const char* path = std::getenv("LITELIFT_READBACK_DB");
  if (!path) GTEST_SKIP() << "set LITELIFT_READBACK_DB to a SQLite file to run this check";
  auto r = litelift(std::string("migrate ") + quote(path) + this->target() + " -q");
  ASSERT_EQ(r.code, 0) << r.err;
  auto diffs = live::compare_all(path, this->db());
  EXPECT_TRUE(diffs.empty()) << diffs.size() << " differences, first: " << diffs.front();
}

}  // namespace

namespace {

// Guards the guard: the read-back comparison must see a one-ulp change.
TYPED_TEST(Migrate, ReadBackComparisonSeesAOneUlpChange) {
  ASSERT_EQ(litelift("migrate " + quote(live::fixture("sample.db")) + this->target() + " -q").code, 0);
  auto& db = this->db();
  ASSERT_EQ(db.scalar("SELECT rating FROM users WHERE id = 7"), "2.3084764314988293");
  db.query("UPDATE users SET rating = 2.3084764314988297 WHERE id = 7");
  auto diffs = live::compare_all(live::fixture("sample.db"), db);
  ASSERT_EQ(diffs.size(), 1u);
  EXPECT_EQ(diffs[0].rfind("users.rating key=7: source 0x1.277", 0), 0u) << diffs[0];
}

}  // namespace

namespace {

// The default policies stop with a message that names the value and the option that resolves it.
TYPED_TEST(Migrate, DefaultPoliciesNameTheOptionThatResolves) {
  const std::string ts = TypeParam::pg ? "timestamp" : "DATETIME(6)";
  auto epoch = litelift("migrate " + quote(live::fixture("epoch_in_datetime.db")) + this->target() + " -q");
  EXPECT_EQ(epoch.code, 1);
  EXPECT_EQ(epoch.err,
            "litelift: error: table \"events\", column \"at\" (DATETIME -> " + ts +
                "), rowid 2: value 1700000000 (integer) cannot be stored unchanged: integer value where "
                "ISO-8601 date-time text was expected. Use --on-bad-row reject to load the other rows and "
                "list this one in the reject file, or --cast 'events.at=timestamp using epoch' to change the "
                "column's type\n");
  auto cast = litelift("migrate " + quote(live::fixture("epoch_in_datetime.db")) + this->target() +
                       " -q --cast 'events.at=timestamp using epoch'");
  ASSERT_EQ(cast.code, 0) << cast.err;
  EXPECT_EQ(this->db().scalar("SELECT at FROM events WHERE id = 2"),
            "2023-11-14 22:13:20" + std::string(TypeParam::pg ? "" : ".000000"));

  auto nul = litelift("migrate " + quote(live::fixture("nul_text.db")) + this->target() + " -q");
  auto inf = litelift("migrate " + quote(live::fixture("infinity.db")) + this->target() + " -q --if-exists drop");
  if (TypeParam::pg) {
    EXPECT_EQ(nul.code, 1);
    EXPECT_EQ(nul.err,
              "litelift: error: table \"notes\", column \"body\" (TEXT -> text), rowid 2: value 'a\\x00b' "
              "(text) cannot be stored unchanged: contains U+0000 at byte 1, which the target cannot store "
              "in text. Use --nul strip to remove it, --nul reject to leave the row out, or --cast "
              "'notes.body=blob' to keep the bytes\n");
    EXPECT_EQ(inf.code, 0) << inf.err;  // PostgreSQL keeps infinity
    EXPECT_EQ(this->db().scalar("SELECT r FROM ratios WHERE id = 2"), "Infinity");
  } else {
    EXPECT_EQ(nul.code, 0) << nul.err;  // MySQL stores U+0000
    EXPECT_EQ(this->db().scalar("SELECT HEX(body) FROM notes WHERE id = 2"), "610062");
    EXPECT_EQ(inf.code, 1);
    EXPECT_EQ(inf.err,
              "litelift: error: table \"ratios\", column \"r\" (REAL -> DOUBLE), rowid 2: value inf (real) "
              "cannot be stored unchanged: is infinite, and the target's double type has no infinity. Use "
              "--on-bad-row reject to load the other rows and list this one in the reject file, or --cast "
              "'ratios.r=text' to change the column's type\n");
  }
}

TYPED_TEST(Migrate, RejectedRowsGoToTheRejectFileAndTheOthersLoad) {
  const std::string dir = "/tmp/litelift-live-rejects-" + std::to_string(getpid());
  ASSERT_EQ(std::system(("rm -rf " + dir + " && mkdir -p " + dir).c_str()), 0);
  // No --rejects: the default file is made in the working directory, and named in the summary.
  auto r = live::litelift("migrate " + quote(live::fixture("two_bad.db")) + this->target() + " --on-bad-row reject",
                          "cd " + dir + " &&");
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_EQ(r.err, "");
  const size_t at = r.out.find("rejected: 2 rows, listed in litelift-rejects-");
  ASSERT_NE(at, std::string::npos) << r.out;
  EXPECT_NE(r.out.find(".jsonl (prices: 2)\n", at), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("status: rejected (exit 1, "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nprices            5            3        0      0        0  ok (2 rejected)\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\ncheck after loading: the table matches\n"), std::string::npos) << r.out;
  EXPECT_EQ(this->db().scalar("SELECT count(*) FROM prices"), "3");
  const std::string file = r.out.substr(at + 28, r.out.find(" (", at) - at - 28);
  std::ifstream f(dir + "/" + file);
  std::string line1, line2, line3;
  std::getline(f, line1);
  std::getline(f, line2);
  EXPECT_FALSE(std::getline(f, line3));
  EXPECT_EQ(line1,
            "{\"table\":\"prices\",\"rowid\":2,\"column\":\"amount\",\"refusal\":\"bad-value\",\"reason\":\"has 4 "
            "digits before the point; the column allows 3\",\"storage_class\":\"real\",\"value\":1234.5}");
  EXPECT_EQ(line2,
            "{\"table\":\"prices\",\"rowid\":4,\"column\":\"amount\",\"refusal\":\"bad-value\",\"reason\":\"has 3 "
            "digits after the point; the column keeps 2 (the target would round it)\",\"storage_class\":\"real\","
            "\"value\":1.005}");
  std::system(("rm -rf " + dir).c_str());
}

TYPED_TEST(Migrate, MaxRejectsStopsTheRun) {
  const std::string rejects = "/tmp/litelift-live-max-" + std::to_string(getpid()) + ".jsonl";
  auto r = litelift("migrate " + quote(live::fixture("two_bad.db")) + this->target() +
                    " -q --on-bad-row reject --max-rejects 1 --rejects " + rejects);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err.rfind("litelift: error: more than 1 rows rejected (--max-rejects 1); the last: table \"prices\", "
                        "column \"amount\" (DECIMAL(5,2) -> ",
                        0),
            0u)
      << r.err;
  EXPECT_TRUE(this->db().tables().empty());  // a stopped run leaves nothing behind
  std::ifstream f(rejects);
  std::string line;
  int lines = 0;
  while (std::getline(f, line)) ++lines;
  EXPECT_EQ(lines, 2);  // what was rejected before the stop stays listed
  std::remove(rejects.c_str());
  // --max-rejects 2 lets the run finish.
  auto ok = litelift("migrate " + quote(live::fixture("two_bad.db")) + this->target() +
                     " -q --on-bad-row reject --max-rejects 2 --rejects " + rejects);
  EXPECT_EQ(ok.code, 1) << ok.err;  // rows were rejected: never exit 0
  EXPECT_EQ(ok.err, "");
  std::remove(rejects.c_str());
}

}  // namespace

namespace {

// A default that does not fit the mapped type is reported, never left to fail CREATE TABLE.
TYPED_TEST(Migrate, DefaultsThatDoNotFitAreReportedAndTheRestArrive) {
  std::string report = "/tmp/litelift-live-defaults-" + std::to_string(getpid()) + ".json";
  auto r = litelift("migrate " + quote(live::fixture("odd_defaults.db")) + this->target() + " -q --report " + report);
  ASSERT_EQ(r.code, 0) << r.err;
  std::ifstream f(report);
  nlohmann::json j = nlohmann::json::parse(f);
  std::remove(report.c_str());
  std::set<std::string> noted;
  for (const auto& n : j["notes"])
    noted.insert(n["object"].get<std::string>() + ": " + n["message"].get<std::string>());
  EXPECT_TRUE(noted.count("column items.seen: default 0 does not fit " +
                          std::string(TypeParam::pg ? "timestamp" : "DATETIME(6)") +
                          " (integer value where ISO-8601 date-time text was expected); not migrated"))
      << j["notes"].dump();
  EXPECT_TRUE(noted.count("column items.qty: default 'abc' does not fit " +
                          std::string(TypeParam::pg ? "bigint" : "BIGINT") +
                          " (text value where an integer was expected); not migrated"))
      << j["notes"].dump();
  auto& db = this->db();
  db.query("INSERT INTO items (id) VALUES (2)");
  auto row = db.query(TypeParam::pg ? "SELECT seen, active::int, grade, qty, note, born::text FROM items WHERE id = 2"
                                    : "SELECT seen, active, grade, qty, note, born FROM items WHERE id = 2");
  ASSERT_EQ(row.size(), 1u);
  EXPECT_FALSE(row[0][0].has_value());
  EXPECT_EQ(row[0][1].value_or("NULL"), "0");
  EXPECT_EQ(row[0][2].value_or("NULL"), "G");
  EXPECT_FALSE(row[0][3].has_value());
  EXPECT_EQ(row[0][4].value_or("NULL"), "it's \\ ok");
  EXPECT_EQ(row[0][5].value_or("NULL"), "2000-01-01");
}

}  // namespace
