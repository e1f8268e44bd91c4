// The oracle's canonical forms, offline: if these drift, every live
// comparison is wrong in the same way on both sides and nothing notices.
#include "oracle_values.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>
#include <limits>

namespace {

using namespace live::oracle;

SourceValue integer(int64_t i) {
  return {SQLITE_INTEGER, i, 0, ""};
}
SourceValue real(double d) {
  return {SQLITE_FLOAT, 0, d, ""};
}
SourceValue text(const std::string& s) {
  return {SQLITE_TEXT, 0, 0, s};
}

std::string or_none(const std::optional<std::string>& s) {
  return s.value_or("<none>");
}

TEST(OracleValues, DecimalsAreExactText) {
  EXPECT_EQ(or_none(canonical_decimal("-00012.3400e1")), "-123.4");
  EXPECT_EQ(or_none(canonical_decimal("-0.000")), "0");
  EXPECT_EQ(or_none(canonical_decimal(".5")), "0.5");
  EXPECT_EQ(or_none(canonical_decimal("1.")), "1");
  EXPECT_EQ(or_none(canonical_decimal("1.5E-3")), "0.0015");
  EXPECT_EQ(or_none(canonical_decimal("12e+2")), "1200");
  EXPECT_EQ(or_none(canonical_decimal("12345678901234567890.123456789")), "12345678901234567890.123456789");
  for (const char* bad : {"", "+", ".", "1e", "1e+", "abc", "1,5", " 1", "1 ", "0x10", "inf", "NaN"})
    EXPECT_EQ(canonical_decimal(bad), std::nullopt) << bad;
  ReadRules rules;
  EXPECT_EQ(or_none(expected(Family::Decimal, integer(9007199254740993), rules)), "9007199254740993");
  EXPECT_EQ(or_none(expected(Family::Decimal, real(0.1), rules)), "0.1");
  EXPECT_EQ(or_none(expected(Family::Decimal, real(1e21), rules)), "1000000000000000000000");
  EXPECT_EQ(expected(Family::Decimal, real(std::numeric_limits<double>::infinity()), rules), std::nullopt);
  EXPECT_EQ(observed(Family::Decimal, "9007199254740992"), "9007199254740992");
  EXPECT_EQ(observed(Family::Decimal, "1.50"), "1.5");
}

TEST(OracleValues, DoublesCompareBits) {
  ReadRules pg, my;
  my.mysql = true;
  EXPECT_EQ(or_none(expected(Family::Double, real(-0.0), pg)), "-0x0p+0");
  EXPECT_EQ(or_none(expected(Family::Double, real(-0.0), my)), "0x0p+0");
  EXPECT_EQ(or_none(expected(Family::Double, integer(1LL << 53), pg)), "0x1p+53");
  EXPECT_EQ(expected(Family::Double, integer((1LL << 53) + 1), pg), std::nullopt);  // no exact double
  EXPECT_EQ(expected(Family::Double, integer(INT64_MAX), pg), std::nullopt);
  EXPECT_EQ(observed(Family::Double, "5e-324"), hexfloat(5e-324));
  EXPECT_EQ(observed(Family::Double, "-Infinity"), hexfloat(-std::numeric_limits<double>::infinity()));
  EXPECT_NE(observed(Family::Double, "2.3084764314988297"), observed(Family::Double, "2.3084764314988293"));
  EXPECT_EQ(observed(Family::Double, "1.5x"), "!1.5x");
}

TEST(OracleValues, IntegersAndBooleans) {
  ReadRules rules;
  EXPECT_EQ(or_none(expected(Family::Integer, integer(INT64_MIN), rules)), "-9223372036854775808");
  EXPECT_EQ(or_none(expected(Family::Integer, real(42.0), rules)), "42");
  EXPECT_EQ(expected(Family::Integer, real(2.32), rules), std::nullopt);
  EXPECT_EQ(expected(Family::Integer, text("12"), rules), std::nullopt);
  EXPECT_EQ(or_none(expected(Family::Boolean, text("TRUE"), rules)), "1");
  EXPECT_EQ(or_none(expected(Family::Boolean, text("off"), rules)), "0");
  EXPECT_EQ(or_none(expected(Family::Boolean, real(1.0), rules)), "1");
  EXPECT_EQ(expected(Family::Boolean, integer(2), rules), std::nullopt);
  EXPECT_EQ(expected(Family::Boolean, text("maybe"), rules), std::nullopt);
}

TEST(OracleValues, DateTimesAreUtc) {
  ReadRules rules;
  auto ts = [&](const std::string& s) { return or_none(expected(Family::Timestamp, text(s), rules)); };
  EXPECT_EQ(ts("2024-02-29"), "2024-02-29 00:00:00.000000");
  EXPECT_EQ(ts("2024-02-29T13:45:07"), "2024-02-29 13:45:07.000000");
  EXPECT_EQ(ts("2024-02-29 13:45"), "2024-02-29 13:45:00.000000");
  EXPECT_EQ(ts("2024-02-29 13:45:07.1"), "2024-02-29 13:45:07.100000");
  EXPECT_EQ(ts("2024-02-29 13:45:07.123456000"), "2024-02-29 13:45:07.123456");
  EXPECT_EQ(ts("2014-08-27T15:36:41.000Z"), "2014-08-27 15:36:41.000000");
  EXPECT_EQ(ts("2023-06-15T08:30:00+03:00"), "2023-06-15 05:30:00.000000");
  EXPECT_EQ(ts("2023-12-31T23:30:00-01:00"), "2024-01-01 00:30:00.000000");
  EXPECT_EQ(ts("2024-01-01 10:00:00 +0200"), "2024-01-01 08:00:00.000000");
  EXPECT_EQ(ts("2024-01-01 10:00:00+02"), "2024-01-01 08:00:00.000000");
  for (const char* bad : {"2024-02-29 13:45:07.1234567", "yesterday", "2021-02-29", "2024-13-01", "2024-02-29 24:00",
                          "2024-02-29 13:45:07.", "2024-2-29", "2024-02-29 13:45:07 +2", "2024-02-29Z"})
    EXPECT_EQ(expected(Family::Timestamp, text(bad), rules), std::nullopt) << bad;
  EXPECT_EQ(expected(Family::Timestamp, integer(1700000000), rules), std::nullopt);  // no cast rule
  EXPECT_EQ(or_none(expected(Family::Date, text("2023-12-31T23:30:00-01:00"), rules)), "2024-01-01");
  EXPECT_EQ(or_none(expected(Family::Time, text("13:45"), rules)), "13:45:00.000000");
  rules.temporal = "epoch";
  EXPECT_EQ(ts("2024-02-29"), "2024-02-29 00:00:00.000000");  // text still reads as ISO-8601
  EXPECT_EQ(or_none(expected(Family::Timestamp, integer(1700000000), rules)), "2023-11-14 22:13:20.000000");
  EXPECT_EQ(or_none(expected(Family::Timestamp, integer(-1), rules)), "1969-12-31 23:59:59.000000");
  EXPECT_EQ(or_none(expected(Family::Timestamp, real(1700000000.25), rules)), "2023-11-14 22:13:20.250000");
  rules.temporal = "epoch_ms";
  EXPECT_EQ(or_none(expected(Family::Timestamp, integer(1647950409737), rules)), "2022-03-22 12:00:09.737000");
  rules.temporal = "julianday";
  EXPECT_EQ(or_none(expected(Family::Timestamp, real(2451544.5), rules)), "2000-01-01 00:00:00.000000");
  EXPECT_EQ(or_none(expected(Family::Timestamp, integer(2451545), rules)), "2000-01-01 12:00:00.000000");
}

TEST(OracleValues, TextPolicies) {
  EXPECT_EQ(replace_invalid_utf8("caf\x65\x90"), "cafe\xEF\xBF\xBD");
  EXPECT_EQ(replace_invalid_utf8("a\xE2\x82"), "a\xEF\xBF\xBD");                              // truncated: one
  EXPECT_EQ(replace_invalid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                    // overlong: two
  EXPECT_EQ(replace_invalid_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");    // surrogate: three
  EXPECT_EQ(replace_invalid_utf8("\xF0\x9F\x98\x80 \xCE\xB1"), "\xF0\x9F\x98\x80 \xCE\xB1");  // valid: kept
  EXPECT_EQ(to_nfc("e\xCC\x81"), "\xC3\xA9");
  ReadRules rules;
  EXPECT_EQ(or_none(expected(Family::Text, text("e\xCC\x81"), rules)), "e\xCC\x81");  // bytes kept by default
  EXPECT_EQ(or_none(expected(Family::Text, text(std::string("a\0b", 3)), rules)), std::string("a\0b", 3));
  rules.strip_nul = rules.nfc = true;
  EXPECT_EQ(or_none(expected(Family::Text, text(std::string("a\0e\xCC\x81", 5)), rules)), "a\xC3\xA9");
  EXPECT_EQ(or_none(expected(Family::Text, real(0.1), rules)), "0.1");
  EXPECT_EQ(or_none(expected(Family::Text, integer(-7), rules)), "-7");
  EXPECT_EQ(or_none(expected(Family::Blob, text("h\xC3\xA9"), rules)), "68c3a9");
}

TEST(OracleValues, JsonComparesValues) {
  EXPECT_EQ(canonical_json("{\"b\": 1, \"a\": [2.5e3, null]}"), canonical_json("{\"a\":[2500,null],\"b\":1}"));
  EXPECT_EQ(canonical_json("\"\\u00e9\""), canonical_json("\"\xC3\xA9\""));
  EXPECT_NE(canonical_json("9007199254740993"), canonical_json("9007199254740992"));
  EXPECT_NE(canonical_json("{\"a\":[1,2]}"), canonical_json("{\"a\":[1,3]}"));
  EXPECT_EQ(canonical_json("{not json"), std::nullopt);
  // Numbers beyond a double's range, as jsonb prints them.
  EXPECT_EQ(canonical_json("[1e400, -1.5E+400]"),
            canonical_json("[1" + std::string(400, '0') + ", -15" + std::string(399, '0') + "]"));
  EXPECT_NE(canonical_json("1e400"), canonical_json("1e401"));
  EXPECT_EQ(canonical_json("-1e-400"), canonical_json("-0." + std::string(399, '0') + "1"));
  ReadRules rules;
  EXPECT_EQ(or_none(expected(Family::Json, integer(42), rules)), "42");
}

}  // namespace
