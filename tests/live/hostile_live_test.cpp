// Names crafted to break out of quoting (quoting.db, tests/fixtures/make_fixtures.py)
// arrive as names on both targets, read back from the target's own catalog,
// and a table the run was not asked about survives with its rows.
#include <gtest/gtest.h>

#include <set>

#include "live_fixture.hpp"
#include "live_support.hpp"

using live::litelift;
using live::quote;

namespace {

template <typename Server>
class Hostile : public live::LiveTarget<Server> {
 protected:
  void SetUp() override {
    live::LiveTarget<Server>::SetUp();
    if (this->HasFatalFailure()) return;
    this->db().query("CREATE TABLE sentinel (id INTEGER PRIMARY KEY, v VARCHAR(20))");
    this->db().query("INSERT INTO sentinel VALUES (1, 'one'), (2, 'two'), (3, 'three')");
  }
  void expect_sentinel_intact() {
    EXPECT_EQ(this->db().scalar("SELECT count(*) FROM sentinel"), "3");
    EXPECT_EQ(this->db().scalar("SELECT v FROM sentinel WHERE id = 3"), "three");
  }
  std::vector<std::string> column_names(const std::string& table) {
    auto& db = this->db();
    std::vector<std::string> out;
    for (const auto& r : db.query("SELECT column_name FROM information_schema.columns WHERE table_schema = " +
                                  std::string(Server::pg ? "'public'" : "DATABASE()") +
                                  " AND table_name = " + db.quote_literal(table) + " ORDER BY ordinal_position"))
      out.push_back(*r[0]);
    return out;
  }
};
TYPED_TEST_SUITE(Hostile, live::Servers);

const std::string kX = "x\"; DROP TABLE sentinel; --";
const std::string kY = "y`; DROP TABLE sentinel; --";
const std::string kZ = "z\\'); DROP TABLE sentinel; --";
const std::string kNewline = "line\nbreak";

TYPED_TEST(Hostile, QuotingBreakoutNamesArriveAsNames) {
  const std::string source = quote(live::fixture("quoting.db"));
  auto r = litelift("migrate " + source + this->target() + " -q");
  ASSERT_EQ(r.code, 0) << r.err;
  this->expect_sentinel_intact();
  auto tables = this->db().tables();
  EXPECT_EQ(std::set<std::string>(tables.begin(), tables.end()),
            (std::set<std::string>{"sentinel", kX, kY, kZ, kNewline}));
  EXPECT_EQ(this->column_names(kX),
            (std::vector<std::string>{"id", "c`); DROP TABLE sentinel; --", "back\\slash\\", "new\nline"}));
  EXPECT_EQ(this->column_names(kY), (std::vector<std::string>{"id", "x\"id", "it's"}));
  EXPECT_EQ(this->column_names(kZ), (std::vector<std::string>{"k`\\'\"", "v"}));
  EXPECT_EQ(this->column_names(kNewline), (std::vector<std::string>{"id", "\\"}));
  auto& db = this->db();
  // The index and the default kept their text too.
  EXPECT_EQ(db.scalar(TypeParam::pg ? "SELECT count(*) FROM pg_indexes WHERE indexname = " +
                                          db.quote_literal("i'; DROP TABLE sentinel; --")
                                    : "SELECT count(*) FROM information_schema.statistics WHERE table_schema = "
                                      "DATABASE() AND index_name = " +
                                          db.quote_literal("i'; DROP TABLE sentinel; --")),
            "1");
  db.query("INSERT INTO " + db.quote_ident(kX) + " (id) VALUES (100)");
  EXPECT_EQ(db.scalar("SELECT " + db.quote_ident("c`); DROP TABLE sentinel; --") + " FROM " + db.quote_ident(kX) +
                      " WHERE id = 100"),
            "it's; DROP TABLE sentinel; --");
  db.query("DELETE FROM " + db.quote_ident(kX) + " WHERE id = 100");
  // Every value, read back by the independent oracle.
  std::vector<std::string> diffs = live::compare_all(live::fixture("quoting.db"), db);
  EXPECT_TRUE(diffs.empty()) << diffs.size() << " differences, first: " << diffs.front();

  // The verifier, and migrate's drop and truncate paths, quote the same names.
  auto verify = litelift("verify " + source + this->target() + " -q");
  EXPECT_EQ(verify.code, 0) << verify.err << verify.out;
  for (const char* if_exists : {"drop", "truncate"}) {
    auto again = litelift("migrate " + source + this->target() + " -q --if-exists " + if_exists);
    EXPECT_EQ(again.code, 0) << if_exists << ": " << again.err;
  }
  auto audit = litelift("audit --source " + source + this->target() + " -q");
  EXPECT_EQ(audit.code, 0) << audit.err << audit.out;
  this->expect_sentinel_intact();
  tables = this->db().tables();
  EXPECT_EQ(tables.size(), 5u);
  EXPECT_TRUE(live::compare_all(live::fixture("quoting.db"), db).empty());
}

}  // namespace
