// The verifier against real servers: after a clean migration nothing
// differs; then one kind of damage at a time, made in the target behind
// litelift's back, must be found, named (table, key, column, both values)
// and reported with its exit bit.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "live_fixture.hpp"
#include "live_support.hpp"

using live::litelift;
using live::quote;

namespace {

constexpr int kBase = 32, kCounts = 1, kRows = 2, kOrphans = 4, kSchema = 8;

nlohmann::json read_json(const std::string& path) {
  std::ifstream f(path);
  nlohmann::json j = nlohmann::json::parse(f, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << path;
  return j;
}

const nlohmann::json& table_of(const nlohmann::json& report, const std::string& name) {
  for (const auto& t : report["tables"])
    if (t["name"] == name) return t;
  static const nlohmann::json none;
  ADD_FAILURE() << "no table " << name << " in " << report.dump();
  return none;
}

template <typename Server>
class Verify : public live::LiveTarget<Server> {
 protected:
  void SetUp() override {
    live::LiveTarget<Server>::SetUp();
    if (this->HasFatalFailure()) return;
    report_ = ::testing::TempDir() + "verify-" + std::to_string(::getpid()) + ".json";
    auto m = litelift("migrate " + quote(live::fixture("verify.db")) + this->target() + " -q");
    ASSERT_EQ(m.code, 0) << m.out << m.err;
  }
  void TearDown() override { std::remove(report_.c_str()); }

  // Runs verify; returns the exit code and leaves its JSON report in report().
  live::Run verify(const std::string& extra = "") {
    return litelift("verify " + quote(live::fixture("verify.db")) + this->target() + " -q --report " + report_ + extra);
  }
  nlohmann::json report() { return read_json(report_); }
  bool pg() const { return Server::pg; }
  // The first difference of `table`, checked to be the only kind there.
  nlohmann::json only_difference(const std::string& table, const std::string& kind) {
    const nlohmann::json j = report();
    const nlohmann::json& t = table_of(j, table);
    EXPECT_EQ(t["differences"].size(), 1u) << t.dump(1);
    if (t["differences"].empty()) return nlohmann::json::object();
    EXPECT_EQ(t["differences"][0]["kind"], kind) << t.dump(1);
    return t["differences"][0];
  }
  void expect_value(const nlohmann::json& diff, const std::string& key, const std::string& column,
                    const std::string& source, const std::string& target) {
    EXPECT_EQ(diff["key"], key) << diff.dump(1);
    ASSERT_EQ(diff["values"].size(), 1u) << diff.dump(1);
    EXPECT_EQ(diff["values"][0]["column"], column);
    EXPECT_EQ(diff["values"][0]["source"], source);
    EXPECT_EQ(diff["values"][0]["target"], target);
  }
  std::string report_;
};
TYPED_TEST_SUITE(Verify, live::Servers);

TYPED_TEST(Verify, CleanMigrationVerifiesEveryRow) {
  auto r = this->verify();
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  const nlohmann::json j = this->report();
  EXPECT_EQ(j["mode"], "full");
  EXPECT_EQ(j["exit_code"], 0);
  // Not by skipping work: every row of every table was read and hashed on both sides.
  const std::map<std::string, int> rows = {{"customers", 20}, {"items", 300}, {"events", 60}, {"tags", 120}};
  ASSERT_EQ(j["tables"].size(), rows.size()) << j.dump(1);
  for (const auto& [name, n] : rows) {
    const nlohmann::json& t = table_of(j, name);
    EXPECT_EQ(t["source_rows"], n) << name;
    EXPECT_EQ(t["target_rows"], n) << name;
    EXPECT_EQ(t["compared"], true) << name;
    EXPECT_EQ(t["rows_compared"], n) << name;
    EXPECT_GE(t["ranges"].get<int>(), 1) << name;
    EXPECT_EQ(t["source_checksum"].get<std::string>().size(), 32u) << name;
    EXPECT_EQ(t["source_checksum"], t["target_checksum"]) << name;
  }
  EXPECT_EQ(table_of(j, "events")["keyless"], true);
  // A migration ends with the same check.
  EXPECT_TRUE(j["schema"].empty()) << j["schema"].dump(1);
  EXPECT_TRUE(j["orphans"].empty()) << j["orphans"].dump(1);
}

TYPED_TEST(Verify, DeletedRowIsMissing) {
  this->db().query("DELETE FROM items WHERE id = 7");
  auto r = this->verify();
  EXPECT_EQ(r.code, kBase + kCounts + kRows) << r.out << r.err;
  const nlohmann::json d = this->only_difference("items", "missing");
  EXPECT_EQ(d["key"], "id = 7");
  const nlohmann::json j = this->report();
  const nlohmann::json& t = table_of(j, "items");
  EXPECT_EQ(t["missing"], 1);
  EXPECT_EQ(t["extra"], 0);
  EXPECT_EQ(t["changed"], 0);
  // The terminal summary names it too, and says what the exit code means.
  auto text = litelift("verify " + quote(live::fixture("verify.db")) + this->target());
  EXPECT_EQ(text.code, kBase + kCounts + kRows);
  EXPECT_NE(text.out.find("\ndifferences in items: 1 missing:\n"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("\n  id = 7  missing          id=7, customer_id=8, label='label-7', note=NULL"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("\nverify: 1 of 4 tables differ (counts differ, rows differ) — exit 35\n"), std::string::npos)
      << text.out;
}

TYPED_TEST(Verify, AddedRowIsExtra) {
  this->db().query("INSERT INTO items (id, customer_id, label) VALUES (1000, 1, 'new')");
  auto r = this->verify();
  EXPECT_EQ(r.code, kBase + kCounts + kRows) << r.out << r.err;
  const nlohmann::json d = this->only_difference("items", "extra");
  EXPECT_EQ(d["key"], "id = 1000");
}

TYPED_TEST(Verify, ChangedTextLastByte) {
  this->db().query("UPDATE items SET label = 'label-X' WHERE id = 5");
  auto r = this->verify();
  EXPECT_EQ(r.code, kBase + kRows) << r.out << r.err;
  this->expect_value(this->only_difference("items", "changed"), "id = 5", "label", "'label-5'", "'label-X'");
}

TYPED_TEST(Verify, ChangedFloatLastBit) {
  const double source = 5 / 3.0;
  const double bumped = std::nextafter(source, 10.0);
  char text[64];
  std::snprintf(text, sizeof text, "%.17g", bumped);
  this->db().query(std::string("UPDATE items SET ratio = ") + text + " WHERE id = 5");
  auto r = this->verify();
  EXPECT_EQ(r.code, kBase + kRows) << r.out << r.err;
  this->expect_value(this->only_difference("items", "changed"), "id = 5", "ratio", "1.6666666666666667",
                     "1.666666666666667");
}

TYPED_TEST(Verify, ChangedDecimalLastDigit) {
  this->db().query("UPDATE items SET price = 5.0186 WHERE id = 5");
  auto r = this->verify();
  EXPECT_EQ(r.code, kBase + kRows) << r.out << r.err;
  this->expect_value(this->only_difference("items", "changed"), "id = 5", "price", "5.0185", "5.0186");
}

TYPED_TEST(Verify, ChangedTimestampSecond) {
  this->db().query("UPDATE items SET at = '2024-01-06 10:00:06' WHERE id = 5");
  auto r = this->verify();
  EXPECT_EQ(r.code, kBase + kRows) << r.out << r.err;
  this->expect_value(this->only_difference("items", "changed"), "id = 5", "at", "'2024-01-06 10:00:05'",
                     "'2024-01-06 10:00:06'");
}

TYPED_TEST(Verify, ChangedBlobByte) {
  this->db().query(this->pg() ? "UPDATE items SET data = '\\x0500ff24'::bytea WHERE id = 5"
                              : "UPDATE items SET data = X'0500ff24' WHERE id = 5");
  auto r = this->verify();
  EXPECT_EQ(r.code, kBase + kRows) << r.out << r.err;
  this->expect_value(this->only_difference("items", "changed"), "id = 5", "data", "x'0500ff23'", "x'0500ff24'");
}

TYPED_TEST(Verify, NullIsNotEmptyText) {
  this->db().query("UPDATE items SET note = '' WHERE id = 5");  // NULL in the source
  auto r = this->verify();
  EXPECT_EQ(r.code, kBase + kRows) << r.out << r.err;
  this->expect_value(this->only_difference("items", "changed"), "id = 5", "note", "NULL", "''");
}

TYPED_TEST(Verify, DuplicatedRowInAKeylessTable) {
  this->db().query("INSERT INTO events (kind, n) VALUES ('kind 0', 0)");  // already twice in the source
  auto r = this->verify();
  EXPECT_EQ(r.code, kBase + kCounts + kRows) << r.out << r.err;
  const nlohmann::json d = this->only_difference("events", "extra");
  EXPECT_EQ(d["key"], "row ('kind 0', 0)");
  EXPECT_EQ(d["count"], 1);
  EXPECT_EQ(table_of(this->report(), "events")["extra"], 1);
}

TYPED_TEST(Verify, ReplacedRowIsNotFooledByCounts) {
  // A deleted row plus an added one: the counts agree, the rows do not.
  this->db().query("DELETE FROM tags WHERE item_id = 3 AND tag = 'vegan'");
  this->db().query("INSERT INTO tags (item_id, tag) VALUES (3, 'Vegan')");
  auto r = this->verify();
  EXPECT_EQ(r.code, kBase + kRows) << r.out << r.err;
  const nlohmann::json j = this->report();
  const nlohmann::json& t = table_of(j, "tags");
  EXPECT_EQ(t["missing"], 1);
  EXPECT_EQ(t["extra"], 1);
  std::set<std::string> keys;
  for (const nlohmann::json& d : t["differences"])
    keys.insert(d["kind"].get<std::string>() + " " + d["key"].get<std::string>());
  EXPECT_EQ(keys,
            (std::set<std::string>{"missing (item_id, tag) = (3, 'vegan')", "extra (item_id, tag) = (3, 'Vegan')"}));
}

TYPED_TEST(Verify, OrphanInTheTarget) {
  // Written with the foreign key checks off, as a bulk loader might.
  this->db().query(this->pg() ? "SET session_replication_role = replica; "
                                "INSERT INTO items (id, customer_id, label) VALUES (2000, 99, 'orphan')"
                              : "SET STATEMENT foreign_key_checks = 0 FOR "
                                "INSERT INTO items (id, customer_id, label) VALUES (2000, 99, 'orphan')");
  auto r = this->verify();
  EXPECT_EQ(r.code, kBase + kCounts + kRows + kOrphans) << r.out << r.err;
  const nlohmann::json j = this->report();
  ASSERT_EQ(j["orphans"].size(), 1u) << j.dump(1);
  EXPECT_EQ(j["orphans"][0]["side"], "target");
  EXPECT_EQ(j["orphans"][0]["table"], "items");
  EXPECT_EQ(j["orphans"][0]["rows"], 1);
  EXPECT_EQ(j["orphans"][0]["sample"][0], "id = 2000 (customer_id = 99)");
}

TYPED_TEST(Verify, DroppedIndex) {
  this->db().query(this->pg() ? "DROP INDEX items_label" : "DROP INDEX items_label ON items");
  auto r = this->verify();
  EXPECT_EQ(r.code, kBase + kSchema) << r.out << r.err;
  const nlohmann::json j = this->report();
  ASSERT_EQ(j["schema"].size(), 1u) << j.dump(1);
  EXPECT_EQ(j["schema"][0]["table"], "items");
  EXPECT_EQ(j["schema"][0]["object"], "index items_label");
  EXPECT_EQ(j["schema"][0]["problem"], "missing");
}

TYPED_TEST(Verify, ChangedColumnType) {
  this->db().query(this->pg() ? "ALTER TABLE items ALTER COLUMN label TYPE varchar(100)"
                              : "ALTER TABLE items MODIFY label VARCHAR(100) NOT NULL");
  auto r = this->verify();
  EXPECT_EQ(r.code, kBase + kSchema) << r.out << r.err;
  const nlohmann::json j = this->report();
  ASSERT_EQ(j["schema"].size(), 1u) << j.dump(1);
  EXPECT_EQ(j["schema"][0]["object"], "column label");
  EXPECT_EQ(j["schema"][0]["problem"],
            this->pg() ? "type character varying(100), expected text" : "type varchar(100), expected VARCHAR(255)");
}

TYPED_TEST(Verify, RejectedRowsAreExpectedMissing) {
  const std::string rejects = ::testing::TempDir() + "verify-rejects-" + std::to_string(::getpid()) + ".jsonl";
  const std::string fixture = quote(live::fixture("bad_value.db"));
  auto m = litelift("migrate " + fixture + this->target() + " -q --on-bad-row reject --rejects " + rejects);
  ASSERT_EQ(m.code, 1) << m.out << m.err;  // rows were rejected; its own verification allowed for them
  auto without = litelift("verify " + fixture + this->target() + " -q --report " + this->report_);
  EXPECT_EQ(without.code, kBase + kCounts + kRows) << without.out << without.err;
  auto with =
      litelift("verify " + fixture + this->target() + " -q --report " + this->report_ + " --rejects " + rejects);
  EXPECT_EQ(with.code, 0) << with.out << with.err;
  const nlohmann::json j = this->report();
  const nlohmann::json& t = table_of(j, "prices");
  EXPECT_EQ(t["rejected"], 1);
  EXPECT_EQ(t["rejected_keys"], nlohmann::json::array({"rowid 2"}));
  EXPECT_EQ(t["missing"], 0);
  std::remove(rejects.c_str());
}

TYPED_TEST(Verify, SampleComparesASeededPart) {
  auto r = this->verify(" --sample 0.5 --seed 7");
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  const nlohmann::json j = this->report();
  EXPECT_EQ(j["sample"], 0.5);
  const nlohmann::json& tags = table_of(j, "tags");  // no rowid: sampled by key
  EXPECT_GT(tags["rows_compared"].get<int>(), 20);
  EXPECT_LT(tags["rows_compared"].get<int>(), 100);
  // The same seed picks the same rows.
  auto again = this->verify(" --sample 0.5 --seed 7");
  EXPECT_EQ(table_of(this->report(), "tags")["rows_compared"], tags["rows_compared"]);
}

}  // namespace

namespace {

TYPED_TEST(Verify, TablesAndExcludeChooseWhatIsChecked) {
  this->db().query("DELETE FROM events WHERE n = 6");  // outside the chosen tables: not seen
  auto r = this->verify(" --tables 'i*' --tables tags --exclude tags");
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  const nlohmann::json j = this->report();
  ASSERT_EQ(j["tables"].size(), 1u) << j.dump(1);
  EXPECT_EQ(j["tables"][0]["name"], "items");
  EXPECT_EQ(j["tables"][0]["rows_compared"], 300);
}

}  // namespace

namespace {

TYPED_TEST(Verify, DroppedTableIsMissingNotUnverifiable) {
  this->db().query("DROP TABLE events");
  auto r = this->verify();
  EXPECT_EQ(r.code, kBase + kCounts + kSchema) << r.out << r.err;
  const nlohmann::json j = this->report();
  const nlohmann::json& t = table_of(j, "events");
  EXPECT_EQ(t["target_rows"], nullptr);  // not there at all
  EXPECT_EQ(t["status"], "missing");
  EXPECT_EQ(t["error"], nullptr);
  ASSERT_EQ(j["schema"].size(), 1u) << j.dump(1);
  EXPECT_EQ(j["schema"][0]["object"], "table");
  EXPECT_EQ(j["schema"][0]["problem"], "missing");
}

}  // namespace
