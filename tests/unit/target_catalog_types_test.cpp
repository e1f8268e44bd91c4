// Offline checks of what the verifier's catalog calls are built on: the
// catalogs' type spellings (confirmed against PostgreSQL 15 and MariaDB
// 10.11 by tests/live/target_read_live_test.cpp), the family each catalog
// type reads as, and the decoding of PostgreSQL's COPY text rows.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engines/mysql/mysql_types.hpp"
#include "engines/postgres/postgres_row_stream.hpp"
#include "engines/postgres/postgres_types.hpp"

namespace {

using litelift::TypeFamily;

// planned (as litelift's DDL writes it), actual (as the catalog spells it)
struct Pair {
  const char* planned;
  const char* actual;
};

TEST(PostgresSameType, AcceptsTheCatalogsSpellingOfEveryPlannedType) {
  // format_type() of each type postgres_dialect() writes.
  const Pair same[] = {{"bigint", "bigint"},
                       {"double precision", "double precision"},
                       {"numeric", "numeric"},
                       {"numeric(10,2)", "numeric(10,2)"},
                       {"text", "text"},
                       {"varchar(20)", "character varying(20)"},
                       {"bytea", "bytea"},
                       {"boolean", "boolean"},
                       {"date", "date"},
                       {"time", "time without time zone"},
                       {"timestamp", "timestamp without time zone"},
                       {"timestamptz", "timestamp with time zone"},
                       {"jsonb", "jsonb"},
                       {"json", "json"},
                       {"uuid", "uuid"},
                       // aliases and defaults
                       {"timestamp", "timestamp(6) without time zone"},
                       {"INT8", "bigint"},
                       {"integer", "int4"},
                       {"float8", "double precision"},
                       {"bool", "boolean"},
                       {"decimal(10, 2)", "numeric(10,2)"},
                       {"numeric(10)", "numeric(10,0)"},
                       {"character varying", "varchar"}};
  for (const Pair& p : same)
    EXPECT_TRUE(litelift::postgres_same_type(p.planned, p.actual)) << p.planned << " / " << p.actual;
}

TEST(PostgresSameType, RefusesADifferentType) {
  const Pair different[] = {{"numeric(10,2)", "numeric(12,2)"},
                            {"numeric(10,2)", "numeric(10,3)"},
                            {"numeric", "numeric(10,2)"},
                            {"text", "character varying(20)"},
                            {"varchar(20)", "text"},
                            {"varchar(20)", "character varying(21)"},
                            {"varchar(20)", "character(20)"},
                            {"bigint", "integer"},
                            {"double precision", "real"},
                            {"timestamptz", "timestamp without time zone"},
                            {"timestamp", "timestamp(3) without time zone"},
                            {"time", "time with time zone"},
                            {"jsonb", "json"},
                            {"uuid", "text"},
                            {"bytea", "text"},
                            {"numeric(x)", "numeric(x)"}};
  for (const Pair& p : different)
    EXPECT_FALSE(litelift::postgres_same_type(p.planned, p.actual)) << p.planned << " / " << p.actual;
}

TEST(PostgresTypeFamily, FromTheBaseTypesName) {
  EXPECT_EQ(litelift::postgres_type_family("int8"), TypeFamily::Integer);
  EXPECT_EQ(litelift::postgres_type_family("int4"), TypeFamily::Integer);
  EXPECT_EQ(litelift::postgres_type_family("float8"), TypeFamily::Real);
  EXPECT_EQ(litelift::postgres_type_family("numeric"), TypeFamily::Decimal);
  EXPECT_EQ(litelift::postgres_type_family("text"), TypeFamily::Text);
  EXPECT_EQ(litelift::postgres_type_family("varchar"), TypeFamily::Varchar);
  EXPECT_EQ(litelift::postgres_type_family("bytea"), TypeFamily::Blob);
  EXPECT_EQ(litelift::postgres_type_family("bool"), TypeFamily::Boolean);
  EXPECT_EQ(litelift::postgres_type_family("date"), TypeFamily::Date);
  EXPECT_EQ(litelift::postgres_type_family("time"), TypeFamily::Time);
  EXPECT_EQ(litelift::postgres_type_family("timestamp"), TypeFamily::Timestamp);
  EXPECT_EQ(litelift::postgres_type_family("timestamptz"), TypeFamily::TimestampTz);
  EXPECT_EQ(litelift::postgres_type_family("json"), TypeFamily::Json);
  EXPECT_EQ(litelift::postgres_type_family("jsonb"), TypeFamily::Json);
  EXPECT_EQ(litelift::postgres_type_family("uuid"), TypeFamily::Uuid);
  EXPECT_EQ(litelift::postgres_type_family("inet"), TypeFamily::Text);  // not litelift's: read as text
}

TEST(MySQLSameType, AcceptsTheCatalogsSpellingOfEveryPlannedType) {
  // COLUMN_TYPE of each type mysql_dialect() writes, as MariaDB 10.11 spells it.
  const Pair same[] = {{"BIGINT", "bigint(20)"},
                       {"DOUBLE", "double"},
                       {"DECIMAL(65,30)", "decimal(65,30)"},
                       {"DECIMAL(10,2)", "decimal(10,2)"},
                       {"LONGTEXT", "longtext"},
                       {"VARCHAR(255)", "varchar(255)"},
                       {"LONGBLOB", "longblob"},
                       {"VARBINARY(255)", "varbinary(255)"},
                       {"TINYINT(1)", "tinyint(1)"},
                       {"DATE", "date"},
                       {"TIME(6)", "time(6)"},
                       {"DATETIME(6)", "datetime(6)"},
                       {"JSON", "longtext"},  // MariaDB's JSON alias
                       {"VARCHAR(36)", "varchar(36)"},
                       {"BINARY(32)", "binary(32)"},
                       // MySQL 8 drops display widths and has a JSON type
                       {"BIGINT", "bigint"},
                       {"JSON", "json"},
                       // aliases and widths
                       {"INT", "int(11)"},
                       {"INTEGER", "int(11)"},
                       {"BOOLEAN", "tinyint(1)"},
                       {"DOUBLE PRECISION", "double"},
                       {"NUMERIC(10,2)", "decimal(10,2)"},
                       {"DECIMAL", "decimal(10,0)"},
                       {"DATETIME", "datetime"},
                       {"BIGINT UNSIGNED", "bigint(20) unsigned"}};
  for (const Pair& p : same)
    EXPECT_TRUE(litelift::mysql_same_type(p.planned, p.actual)) << p.planned << " / " << p.actual;
}

TEST(MySQLSameType, RefusesADifferentType) {
  const Pair different[] = {{"BIGINT", "bigint(20) unsigned"},
                            {"BIGINT", "int(11)"},
                            {"DOUBLE", "float"},
                            {"DECIMAL(10,2)", "decimal(12,2)"},
                            {"DECIMAL(65,30)", "decimal(65,0)"},
                            {"LONGTEXT", "varchar(20)"},
                            {"LONGTEXT", "json"},  // MySQL 8's JSON is a type of its own
                            {"LONGTEXT", "text"},
                            {"VARCHAR(20)", "longtext"},
                            {"VARCHAR(36)", "char(36)"},
                            {"VARCHAR(20)", "varchar(21)"},
                            {"TINYINT(1)", "tinyint(4)"},
                            {"TINYINT(1)", "bigint(20)"},
                            {"DATETIME(6)", "datetime"},
                            {"DATETIME(6)", "timestamp(6)"},
                            {"TIME(6)", "time"},
                            {"LONGBLOB", "longtext"},
                            {"VARBINARY(255)", "varchar(255)"},
                            {"JSON", "varchar(20)"}};
  for (const Pair& p : different)
    EXPECT_FALSE(litelift::mysql_same_type(p.planned, p.actual)) << p.planned << " / " << p.actual;
}

TEST(MySQLTypeFamily, FromDataTypeAndColumnType) {
  EXPECT_EQ(litelift::mysql_type_family("bigint", "bigint(20)", false), TypeFamily::Integer);
  EXPECT_EQ(litelift::mysql_type_family("tinyint", "tinyint(1)", false), TypeFamily::Boolean);
  EXPECT_EQ(litelift::mysql_type_family("tinyint", "tinyint(4)", false), TypeFamily::Integer);
  EXPECT_EQ(litelift::mysql_type_family("double", "double", false), TypeFamily::Real);
  EXPECT_EQ(litelift::mysql_type_family("decimal", "decimal(10,2)", false), TypeFamily::Decimal);
  EXPECT_EQ(litelift::mysql_type_family("longtext", "longtext", false), TypeFamily::Text);
  EXPECT_EQ(litelift::mysql_type_family("longtext", "longtext", true), TypeFamily::Json);
  EXPECT_EQ(litelift::mysql_type_family("json", "json", false), TypeFamily::Json);
  EXPECT_EQ(litelift::mysql_type_family("varchar", "varchar(36)", false), TypeFamily::Varchar);
  EXPECT_EQ(litelift::mysql_type_family("longblob", "longblob", false), TypeFamily::Blob);
  EXPECT_EQ(litelift::mysql_type_family("varbinary", "varbinary(255)", false), TypeFamily::Blob);
  EXPECT_EQ(litelift::mysql_type_family("binary", "binary(32)", false), TypeFamily::Blob);
  EXPECT_EQ(litelift::mysql_type_family("date", "date", false), TypeFamily::Date);
  EXPECT_EQ(litelift::mysql_type_family("time", "time(6)", false), TypeFamily::Time);
  EXPECT_EQ(litelift::mysql_type_family("datetime", "datetime(6)", false), TypeFamily::Timestamp);
  EXPECT_EQ(litelift::mysql_type_family("timestamp", "timestamp(6)", false), TypeFamily::TimestampTz);
  EXPECT_EQ(litelift::mysql_type_family("uuid", "uuid", false), TypeFamily::Uuid);  // MariaDB 10.7+
}

using Values = std::vector<std::optional<std::string_view>>;

std::string decode(std::string_view line, const std::vector<bool>& blob, Values& values) {
  static std::string buffer;
  return litelift::decode_postgres_copy_row(line, blob, buffer, values);
}

TEST(PostgresCopyRow, DecodesWhatTheServerWrites) {
  // PostgreSQL 15, bytea_output = 'hex':
  //   COPY (SELECT E'tab\there\nline\\back\r\b\f' || chr(11) || 'é', NULL::text, ''::text,
  //                '\x005c090a'::bytea, ''::bytea, E'\\N') TO STDOUT
  const std::string_view line = "tab\\there\\nline\\\\back\\r\\b\\f\\v\xC3\xA9\t\\N\t\t\\\\x005c090a\t\\\\x\t\\\\N";
  Values values;
  ASSERT_EQ(decode(line, {false, false, false, true, true, false}, values), "");
  ASSERT_EQ(values.size(), 6u);
  EXPECT_EQ(values[0], std::string_view("tab\there\nline\\back\r\b\f\v\xC3\xA9"));
  EXPECT_EQ(values[1], std::nullopt);
  EXPECT_EQ(values[2], std::string_view(""));
  EXPECT_EQ(values[3], std::string_view("\x00\x5c\x09\x0a", 4));
  EXPECT_EQ(values[4], std::string_view(""));
  EXPECT_EQ(values[5], std::string_view("\\N"));  // the text \N, not NULL
}

TEST(PostgresCopyRow, DecodesTheEscapesCopyFromAccepts) {
  // The server's COPY TO never writes these, but they are COPY text all the same.
  Values values;
  ASSERT_EQ(decode("\\101\\0\\7\\1011\\x41\\x4\\xg\\q\t\\\\x0A0b", {false, true}, values), "");
  EXPECT_EQ(values[0], std::string_view("A\0\aA1A\x04xgq", 10));
  EXPECT_EQ(values[1], std::string_view("\x0a\x0b"));
}

TEST(PostgresCopyRow, SaysWhatIsWrongWithARow) {
  Values values;
  EXPECT_EQ(decode("1\t2", {false}, values), "more than the 1 columns selected");
  EXPECT_EQ(decode("1", {false, false}, values), "1 values where 2 columns were selected");
  EXPECT_EQ(decode("ab\\", {false}, values), "a backslash ends value 1");
  EXPECT_EQ(decode("1\t\\\\x0", {false, true}, values), "value 2 is not bytea in hex");
  EXPECT_EQ(decode("1\tabc", {false, true}, values), "value 2 is not bytea in hex");
  EXPECT_EQ(decode("", {}, values), "");
  EXPECT_TRUE(values.empty());
  EXPECT_EQ(decode("", {false}, values), "");  // one empty text
  EXPECT_EQ(values, Values{std::string_view("")});
}

}  // namespace
