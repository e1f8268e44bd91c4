#include "mapping/value_convert.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "mapping/error.hpp"

using namespace litelift;

namespace {

ValueRef integer(int64_t v) {
  ValueRef r;
  r.cls = StorageClass::Integer;
  r.integer = v;
  return r;
}
ValueRef real(double v) {
  ValueRef r;
  r.cls = StorageClass::Real;
  r.real = v;
  return r;
}
ValueRef text(std::string_view s) {
  ValueRef r;
  r.cls = StorageClass::Text;
  r.bytes = s;
  return r;
}
ValueRef blob(std::string_view s) {
  ValueRef r;
  r.cls = StorageClass::Blob;
  r.bytes = s;
  return r;
}

std::string decimal(const ValueRef& v, int p, int s) {
  std::string out, reason;
  if (!to_decimal(v, p, s, out, reason)) return "ERR: " + reason;
  return out;
}

}  // namespace

TEST(ValueConvert, DecimalFromRealIsTheShortestExactText) {
  EXPECT_EQ(decimal(real(299.99), 10, 2), "299.99");
  EXPECT_EQ(decimal(real(24.0), 5, 2), "24");
  EXPECT_EQ(decimal(real(-0.5), 5, 2), "-0.5");
  EXPECT_EQ(decimal(real(-0.0), 5, 2), "0");
  EXPECT_EQ(decimal(real(1e20), 0, 0), "100000000000000000000");
  EXPECT_EQ(decimal(integer(-42), 10, 2), "-42");
  EXPECT_EQ(decimal(text("0012.3400"), 10, 2), "12.34");
  EXPECT_EQ(decimal(text("-1.5e3"), 10, 2), "-1500");
  EXPECT_EQ(decimal(text("2.5E-3"), 10, 4), "0.0025");
}

TEST(ValueConvert, DecimalRefusesWhatTheTargetWouldRound) {
  EXPECT_EQ(decimal(real(0.1 + 0.2), 10, 2),
            "ERR: has 17 digits after the point; the column keeps 2 (the target would round it)");
  EXPECT_EQ(decimal(integer(123456), 5, 2), "ERR: has 6 digits before the point; the column allows 3");
  EXPECT_EQ(decimal(text("12abc"), 10, 2), "ERR: not a decimal number");
  EXPECT_EQ(decimal(real(std::numeric_limits<double>::infinity()), 10, 2), "ERR: not a finite number");
  EXPECT_EQ(decimal(blob("x"), 10, 2), "ERR: blob value where a decimal number was expected");
}

TEST(ValueConvert, IntegersAndReals) {
  int64_t i = 0;
  double d = 0;
  std::string reason;
  EXPECT_TRUE(to_integer(integer(INT64_MIN), i, reason));
  EXPECT_EQ(i, INT64_MIN);
  EXPECT_FALSE(to_integer(real(1.5), i, reason));
  EXPECT_EQ(reason, "not an integer");
  EXPECT_FALSE(to_integer(text("12"), i, reason));
  EXPECT_EQ(reason, "text value where an integer was expected");
  EXPECT_TRUE(to_real(integer(1LL << 53), d, reason));
  EXPECT_FALSE(to_real(integer((1LL << 53) + 1), d, reason));
  EXPECT_EQ(reason, "integer too large for a double without rounding");
  EXPECT_EQ(format_double(0.1), "0.1");
  EXPECT_EQ(format_double(2458849.5 + 0.123456789), "2458849.623456789");
}

TEST(ValueConvert, DatesAndTimestamps) {
  DateTime t;
  std::string reason;
  ASSERT_TRUE(to_timestamp(text("2021-02-28 13:45:07.25"), t, reason)) << reason;
  EXPECT_EQ(t.year, 2021);
  EXPECT_EQ(t.second, 7);
  EXPECT_EQ(t.micros, 250000);
  ASSERT_TRUE(to_timestamp(text("2020-02-29T00:00"), t, reason)) << reason;
  EXPECT_FALSE(to_timestamp(text("2021-02-29 00:00:00"), t, reason));
  EXPECT_EQ(reason, "not a valid calendar date");
  EXPECT_FALSE(to_timestamp(text("2021-01-01 10:00:00+02:00"), t, reason));
  EXPECT_EQ(reason, "has a time zone offset, which the target type cannot keep");
  EXPECT_FALSE(to_timestamp(integer(1700000000), t, reason));
  EXPECT_EQ(reason, "integer value where ISO-8601 date-time text was expected");
  EXPECT_FALSE(to_timestamp(text("2021-01-01 10:00:00.1234567"), t, reason));
  EXPECT_TRUE(to_date(text("1999-12-31"), t, reason));
  EXPECT_FALSE(to_date(text("1999-12-31 10:00:00"), t, reason));
  EXPECT_EQ(reason, "has a time of day, which a date column would drop");
  EXPECT_EQ(days_since_2000(2000, 1, 1), 0);
  EXPECT_EQ(days_since_2000(1999, 12, 31), -1);
  EXPECT_EQ(days_since_2000(2024, 3, 1), 8826);
}

TEST(ValueConvert, TextIsValidatedNotChanged) {
  std::string scratch, reason;
  std::string_view out;
  EXPECT_TRUE(to_text(text("ελαιόλαδο 🫒"), 11, false, scratch, out, reason)) << reason;
  EXPECT_EQ(out, "ελαιόλαδο 🫒");
  EXPECT_FALSE(to_text(text("ελαιόλαδο 🫒"), 10, false, scratch, out, reason));
  EXPECT_EQ(reason, "is 11 characters long; the column holds 10");
  EXPECT_FALSE(to_text(text("bad \xC3\x28 byte"), 0, false, scratch, out, reason));
  EXPECT_EQ(reason, "not valid UTF-8");
  EXPECT_FALSE(to_text(text(std::string_view("a\0b", 3)), 0, false, scratch, out, reason));
  EXPECT_TRUE(to_text(text(std::string_view("a\0b", 3)), 0, true, scratch, out, reason));
  EXPECT_TRUE(to_text(real(0.1), 0, false, scratch, out, reason));
  EXPECT_EQ(out, "0.1");
}

TEST(ValueConvert, BooleansAndJson) {
  bool b = false;
  std::string reason;
  std::string_view out;
  EXPECT_TRUE(to_boolean(integer(1), b, reason));
  EXPECT_TRUE(b);
  EXPECT_TRUE(to_boolean(text("FALSE"), b, reason));
  EXPECT_FALSE(b);
  EXPECT_FALSE(to_boolean(integer(2), b, reason));
  EXPECT_TRUE(to_json(text(R"({"q": "μέλι", "n": [1, 2.5]})"), true, out, reason));
  EXPECT_FALSE(to_json(text("{not json"), true, out, reason));
  EXPECT_EQ(reason, "not valid JSON");
  EXPECT_FALSE(to_json(text("{not json"), false, out, reason));
  EXPECT_FALSE(to_json(text(R"({"a": "\u0000"})"), true, out, reason));
  EXPECT_TRUE(to_json(text(R"({"a": "\u0000"})"), false, out, reason));
  // jsonb keeps one of two equal keys: refused for it, kept as text elsewhere.
  EXPECT_FALSE(to_json(text(R"({"a": 1, "b": {"a": 2, "a": 3}})"), true, out, reason));
  EXPECT_EQ(reason, "has the key \"a\" twice in one object; the target's JSON type would keep only one");
  EXPECT_TRUE(to_json(text(R"({"a": 1, "b": {"a": 2}})"), true, out, reason));
  EXPECT_TRUE(to_json(text(R"({"a": 1, "a": 2})"), false, out, reason));
}

TEST(ValueConvert, ErrorNamesTableColumnRowAndValue) {
  TablePlan table;
  table.source_name = "products";
  ColumnPlan col;
  col.name = "price";
  col.declared_type = "DECIMAL(10,2)";
  col.type.sql = "numeric(10,2)";
  RowBatch batch(1);
  batch.start_row(42);
  batch.add_text("abc", 3);
  try {
    throw_value_error(table, col, batch, 0, "not a decimal number");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Data);
    EXPECT_STREQ(e.what(),
                 "table \"products\", column \"price\" (DECIMAL(10,2) -> numeric(10,2)), rowid 42: value 'abc' (text) "
                 "cannot be stored unchanged: not a decimal number");
  }
}
