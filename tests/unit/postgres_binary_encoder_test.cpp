// Golden bytes for the PostgreSQL COPY BINARY encoder. Each expected field was
// read from PostgreSQL 15 with the SQL beside it, e.g.
//   COPY (SELECT '12345.678'::numeric) TO STDOUT (FORMAT binary)
// and taking the tuple between the 19-byte header and the ff ff trailer.
#include "engines/postgres/postgres_binary_encoder.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engines/postgres/postgres_dialect.hpp"
#include "mapping/error.hpp"
#include "mapping/row_batch.hpp"
#include "mapping/target_plan.hpp"
#include "pipeline/reject_log.hpp"

namespace litelift {
namespace {

::testing::AssertionResult Mentions(const std::string& message, const std::string& part) {
  if (message.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << message << "\" does not mention " << part;
}

std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    if (!out.empty()) out += ' ';
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

TargetType type_of(TypeFamily family, std::string sql, int length = 0, int precision = 0, int scale = 0) {
  TargetType t;
  t.family = family;
  t.sql = std::move(sql);
  t.length = length;
  t.precision = precision;
  t.scale = scale;
  return t;
}

TablePlan one_column_table(const TargetType& type, bool not_null = false) {
  TablePlan table;
  table.source_name = table.name = "items";
  ColumnPlan c;
  c.name = c.source_name = "v";
  c.source_index = 0;
  c.declared_type = "ANY";
  c.type = type;
  c.not_null = not_null;
  table.columns.push_back(c);
  return table;
}

// The hex of the one-row, one-column tuple holding `add`'s value.
std::string encode_one(const TargetType& type, const std::function<void(RowBatch&)>& add) {
  RowBatch batch(1);
  batch.start_row(1);
  add(batch);
  PostgresBinaryEncoder encoder(one_column_table(type), postgres_dialect());
  std::string out;
  EncodeResult result;
  encoder.encode(batch, out, result);
  if (!result.rejected.empty()) return "refused: " + result.rejected[0].reason;
  return hex(out);
}

std::string encode_text(const TargetType& type, const std::string& text) {
  return encode_one(type, [&](RowBatch& b) { b.add_text(text.data(), text.size()); });
}

const TargetType kInt8 = type_of(TypeFamily::Integer, "bigint");
const TargetType kFloat8 = type_of(TypeFamily::Real, "double precision");
const TargetType kNumeric = type_of(TypeFamily::Decimal, "numeric");

TEST(PostgresBinaryEncoder, Int8) {
  // SELECT 42::int8
  EXPECT_EQ(encode_one(kInt8, [](RowBatch& b) { b.add_integer(42); }), "00 01 00 00 00 08 00 00 00 00 00 00 00 2a");
  // SELECT (-1)::int8
  EXPECT_EQ(encode_one(kInt8, [](RowBatch& b) { b.add_integer(-1); }), "00 01 00 00 00 08 ff ff ff ff ff ff ff ff");
}

TEST(PostgresBinaryEncoder, Float8) {
  // SELECT '0.1'::float8
  EXPECT_EQ(encode_one(kFloat8, [](RowBatch& b) { b.add_real(0.1); }), "00 01 00 00 00 08 3f b9 99 99 99 99 99 9a");
  // SELECT '-0'::float8: the sign bit survives.
  EXPECT_EQ(encode_one(kFloat8, [](RowBatch& b) { b.add_real(-0.0); }), "00 01 00 00 00 08 80 00 00 00 00 00 00 00");
  // SELECT '1.5'::float8
  EXPECT_EQ(encode_one(kFloat8, [](RowBatch& b) { b.add_real(1.5); }), "00 01 00 00 00 08 3f f8 00 00 00 00 00 00");
}

TEST(PostgresBinaryEncoder, Numeric) {
  // Layout: ndigits, weight, sign, dscale, then base-10000 digits.
  // SELECT '0'::numeric
  EXPECT_EQ(encode_text(kNumeric, "0"), "00 01 00 00 00 08 00 00 00 00 00 00 00 00");
  // SELECT '12345.678'::numeric
  EXPECT_EQ(encode_text(kNumeric, "12345.678"), "00 01 00 00 00 0e 00 03 00 01 00 00 00 03 00 01 09 29 1a 7c");
  // SELECT '-0.0001'::numeric
  EXPECT_EQ(encode_text(kNumeric, "-0.0001"), "00 01 00 00 00 0a 00 01 ff ff 40 00 00 04 00 01");
  // SELECT '100000000'::numeric
  EXPECT_EQ(encode_text(kNumeric, "100000000"), "00 01 00 00 00 0a 00 01 00 02 00 00 00 00 00 01");
  // SELECT '0.00000001'::numeric: a leading zero group lowers the weight.
  EXPECT_EQ(encode_text(kNumeric, "0.00000001"), "00 01 00 00 00 0a 00 01 ff fe 00 00 00 08 00 01");
  // SELECT '1.00000001'::numeric: an inner zero group stays.
  EXPECT_EQ(encode_text(kNumeric, "1.00000001"), "00 01 00 00 00 0e 00 03 00 00 00 00 00 08 00 01 00 00 00 01");
  // SELECT '-12.5'::numeric
  EXPECT_EQ(encode_text(kNumeric, "-12.5"), "00 01 00 00 00 0c 00 02 00 00 40 00 00 01 00 0c 13 88");
  // SELECT '24'::numeric (dscale 0); the server applies numeric(5,2)'s scale
  // on receipt, as SELECT '24'::numeric(5,2) shows with dscale 2.
  EXPECT_EQ(encode_one(type_of(TypeFamily::Decimal, "numeric(5,2)", 0, 5, 2), [](RowBatch& b) { b.add_integer(24); }),
            "00 01 00 00 00 0a 00 01 00 00 00 00 00 00 00 18");
}

TEST(PostgresBinaryEncoder, TextIsRawUtf8) {
  // SELECT 'Καλημέρα 😀'::text
  const std::string greek = "Καλημέρα 😀";
  const std::string expected = "00 01 00 00 00 15 ce 9a ce b1 ce bb ce b7 ce bc ce ad cf 81 ce b1 20 f0 9f 98 80";
  EXPECT_EQ(encode_text(type_of(TypeFamily::Text, "text"), greek), expected);
  EXPECT_EQ(encode_text(type_of(TypeFamily::Varchar, "varchar(20)", 20), greek), expected);
}

TEST(PostgresBinaryEncoder, Bytea) {
  // SELECT '\xdeadbeef00'::bytea
  const unsigned char bytes[] = {0xde, 0xad, 0xbe, 0xef, 0x00};
  EXPECT_EQ(encode_one(type_of(TypeFamily::Blob, "bytea"), [&](RowBatch& b) { b.add_blob(bytes, sizeof bytes); }),
            "00 01 00 00 00 05 de ad be ef 00");
}

TEST(PostgresBinaryEncoder, Bool) {
  const TargetType boolean = type_of(TypeFamily::Boolean, "boolean");
  // SELECT true / SELECT false
  EXPECT_EQ(encode_one(boolean, [](RowBatch& b) { b.add_integer(1); }), "00 01 00 00 00 01 01");
  EXPECT_EQ(encode_one(boolean, [](RowBatch& b) { b.add_integer(0); }), "00 01 00 00 00 01 00");
}

TEST(PostgresBinaryEncoder, DateCountsDaysFrom2000) {
  const TargetType date = type_of(TypeFamily::Date, "date");
  // SELECT '2000-01-01'::date
  EXPECT_EQ(encode_text(date, "2000-01-01"), "00 01 00 00 00 04 00 00 00 00");
  // SELECT '1999-12-31'::date
  EXPECT_EQ(encode_text(date, "1999-12-31"), "00 01 00 00 00 04 ff ff ff ff");
}

TEST(PostgresBinaryEncoder, TimestampCountsMicrosecondsFrom2000) {
  // SELECT '2024-02-29 13:45:30.123456'::timestamp
  EXPECT_EQ(encode_text(type_of(TypeFamily::Timestamp, "timestamp"), "2024-02-29 13:45:30.123456"),
            "00 01 00 00 00 08 00 02 b5 84 3d c6 14 c0");
}

TEST(PostgresBinaryEncoder, JsonbHasVersionByte) {
  TargetType jsonb = type_of(TypeFamily::Json, "jsonb");
  jsonb.json_parsed = true;
  // SELECT '{"a": [1, true, null]}'::jsonb
  EXPECT_EQ(encode_text(jsonb, R"({"a": [1, true, null]})"),
            "00 01 00 00 00 17 01 7b 22 61 22 3a 20 5b 31 2c 20 74 72 75 65 2c 20 6e 75 6c 6c 5d 7d");
  EXPECT_EQ(encode_text(jsonb, R"({"a":1,"a":2})"),
            "refused: has the key \"a\" twice in one object; the target's JSON type would keep only one");
}

TEST(PostgresBinaryEncoder, JsonKeepsTheText) {
  // SELECT '{"a":1,"a":2}'::json (json keeps duplicate keys and spacing)
  EXPECT_EQ(encode_text(type_of(TypeFamily::Json, "json"), R"({"a":1,"a":2})"),
            "00 01 00 00 00 0d 7b 22 61 22 3a 31 2c 22 61 22 3a 32 7d");
}

TEST(PostgresBinaryEncoder, TimeTimestamptzAndUuid) {
  // SELECT '13:45:30.123456'::time
  EXPECT_EQ(encode_text(type_of(TypeFamily::Time, "time"), "13:45:30.123456"),
            "00 01 00 00 00 08 00 00 00 0b 88 39 b4 c0");
  // SELECT '2023-06-15 05:30:00'::timestamptz (session time zone UTC): the same instant as +03:00 at 08:30
  EXPECT_EQ(encode_text(type_of(TypeFamily::TimestampTz, "timestamptz"), "2023-06-15T08:30:00+03:00"),
            "00 01 00 00 00 08 00 02 a1 23 20 d2 46 00");
  EXPECT_EQ(encode_text(type_of(TypeFamily::Timestamp, "timestamp"), "2023-06-15 05:30:00Z"),
            "00 01 00 00 00 08 00 02 a1 23 20 d2 46 00");
  // SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid
  EXPECT_EQ(encode_text(type_of(TypeFamily::Uuid, "uuid"), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
            "00 01 00 00 00 10 a0 ee bc 99 9c 0b 4e f8 bb 6d 6b b9 bd 38 0a 11");
}

TEST(PostgresBinaryEncoder, NullHasLengthMinusOne) {
  // SELECT NULL::int8
  EXPECT_EQ(encode_one(kInt8, [](RowBatch& b) { b.add_null(); }), "00 01 ff ff ff ff");
}

TEST(PostgresBinaryEncoder, RowsFollowPlanColumnOrderAndSourceIndex) {
  TablePlan table;
  table.source_name = table.name = "pairs";
  ColumnPlan a;
  a.name = "a";
  a.source_index = 1;
  a.type = kInt8;
  ColumnPlan b;
  b.name = "b";
  b.source_index = 0;
  b.type = type_of(TypeFamily::Text, "text");
  table.columns = {a, b};

  RowBatch batch(2);
  batch.start_row(1);
  batch.add_text("x", 1);
  batch.add_integer(7);
  batch.start_row(2);
  batch.add_null();
  batch.add_integer(-1);

  std::string out = "prefix";
  EncodeResult result;
  PostgresBinaryEncoder(table, postgres_dialect()).encode(batch, out, result);
  EXPECT_EQ(result.rows, 2u);
  // SELECT 7::int8, 'x'::text UNION ALL SELECT -1, NULL
  EXPECT_EQ(hex(out.substr(6)),
            "00 02 00 00 00 08 00 00 00 00 00 00 00 07 00 00 00 01 78 "
            "00 02 00 00 00 08 ff ff ff ff ff ff ff ff ff ff ff ff");
  EXPECT_EQ(out.substr(0, 6), "prefix");
}

TEST(PostgresBinaryEncoder, NullInNotNullColumnNamesTableAndColumn) {
  TablePlan table = one_column_table(kInt8, /*not_null=*/true);
  RowBatch batch(1);
  batch.start_row(5);
  batch.add_integer(1);
  batch.start_row(6);
  batch.add_null();
  std::string out = "kept";
  EncodeResult result;
  PostgresBinaryEncoder(table, postgres_dialect()).encode(batch, out, result);
  // SELECT 1::int8: the first row stays, nothing of the refused one is left behind.
  EXPECT_EQ(hex(out.substr(4)), "00 01 00 00 00 08 00 00 00 00 00 00 00 01");
  EXPECT_EQ(result.rows, 1u);
  ASSERT_EQ(result.rejected.size(), 1u);
  const std::string what = refused_value_message(table, batch, result.rejected[0]);
  EXPECT_TRUE(Mentions(what, "items"));
  EXPECT_TRUE(Mentions(what, "\"v\""));
  EXPECT_TRUE(Mentions(what, "rowid 6"));
  EXPECT_TRUE(Mentions(what, "NULL in a NOT NULL column"));
}

TEST(PostgresBinaryEncoder, ValueThatFailsConversionNamesTableColumnAndValue) {
  RowBatch batch(1);
  batch.start_row(42);
  batch.add_text("abc", 3);
  std::string out;
  EncodeResult result;
  TablePlan table = one_column_table(kNumeric);
  PostgresBinaryEncoder(table, postgres_dialect()).encode(batch, out, result);
  EXPECT_TRUE(out.empty());
  ASSERT_EQ(result.rejected.size(), 1u);
  EXPECT_EQ(refused_value_message(table, batch, result.rejected[0]),
            "table \"items\", column \"v\" (ANY -> numeric), rowid 42: value 'abc' (text) cannot be stored "
            "unchanged: not a decimal number. Use --on-bad-row reject to load the other rows and list this one in the "
            "reject file, or --cast 'items.v=text' to change the column's type");
}

}  // namespace
}  // namespace litelift
