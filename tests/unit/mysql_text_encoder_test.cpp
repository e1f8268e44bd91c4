// Golden bytes of the MySQL LOAD DATA text encoder. The writer reads them with
//   LOAD DATA LOCAL INFILE ... CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\t'
//   ESCAPED BY '\\' LINES TERMINATED BY '\n' (...) SET `blob` = UNHEX(@v)
// and the round trips noted beside the tests were checked on MariaDB 10.11.
#include "engines/mysql/mysql_text_encoder.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <initializer_list>
#include <limits>
#include <string>
#include <vector>

#include "engines/mysql/mysql_dialect.hpp"
#include "engines/mysql/mysql_load_writer.hpp"
#include "mapping/error.hpp"
#include "pipeline/reject_log.hpp"

namespace litelift {
namespace {

ColumnPlan column(const std::string& name, size_t index, TypeFamily family, const std::string& sql,
                  bool not_null = false) {
  ColumnPlan c;
  c.name = name;
  c.source_name = name;
  c.source_index = index;
  c.declared_type = sql;
  c.type.family = family;
  c.type.sql = sql;
  c.not_null = not_null;
  return c;
}

TablePlan table(std::vector<ColumnPlan> columns) {
  TablePlan t;
  t.source_name = "products";
  t.name = "products";
  t.columns = std::move(columns);
  return t;
}

using Add = std::function<void(RowBatch&)>;
Add text(std::string s) {
  return [s](RowBatch& b) { b.add_text(s.data(), s.size()); };
}
Add blob(std::string s) {
  return [s](RowBatch& b) { b.add_blob(s.data(), s.size()); };
}
Add integer(int64_t v) {
  return [v](RowBatch& b) { b.add_integer(v); };
}
Add real(double v) {
  return [v](RowBatch& b) { b.add_real(v); };
}
Add null() {
  return [](RowBatch& b) { b.add_null(); };
}

// One column, one row per value.
std::string encode_one(const ColumnPlan& c, std::initializer_list<Add> adds) {
  RowBatch batch(1);
  int64_t key = 1;
  for (const Add& add : adds) {
    batch.start_row(key++);
    add(batch);
  }
  std::string out;
  EncodeResult result;
  MySQLTextEncoder(table({c}), mysql_dialect()).encode(batch, out, result);
  EXPECT_EQ(result.rows, adds.size());
  return out;
}

// Expects the row to be refused, with a message that names the table, the column and `value`.
void expect_value_error(const ColumnPlan& c, const Add& add, const std::string& value) {
  RowBatch batch(1);
  batch.start_row(1);
  add(batch);
  TablePlan t = table({c});
  std::string out;
  EncodeResult result;
  MySQLTextEncoder(t, mysql_dialect()).encode(batch, out, result);
  EXPECT_EQ(out, "");
  EXPECT_EQ(result.rows, 0u);
  ASSERT_EQ(result.rejected.size(), 1u) << "no refusal for " << value;
  EXPECT_EQ(result.rejected[0].refusal, Refusal::BadValue);
  std::string what = refused_value_message(t, batch, result.rejected[0]);
  EXPECT_NE(what.find("\"products\""), std::string::npos) << what;
  EXPECT_NE(what.find("\"" + c.name + "\""), std::string::npos) << what;
  EXPECT_NE(what.find(value), std::string::npos) << what;
}

TEST(MySQLTextEncoder, Integer) {
  ColumnPlan c = column("id", 0, TypeFamily::Integer, "BIGINT");
  EXPECT_EQ(encode_one(c, {integer(42), integer(-9223372036854775807 - 1), integer(0), real(3.0)}),
            "42\n-9223372036854775808\n0\n3\n");
}

TEST(MySQLTextEncoder, EscapesTabNewlineBackslashCarriageReturnNul) {
  ColumnPlan c = column("name", 0, TypeFamily::Text, "LONGTEXT");
  // SELECT HEX(name) after the load: 6109620A635C640D6500660D0A, every byte back.
  EXPECT_EQ(encode_one(c, {text(std::string("a\tb\nc\\d\re\0f\r\n", 13))}), "a\\tb\\nc\\\\d\\re\\0f\\r\\n\n");
  // A text that reads \N stays two characters, not NULL (HEX: 5C4E).
  EXPECT_EQ(encode_one(c, {text("\\N"), text(""), text("plain")}), "\\\\N\n\nplain\n");
  // NUL followed by a digit: \0 then the digit, not an octal escape (HEX: 0031).
  EXPECT_EQ(encode_one(c, {text(std::string("\0"
                                            "1",
                                            2))}),
            "\\01\n");
}

TEST(MySQLTextEncoder, GreekAndEmojiPassRaw) {
  ColumnPlan c = column("name", 0, TypeFamily::Varchar, "VARCHAR(8)");
  c.type.length = 8;
  EXPECT_EQ(encode_one(c, {text("Καλημέρα"), text("😀 ok")}), "Καλημέρα\n😀 ok\n");
  expect_value_error(c, text("Καλημέρα!"), "'Καλημέρα!'");  // 9 characters in VARCHAR(8)
}

TEST(MySQLTextEncoder, NullIsBackslashN) {
  ColumnPlan c = column("note", 0, TypeFamily::Text, "LONGTEXT");
  ColumnPlan b = column("data", 0, TypeFamily::Blob, "LONGBLOB");
  EXPECT_EQ(encode_one(c, {null(), text("x")}), "\\N\nx\n");
  EXPECT_EQ(encode_one(b, {null()}), "\\N\n");  // UNHEX(NULL) is NULL
}

TEST(MySQLTextEncoder, BlobIsUppercaseHex) {
  ColumnPlan c = column("data", 0, TypeFamily::Blob, "LONGBLOB");
  // SELECT HEX(data): 00AB0A5C09FF, then '' (empty, not NULL).
  EXPECT_EQ(encode_one(c, {blob(std::string("\0\xab\n\\\t\xff", 6)), blob("")}), "00AB0A5C09FF\n\n");
}

TEST(MySQLTextEncoder, Decimal) {
  ColumnPlan c = column("price", 0, TypeFamily::Decimal, "DECIMAL(10,2)");
  c.type.precision = 10;
  c.type.scale = 2;
  EXPECT_EQ(encode_one(c, {text("-12.5"), text("-0.05"), integer(-7), real(299.99)}), "-12.5\n-0.05\n-7\n299.99\n");
  expect_value_error(c, text("1.005"), "'1.005'");  // DECIMAL(10,2) would round it
}

TEST(MySQLTextEncoder, Real) {
  ColumnPlan c = column("ratio", 0, TypeFamily::Real, "DOUBLE");
  EXPECT_EQ(encode_one(c, {real(0.1), real(-2.5), real(1e300), integer(7)}), "0.1\n-2.5\n1e+300\n7\n");
}

TEST(MySQLTextEncoder, BooleanDateTimestamp) {
  ColumnPlan b = column("active", 0, TypeFamily::Boolean, "TINYINT(1)");
  ColumnPlan d = column("born", 0, TypeFamily::Date, "DATE");
  ColumnPlan t = column("seen", 0, TypeFamily::Timestamp, "DATETIME(6)");
  EXPECT_EQ(encode_one(b, {integer(1), integer(0), text("true")}), "1\n0\n1\n");
  EXPECT_EQ(encode_one(d, {text("2024-02-29"), text("0001-01-01")}), "2024-02-29\n0001-01-01\n");
  EXPECT_EQ(
      encode_one(t, {text("2024-02-29 13:45:01.123456"), text("1999-12-31T23:59:59"), text("2000-01-02 03:04:05.5")}),
      "2024-02-29 13:45:01.123456\n1999-12-31 23:59:59.000000\n2000-01-02 03:04:05.500000\n");
}

TEST(MySQLTextEncoder, JsonIsEscapedText) {
  ColumnPlan c = column("doc", 0, TypeFamily::Json, "JSON");
  EXPECT_EQ(encode_one(c, {text("{\n\"k\": \"a\\\\b\"}")}), "{\\n\"k\": \"a\\\\\\\\b\"}\n");
}

TEST(MySQLTextEncoder, RowsOfSeveralColumnsInPlanOrder) {
  // The plan may order columns differently from the batch.
  TablePlan t = table({column("id", 1, TypeFamily::Integer, "BIGINT"), column("name", 0, TypeFamily::Text, "LONGTEXT"),
                       column("data", 2, TypeFamily::Blob, "LONGBLOB")});
  RowBatch batch(3);
  batch.start_row(1);
  batch.add_text("a b", 3);
  batch.add_integer(1);
  batch.add_blob("\x01", 1);
  batch.start_row(2);
  batch.add_null();
  batch.add_integer(2);
  batch.add_null();
  std::string out = "kept|";
  EncodeResult result;
  MySQLTextEncoder(t, mysql_dialect()).encode(batch, out, result);
  EXPECT_EQ(out, "kept|1\ta b\t01\n2\t\\N\t\\N\n");
  EXPECT_EQ(result.rows, 2u);
}

TEST(MySQLTextEncoder, NaNAndInfinityAreRefused) {
  ColumnPlan c = column("ratio", 0, TypeFamily::Real, "DOUBLE");
  expect_value_error(c, real(std::numeric_limits<double>::quiet_NaN()), "NaN");
  expect_value_error(c, real(std::numeric_limits<double>::infinity()), "has no infinity");
}

// MariaDB reads "-0" back as 0 (checked: ATAN2(x, -1) gives +pi), so -0.0
// is stored as 0 and counted, not sent as if it would survive.
TEST(MySQLTextEncoder, NegativeZeroIsStoredAsZeroAndCounted) {
  ColumnPlan c = column("ratio", 0, TypeFamily::Real, "DOUBLE");
  RowBatch batch(1);
  batch.start_row(1);
  batch.add_real(-0.0);
  batch.start_row(2);
  batch.add_real(5e-324);
  std::string out;
  EncodeResult result;
  MySQLTextEncoder(table({c}), mysql_dialect()).encode(batch, out, result);
  EXPECT_EQ(out, "0\n5e-324\n");
  EXPECT_EQ(result.note_counts[7], 1u);  // kNoteNegativeZero is bit 7
}

TEST(MySQLTextEncoder, NullInNotNullIsRefused) {
  ColumnPlan c = column("name", 0, TypeFamily::Text, "LONGTEXT", /*not_null=*/true);
  expect_value_error(c, null(), "NULL in a NOT NULL column");
}

TEST(MySQLTextEncoder, FailedConversionNamesTheValue) {
  expect_value_error(column("qty", 0, TypeFamily::Integer, "BIGINT"), text("abc"), "'abc'");
  expect_value_error(column("born", 0, TypeFamily::Date, "DATE"), text("2023-02-30"), "'2023-02-30'");
}

TEST(MySQLTextEncoder, RefusedRowLeavesNoBytesAndTheNextRowStays) {
  TablePlan t =
      table({column("id", 0, TypeFamily::Integer, "BIGINT"), column("qty", 1, TypeFamily::Integer, "BIGINT")});
  RowBatch batch(2);
  batch.start_row(1);
  batch.add_integer(1);
  batch.add_integer(10);
  batch.start_row(2);
  batch.add_integer(2);
  batch.add_text("x", 1);
  batch.start_row(3);
  batch.add_integer(3);
  batch.add_integer(30);
  std::string out;
  EncodeResult result;
  MySQLTextEncoder(t, mysql_dialect()).encode(batch, out, result);
  EXPECT_EQ(out, "1\t10\n3\t30\n");  // the row next to the refused one is kept
  EXPECT_EQ(result.rows, 2u);
  ASSERT_EQ(result.rejected.size(), 1u);
  EXPECT_EQ(result.rejected[0].row, 1u);
  EXPECT_EQ(result.rejected[0].column, 1u);
  EXPECT_EQ(result.rejected[0].reason, "text value where an integer was expected");
}

// Regression: MariaDB 10.11 ignored NO_AUTO_VALUE_ON_ZERO for an AUTO_INCREMENT
// column read directly when the statement had a SET clause (for the blob's
// UNHEX), so rowid 0 became 1 and the load failed on "Duplicate entry '1'".
// The identity column now goes through a variable and SET as well.
TEST(MySQLTextEncoder, LoadStatementReadsTheseRows) {
  TablePlan t =
      table({column("id", 0, TypeFamily::Integer, "BIGINT", true), column("na`me", 1, TypeFamily::Text, "LONGTEXT"),
             column("data", 2, TypeFamily::Blob, "LONGBLOB")});
  t.columns[0].identity = true;
  EXPECT_EQ(MySQLLoadWriter::load_statement(t),
            "LOAD DATA LOCAL INFILE 'litelift-stream' INTO TABLE `products` CHARACTER SET utf8mb4 "
            "FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' "
            "(@v0, `na``me`, @v2) SET `id` = @v0, `data` = UNHEX(@v2)");
}

}  // namespace
}  // namespace litelift
