// Schema fidelity against real servers: what the target's catalog holds after
// a migration (keys, counters, foreign keys, full-text indexes) and, for what
// cannot be carried as it is, the exact report entry.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "live_fixture.hpp"
#include "live_support.hpp"

namespace {

using live::litelift;
using live::quote;

template <typename Server>
class SchemaFidelity : public live::LiveTarget<Server> {
 protected:
  std::string report_path() { return "/tmp/litelift-schema-" + std::to_string(getpid()) + ".json"; }
  nlohmann::json read_report(const std::string& path) {
    std::ifstream f(path);
    nlohmann::json j = nlohmann::json::parse(f);
    std::remove(path.c_str());
    return j;
  }
  // "kind table.name: status target | reason" for every object of the report.
  std::set<std::string> objects(const nlohmann::json& j) {
    std::set<std::string> out;
    for (const auto& o : j["objects"])
      out.insert(o["kind"].get<std::string>() + " " + o["table"].get<std::string>() + "." +
                 o["name"].get<std::string>() + ": " + o["status"].get<std::string>() + " " +
                 o["target"].get<std::string>() + " | " + o["reason"].get<std::string>());
    return out;
  }
};
TYPED_TEST_SUITE(SchemaFidelity, live::Servers);

TYPED_TEST(SchemaFidelity, OrphansFailByDefaultAndListEveryKey) {
  auto r = litelift("migrate " + quote(live::fixture("orphans2.db")) + this->target() + " -q");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err,
            "litelift: error: table \"orders\": 1 rows reference a missing \"users\" row through (user_id) (rowids 2); "
            "the target would refuse the foreign key. Fix or delete those rows in the source, or use --orphans "
            "keep|null|reject (and 1 more foreign keys with orphans, listed in the report)\n");
  EXPECT_TRUE(this->db().tables().empty());  // stopped before the target was touched
}

TYPED_TEST(SchemaFidelity, OrphansKeepLoadsThemAndTheKeyIsNotChecked) {
  const std::string report = this->report_path();
  auto r = litelift("migrate " + quote(live::fixture("orphans2.db")) + this->target() + " -q --orphans keep --report " +
                    report);
  ASSERT_EQ(r.code, 0) << r.err;
  auto& db = this->db();
  EXPECT_EQ(db.scalar("SELECT count(*) FROM orders"), "4");
  EXPECT_EQ(db.scalar("SELECT user_id FROM orders WHERE id = 2"), "9");
  if (TypeParam::pg) {
    EXPECT_EQ(db.scalar("SELECT string_agg(conname || '=' || convalidated::text, ',' ORDER BY conname) FROM "
                        "pg_constraint WHERE contype = 'f'"),
              "orders_shop_id_fkey=false,orders_user_id_fkey=false");
  } else {
    EXPECT_EQ(db.scalar("SELECT count(*) FROM information_schema.referential_constraints WHERE "
                        "constraint_schema = DATABASE()"),
              "2");
  }
  // New rows are still checked.
  EXPECT_THROW(db.query("INSERT INTO orders (id, user_id, shop_id) VALUES (9, 99, NULL)"), std::runtime_error);
  auto o = this->objects(this->read_report(report));
  EXPECT_TRUE(
      o.count("foreign key orders.FOREIGN KEY (user_id) REFERENCES users (id): changed orders_user_id_fkey | 1 rows "
              "reference a "
              "missing \"users\" row through (user_id) (rowids 2): kept, and the key created without checking "
              "existing rows (--orphans keep)"))
      << nlohmann::json(o).dump(1);
}

TYPED_TEST(SchemaFidelity, OrphansNullClearsDanglingKeysThatMayBeNull) {
  auto refused = litelift("migrate " + quote(live::fixture("orphans2.db")) + this->target() + " -q --orphans null");
  EXPECT_EQ(refused.code, 1);
  EXPECT_EQ(refused.err,
            "litelift: error: table \"orders\": 1 rows reference a missing \"users\" row through (user_id) (rowids 2); "
            "--orphans null cannot set column \"user_id\" to NULL (it is NOT NULL or in the primary key). Use "
            "--orphans keep or --orphans reject\n");
  EXPECT_TRUE(this->db().tables().empty());
  // Only the nullable key has orphans once the NOT NULL one is left out.
  auto r = litelift("migrate " + quote(live::fixture("orphans2.db")) + this->target() +
                    " -q --orphans null --exclude users");
  ASSERT_EQ(r.code, 0) << r.err;
  auto rows = this->db().query("SELECT id, shop_id FROM orders ORDER BY id");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0][1].value_or("NULL"), "1");
  EXPECT_EQ(rows[2][1].value_or("NULL"), "NULL");  // was 7, no such shop
  EXPECT_EQ(this->db().tables(), (std::vector<std::string>{"orders", "shops"}));
}

TYPED_TEST(SchemaFidelity, OrphansRejectListsTheRowsAndLoadsTheRest) {
  const std::string rejects = "/tmp/litelift-orphans-" + std::to_string(getpid()) + ".jsonl";
  auto r = litelift("migrate " + quote(live::fixture("orphans2.db")) + this->target() +
                    " -q --orphans reject --rejects " + rejects);
  EXPECT_EQ(r.code, 1) << r.err;  // rows were left out
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(this->db().scalar("SELECT count(*) FROM orders"), "2");
  std::ifstream f(rejects);
  std::vector<std::string> lines;
  for (std::string line; std::getline(f, line);) lines.push_back(line);
  std::remove(rejects.c_str());
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "{\"table\":\"orders\",\"rowid\":2,\"column\":\"user_id\",\"refusal\":\"orphan\",\"reason\":"
                       "\"references a missing \\\"users\\\" row through (user_id)\",\"storage_class\":\"integer\","
                       "\"value\":9}",
                       "{\"table\":\"orders\",\"rowid\":3,\"column\":\"shop_id\",\"refusal\":\"orphan\",\"reason\":"
                       "\"references a missing \\\"shops\\\" row through (shop_id)\",\"storage_class\":\"integer\","
                       "\"value\":7}"}));
}

TYPED_TEST(SchemaFidelity, TablesAndExcludeChooseWhatMovesAndReportTheKeysLeft) {
  const std::string report = this->report_path();
  auto r = litelift("migrate " + quote(live::fixture("sample.db")) + this->target() +
                    " -q --tables 'USERS' --tables 'ord*' --exclude users --report " + report);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(this->db().tables(), (std::vector<std::string>{"order"}));
  auto o = this->objects(this->read_report(report));
  EXPECT_TRUE(o.count("table .users: not migrated  | excluded by --exclude 'users'")) << nlohmann::json(o).dump(1);
  EXPECT_TRUE(o.count("table .tags: not migrated  | not selected by --tables")) << nlohmann::json(o).dump(1);
  EXPECT_TRUE(
      o.count("foreign key order.FOREIGN KEY (user_id) REFERENCES users (id): not migrated  | the parent table "
              "\"users\" is not "
              "migrated (excluded by --exclude 'users')"))
      << nlohmann::json(o).dump(1);
}

TYPED_TEST(SchemaFidelity, CountersNeverGoBackAlsoWhenAppending) {
  auto& db = this->db();
  ASSERT_EQ(litelift("migrate " + quote(live::fixture("counters.db")) + this->target() + " -q").code, 0);
  // sqlite_sequence says 10 was handed out once: it must not come back.
  db.query("INSERT INTO items (v) VALUES ('new')");
  EXPECT_EQ(db.scalar("SELECT id FROM items WHERE v = 'new'"), "11");
  // The application keeps going in the target; then the same rows are appended again.
  db.query("INSERT INTO items (id, v) VALUES (50, 'far')");
  db.query("DELETE FROM items WHERE id <= 3");
  auto r = litelift("migrate " + quote(live::fixture("counters.db")) + this->target() + " -q --if-exists append");
  ASSERT_EQ(r.code, 0) << r.err;
  db.query("INSERT INTO items (v) VALUES ('after')");
  EXPECT_EQ(db.scalar("SELECT id FROM items WHERE v = 'after'"), "51");
}

TYPED_TEST(SchemaFidelity, SchemaCommandPrintsTheDdlTheTargetAccepts) {
  const std::string dialect = TypeParam::pg ? "postgresql" : "mysql";
  auto r = litelift("schema " + quote(live::fixture("sample.db")) + " --dialect " + dialect);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("-- litelift schema for " + std::string(TypeParam::pg ? "PostgreSQL" : "MySQL") +
                            ": the DDL `litelift migrate` runs, in order\n",
                        0),
            0u);
  EXPECT_NE(r.out.find("-- trigger users.touch: not migrated: triggers are not translated: CREATE TRIGGER touch AFTER "
                       "UPDATE ON users BEGIN SELECT 1; END\n"),
            std::string::npos)
      << r.out;
  // Run it: every statement is accepted, and the tables are those migrate creates.
  const std::string script = "/tmp/litelift-schema-" + std::to_string(getpid()) + ".sql";
  {
    std::ofstream f(script);
    f << r.out;
  }
  for (std::string statement; !r.out.empty();) {
    size_t end = r.out.find(";\n");
    if (end == std::string::npos) break;
    statement = r.out.substr(0, end);
    r.out.erase(0, end + 2);
    std::string sql;
    std::istringstream lines(statement);
    for (std::string line; std::getline(lines, line);)
      if (line.rfind("--", 0) != 0) sql += line + "\n";
    if (sql.find_first_not_of(" \n") != std::string::npos) this->db().query(sql);
  }
  std::remove(script.c_str());
  EXPECT_EQ(this->db().tables(),
            (std::vector<std::string>{"empty_table", "notes_fts", "order", "tags", "users", "we\"ird name"}));
  auto bad = litelift("schema " + quote(live::fixture("sample.db")) + " --dialect oracle");
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(bad.err, "litelift: error: --dialect must be postgresql|mysql (got 'oracle')\n");
}

}  // namespace

namespace {

// InnoDB refuses rows over 65535 bytes and keys over 3072 bytes; never a failed CREATE.
TYPED_TEST(SchemaFidelity, MySQLLimitsAreMetAndReported) {
  const std::string report = this->report_path();
  auto r = litelift("migrate " + quote(live::fixture("limits.db")) + this->target() + " -q --report " + report);
  ASSERT_EQ(r.code, 0) << r.err;
  auto o = this->objects(this->read_report(report));
  auto& db = this->db();
  EXPECT_EQ(db.scalar("SELECT c79 FROM wide"), "last");
  // The unique key still refuses a duplicate, and still lets NULLs repeat.
  EXPECT_THROW(db.query("INSERT INTO longkeys (id, a, b, c, d) VALUES (4, 'x', 'y', 'z', 'w')"), std::runtime_error);
  db.query("INSERT INTO longkeys (id, a, b, c, d) VALUES (5, 'x', 'y', 'z', NULL)");
  EXPECT_THROW(db.query("INSERT INTO longpk (a, b, c, d, v) VALUES ('1', '2', '3', '4', 'again')"), std::runtime_error);
  if (TypeParam::pg) {
    EXPECT_TRUE(o.count("index longkeys.longkeys_u: created longkeys_u | ")) << nlohmann::json(o).dump(1);
    EXPECT_EQ(db.scalar("SELECT data_type FROM information_schema.columns WHERE table_name = 'wide' AND "
                        "column_name = 'c0'"),
              "character varying");
    return;
  }
  EXPECT_TRUE(
      o.count("index longkeys.longkeys_u: changed longkeys_u | the key (a, b, c, d) is longer than MySQL's "
              "3072-byte limit: uniqueness is enforced on an invisible hash of it, `longkeys_u_hash`"))
      << nlohmann::json(o).dump(1);
  EXPECT_TRUE(
      o.count("index longkeys.longkeys_i: changed longkeys_i | indexes prefixes d(191), c(191), b(191), a(195): "
              "the full key is longer than MySQL's 3072-byte limit"))
      << nlohmann::json(o).dump(1);
  EXPECT_TRUE(
      o.count("primary key longpk.PRIMARY KEY (a, b, c, d): changed longpk_pkey | the key (a, b, c, d) is "
              "longer than MySQL's 3072-byte limit: uniqueness is enforced on an invisible hash of it, "
              "`longpk_pkey_hash`"))
      << nlohmann::json(o).dump(1);
  EXPECT_EQ(db.scalar("SELECT count(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND "
                      "table_name = 'wide' AND data_type = 'longtext'"),
            "17");
  // SELECT * shows the source's columns only: what litelift added is invisible.
  auto rows = db.query("SELECT * FROM longpk ORDER BY d");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].size(), 5u);
}

}  // namespace

namespace {

// Expressions SQLite keeps in its schema, run by the target after translation.
TYPED_TEST(SchemaFidelity, TranslatedExpressionsBehaveAsInSQLite) {
  const std::string report = this->report_path();
  auto r = litelift("migrate " + quote(live::fixture("translated.db")) + this->target() + " -q --report " + report);
  ASSERT_EQ(r.code, 0) << r.err;
  auto o = this->objects(this->read_report(report));
  auto& db = this->db();
  // Generated columns are computed by the target and read back equal (the oracle compares them too).
  auto diffs = live::compare_all(live::fixture("translated.db"), db);
  EXPECT_TRUE(diffs.empty()) << diffs.size() << " differences, first: " << diffs.front();
  // The view answers as SQLite's does.
  EXPECT_EQ(db.scalar("SELECT qty FROM customer_totals WHERE email = 'Ana@example.gr'"), "3");
  EXPECT_EQ(db.scalar("SELECT total FROM line_items WHERE id = 3"), "12.75");
  EXPECT_EQ(db.scalar("SELECT label FROM line_items WHERE id = 2"), "honey-1");
  // CHECK constraints refuse what SQLite refused.
  EXPECT_THROW(db.query("INSERT INTO line_items (id, customer_id, code, qty, price) VALUES (9, 1, 'x', 0, 1)"),
               std::runtime_error);
  EXPECT_THROW(
      db.query("INSERT INTO line_items (id, customer_id, code, qty, price) VALUES (9, 1, 'toolongcode', 1, 1)"),
      std::runtime_error);
  // Now-defaults fill in UTC, as SQLite's do.
  db.query("INSERT INTO line_items (id, customer_id, code, qty, price) VALUES (10, 1, 'new', 1, 1)");
  const std::string age = db.scalar(
      TypeParam::pg ? "SELECT abs(extract(epoch FROM (created_at - (now() AT TIME ZONE 'UTC'))))::int FROM line_items "
                      "WHERE id = 10"
                    : "SELECT abs(TIMESTAMPDIFF(SECOND, created_at, UTC_TIMESTAMP())) FROM line_items WHERE id = 10");
  EXPECT_LT(std::stoi(age), 120) << age;
  const std::string epoch_age = db.scalar(
      TypeParam::pg ? "SELECT abs(created_epoch - extract(epoch FROM now()))::int FROM line_items WHERE id = 10"
                    : "SELECT abs(created_epoch - UNIX_TIMESTAMP()) FROM line_items WHERE id = 10");
  EXPECT_LT(std::stoi(epoch_age), 120) << epoch_age;
  const std::string seen_age = db.scalar(
      TypeParam::pg ? "SELECT abs(extract(epoch FROM (seen_at - (now() AT TIME ZONE 'UTC'))))::int FROM line_items "
                      "WHERE id = 10"
                    : "SELECT abs(TIMESTAMPDIFF(SECOND, seen_at, UTC_TIMESTAMP())) FROM line_items WHERE id = 10");
  EXPECT_LT(std::stoi(seen_age), 120) << seen_age;
  if (TypeParam::pg) {
    EXPECT_EQ(db.scalar("SELECT indexdef FROM pg_indexes WHERE indexname = 'customers_email_live'"),
              "CREATE UNIQUE INDEX customers_email_live ON public.customers USING btree (email) WHERE "
              "(deleted_at IS NULL)");
    EXPECT_EQ(db.scalar("SELECT indexdef FROM pg_indexes WHERE indexname = 'customers_email_lower'"),
              "CREATE INDEX customers_email_lower ON public.customers USING btree (lower(email))");
    // The partial unique index still lets a deleted row share an email, and refuses a second live one.
    EXPECT_THROW(db.query("INSERT INTO customers VALUES (4, 'bob@example.gr', NULL)"), std::runtime_error);
    EXPECT_TRUE(
        o.count("generated column line_items.label: changed label | PostgreSQL has no virtual generated columns: "
                "it is stored"))
        << nlohmann::json(o).dump(1);
  } else {
    EXPECT_TRUE(o.count("index customers.customers_email_live: not migrated  | MySQL has no partial indexes"))
        << nlohmann::json(o).dump(1);
    EXPECT_EQ(db.scalar("SELECT generation_expression <> '' FROM information_schema.columns WHERE table_schema = "
                        "DATABASE() AND table_name = 'line_items' AND column_name = 'label'"),
              "1");
  }
}

}  // namespace

namespace {

// COLLATE NOCASE: a case-insensitive equivalent on each target, reported.
TYPED_TEST(SchemaFidelity, NocaseColumnsStayCaseInsensitive) {
  const std::string report = this->report_path();
  auto r = litelift("migrate " + quote(live::fixture("nocase.db")) + this->target() + " -q --report " + report +
                    (TypeParam::pg ? "" : " --mysql-collation utf8mb4_bin"));
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json j = this->read_report(report);
  auto& db = this->db();
  // The unique key refuses a value that differs only in case, as SQLite's NOCASE does.
  EXPECT_THROW(db.query("INSERT INTO tags VALUES (3, 'BIO')"), std::runtime_error);
  std::set<std::string> noted;
  for (const auto& n : j["notes"])
    noted.insert(n["object"].get<std::string>() + ": " + n["message"].get<std::string>());
  if (TypeParam::pg) {
    EXPECT_TRUE(
        noted.count("column tags.name: declared COLLATE NOCASE: comparisons on PostgreSQL are "
                    "case-sensitive; its indexes compare lower-cased values"))
        << j["notes"].dump();
  } else {
    EXPECT_EQ(db.scalar("SELECT collation_name FROM information_schema.columns WHERE table_schema = DATABASE() AND "
                        "table_name = 'tags' AND column_name = 'name'"),
              "utf8mb4_unicode_ci");
    EXPECT_EQ(db.scalar("SELECT count(*) FROM tags WHERE name = 'bio'"), "1");
    EXPECT_TRUE(
        noted.count("column tags.name: declared COLLATE NOCASE: COLLATE utf8mb4_unicode_ci on MySQL (it "
                    "ignores accents too, which NOCASE does not)"))
        << j["notes"].dump();
  }
}

}  // namespace
