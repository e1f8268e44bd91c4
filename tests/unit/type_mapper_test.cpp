#include "mapping/type_mapper.hpp"

#include "engines/mysql/mysql_dialect.hpp"
#include "engines/postgres/postgres_dialect.hpp"

#include <gtest/gtest.h>

using namespace litelift;

namespace {
std::string pg(const char* t) { return map_declared_type(t, postgres_dialect()).sql; }
std::string my(const char* t) { return map_declared_type(t, mysql_dialect()).sql; }
}  // namespace

TEST(TypeMapper, CommonFamiliesOnPostgres) {
  EXPECT_EQ(pg("INTEGER"), "bigint");
  EXPECT_EQ(pg("int"), "bigint");
  EXPECT_EQ(pg("TINYINT(1)"), "bigint");
  EXPECT_EQ(pg("REAL"), "double precision");
  EXPECT_EQ(pg("FLOAT"), "double precision");  // never a 4-byte real
  EXPECT_EQ(pg("DOUBLE PRECISION"), "double precision");
  EXPECT_EQ(pg("TEXT"), "text");
  EXPECT_EQ(pg("VARCHAR(255)"), "varchar(255)");
  EXPECT_EQ(pg("CHAR(3)"), "varchar(3)");  // char(n) would pad values with blanks
  EXPECT_EQ(pg("BLOB"), "bytea");
  EXPECT_EQ(pg("DECIMAL(10,2)"), "numeric(10,2)");
  EXPECT_EQ(pg("NUMERIC"), "numeric");
  EXPECT_EQ(pg("BOOLEAN"), "boolean");
  EXPECT_EQ(pg("DATE"), "date");
  EXPECT_EQ(pg("DATETIME"), "timestamp");
  EXPECT_EQ(pg("TIMESTAMP"), "timestamp");
  EXPECT_EQ(pg("JSON"), "jsonb");
  EXPECT_EQ(pg(""), "text");
}

TEST(TypeMapper, CommonFamiliesOnMySQL) {
  EXPECT_EQ(my("INTEGER"), "BIGINT");
  EXPECT_EQ(my("REAL"), "DOUBLE");
  EXPECT_EQ(my("TEXT"), "LONGTEXT");
  EXPECT_EQ(my("VARCHAR(20)"), "VARCHAR(20)");
  EXPECT_EQ(my("VARCHAR(100000)"), "LONGTEXT");
  EXPECT_EQ(my("BLOB"), "LONGBLOB");
  EXPECT_EQ(my("NUMERIC(5,2)"), "DECIMAL(5,2)");
  EXPECT_EQ(my("NUMERIC"), "DECIMAL(65,30)");
  EXPECT_EQ(my("BOOLEAN"), "TINYINT(1)");
  EXPECT_EQ(my("DATETIME"), "DATETIME(6)");
  EXPECT_EQ(my("JSON"), "JSON");
}

TEST(TypeMapper, QuotingSurvivesHostileNames) {
  EXPECT_EQ(postgres_dialect().quote_identifier("we\"ird; DROP TABLE x"), "\"we\"\"ird; DROP TABLE x\"");
  EXPECT_EQ(mysql_dialect().quote_identifier("a`b"), "`a``b`");
  EXPECT_EQ(postgres_dialect().check_identifier(std::string(64, 'a')), "is 64 bytes long; postgresql allows 63");
  EXPECT_EQ(mysql_dialect().check_identifier("trailing "), "ends with a space, which MySQL does not allow");
  EXPECT_EQ(shorten_identifier(std::string(70, 'x') + "_key", postgres_dialect()).size(), 63u);
}

TEST(TypeMapper, PlanKeysIndexesAndForeignKeys) {
  Schema s;
  Table users;
  users.name = "users";
  users.columns = {{"id", "INTEGER", false, std::nullopt, 1, ColumnKind::Normal},
                   {"email", "TEXT", true, std::nullopt, 0, ColumnKind::Normal},
                   {"is_admin", "BOOLEAN", true, std::string("0"), 0, ColumnKind::Normal},
                   {"created_at", "DATETIME", false, std::string("CURRENT_TIMESTAMP"), 0, ColumnKind::Normal}};
  users.primary_key = {"id"};
  users.rowid_alias = 0;
  Index email;
  email.name = "sqlite_autoindex_users_1";
  email.columns = {"email"};
  email.descending = {false};
  email.unique = true;
  email.origin = IndexOrigin::UniqueConstraint;
  users.indexes = {email};
  Table orders;
  orders.name = "orders";
  orders.columns = {{"id", "INTEGER", false, std::nullopt, 1, ColumnKind::Normal},
                    {"user_id", "INTEGER", true, std::nullopt, 0, ColumnKind::Normal}};
  orders.primary_key = {"id"};
  orders.rowid_alias = 0;
  ForeignKey fk;
  fk.columns = {"user_id"};
  fk.parent_table = "users";
  fk.parent_columns = {"id"};
  fk.on_delete = "CASCADE";
  orders.foreign_keys = {fk};
  s.tables = {users, orders};

  PlanResult pg_plan = build_plan(s, postgres_dialect());
  ASSERT_TRUE(pg_plan.errors.empty());
  const TablePlan& u = pg_plan.plan.tables[0];
  EXPECT_TRUE(u.columns[0].identity);
  EXPECT_EQ(u.identity_column, 0);
  EXPECT_EQ(u.columns[1].type.sql, "text");
  EXPECT_EQ(u.columns[2].default_sql.value(), "false");
  EXPECT_EQ(u.columns[3].default_sql.value(), "(CURRENT_TIMESTAMP AT TIME ZONE 'UTC')");
  ASSERT_EQ(u.indexes.size(), 1u);
  EXPECT_EQ(u.indexes[0].name, "users_email_key");
  EXPECT_TRUE(u.indexes[0].unique);
  ASSERT_EQ(pg_plan.plan.tables[1].foreign_keys.size(), 1u);
  EXPECT_EQ(pg_plan.plan.tables[1].foreign_keys[0].name, "orders_user_id_fkey");
  EXPECT_EQ(pg_plan.plan.tables[1].foreign_keys[0].on_delete, "CASCADE");

  PlanResult my_plan = build_plan(s, mysql_dialect());
  EXPECT_EQ(my_plan.plan.tables[0].columns[1].type.sql, "VARCHAR(255)");  // indexed text
  EXPECT_EQ(my_plan.plan.tables[0].columns[2].default_sql.value(), "0");
}
