// The value-fidelity corpus (tests/corpus/make_corpus.py) through the litelift
// binary into both servers. Its manifest, written without litelift's code,
// names every row that must be rejected; every other value must read back
// equal through the oracle. LITELIFT_CORPUS_FILES=a.db,b.db runs a subset.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "live_fixture.hpp"
#include "live_support.hpp"
#include "oracle_values.hpp"

namespace {

using live::quote;
using nlohmann::json;

struct CorpusFile {
  std::string file;
  std::vector<std::string> casts;
  std::map<std::string, std::string> temporal;
  std::map<std::string, std::vector<json>> rejects;  // by target: "postgresql", "mysql"
  std::string path() const { return std::string(LITELIFT_CORPUS) + "/" + file; }
};

struct Manifest {
  std::vector<std::string> reject_flags;
  std::vector<CorpusFile> files;
};

Manifest read_manifest() {
  std::ifstream f(std::string(LITELIFT_CORPUS) + "/corpus.json");
  if (!f) throw std::runtime_error(std::string("no manifest in ") + LITELIFT_CORPUS);
  json j = json::parse(f);
  std::set<std::string> only;
  if (const char* e = std::getenv("LITELIFT_CORPUS_FILES")) {
    std::stringstream list(e);
    for (std::string name; std::getline(list, name, ',');) only.insert(name);
  }
  Manifest m;
  m.reject_flags = j["reject_flags"].get<std::vector<std::string>>();
  for (const auto& e : j["files"]) {
    CorpusFile c;
    c.file = e["file"];
    if (!only.empty() && !only.count(c.file)) continue;
    c.casts = e["casts"].get<std::vector<std::string>>();
    c.temporal = e["temporal"].get<std::map<std::string, std::string>>();
    for (const auto& [target, list] : e["rejects"].items()) c.rejects[target] = list.get<std::vector<json>>();
    m.files.push_back(std::move(c));
  }
  return m;
}

// One reject as a comparable line: table, rowid or key, column, refusal.
std::string reject_id(const json& r) {
  std::string where = r.contains("rowid") ? "rowid " + r["rowid"].dump()
                                          : (r.contains("key") ? "key " + r["key"].dump() : "(no rowid or key)");
  auto field = [&](const char* name) {
    return r.contains(name) && r[name].is_string() ? r[name].get<std::string>() : "?";
  };
  return field("table") + " " + where + " " + field("column") + " " + field("refusal");
}

std::string row_id(const json& r) {
  return (r.contains("rowid") ? "rowid " + r["rowid"].dump() : "key " + r.value("key", json()).dump());
}

// Every value of `source` reads back equal from `db`, apart from what `options` expects.
void expect_no_differences(const std::string& source, const live::TargetDb& db, const live::CompareOptions& options) {
  try {
    auto diffs = live::compare_all(source, db, options);
    std::string all;
    for (const auto& d : diffs) all += "\n  " + d;
    EXPECT_TRUE(diffs.empty()) << diffs.size() << " differences:" << all;
  } catch (const std::exception& e) {
    ADD_FAILURE() << e.what();
  }
}

std::string sqlite_ident(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string lines(const std::set<std::string>& s) {
  std::string out;
  for (const auto& l : s) out += "\n  " + l;
  return out;
}

std::set<std::string> refused_columns(const CorpusFile& c, const std::string& target) {
  std::set<std::string> out;
  for (const auto& r : c.rejects.at(target))
    out.insert(r["table"].get<std::string>() + "." + r["column"].get<std::string>());
  return out;
}

template <typename Server>
class Corpus : public live::LiveTarget<Server> {
 protected:
  static const char* target_name() { return Server::pg ? "postgresql" : "mysql"; }

  std::unique_ptr<live::TargetDb> fresh_db() {
    return std::make_unique<live::TargetDb>(std::getenv(Server::env()), Server::pg);
  }

  std::string temp(const std::string& file, const char* suffix) {
    return "/tmp/litelift-corpus-" + std::to_string(getpid()) + "-" + file + suffix;
  }

  static std::string cast_args(const CorpusFile& c) {
    std::string out;
    for (const auto& rule : c.casts) out += " --cast " + quote(rule);
    return out;
  }

  // The reject file's lines: exactly the manifest's rows, each line complete and true to the source value.
  void check_reject_file(const CorpusFile& c, const std::string& path) {
    std::set<std::string> want, got;
    for (const auto& r : c.rejects.at(target_name())) want.insert(reject_id(r));
    std::ifstream f(path);
    ASSERT_TRUE(f || want.empty()) << "no reject file " << path;
    SQLite::Database src(c.path(), SQLite::OPEN_READONLY);
    std::string text;
    for (int number = 1; std::getline(f, text); ++number) {
      SCOPED_TRACE("reject line " + std::to_string(number) + ": " + text);
      json r = json::parse(text, nullptr, false);
      ASSERT_FALSE(r.is_discarded()) << "not JSON";
      EXPECT_TRUE(got.insert(reject_id(r)).second) << "a second line for the same refusal";
      check_reject_line(src, r);
    }
    std::set<std::string> missing, unexpected;
    std::set_difference(want.begin(), want.end(), got.begin(), got.end(), std::inserter(missing, missing.end()));
    std::set_difference(got.begin(), got.end(), want.begin(), want.end(), std::inserter(unexpected, unexpected.end()));
    EXPECT_TRUE(missing.empty()) << "rejects the manifest expects but the file lacks:" << lines(missing);
    EXPECT_TRUE(unexpected.empty()) << "rejects the manifest does not expect:" << lines(unexpected);
  }

  void check_reject_line(SQLite::Database& src, const json& r) {
    static const std::set<std::string> classes = {"integer", "real", "text", "blob", "null"};
    ASSERT_TRUE(r.contains("table") && r["table"].is_string());
    ASSERT_TRUE(r.contains("column") && r["column"].is_string());
    EXPECT_TRUE(r.contains("reason") && r["reason"].is_string() && !r["reason"].get<std::string>().empty());
    ASSERT_TRUE(r.contains("storage_class") && classes.count(r["storage_class"].get<std::string>()));
    ASSERT_NE(r.contains("value"), r.contains("value_hex")) << "exactly one of value and value_hex";
    // Read the refused value back from the source and hold the line to it.
    std::string sql = "SELECT " + sqlite_ident(r["column"]) + " FROM " + sqlite_ident(r["table"]) + " WHERE ";
    std::vector<std::string> binds;
    if (r.contains("rowid")) {
      sql += "rowid = " + std::to_string(r["rowid"].get<int64_t>());
    } else {
      ASSERT_TRUE(r.contains("key") && r["key"].is_object());
      bool first = true;
      for (const auto& item : r["key"].items()) {
        const json& v = item.value();
        sql += (first ? "" : " AND ") + sqlite_ident(item.key()) + " = ?";
        binds.push_back(v.is_string() ? v.get<std::string>() : v.dump());
        first = false;
      }
    }
    SQLite::Statement q(src, sql);
    for (size_t i = 0; i < binds.size(); ++i) q.bind(static_cast<int>(i + 1), binds[i]);
    ASSERT_TRUE(q.executeStep()) << "the row is not in the source";
    SQLite::Column v = q.getColumn(0);
    static const char* names[] = {"", "integer", "real", "text", "blob", "null"};
    EXPECT_EQ(r["storage_class"], names[v.getType()]);
    std::string bytes(static_cast<const char*>(v.getBlob()), static_cast<size_t>(v.getBytes()));
    if (r.contains("value_hex")) {
      if (v.getType() == SQLITE_TEXT || v.getType() == SQLITE_BLOB)
        EXPECT_EQ(r["value_hex"], live::oracle::hex(bytes));
      else
        EXPECT_TRUE(v.getType() == SQLITE_FLOAT && !std::isfinite(v.getDouble())) << "value_hex for a plain number";
    } else if (v.getType() == SQLITE_INTEGER) {
      EXPECT_EQ(r["value"], json(v.getInt64()));
    } else if (v.getType() == SQLITE_FLOAT) {
      EXPECT_TRUE(r["value"].is_number() && r["value"].get<double>() == v.getDouble()) << r["value"];
    } else if (v.getType() == SQLITE_TEXT) {
      EXPECT_EQ(r["value"], json(bytes));
    } else {
      EXPECT_TRUE(r["value"].is_null() && v.getType() == SQLITE_NULL);
    }
  }

  // Per table of the report: every row read was written or rejected, and the rejected ones are the manifest's.
  void check_report_counts(const CorpusFile& c, const std::string& path) {
    std::ifstream f(path);
    ASSERT_TRUE(f) << "no report " << path;
    json report = json::parse(f, nullptr, false);
    ASSERT_FALSE(report.is_discarded());
    std::map<std::string, std::set<std::string>> rejected_rows;
    for (const auto& r : c.rejects.at(target_name())) rejected_rows[r["table"]].insert(row_id(r));
    SQLite::Database src(c.path(), SQLite::OPEN_READONLY);
    SQLite::Statement tables(src,
                             "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND "
                             "name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
    std::set<std::string> expected_tables;
    while (tables.executeStep()) expected_tables.insert(tables.getColumn(0).getString());
    std::set<std::string> reported;
    for (const auto& t : report.value("tables", json::array())) {
      std::string name = t.value("source_name", t.value("name", std::string("?")));
      SCOPED_TRACE("report table " + name);
      reported.insert(name);
      int64_t read = t.value("rows_read", int64_t{-1}), written = t.value("rows_written", int64_t{-1}),
              rejected = t.value("rows_rejected", int64_t{-1});
      EXPECT_EQ(read, written + rejected) << t.dump();
      EXPECT_EQ(rejected, static_cast<int64_t>(rejected_rows[name].size())) << t.dump();
      if (expected_tables.count(name)) {
        EXPECT_EQ(read, src.execAndGet("SELECT count(*) FROM " + sqlite_ident(name)).getInt64()) << t.dump();
      }
    }
    for (const auto& t : expected_tables) EXPECT_TRUE(reported.count(t)) << "the report has no table " << t;
  }
};

TYPED_TEST_SUITE(Corpus, live::Servers);

TYPED_TEST(Corpus, RejectPoliciesKeepEveryGoodRowAndNameEveryBadOne) {
  Manifest m = read_manifest();
  ASSERT_FALSE(m.files.empty());
  std::string flags;
  for (const auto& f : m.reject_flags) flags += " " + f;
  for (const auto& c : m.files) {
    SCOPED_TRACE(c.file);
    auto db = this->fresh_db();
    std::string report = this->temp(c.file, ".json"), rejects = this->temp(c.file, ".rejects.jsonl");
    auto r = live::litelift("migrate " + quote(c.path()) + " --target " + quote(db->url()) + " -q --report " + report +
                            flags + " --rejects " + rejects + this->cast_args(c));
    bool bad_rows = !c.rejects.at(this->target_name()).empty();
    EXPECT_EQ(r.code, bad_rows ? 1 : 0) << r.err;
    this->check_reject_file(c, rejects);
    this->check_report_counts(c, report);
    live::CompareOptions options;
    options.report_json = report;
    options.rejects_jsonl = rejects;
    options.temporal = c.temporal;
    expect_no_differences(c.path(), *db, options);
    std::remove(report.c_str());
    std::remove(rejects.c_str());
  }
}

TYPED_TEST(Corpus, DefaultPoliciesStopBeforeAnyBadRowArrives) {
  Manifest m = read_manifest();
  ASSERT_FALSE(m.files.empty());
  for (const auto& c : m.files) {
    SCOPED_TRACE(c.file);
    auto db = this->fresh_db();
    std::string report = this->temp(c.file, ".json");
    auto r = live::litelift("migrate " + quote(c.path()) + " --target " + quote(db->url()) + " -q --report " + report +
                            this->cast_args(c));
    bool bad_rows = !c.rejects.at(this->target_name()).empty();
    EXPECT_EQ(r.code, bad_rows ? 1 : 0) << r.err;
    if (bad_rows) {
      EXPECT_EQ(db->tables(), std::vector<std::string>{}) << "a failed load must leave no tables";
      // It stopped on one of the bad values, not on something else.
      std::set<std::string> bad_columns = refused_columns(c, this->target_name());
      std::ifstream f(report);
      json error = f ? json::parse(f, nullptr, false).value("error", json::object()) : json::object();
      EXPECT_EQ(error.value("kind", ""), "data") << error.dump();
      EXPECT_TRUE(bad_columns.count(error.value("table", "") + "." + error.value("column", "")))
          << "stopped on " << error.dump() << ", not on a bad value";
    } else {
      live::CompareOptions options;
      options.report_json = report;
      options.temporal = c.temporal;
      expect_no_differences(c.path(), *db, options);
    }
    std::remove(report.c_str());
  }
}

}  // namespace
