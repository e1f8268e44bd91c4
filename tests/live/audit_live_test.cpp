// The scheduled audit against real servers: run twice with a change in
// between, it reports the drift; with the source once, it remembers what
// the schema intends and later finds a target that breaks it; its JUnit and
// Prometheus files pass real parsers.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "live_fixture.hpp"
#include "live_support.hpp"

using live::litelift;
using live::quote;

namespace {

nlohmann::json read_json(const std::string& path) {
  std::ifstream f(path);
  nlohmann::json j = nlohmann::json::parse(f, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << path;
  return j;
}

template <typename Server>
class Audit : public live::LiveTarget<Server> {
 protected:
  void SetUp() override {
    live::LiveTarget<Server>::SetUp();
    if (this->HasFatalFailure()) return;
    dir_ = ::testing::TempDir() + "audit-" + std::to_string(::getpid());
    std::remove((dir_ + ".jsonl").c_str());
    auto m = litelift("migrate " + quote(live::fixture("verify.db")) + this->target() + " -q");
    ASSERT_EQ(m.code, 0) << m.out << m.err;
  }
  void TearDown() override {
    for (const char* ext : {".jsonl", ".json", ".xml", ".prom"}) std::remove((dir_ + ext).c_str());
  }
  live::Run audit(const std::string& extra) {
    return litelift("audit" + this->target() + " -q --report " + dir_ + ".json --junit " + dir_ + ".xml --prometheus " +
                    dir_ + ".prom" + extra);
  }
  std::string history() const { return " --history " + dir_ + ".jsonl"; }
  nlohmann::json report() { return read_json(dir_ + ".json"); }
  bool pg() const { return Server::pg; }
  std::string dir_;
};
TYPED_TEST_SUITE(Audit, live::Servers);

TYPED_TEST(Audit, RunTwiceReportsTheDrift) {
  auto first = this->audit(this->history());
  ASSERT_EQ(first.code, 0) << first.out << first.err;
  nlohmann::json j = this->report();
  EXPECT_EQ(j["command"], "audit");
  EXPECT_EQ(j["previous_audit"], nullptr);
  EXPECT_TRUE(j["drift"].empty()) << j.dump(1);
  ASSERT_EQ(j["tables"].size(), 4u) << j.dump(1);

  this->db().query("INSERT INTO customers (id, name) VALUES (21, 'new customer')");
  this->db().query("UPDATE items SET label = 'changed' WHERE id = 9");
  auto second = this->audit(this->history());
  EXPECT_EQ(second.code, 0) << second.out << second.err;  // data drift is expected of a live database
  j = this->report();
  EXPECT_EQ(j["previous_audit"], read_json(this->dir_ + ".json")["previous_audit"]);
  EXPECT_FALSE(j["previous_audit"].is_null());
  std::set<std::string> drift;
  for (const auto& d : j["drift"])
    drift.insert(d["table"].get<std::string>() + " " + d["what"].get<std::string>() + " " +
                 d["before"].get<std::string>().substr(0, 8) + " -> " + d["after"].get<std::string>().substr(0, 8));
  ASSERT_EQ(drift.size(), 2u) << j["drift"].dump(1);
  EXPECT_EQ(*drift.begin(), "customers rows 20 -> 21");
  EXPECT_EQ(drift.rbegin()->substr(0, 14), "items checksum");

  // The outputs a CI system and node_exporter read, checked by real parsers.
  const std::string check = std::string(LITELIFT_CHECK_PYTHON) + " " + LITELIFT_CHECK_OUTPUTS + " --files audit " +
                            this->dir_ + ".xml " + this->dir_ + ".prom " + LITELIFT_DOCS_VERIFY +
                            " customers items events tags";
  ASSERT_NE(std::string(LITELIFT_CHECK_PYTHON), "") << "no python3 with prometheus_client";
  EXPECT_EQ(std::system(check.c_str()), 0) << check;
  std::ifstream prom(this->dir_ + ".prom");
  std::string text((std::istreambuf_iterator<char>(prom)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("litelift_table_rows{command=\"audit\",table=\"customers\",side=\"target\"} 21\n"),
            std::string::npos)
      << text;
}

TYPED_TEST(Audit, RemembersWhatTheSchemaIntends) {
  // With the source: everything verify does, and the intended schema goes into the history.
  auto with_source = this->audit(" --source " + quote(live::fixture("verify.db")) + this->history());
  ASSERT_EQ(with_source.code, 0) << with_source.out << with_source.err;
  EXPECT_EQ(this->report()["mode"], "full");

  // Someone relaxes a NOT NULL and writes a NULL; the nightly audit has no source.
  this->db().query(this->pg() ? "ALTER TABLE items ALTER COLUMN label DROP NOT NULL"
                              : "ALTER TABLE items MODIFY label VARCHAR(255) NULL");
  this->db().query("UPDATE items SET label = NULL WHERE id = 3");
  auto target_only = this->audit(this->history());
  EXPECT_EQ(target_only.code, 32 + 8) << target_only.out << target_only.err;
  const nlohmann::json j = this->report();
  EXPECT_EQ(j["mode"], "target");
  ASSERT_EQ(j["integrity"].size(), 1u) << j.dump(1);
  EXPECT_EQ(j["integrity"][0]["table"], "items");
  EXPECT_EQ(j["integrity"][0]["check"], "nulls");
  EXPECT_EQ(j["integrity"][0]["object"], "label");
  EXPECT_EQ(j["integrity"][0]["rows"], 1);
  std::set<std::string> drift;
  for (const auto& d : j["drift"])  // table null: the whole schema
    drift.insert((d["table"].is_null() ? "" : d["table"].get<std::string>()) + " " + d["what"].get<std::string>());
  EXPECT_EQ(drift, (std::set<std::string>{" schema", "items schema", "items checksum"})) << j["drift"].dump(1);
}

TYPED_TEST(Audit, HistoryCanLiveInTheTarget) {
  auto first = this->audit(" --history-table litelift_audit");
  ASSERT_EQ(first.code, 0) << first.out << first.err;
  EXPECT_EQ(this->db().scalar("SELECT COUNT(*) FROM litelift_audit"), "1");
  this->db().query("DELETE FROM events WHERE n = 6");
  auto second = this->audit(" --history-table litelift_audit");
  EXPECT_EQ(second.code, 0) << second.out << second.err;
  EXPECT_EQ(this->db().scalar("SELECT COUNT(*) FROM litelift_audit"), "2");
  const nlohmann::json j = this->report();
  ASSERT_EQ(j["drift"].size(), 1u) << j.dump(1);
  EXPECT_EQ(j["drift"][0]["table"], "events");
  EXPECT_EQ(j["drift"][0]["what"], "rows");
  EXPECT_EQ(j["drift"][0]["before"], "60");
  EXPECT_EQ(j["drift"][0]["after"], "52");
  // The history table is not one of the audited tables.
  for (const auto& t : j["tables"]) EXPECT_NE(t["name"], "litelift_audit");
}

}  // namespace
