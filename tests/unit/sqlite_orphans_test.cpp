// The source's orphan check gives the same rows whichever form of query it
// picks: NOT EXISTS seeks, or NOT IN over a temporary index of a small
// parent's keys (taken when the parent has under a fifth of the child's rows).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <string>

#include "engines/sqlite/sqlite_source.hpp"

namespace {

std::string make_db(int children) {
  const std::string path = ::testing::TempDir() + "orphans-" + std::to_string(children) + ".db";
  std::remove(path.c_str());
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  std::string sql =
      "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);"
      "INSERT INTO parent VALUES (1, 'a'), (2, 'b'), (3, 'c');"
      "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));";
  for (int i = 1; i <= children; ++i) {
    // Every 7th row points nowhere, every 5th is NULL (not an orphan), row 4 holds text.
    const std::string value = i == 4 ? "'abc'" : i % 5 == 0 ? "NULL" : std::to_string(i % 7 == 0 ? 99 : 1 + i % 3);
    sql += "INSERT INTO child VALUES (" + std::to_string(i) + ", " + value + ");";
  }
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  return path;
}

TEST(SqliteOrphans, SameRowsWhicheverQuery) {
  // 12 children: NOT EXISTS (3 * 5 >= 12); 40 children: NOT IN.
  for (int children : {12, 40}) {
    auto source = litelift::SqliteSource::open(make_db(children));
    const litelift::Table& child = *source->schema().find("child");
    std::vector<int64_t> sample;
    const int64_t n = source->orphan_rows(child, {"parent_id"}, "parent", {"id"}, 3, sample);
    int64_t expected = 0;
    std::vector<int64_t> first;
    for (int i = 1; i <= children; ++i)
      if (i == 4 || (i % 5 != 0 && i % 7 == 0)) {
        ++expected;
        if (first.size() < 3) first.push_back(i);
      }
    EXPECT_EQ(n, expected) << children;
    EXPECT_EQ(sample, first) << children;
  }
}

}  // namespace
