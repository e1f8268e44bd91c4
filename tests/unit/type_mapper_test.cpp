#include "mapping/plan_builder.hpp"
#include "mapping/type_mapper.hpp"

#include <gtest/gtest.h>

#include "engines/mysql/mysql_dialect.hpp"
#include "engines/postgres/postgres_dialect.hpp"

using namespace litelift;

namespace {
Column mk(const char* name, const char* type, bool not_null, std::optional<std::string> dflt, int pk) {
  Column c;
  c.name = name;
  c.declared_type = type;
  c.not_null = not_null;
  c.default_sql = std::move(dflt);
  c.pk_position = pk;
  return c;
}
std::string pg(const char* t) {
  return map_declared_type(t, postgres_dialect()).sql;
}
std::string my(const char* t) {
  return map_declared_type(t, mysql_dialect()).sql;
}
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
  users.columns = {mk("id", "INTEGER", false, std::nullopt, 1),
                   mk("email", "TEXT", true, std::nullopt, 0),
                   mk("is_admin", "BOOLEAN", true, std::string("0"), 0),
                   mk("created_at", "DATETIME", false, std::string("CURRENT_TIMESTAMP"), 0)};
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
  orders.columns = {mk("id", "INTEGER", false, std::nullopt, 1),
                    mk("user_id", "INTEGER", true, std::nullopt, 0)};
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
  // SQLite's CURRENT_TIMESTAMP is UTC; MySQL's would follow the session's time zone.
  EXPECT_EQ(my_plan.plan.tables[0].columns[3].default_sql.value(), "(UTC_TIMESTAMP(6))");
}

namespace {

Table one_table(std::vector<Column> columns) {
  Table t;
  t.name = "t";
  t.columns = std::move(columns);
  return t;
}

Column col(const char* name, const char* type, std::optional<std::string> dflt = std::nullopt) {
  return mk(name, type, false, std::move(dflt), 0);
}

const ColumnPlan& planned(const PlanResult& r, size_t column) {
  return r.plan.tables.at(0).columns.at(column);
}

bool noted(const PlanResult& r, const std::string& object, const std::string& part) {
  for (const auto& n : r.plan.notes)
    if (n.object == object && n.message.find(part) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST(TypeMapper, EveryDeclaredFamily) {
  EXPECT_EQ(pg("BIGINT UNSIGNED"), "bigint");
  EXPECT_EQ(pg("UNSIGNED BIG INT"), "bigint");
  EXPECT_EQ(pg("INT2"), "bigint");
  EXPECT_EQ(pg("MEDIUMINT"), "bigint");
  EXPECT_EQ(pg("YEAR"), "bigint");
  EXPECT_EQ(pg("NVARCHAR(30)"), "varchar(30)");
  EXPECT_EQ(pg("CHARACTER(2)"), "varchar(2)");
  EXPECT_EQ(pg("CLOB"), "text");
  EXPECT_EQ(pg("ENUM('a','b')"), "text");
  EXPECT_EQ(pg("TIME"), "time");
  EXPECT_EQ(pg("TIMESTAMP WITH TIME ZONE"), "timestamptz");
  EXPECT_EQ(pg("TIMESTAMP WITHOUT TIME ZONE"), "timestamp");
  EXPECT_EQ(pg("JSONB"), "jsonb");
  EXPECT_EQ(pg("UUID"), "uuid");
  EXPECT_EQ(pg("MONEY"), "numeric");
  EXPECT_EQ(pg("VARBINARY(16)"), "bytea");
  EXPECT_EQ(my("TIME"), "TIME(6)");
  EXPECT_EQ(my("TIMESTAMPTZ"), "DATETIME(6)");
  EXPECT_EQ(my("UUID"), "VARCHAR(36)");
  // SQLite gives these INTEGER or NUMERIC affinity; litelift decides from the values.
  EXPECT_EQ(pg("POINT"), "text");
  EXPECT_EQ(pg("STRING"), "text");
}

TEST(TypeMapper, UntypedAndUnknownColumnsFollowTheirValues) {
  Schema s;
  s.tables = {one_table(
      {col("a", ""), col("b", ""), col("c", "STRING"), col("d", "GEOMETRY"), col("e", ""), col("f", "FOOBAR")})};
  ColumnProfile ints, mixed, texts, blobs, reals_wide, nothing;
  ints.integers = 10;
  mixed.integers = 10;
  mixed.texts = 2;
  texts.texts = 3;
  blobs.blobs = 1;
  blobs.texts = 1;
  reals_wide.reals = 1;
  reals_wide.integers = 1;
  reals_wide.wide_integers = 1;
  Profiles p;
  p["t"] = {{"a", ints}, {"b", mixed}, {"c", texts}, {"d", blobs}, {"e", reals_wide}, {"f", nothing}};
  ASSERT_EQ(profile_requests(s, postgres_dialect(), {}).at(0).columns.size(), 6u);
  PlanResult r = build_plan(s, postgres_dialect(), {}, p);
  EXPECT_EQ(planned(r, 0).type.sql, "bigint");
  EXPECT_EQ(planned(r, 1).type.sql, "text");  // never numeric because of SQLite's affinity rule
  EXPECT_EQ(planned(r, 1).why, "no declared type; chosen from the values (10 integers, 2 texts)");
  EXPECT_EQ(planned(r, 2).type.sql, "text");
  EXPECT_EQ(planned(r, 3).type.sql, "bytea");
  EXPECT_EQ(planned(r, 4).type.sql, "numeric");  // a double would round the wide integer
  EXPECT_EQ(planned(r, 5).type.sql, "text");
  EXPECT_TRUE(
      noted(r, "column t.c", "declared type STRING is not one litelift knows; chosen from the values (3 texts): text"));
}

TEST(TypeMapper, VarcharHoldingLongerTextIsWidenedAndReported) {
  Schema s;
  s.tables = {one_table({col("code", "VARCHAR(5)"), col("big", "VARCHAR(10)")})};
  ColumnProfile code, big;
  code.texts = 2;
  code.max_text_chars = 28;
  big.texts = 1;
  big.max_text_chars = 5000;
  Profiles p;
  p["t"] = {{"code", code}, {"big", big}};
  PlanResult pg_plan = build_plan(s, postgres_dialect(), {}, p);
  EXPECT_EQ(planned(pg_plan, 0).type.sql, "varchar(28)");
  EXPECT_TRUE(noted(pg_plan, "column t.code",
                    "declared VARCHAR(5) but holds text up to 28 characters: widened to varchar(28)"));
  PlanResult my_plan = build_plan(s, mysql_dialect(), {}, p);
  EXPECT_EQ(planned(my_plan, 1).type.sql, "LONGTEXT");  // past MySQL's row-friendly VARCHAR limit
}

TEST(TypeMapper, CastRulesByTypeAndByColumn) {
  Schema s;
  s.tables = {one_table({col("placed_at", "DATETIME"), col("seen", "DATETIME"), col("doc", "JSON")})};
  MappingOptions o;
  o.casts = {parse_cast_rule("datetime=timestamptz"), parse_cast_rule("t.seen=timestamp using epoch"),
             parse_cast_rule("t.doc=json")};
  PlanResult pg_plan = build_plan(s, postgres_dialect(), o);
  EXPECT_EQ(planned(pg_plan, 0).type.sql, "timestamptz");
  EXPECT_EQ(planned(pg_plan, 0).why, "cast rule 'datetime=timestamptz'");
  EXPECT_EQ(planned(pg_plan, 1).type.sql, "timestamp");
  EXPECT_EQ(planned(pg_plan, 1).rules.temporal, TemporalSource::UnixSeconds);
  EXPECT_EQ(planned(pg_plan, 2).type.sql, "json");  // the text as written, not jsonb
  EXPECT_FALSE(planned(pg_plan, 2).type.json_parsed);
  PlanResult my_plan = build_plan(s, mysql_dialect(), o);
  EXPECT_EQ(planned(my_plan, 0).type.sql, "DATETIME(6)");
  EXPECT_TRUE(noted(my_plan, "column t.placed_at", "instants are stored in UTC"));
}

TEST(TypeMapper, IdentifiersAreShortenedCasedAndFollowedByKeys) {
  Schema s;
  Table parent = one_table({mk("UserId", "INTEGER", false, std::nullopt, 1)});
  parent.name = "AppUsers";
  parent.primary_key = {"UserId"};
  parent.rowid_alias = 0;
  Table child = one_table({mk("Id", "INTEGER", false, std::nullopt, 1),
                           mk("OwnerUserId", "INTEGER", false, std::nullopt, 0)});
  child.name = std::string(70, 'x');
  child.primary_key = {"Id"};
  child.rowid_alias = 0;
  ForeignKey fk;
  fk.columns = {"OwnerUserId"};
  fk.parent_table = "AppUsers";
  fk.parent_columns = {"UserId"};
  child.foreign_keys = {fk};
  s.tables = {parent, child};
  MappingOptions o;
  o.identifier_case = IdentifierCase::Snake;
  PlanResult r = build_plan(s, postgres_dialect(), o);
  ASSERT_TRUE(r.errors.empty());
  EXPECT_EQ(r.plan.tables[0].name, "app_users");
  EXPECT_EQ(r.plan.tables[0].primary_key, std::vector<std::string>{"user_id"});
  const TablePlan& c = r.plan.tables[1];
  EXPECT_EQ(c.name.size(), 63u);
  ASSERT_EQ(c.foreign_keys.size(), 1u);
  EXPECT_EQ(c.foreign_keys[0].columns, std::vector<std::string>{"owner_user_id"});
  EXPECT_EQ(c.foreign_keys[0].parent_table, "app_users");
  EXPECT_EQ(c.foreign_keys[0].parent_columns, std::vector<std::string>{"user_id"});
  EXPECT_EQ(c.foreign_keys[0].source_columns, std::vector<std::string>{"OwnerUserId"});
  EXPECT_EQ(c.foreign_keys[0].source_parent_table, "AppUsers");
  EXPECT_LE(c.foreign_keys[0].name.size(), 63u);
  EXPECT_TRUE(noted(r, "table AppUsers", "renamed to \"app_users\""));
  EXPECT_TRUE(noted(r, "table " + std::string(70, 'x'), "is 70 bytes long; postgresql allows 63"));
}

TEST(TypeMapper, DefaultsThatDoNotFitAreReportedNotSent) {
  Schema s;
  s.tables = {one_table({col("at", "DATETIME", "0"), col("flag", "BOOLEAN", "'f'"), col("kind", "TEXT", "'G'"),
                         col("n", "INTEGER", "'abc'"), col("day", "DATE", "'2020-01-01'"),
                         col("note", "TEXT", "'it''s \\ here'")})};
  PlanResult pg_plan = build_plan(s, postgres_dialect());
  EXPECT_FALSE(planned(pg_plan, 0).default_sql.has_value());
  EXPECT_TRUE(noted(pg_plan, "column t.at",
                    "default 0 does not fit timestamp (integer value where ISO-8601 date-time "
                    "text was expected); not migrated"));
  EXPECT_EQ(planned(pg_plan, 1).default_sql.value(), "false");
  EXPECT_EQ(planned(pg_plan, 2).default_sql.value(), "'G'");
  EXPECT_FALSE(planned(pg_plan, 3).default_sql.has_value());
  EXPECT_EQ(planned(pg_plan, 4).default_sql.value(), "'2020-01-01'");
  EXPECT_EQ(planned(pg_plan, 5).default_sql.value(), "'it''s \\ here'");
  PlanResult my_plan = build_plan(s, mysql_dialect());
  EXPECT_EQ(planned(my_plan, 1).default_sql.value(), "0");
  EXPECT_EQ(planned(my_plan, 2).default_sql.value(), "('G')");  // MySQL 8 wants TEXT defaults as expressions
  EXPECT_EQ(planned(my_plan, 5).default_sql.value(), "('it''s \\\\ here')");
}
