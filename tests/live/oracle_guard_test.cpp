// Guards the guard: migrate guards.db, change exactly one thing in the target
// with SQL, and require compare_all to report exactly that. A comparison that
// rounds, reads our own mapper, or skips a family fails here first.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "live_fixture.hpp"
#include "live_support.hpp"

namespace {

using live::quote;

std::string joined(const std::vector<std::string>& diffs) {
  std::string out;
  for (const auto& d : diffs) out += "\n  " + d;
  return out;
}

template <typename Server>
class OracleGuard : public live::LiveTarget<Server> {
 protected:
  void SetUp() override {
    live::LiveTarget<Server>::SetUp();
    if (this->HasFatalFailure()) return;
    auto r = live::litelift("migrate " + quote(live::fixture("guards.db")) + this->target() + " -q");
    ASSERT_EQ(r.code, 0) << r.err;
    // The guards only mean something if the untouched migration reads back equal.
    ASSERT_EQ(diffs(), std::vector<std::string>{}) << joined(diffs());
  }
  std::vector<std::string> diffs(const live::CompareOptions& options = {}) {
    return live::compare_all(live::fixture("guards.db"), this->db(), options);
  }
  std::string temp_file(const std::string& name, const std::string& content) {
    std::string path = "/tmp/litelift-guard-" + std::to_string(getpid()) + "-" + name;
    std::ofstream(path) << content;
    files_.push_back(path);
    return path;
  }
  void TearDown() override {
    for (const auto& f : files_) std::remove(f.c_str());
  }
  bool pg() const { return Server::pg; }
  std::vector<std::string> files_;
};

TYPED_TEST_SUITE(OracleGuard, live::Servers);

// The review's case: compared as doubles, 2^53+1 and 2^53 are one value.
TYPED_TEST(OracleGuard, SeesADecimalOffByOneAtTwoToThe53) {
  auto& db = this->db();
  ASSERT_EQ(db.scalar("SELECT big FROM guards WHERE id = 1"), "9007199254740993");
  db.query("UPDATE guards SET big = 9007199254740992 WHERE id = 1");
  auto d = this->diffs();
  ASSERT_EQ(d.size(), 1u) << joined(d);
  EXPECT_EQ(d[0], "guards.big key=1: source 9007199254740993 target 9007199254740992");
}

TYPED_TEST(OracleGuard, SeesOneMicrosecond) {
  this->db().query(this->pg() ? "UPDATE guards SET at = at + interval '1 microsecond' WHERE id = 1"
                              : "UPDATE guards SET at = at + INTERVAL 1 MICROSECOND WHERE id = 1");
  auto d = this->diffs();
  ASSERT_EQ(d.size(), 1u) << joined(d);
  EXPECT_EQ(d[0], "guards.at key=1: source 2024-02-29 13:45:07.123456 target 2024-02-29 13:45:07.123457");
}

// NFC "café" replaced by its NFD spelling: equal on screen, not in bytes.
TYPED_TEST(OracleGuard, SeesTextChangeInvisibleOnScreen) {
  this->db().query("UPDATE guards SET name = 'cafe\xCC\x81' WHERE id = 1");
  auto d = this->diffs();
  ASSERT_EQ(d.size(), 1u) << joined(d);
  EXPECT_EQ(d[0], "guards.name key=1: source caf\xC3\xA9 target cafe\xCC\x81");
  live::CompareOptions nfc;
  nfc.nfc = true;  // expecting NFC does not excuse an NFD target
  EXPECT_EQ(this->diffs(nfc).size(), 1u);
}

TYPED_TEST(OracleGuard, SeesOneByteOfABlob) {
  this->db().query(this->pg() ? "UPDATE guards SET data = '\\x00fe10'::bytea WHERE id = 1"
                              : "UPDATE guards SET data = X'00fe10' WHERE id = 1");
  auto d = this->diffs();
  ASSERT_EQ(d.size(), 1u) << joined(d);
  EXPECT_EQ(d[0], "guards.data key=1: source 00ff10 target 00fe10");
}

TYPED_TEST(OracleGuard, SeesOneValueInsideAJsonDocument) {
  auto& db = this->db();
  // Spelling is not value: key order, spaces and 2 vs 2.0 compare equal...
  db.query("UPDATE guards SET doc = '{\"b\":\"x\",\"a\":[1,2.0]}' WHERE id = 1");
  EXPECT_EQ(this->diffs(), std::vector<std::string>{});
  // ...one element of an array does not.
  db.query("UPDATE guards SET doc = '{\"a\": [1, 3], \"b\": \"x\"}' WHERE id = 1");
  auto d = this->diffs();
  ASSERT_EQ(d.size(), 1u) << joined(d);
  EXPECT_EQ(d[0], "guards.doc key=1: source {\"a\":[1,2],\"b\":\"x\"} target {\"a\":[1,3],\"b\":\"x\"}");
}

// Duplicates count: a table without a key compares as a multiset.
TYPED_TEST(OracleGuard, SeesOneOfTwoDuplicateRowsMissing) {
  this->db().query(this->pg() ? "DELETE FROM log WHERE ctid = (SELECT ctid FROM log WHERE what = 'a' LIMIT 1)"
                              : "DELETE FROM log WHERE what = 'a' LIMIT 1");
  auto d = this->diffs();
  ASSERT_EQ(d.size(), 2u) << joined(d);
  EXPECT_EQ(d[0], "log: 4 rows in the source (after 0 rejected), 3 in the target");
  EXPECT_EQ(d[1], "log: source row (a, 1) missing in the target");
}

// The comparison follows the target's catalog: the same source value read
// as a double has no exact reading (2^53+1), whatever the SQLite type says.
TYPED_TEST(OracleGuard, TakesTypesFromTheTargetCatalog) {
  this->db().query(this->pg() ? "ALTER TABLE guards ALTER COLUMN big TYPE double precision"
                              : "ALTER TABLE guards MODIFY big DOUBLE");
  auto d = this->diffs();
  ASSERT_EQ(d.size(), 1u) << joined(d);
  EXPECT_EQ(d[0], "guards.big key=1: source 9007199254740993 (integer) has no double reading target 0x1p+53");
}

TYPED_TEST(OracleGuard, FailsLoudlyOnATypeItDoesNotKnow) {
  this->db().query(this->pg() ? "ALTER TABLE log ALTER COLUMN n TYPE money USING n::numeric::money"
                              : "ALTER TABLE log MODIFY n BIT(8)");
  auto d = this->diffs();
  ASSERT_EQ(d.size(), 1u) << joined(d);
  EXPECT_EQ(d[0], std::string("log.n: cannot compare: target type '") + (this->pg() ? "money" : "bit(8)") +
                      "' is unknown to the oracle");
}

TYPED_TEST(OracleGuard, RejectedRowsMustBeAbsentFromTheTarget) {
  std::string rejects = this->temp_file(
      "rejects.jsonl",
      "{\"table\": \"guards\", \"rowid\": 2, \"column\": \"big\", \"refusal\": \"bad-value\", \"reason\": \"test\", "
      "\"storage_class\": \"integer\", \"value\": -1234567890123}\n");
  live::CompareOptions options;
  options.rejects_jsonl = rejects;
  auto d = this->diffs(options);
  ASSERT_EQ(d.size(), 2u) << joined(d);
  EXPECT_EQ(d[0], "guards: 2 rows in the source (after 1 rejected), 3 in the target");
  EXPECT_EQ(d[1], "guards key=2: in the target, not in the source");
  this->db().query("DELETE FROM guards WHERE id = 2");
  EXPECT_EQ(this->diffs(options), std::vector<std::string>{});
  // A reject naming a row the source does not have is itself a difference.
  options.rejects_jsonl = this->temp_file("phantom.jsonl",
                                          "{\"table\": \"guards\", \"rowid\": 2}\n"
                                          "{\"table\": \"guards\", \"rowid\": 99}\n");
  d = this->diffs(options);
  ASSERT_EQ(d.size(), 1u) << joined(d);
  EXPECT_EQ(d[0], "guards: the reject file names rowid 99, which is not in the source");
}

TYPED_TEST(OracleGuard, LearnsRenamedTablesAndColumnsFromTheReport) {
  auto& db = this->db();
  db.query(this->pg() ? "ALTER TABLE guards RENAME TO guards_t" : "RENAME TABLE guards TO guards_t");
  db.query("ALTER TABLE guards_t RENAME COLUMN name TO title");
  auto d = this->diffs();
  ASSERT_EQ(d.size(), 1u) << joined(d);
  EXPECT_EQ(d[0], "guards: missing in the target (looked for \"guards\")");
  live::CompareOptions options;
  options.report_json = this->temp_file("report.json",
                                        R"({"tables": [{"name": "guards_t", "source_name": "guards", "rows_read": 3,
                      "columns": [{"source": "name", "name": "title"}]}]})");
  EXPECT_EQ(this->diffs(options), std::vector<std::string>{});
}

}  // namespace
