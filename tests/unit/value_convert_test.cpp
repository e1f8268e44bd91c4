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
  std::string out;
  Outcome o;
  if (!to_decimal(v, p, s, out, o)) return "ERR: " + o.reason;
  return out;
}

// The timestamp as text, UTC, or "ERR: reason".
std::string timestamp(const ValueRef& v, TemporalSource source = TemporalSource::Iso, uint32_t* notes = nullptr) {
  int64_t micros = 0;
  Outcome o;
  if (!to_timestamp(v, source, micros, o)) return "ERR: " + o.reason;
  if (notes) *notes = o.notes;
  DateTime t = date_time_from_micros(micros);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%06d", t.year, t.month, t.day, t.hour, t.minute,
                t.second, t.micros);
  return buf;
}

// What to_json passes on, or "ERR: reason".
std::string json(const ValueRef& v, bool parsed, JsonNumbers numbers = JsonNumbers::Numeric) {
  std::string scratch;
  std::string_view out;
  Outcome o;
  if (!to_json(v, parsed, numbers, scratch, out, o)) {
    EXPECT_EQ(o.refusal, Refusal::BadValue) << o.reason;
    return "ERR: " + o.reason;
  }
  return std::string(out);
}

std::string text_of(const ValueRef& v, const TextRules& rules, uint32_t* notes = nullptr) {
  std::string scratch;
  std::string_view out;
  Outcome o;
  if (!to_text(v, rules, scratch, out, o)) return std::string("ERR(") + refusal_name(o.refusal) + "): " + o.reason;
  if (notes) *notes = o.notes;
  return std::string(out);
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

TEST(ValueConvert, DecimalExponentHasOneSignAtMost) {
  EXPECT_EQ(decimal(text("1e+5"), 0, 0), "100000");
  EXPECT_EQ(decimal(text("1E-2"), 0, 0), "0.01");
  EXPECT_EQ(decimal(text("1e05"), 0, 0), "100000");
  // "1e+-5" was read as 1e-5: the '+' was skipped and the rest read as a signed number.
  for (const char* t : {"1e+-5", "1e-+5", "1e++5", "1e--5", "1e+", "1e-", "1e", "1e 5", "+-1", "-+1"})
    EXPECT_EQ(decimal(text(t), 0, 0), "ERR: not a decimal number") << t;
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
  Outcome o;
  EXPECT_TRUE(to_integer(integer(INT64_MIN), i, o));
  EXPECT_EQ(i, INT64_MIN);
  EXPECT_FALSE(to_integer(real(1.5), i, o));
  EXPECT_EQ(o.reason, "not an integer");
  EXPECT_EQ(o.refusal, Refusal::BadValue);
  EXPECT_FALSE(to_integer(text("12"), i, o));
  EXPECT_EQ(o.reason, "text value where an integer was expected");
  EXPECT_TRUE(to_real(integer(1LL << 53), true, true, d, o));
  EXPECT_FALSE(to_real(integer((1LL << 53) + 1), true, true, d, o));
  EXPECT_EQ(o.reason, "integer too large for a double without rounding");
  EXPECT_EQ(format_double(0.1), "0.1");
  EXPECT_EQ(format_double(2458849.5 + 0.123456789), "2458849.623456789");
}

TEST(ValueConvert, NegativeZeroAndInfinityFollowTheTarget) {
  double d = 1;
  Outcome o;
  ASSERT_TRUE(to_real(real(-0.0), true, true, d, o));
  EXPECT_TRUE(std::signbit(d));
  EXPECT_EQ(o.notes, 0u);
  ASSERT_TRUE(to_real(real(-0.0), false, false, d, o));
  EXPECT_FALSE(std::signbit(d));
  EXPECT_EQ(o.notes, kNoteNegativeZero);
  o = {};
  EXPECT_TRUE(to_real(real(std::numeric_limits<double>::infinity()), true, true, d, o));
  EXPECT_FALSE(to_real(real(-std::numeric_limits<double>::infinity()), true, false, d, o));
  EXPECT_EQ(o.reason, "is infinite, and the target's double type has no infinity");
  ASSERT_TRUE(to_real(real(5e-324), false, false, d, o));
  EXPECT_EQ(d, 5e-324);  // subnormals pass unchanged
}

TEST(ValueConvert, TimestampsInEveryIsoSpelling) {
  EXPECT_EQ(timestamp(text("2021-02-28 13:45:07.25")), "2021-02-28 13:45:07.250000");
  EXPECT_EQ(timestamp(text("2020-02-29T00:00")), "2020-02-29 00:00:00.000000");
  EXPECT_EQ(timestamp(text("2020-02-29")), "2020-02-29 00:00:00.000000");
  EXPECT_EQ(timestamp(text("2021-01-01 10:00:00.123456000")), "2021-01-01 10:00:00.123456");
  EXPECT_EQ(timestamp(text("2021-01-01 10:00:00.1234567")),
            "ERR: has a non-zero digit past microseconds (the targets keep 6 fractional digits)");
  EXPECT_EQ(timestamp(text("2021-02-29 00:00:00")), "ERR: not a valid calendar date");
  EXPECT_EQ(timestamp(text("yesterday")), "ERR: not an ISO-8601 date (YYYY-MM-DD)");
  EXPECT_EQ(timestamp(text("2021-01-01 25:00")), "ERR: not a valid time of day");
  EXPECT_EQ(timestamp(text("2021-01-01 10:00:00 PM")), "ERR: unexpected text after the time");
  EXPECT_EQ(timestamp(integer(1700000000)), "ERR: integer value where ISO-8601 date-time text was expected");
}

TEST(ValueConvert, OffsetsKeepTheInstantInUtc) {
  uint32_t notes = 0;
  EXPECT_EQ(timestamp(text("2014-08-27T15:36:41.000Z"), TemporalSource::Iso, &notes), "2014-08-27 15:36:41.000000");
  EXPECT_EQ(notes, kNoteOffsetToUtc);
  EXPECT_EQ(timestamp(text("2023-06-15T08:30:00+03:00")), "2023-06-15 05:30:00.000000");
  EXPECT_EQ(timestamp(text("2023-12-31T23:30:00-01:00")), "2024-01-01 00:30:00.000000");
  EXPECT_EQ(timestamp(text("2024-01-01 10:00:00 +0200")), "2024-01-01 08:00:00.000000");
  EXPECT_EQ(timestamp(text("2024-01-01 10:00:00+05")), "2024-01-01 05:00:00.000000");
  EXPECT_EQ(timestamp(text("2024-01-01 10:00:00+25:00")), "ERR: not a valid UTC offset");
  EXPECT_EQ(timestamp(text("2024-01-31 10:00+05:30")), "2024-01-31 04:30:00.000000");
  EXPECT_EQ(timestamp(text("2024-01-31 10:00+0530")), "2024-01-31 04:30:00.000000");
  // A colon needs its minutes: "+05:" was read as +05:00.
  for (const char* t : {"2024-01-31 10:00+05:", "2024-01-31 10:00:00-05:", "2024-01-31 10:00:00 +05:",
                        "2024-01-31 10:00+05:3", "2024-01-31 10:00+05::00", "2024-01-31 10:00+053"})
    EXPECT_EQ(timestamp(text(t)), "ERR: not a valid UTC offset") << t;
  notes = 0;
  EXPECT_EQ(timestamp(text("2024-01-01 10:00:00"), TemporalSource::Iso, &notes), "2024-01-01 10:00:00.000000");
  EXPECT_EQ(notes, 0u);
}

TEST(ValueConvert, EpochAndJulianDayThroughACastRule) {
  uint32_t notes = 0;
  EXPECT_EQ(timestamp(integer(1700000000), TemporalSource::UnixSeconds, &notes), "2023-11-14 22:13:20.000000");
  EXPECT_EQ(notes, kNoteNumberAsTime);
  EXPECT_EQ(timestamp(real(1700000000.25), TemporalSource::UnixSeconds), "2023-11-14 22:13:20.250000");
  EXPECT_EQ(timestamp(integer(-1), TemporalSource::UnixSeconds), "1969-12-31 23:59:59.000000");
  EXPECT_EQ(timestamp(integer(1700000000123), TemporalSource::UnixMillis), "2023-11-14 22:13:20.123000");
  EXPECT_EQ(timestamp(text("1700000000"), TemporalSource::UnixSeconds), "2023-11-14 22:13:20.000000");
  // SELECT julianday('2000-01-01 12:00:00') = 2451545.0; SQLite reads Julian days to the millisecond.
  EXPECT_EQ(timestamp(real(2451545.0), TemporalSource::JulianDay), "2000-01-01 12:00:00.000000");
  EXPECT_EQ(timestamp(real(2458849.5 + 0.123456789), TemporalSource::JulianDay), "2020-01-01 02:57:46.667000");
  EXPECT_EQ(timestamp(integer(999999999999999), TemporalSource::UnixSeconds), "ERR: is outside the years 0001 to 9999");
  // ISO text in such a column is still read as ISO.
  EXPECT_EQ(timestamp(text("2020-01-01 00:00:00"), TemporalSource::UnixSeconds), "2020-01-01 00:00:00.000000");
  // Numbers as text take one sign at most: "+-5" was read as -5.
  EXPECT_EQ(timestamp(text("+5"), TemporalSource::UnixSeconds), "1970-01-01 00:00:05.000000");
  EXPECT_EQ(timestamp(text("-5"), TemporalSource::UnixSeconds), "1969-12-31 23:59:55.000000");
  EXPECT_EQ(timestamp(text("+5000"), TemporalSource::UnixMillis), "1970-01-01 00:00:05.000000");
  for (TemporalSource source : {TemporalSource::UnixSeconds, TemporalSource::UnixMillis, TemporalSource::JulianDay})
    for (const char* t : {"+-5", "++5", "-+5", "+-2451545.0"})
      EXPECT_EQ(timestamp(text(t), source), "ERR: not an ISO-8601 date (YYYY-MM-DD)") << t;
}

TEST(ValueConvert, DatesAndTimes) {
  int32_t days = 0;
  int64_t micros = 0;
  Outcome o;
  EXPECT_TRUE(to_date(text("1999-12-31"), TemporalSource::Iso, days, o));
  EXPECT_EQ(days, -1);
  EXPECT_TRUE(to_date(text("1999-12-31T00:00:00Z"), TemporalSource::Iso, days, o));
  EXPECT_FALSE(to_date(text("1999-12-31 10:00:00"), TemporalSource::Iso, days, o));
  EXPECT_EQ(o.reason, "has a time of day, which a date column would drop");
  EXPECT_TRUE(to_time(text("13:45:30.5"), micros, o));
  EXPECT_EQ(micros, (13 * 3600 + 45 * 60 + 30) * 1000000LL + 500000);
  EXPECT_FALSE(to_time(text("24:00"), micros, o));
  EXPECT_EQ(days_since_2000(2000, 1, 1), 0);
  EXPECT_EQ(days_since_2000(1999, 12, 31), -1);
  EXPECT_EQ(days_since_2000(2024, 3, 1), 8826);
  for (int64_t d : {-730119LL, -1LL, 0LL, 8826LL, 2921939LL}) {
    int y, m, dd;
    civil_from_days(d, y, m, dd);
    EXPECT_EQ(days_since_2000(y, m, dd), d);
  }
}

TEST(ValueConvert, TextIsValidatedNotChanged) {
  TextRules pg;
  EXPECT_EQ(text_of(text("ελαιόλαδο 🫒"), pg), "ελαιόλαδο 🫒");
  TextRules ten = pg;
  ten.max_chars = 10;
  EXPECT_EQ(text_of(text("ελαιόλαδο 🫒"), ten),
            "ERR(bad-value): is 11 characters long; the column holds 10");
  EXPECT_EQ(text_of(text("bad \xC3\x28 byte"), pg), "ERR(invalid-utf8): invalid UTF-8 at byte 4: 0xC3");
  EXPECT_EQ(text_of(text("caf\xE2\x82"), pg), "ERR(invalid-utf8): invalid UTF-8 at byte 3: 0xE2 0x82");
  EXPECT_EQ(text_of(text(std::string_view("a\0b", 3)), pg),
            "ERR(nul): contains U+0000 at byte 1, which the target cannot store in text");
  TextRules my = pg;
  my.nul_allowed = true;
  EXPECT_EQ(text_of(text(std::string_view("a\0b", 3)), my), std::string("a\0b", 3));
  uint32_t notes = 0;
  EXPECT_EQ(text_of(real(0.1), pg, &notes), "0.1");
  EXPECT_EQ(notes, kNoteNumberAsText);
}

TEST(ValueConvert, TextRepairsOnlyWhenAsked) {
  TextRules rules;
  rules.replace_invalid = true;
  rules.strip_nul = true;
  uint32_t notes = 0;
  EXPECT_EQ(text_of(text("caf\xE2\x82 \x90!"), rules, &notes), "caf\xEF\xBF\xBD \xEF\xBF\xBD!");
  EXPECT_EQ(notes, kNoteUtf8Replaced);
  EXPECT_EQ(text_of(text(std::string_view("a\0b\0", 4)), rules, &notes), "ab");
  EXPECT_EQ(notes, kNoteNulStripped);
}

TEST(ValueConvert, NfcOnlyWhenAsked) {
  const std::string nfd = "Cafe\xCC\x81 \xCE\xB1\xCC\x81";  // "Café ά" with combining acute accents
  const std::string nfc = "Caf\xC3\xA9 \xCE\xAC";
  TextRules keep;
  EXPECT_EQ(text_of(text(nfd), keep), nfd);  // bytes are kept by default
  TextRules rules;
  rules.nfc = true;
  uint32_t notes = 0;
  EXPECT_EQ(text_of(text(nfd), rules, &notes), nfc);
  EXPECT_EQ(notes, kNoteNormalized);
  notes = 0;
  EXPECT_EQ(text_of(text(nfc), rules, &notes), nfc);
  EXPECT_EQ(notes, 0u);
  rules.max_chars = 6;  // counted after normalising: 6 characters, not 8
  EXPECT_EQ(text_of(text(nfd), rules), nfc);
}

TEST(ValueConvert, BlobsKeepBytesAndCountText) {
  std::string_view out;
  Outcome o;
  EXPECT_TRUE(to_blob(text("abc"), 0, out, o));
  EXPECT_EQ(o.notes, kNoteTextAsBytes);
  EXPECT_FALSE(to_blob(integer(1), 0, out, o));
  EXPECT_EQ(o.reason, "integer value where a blob was expected");
}

TEST(ValueConvert, BooleansAndJson) {
  bool b = false;
  Outcome o;
  std::string scratch;
  std::string_view out;
  EXPECT_TRUE(to_boolean(integer(1), b, o));
  EXPECT_TRUE(b);
  for (const char* t : {"FALSE", "f", "no", "N", "off", "0"}) {
    EXPECT_TRUE(to_boolean(text(t), b, o)) << t;
    EXPECT_FALSE(b) << t;
  }
  for (const char* t : {"true", "T", "yes", "y", "ON", "1"}) {
    EXPECT_TRUE(to_boolean(text(t), b, o)) << t;
    EXPECT_TRUE(b) << t;
  }
  EXPECT_FALSE(to_boolean(integer(2), b, o));
  EXPECT_FALSE(to_boolean(text("maybe"), b, o));
  EXPECT_EQ(o.reason, "not a boolean (0/1, true/false, t/f, yes/no, y/n, on/off)");
  EXPECT_TRUE(to_json(text(R"({"q": "μέλι", "n": [1, 2.5]})"), true, JsonNumbers::Numeric, scratch, out, o));
  EXPECT_FALSE(to_json(text("{not json"), true, JsonNumbers::Numeric, scratch, out, o));
  EXPECT_EQ(o.reason, "not valid JSON");
  EXPECT_FALSE(to_json(text("{not json"), false, JsonNumbers::Numeric, scratch, out, o));
  EXPECT_FALSE(to_json(text(R"({"a": "\u0000"})"), true, JsonNumbers::Numeric, scratch, out, o));
  EXPECT_TRUE(to_json(text(R"({"a": "\u0000"})"), false, JsonNumbers::Numeric, scratch, out, o));
  // jsonb keeps one of two equal keys: refused for it, kept as text elsewhere.
  EXPECT_FALSE(to_json(text(R"({"a": 1, "b": {"a": 2, "a": 3}})"), true, JsonNumbers::Numeric, scratch, out, o));
  EXPECT_EQ(o.reason, "has the key \"a\" twice in one object; the target's JSON type would keep only one");
  EXPECT_TRUE(to_json(text(R"({"a": 1, "b": {"a": 2}})"), true, JsonNumbers::Numeric, scratch, out, o));
  EXPECT_TRUE(to_json(text(R"({"a": 1, "a": 2})"), false, JsonNumbers::Numeric, scratch, out, o));
  o = {};
  EXPECT_TRUE(to_json(integer(42), true, JsonNumbers::Numeric, scratch, out, o));
  EXPECT_EQ(out, "42");
  EXPECT_EQ(o.notes, kNoteNumberAsJson);
}

TEST(ValueConvert, JsonIsOneWholeDocument) {
  for (bool parsed : {true, false}) {
    EXPECT_EQ(json(text(" [1, 2]\t\n\r"), parsed), " [1, 2]\t\n\r") << parsed;  // kept as written
    EXPECT_EQ(json(text("-0"), parsed), "-0");
    EXPECT_EQ(json(text("\"a\""), parsed), "\"a\"");
    // The first value was read and the rest ignored: the server then refused the row and failed the load.
    for (const char* t : {"01",
                          "007",
                          "2024-01-31",
                          R"({"a":1} x)",
                          "[1] [2]",
                          "1 2",
                          "truex",
                          "nul",
                          "",
                          " ",
                          "\f[]",
                          "[1,]",
                          "[,1]",
                          "{\"a\":1,}",
                          "{\"a\" 1}",
                          "[1 2]",
                          "1.",
                          ".5",
                          "+1",
                          "-",
                          "1e",
                          "1e+",
                          "[1]]",
                          "{a:1}",
                          "'a'",
                          "\"a\tb\"",
                          "\"\\x\"",
                          "\"\\ud800\"",
                          "\"\\udc00\"",
                          "\"\\ud800\\u0041\"",
                          "NaN",
                          "Infinity",
                          "/**/1"})
      EXPECT_EQ(json(text(t), parsed), "ERR: not valid JSON") << t << " parsed=" << parsed;
  }
  // Deep nesting is read without recursion.
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(json(text(deep), true), deep);
  EXPECT_EQ(json(text(deep.substr(1)), true), "ERR: not valid JSON");
  EXPECT_EQ(json(text("\"\\ud83d\\ude00\""), true), "\"\\ud83d\\ude00\"");
}

TEST(ValueConvert, JsonNulOnlyWhenEscaped) {
  const std::string refused = "ERR: contains \\u0000, which the target's JSON type cannot store";
  // An escaped backslash followed by "u0000" holds no U+0000.
  EXPECT_EQ(json(text(R"("C:\\u0000")"), true), R"("C:\\u0000")");
  EXPECT_EQ(json(text(R"({"C:\\u0000": "\\\\u0000"})"), true), R"({"C:\\u0000": "\\\\u0000"})");
  // An escaped backslash, then an escaped U+0000, does.
  EXPECT_EQ(json(text(R"("C:\\\u0000")"), true), refused);
  EXPECT_EQ(json(text(R"(["\u0000"])"), true), refused);
  EXPECT_EQ(json(text(R"({"\u0000": 1})"), true), refused);
  EXPECT_EQ(json(text(R"(["a\u0000b"])"), false), R"(["a\u0000b"])");     // kept as text
  EXPECT_EQ(json(text(R"(["\u0000", ])"), true), "ERR: not valid JSON");  // invalid first
}

TEST(ValueConvert, JsonRefusesAByteOrderMark) {
  // PostgreSQL's json and jsonb and MariaDB's json_valid() refuse it; the JSON reader used to skip it.
  for (bool parsed : {true, false}) {
    EXPECT_EQ(json(text("\xEF\xBB\xBF{}"), parsed),
              "ERR: not valid JSON: it starts with a byte-order mark (U+FEFF), which the target's JSON type refuses");
    EXPECT_EQ(json(text(" \xEF\xBB\xBF{}"), parsed), "ERR: not valid JSON");
    EXPECT_EQ(json(text("\"\xEF\xBB\xBF\""), parsed), "\"\xEF\xBB\xBF\"");  // U+FEFF in a string is a character
  }
}

TEST(ValueConvert, JsonNumbersAsTheTargetHoldsThem) {
  // A target that keeps the text (PostgreSQL json, MariaDB JSON) keeps any number as written.
  for (const char* t : {"1e400", "[-1e400, 1e-400]", "1e999999999999", "0e-999999", "1E+0400"})
    EXPECT_EQ(json(text(t), false), t);
  // jsonb holds numbers as numeric: the text goes as written, and numeric's limits apply.
  for (const char* t :
       {"1e400", "-1e400", "1e-400", "[1e400]", "1e131071", "10e131070", "0.1e131072", "1e-16383", "0.0e-16382",
        "12345e-16383", "0e999999", "0e1073741822", "1.7976931348623159e308", "123456789012345678901234567890"})
    EXPECT_EQ(json(text(t), true, JsonNumbers::Numeric), t);
  const std::string numeric =
      ", which the target's JSON type cannot hold (its numbers are numeric: below 1e131072, with at most 16383 "
      "digits after the point)";
  for (const char* t : {"1e131072", "10e131071", "-1e131072", "1e-16384", "1.5e-16383", "0.00e-16382", "0e-999999",
                        "0e1073741823", "1e999999999999"})
    EXPECT_EQ(json(text(t), true, JsonNumbers::Numeric), "ERR: has the number " + std::string(t) + numeric) << t;
  EXPECT_EQ(json(text("{\"a\": [1, 1e-20000]}"), true, JsonNumbers::Numeric), "ERR: has the number 1e-20000" + numeric);
  const std::string long_fraction = "0." + std::string(16384, '0');
  EXPECT_EQ(json(text(long_fraction), true, JsonNumbers::Numeric),
            "ERR: has the number " + long_fraction.substr(0, 32) + "... (16386 characters)" + numeric);
  // MySQL 8 holds them as doubles, and refuses one beyond a double's range.
  for (const char* t : {"1.7976931348623157e308", "-1.7976931348623157e308", "1e-400", "0e999999", "1e308"})
    EXPECT_EQ(json(text(t), true, JsonNumbers::Double), t);
  for (const char* t : {"1e400", "-1e400", "1e309", "1.7976931348623159e308", "1e999999999999"})
    EXPECT_EQ(json(text(t), true, JsonNumbers::Double),
              "ERR: has the number " + std::string(t) +
                  ", beyond a double's range, and the target's JSON type holds numbers as doubles")
        << t;
  // A repeated key before a number out of range: the first found is said.
  EXPECT_EQ(json(text(R"({"a": 1, "a": 1e400})"), true, JsonNumbers::Double),
            "ERR: has the key \"a\" twice in one object; the target's JSON type would keep only one");
}

TEST(ValueConvert, Uuids) {
  unsigned char b[16];
  Outcome o;
  EXPECT_TRUE(to_uuid(text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), b, o));
  EXPECT_EQ(b[0], 0xa0);
  EXPECT_EQ(b[15], 0x11);
  EXPECT_EQ(o.notes, 0u);
  EXPECT_TRUE(to_uuid(text("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"), b, o));
  EXPECT_EQ(o.notes, kNoteUuidLowered);
  EXPECT_FALSE(to_uuid(text("a0eebc999c0b4ef8bb6d6bb9bd380a11"), b, o));
  EXPECT_FALSE(to_uuid(text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1g"), b, o));
}
