#include "verify/canonical.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <set>

#include "canonical_test_support.hpp"

using namespace litelift;
using canon::ColumnCanon;
using canon::display;
using canon::encode_source;
using canon::encode_target;

using namespace canon_test;

TEST(Canonical, NullDiffersFromTheEmptyString) {
  const ColumnCanon c = column(TypeFamily::Text);
  EXPECT_EQ(src(null_value(), c), std::string("N\0", 2));
  EXPECT_EQ(src(text(""), c), std::string("t\0", 2));
  EXPECT_EQ(tgt(std::nullopt, c), std::string("N\0", 2));
  EXPECT_EQ(tgt("", c), std::string("t\0", 2));
  EXPECT_NE(src(null_value(), c), tgt("", c));
  EXPECT_EQ(display(src(null_value(), c)), "NULL");
  EXPECT_EQ(display(src(text(""), c)), "''");
  // NULL fits every family.
  for (TypeFamily f : {TypeFamily::Integer, TypeFamily::Json, TypeFamily::Uuid})
    EXPECT_TRUE(accepted(null_value(), column(f)));
}

TEST(Canonical, NullInANotNullColumnIsRefused) {
  // SQLite lets a non-integer PRIMARY KEY of a rowid table hold NULL; the target's key is NOT NULL.
  ColumnCanon c = column(TypeFamily::Text);
  c.not_null = true;
  EXPECT_FALSE(accepted(null_value(), c));
  EXPECT_EQ(src(null_value(), c), refused('n', ""));
  EXPECT_EQ(display(src(null_value(), c)), "unconvertible NULL (NOT NULL column)");
}

TEST(Canonical, LengthIsAVarint) {
  const std::string s(300, 'a');
  EXPECT_EQ(src(text(s), column(TypeFamily::Text)), "t\xAC\x02" + s);
  EXPECT_EQ(src(text(std::string(127, 'b')), column(TypeFamily::Text)), "t\x7F" + std::string(127, 'b'));
  EXPECT_EQ(src(text(std::string(128, 'b')), column(TypeFamily::Text)), "t\x80\x01" + std::string(128, 'b'));
}

TEST(Canonical, Integers) {
  const ColumnCanon c = column(TypeFamily::Integer);
  EXPECT_EQ(src(integer(42), c), value8('i', 42));
  EXPECT_EQ(src(integer(-12), c), tgt("-12", c));
  EXPECT_EQ(src(integer(-12), c), value8('i', static_cast<uint64_t>(-12)));
  EXPECT_EQ(src(integer(INT64_MIN), c), tgt("-9223372036854775808", c));
  EXPECT_EQ(src(real(3.0), c), src(integer(3), c));
  EXPECT_EQ(src(real(-0.0), c), value8('i', 0));
  EXPECT_EQ(src(real(-9223372036854775808.0), c), tgt("-9223372036854775808", c));
  EXPECT_EQ(src(real(2.5), c), refused('r', le8(bits(2.5))));
  EXPECT_FALSE(accepted(real(9223372036854775808.0), c));
  EXPECT_FALSE(accepted(real(kInf), c));
  EXPECT_FALSE(accepted(real(kNaN), c));
  EXPECT_EQ(src(text("42"), c), refused('t', "42"));  // no affinity: text stays text
  EXPECT_FALSE(accepted(blob("\x2a"), c));
  EXPECT_EQ(display(src(integer(-12), c)), "-12");
  EXPECT_EQ(display(src(text("42"), c)), "unconvertible '42' (text)");
  EXPECT_EQ(display(src(real(2.5), c)), "unconvertible 2.5 (real)");
  EXPECT_EQ(tgt("4x", c), refused('x', "4x"));
  EXPECT_EQ(display(tgt("4x", c)), "unconvertible '4x' (as the target returned it)");
  EXPECT_NE(src(text("4x"), c), tgt("4x", c));  // a source's refusal never equals a target's
  EXPECT_EQ(tgt("+1", c), refused('x', "+1"));
  EXPECT_EQ(tgt("", c), refused('x', ""));
}

TEST(Canonical, Reals) {
  ColumnCanon c = column(TypeFamily::Real);
  EXPECT_EQ(src(real(0.1), c), value8('r', 0x3FB999999999999AULL));
  EXPECT_EQ(src(real(0.1), c), tgt("0.1", c));
  // One ulp apart: different values.
  const double next = std::nextafter(0.1, 1.0);
  EXPECT_NE(src(real(next), c), tgt("0.1", c));
  EXPECT_EQ(src(real(next), c), tgt("0.10000000000000002", c));
  EXPECT_EQ(src(real(5e-324), c), tgt("5e-324", c));
  EXPECT_EQ(src(real(1e100), c), tgt("1e+100", c));
  EXPECT_EQ(src(real(1e100), c), tgt("1e100", c));
  // Integers only within +-2^53, where each is exact.
  EXPECT_EQ(src(integer(9007199254740992), c), tgt("9007199254740992", c));
  EXPECT_EQ(src(integer(-9007199254740992), c), tgt("-9007199254740992", c));
  EXPECT_FALSE(accepted(integer(9007199254740993), c));
  EXPECT_FALSE(accepted(integer(9007199254740994), c));  // exact in a double, but past 2^53: refused
  EXPECT_FALSE(accepted(text("1.5"), c));
  EXPECT_FALSE(accepted(blob("x"), c));
  EXPECT_FALSE(accepted(real(kNaN), c));
  EXPECT_EQ(tgt("NaN", c), value8('r', 0x7FF8000000000000ULL));
  // -0.0 and infinities follow the target.
  EXPECT_EQ(src(real(-0.0), c), value8('r', 0x8000000000000000ULL));
  EXPECT_EQ(src(real(-0.0), c), tgt("-0", c));
  EXPECT_EQ(src(real(kInf), c), tgt("Infinity", c));
  EXPECT_EQ(src(real(-kInf), c), tgt("-Infinity", c));
  c.negative_zero = false;
  c.infinities = false;
  EXPECT_EQ(src(real(-0.0), c), tgt("0", c));
  EXPECT_NE(src(real(-0.0), c), tgt("-0", c));
  EXPECT_EQ(src(real(kInf), c), refused('r', le8(bits(kInf))));
  EXPECT_FALSE(accepted(real(-kInf), c));
  EXPECT_EQ(display(tgt("0.1", c)), "0.1");
  EXPECT_EQ(display(tgt("1e100", c)), "1e+100");
  EXPECT_EQ(display(tgt("-Infinity", c)), "-Infinity");
  EXPECT_EQ(display(tgt("NaN", c)), "NaN");
  EXPECT_EQ(display(src(real(kInf), c)), "unconvertible Infinity (real)");
  EXPECT_EQ(tgt("0.1 ", c), refused('x', "0.1 "));
}

TEST(Canonical, Decimals) {
  const ColumnCanon any = decimal_column(0, 0);
  EXPECT_EQ(src(text("12.50"), any), value('d', "12.5"));
  EXPECT_EQ(src(real(12.5), any), value('d', "12.5"));
  EXPECT_EQ(tgt("12.50", any), value('d', "12.5"));
  EXPECT_EQ(tgt("12.5", any), value('d', "12.5"));
  EXPECT_EQ(src(integer(100), any), tgt("100", any));
  EXPECT_EQ(src(integer(100), any), value('d', "100"));
  EXPECT_EQ(src(text("1e2"), any), value('d', "100"));
  EXPECT_EQ(src(text("-1.5E-3"), any), value('d', "-0.0015"));
  EXPECT_EQ(src(text("-0.00"), any), value('d', "0"));
  EXPECT_EQ(src(text(".5"), any), value('d', "0.5"));
  EXPECT_EQ(src(text("+5."), any), value('d', "5"));
  EXPECT_EQ(src(text("007"), any), value('d', "7"));
  EXPECT_EQ(tgt("-0.01", any), value('d', "-0.01"));
  EXPECT_EQ(src(integer(INT64_MIN), any), value('d', "-9223372036854775808"));
  // A real is its shortest text, not its binary expansion.
  EXPECT_EQ(src(real(299.99), any), value('d', "299.99"));
  EXPECT_EQ(src(real(0.1), any), value('d', "0.1"));
  EXPECT_EQ(src(real(1e20), any), value('d', "100000000000000000000"));
  EXPECT_EQ(src(real(1e-7), any), value('d', "0.0000001"));
  EXPECT_EQ(src(real(-0.0), any), value('d', "0"));
  for (const char* bad : {"abc", "", ".", "1e", "1e+-5", " 1", "1 ", "0x10", "1,5", "1e100001", "NaN"})
    EXPECT_EQ(src(text(bad), any), refused('t', bad)) << bad;
  EXPECT_TRUE(accepted(text("1e100000"), any));
  EXPECT_FALSE(accepted(real(kInf), any));
  EXPECT_FALSE(accepted(blob("1"), any));
  // numeric(5,2): at most 2 digits after the point and 3 before it.
  const ColumnCanon c52 = decimal_column(5, 2);
  EXPECT_EQ(src(text("999.99"), c52), value('d', "999.99"));
  EXPECT_EQ(src(text("999.990"), c52), value('d', "999.99"));
  EXPECT_EQ(src(text("0.01"), c52), value('d', "0.01"));
  EXPECT_FALSE(accepted(text("12.505"), c52));
  EXPECT_FALSE(accepted(text("1000"), c52));
  EXPECT_FALSE(accepted(integer(1000), c52));
  EXPECT_FALSE(accepted(real(0.125), c52));
  EXPECT_FALSE(accepted(real(0.1 + 0.2), c52));  // 0.30000000000000004
  EXPECT_EQ(src(real(0.1), c52), value('d', "0.1"));
  EXPECT_EQ(src(text("1e2"), c52), value('d', "100"));
  EXPECT_EQ(display(src(text("12.50"), any)), "12.5");
  EXPECT_EQ(tgt("12.5.0", any), refused('x', "12.5.0"));
}

TEST(Canonical, TextFromEveryStorageClass) {
  const ColumnCanon c = column(TypeFamily::Text);
  EXPECT_EQ(src(text("it's"), c), value('t', "it's"));
  EXPECT_EQ(src(text("it's"), c), tgt("it's", c));
  EXPECT_EQ(display(src(text("it's"), c)), "'it''s'");
  // Numbers as the loader writes them: the shortest text that reads back exactly.
  EXPECT_EQ(src(integer(-42), c), value('t', "-42"));
  EXPECT_EQ(src(real(0.1), c), value('t', "0.1"));
  EXPECT_EQ(src(real(123456.0), c), value('t', "123456"));
  EXPECT_EQ(src(real(100000.0), c), value('t', "1e+05"));
  EXPECT_EQ(src(real(1e21), c), value('t', "1e+21"));
  EXPECT_EQ(src(real(1e-7), c), value('t', "1e-07"));
  EXPECT_EQ(src(real(-0.0), c), value('t', "-0"));
  EXPECT_EQ(src(real(kInf), c), value('t', "inf"));
  // Blobs are refused in text.
  EXPECT_EQ(src(blob("abc"), c), refused('b', "abc"));
  EXPECT_EQ(display(src(blob(std::string_view("\x00\xff", 2)), c)), "unconvertible x'00ff' (blob)");
  // The target's text is taken as it is: no normalization.
  EXPECT_EQ(tgt("e\xCC\x81", c), value('t', "e\xCC\x81"));
  EXPECT_EQ(tgt(std::string_view("a\0b", 3), c), value('t', std::string_view("a\0b", 3)));
}

TEST(Canonical, InvalidUtf8IsRefusedOrEachMaximalSubpartReplaced) {
  ColumnCanon c = column(TypeFamily::Text);
  EXPECT_EQ(src(text("a\xC3(b"), c), refused('t', "a\xC3(b"));
  EXPECT_EQ(display(src(text("a\xC3(b"), c)), "unconvertible 'a\\xC3(b' (text)");
  c.rules.replace_invalid_utf8 = true;
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(src(text("a\xC3(b"), c), value('t', "a" + fffd + "(b"));
  EXPECT_EQ(src(text("\xE2\x82"), c), value('t', fffd));                               // truncated: one subpart
  EXPECT_EQ(src(text("\xE2\x82\xAC"), c), value('t', "\xE2\x82\xAC"));                 // valid
  EXPECT_EQ(src(text("\xF0\x80\x80"), c), value('t', fffd + fffd + fffd));             // overlong: 3
  EXPECT_EQ(src(text("\xED\xA0\x80"), c), value('t', fffd + fffd + fffd));             // a surrogate: 3
  EXPECT_EQ(src(text("\xF4\x90\x80\x80"), c), value('t', fffd + fffd + fffd + fffd));  // past U+10FFFF
  EXPECT_EQ(src(text("\xF1\x80\x80"), c), value('t', fffd));                           // truncated four-byte sequence
  EXPECT_EQ(src(text("\xC0\xAF"), c), value('t', fffd + fffd));
  EXPECT_EQ(src(text("\xFF"), c), value('t', fffd));
}

TEST(Canonical, NulIsRefusedStrippedOrKept) {
  ColumnCanon c = column(TypeFamily::Text);
  const std::string_view with_nul("a\0b\0", 4);
  EXPECT_EQ(src(text(with_nul), c), refused('t', with_nul));
  c.rules.strip_nul = true;
  EXPECT_EQ(src(text(with_nul), c), value('t', "ab"));
  c.text_allows_nul = true;  // MySQL: stored as it is, the strip rule is not needed
  EXPECT_EQ(src(text(with_nul), c), value('t', with_nul));
  EXPECT_EQ(src(text(with_nul), c), tgt(with_nul, c));
}

TEST(Canonical, NfcWhenAsked) {
  ColumnCanon c = column(TypeFamily::Text);
  EXPECT_EQ(src(text("e\xCC\x81"), c), value('t', "e\xCC\x81"));
  c.rules.nfc = true;
  EXPECT_EQ(src(text("e\xCC\x81"), c), value('t', "\xC3\xA9"));
  EXPECT_EQ(src(text("e\xCC\x81"), c), tgt("\xC3\xA9", c));
  EXPECT_NE(src(text("e\xCC\x81"), c), tgt("e\xCC\x81", c));
  // Replacement, then NUL, then NFC.
  c.rules.replace_invalid_utf8 = true;
  c.rules.strip_nul = true;
  EXPECT_EQ(src(text(std::string_view("e\0\xCC\x81\xFF", 5)), c), value('t', "\xC3\xA9\xEF\xBF\xBD"));
}

TEST(Canonical, VarcharCountsCharacters) {
  ColumnCanon c = column(TypeFamily::Varchar);
  c.length = 3;
  EXPECT_EQ(src(text("\xC3\xA4\xC3\xB6\xC3\xBC"), c), value('t', "\xC3\xA4\xC3\xB6\xC3\xBC"));  // 3 characters, 6 bytes
  EXPECT_FALSE(accepted(text("abcd"), c));
  EXPECT_FALSE(accepted(integer(1234), c));
  EXPECT_TRUE(accepted(integer(-12), c));
  EXPECT_FALSE(accepted(text("ab"
                             "e\xCC\x81"),
                        c));  // 4 code points
  c.rules.nfc = true;
  EXPECT_TRUE(accepted(text("ab"
                            "e\xCC\x81"),
                       c));  // 3 after NFC
  // A text column ignores a length.
  ColumnCanon t = column(TypeFamily::Text);
  t.length = 3;
  EXPECT_TRUE(accepted(text("abcd"), t));
}

TEST(Canonical, LongTextIsCutForDisplay) {
  const ColumnCanon c = column(TypeFamily::Text);
  EXPECT_EQ(display(src(text(std::string(100, 'a')), c)), "'" + std::string(59, 'a') + "... (100 bytes)");
  EXPECT_EQ(display(src(text(std::string(58, 'a')), c)), "'" + std::string(58, 'a') + "'");
  std::string umlauts;
  for (int i = 0; i < 70; ++i) umlauts += "\xC3\xA4";
  std::string cut = "'";
  for (int i = 0; i < 59; ++i) cut += "\xC3\xA4";
  EXPECT_EQ(display(src(text(umlauts), c)), cut + "... (140 bytes)");
  EXPECT_EQ(display(src(text("a\tb"), c)), "'a\\x09b'");
}

TEST(Canonical, Blobs) {
  ColumnCanon c = column(TypeFamily::Blob);
  const std::string_view bytes("\x00\xff", 2);
  EXPECT_EQ(src(blob(bytes), c), value('b', bytes));
  EXPECT_EQ(src(blob(bytes), c), tgt(bytes, c));
  EXPECT_EQ(src(text("abc"), c), value('b', "abc"));  // text keeps its bytes
  EXPECT_EQ(src(text("a\xFF"), c), value('b', "a\xFF"));
  EXPECT_EQ(src(blob(""), c), value('b', ""));
  EXPECT_NE(src(blob(""), c), src(null_value(), c));
  EXPECT_EQ(src(integer(1), c), refused('i', le8(1)));  // numbers are refused
  EXPECT_FALSE(accepted(real(1.5), c));
  EXPECT_EQ(display(src(integer(1), c)), "unconvertible 1 (integer)");
  EXPECT_EQ(display(src(blob(bytes), c)), "x'00ff'");
  std::string hex;
  for (int i = 0; i < 29; ++i) hex += "01";
  EXPECT_EQ(display(src(blob(std::string(40, '\x01')), c)), "x'" + hex + "... (40 bytes)");
  c.length = 2;
  EXPECT_TRUE(accepted(blob(bytes), c));
  EXPECT_FALSE(accepted(blob("abc"), c));
}

TEST(Canonical, Booleans) {
  const ColumnCanon c = column(TypeFamily::Boolean);
  const std::string t = value('o', std::string(1, '\1'));
  const std::string f = value('o', std::string(1, '\0'));
  for (const char* s : {"1", "t", "T", "true", "TRUE", "True", "y", "Y", "yes", "YES", "on", "On"})
    EXPECT_EQ(src(text(s), c), t) << s;
  for (const char* s : {"0", "f", "F", "false", "FALSE", "n", "N", "no", "No", "off", "OFF"})
    EXPECT_EQ(src(text(s), c), f) << s;
  for (const char* s : {"", "2", "tru", "yes ", " 1", "oui", "truee", "-1", "1.0"})
    EXPECT_EQ(src(text(s), c), refused('t', s)) << s;
  EXPECT_EQ(src(integer(1), c), t);
  EXPECT_EQ(src(integer(0), c), f);
  EXPECT_FALSE(accepted(integer(2), c));
  EXPECT_FALSE(accepted(integer(-1), c));
  EXPECT_EQ(src(real(1.0), c), t);
  EXPECT_EQ(src(real(-0.0), c), f);
  EXPECT_FALSE(accepted(real(0.5), c));
  EXPECT_FALSE(accepted(blob("\1"), c));
  // PostgreSQL prints t/f, MariaDB 1/0.
  EXPECT_EQ(tgt("t", c), t);
  EXPECT_EQ(tgt("f", c), f);
  EXPECT_EQ(tgt("1", c), t);
  EXPECT_EQ(tgt("0", c), f);
  EXPECT_EQ(tgt("true", c), refused('x', "true"));
  EXPECT_EQ(display(t), "true");
  EXPECT_EQ(display(f), "false");
}

TEST(Canonical, Dates) {
  const ColumnCanon c = column(TypeFamily::Date);
  const std::string d = value8('D', k20240131);
  EXPECT_EQ(src(text("2024-01-31"), c), d);
  EXPECT_EQ(tgt("2024-01-31", c), d);
  EXPECT_EQ(src(text("2024-01-31T00:00:00Z"), c), d);
  EXPECT_EQ(src(text("2024-01-31 02:00+02:00"), c), d);          // midnight in UTC
  EXPECT_FALSE(accepted(text("2024-01-31T00:00:00+02:00"), c));  // 22:00 the day before in UTC
  EXPECT_FALSE(accepted(text("2024-01-31 10:00:00"), c));        // the time would be lost
  EXPECT_FALSE(accepted(text("2024-02-30"), c));
  EXPECT_FALSE(accepted(text("0000-01-01"), c));
  EXPECT_FALSE(accepted(text("2024-1-31"), c));
  EXPECT_FALSE(accepted(integer(19753), c));  // numbers only through a cast rule's "using"
  EXPECT_EQ(src(text("1970-01-01"), c), value8('D', 0));
  EXPECT_EQ(src(text("1969-12-31"), c), value8('D', static_cast<uint64_t>(-1)));
  EXPECT_EQ(src(text("0001-01-01"), c), value8('D', static_cast<uint64_t>(-719162)));
  EXPECT_EQ(src(text("9999-12-31"), c), tgt("9999-12-31", c));
  EXPECT_EQ(display(d), "'2024-01-31'");
  EXPECT_EQ(display(src(text("0001-01-01"), c)), "'0001-01-01'");
  EXPECT_EQ(display(src(text("2000-02-29"), c)), "'2000-02-29'");
  EXPECT_EQ(tgt("2024-01-31 00:00:00", c), refused('x', "2024-01-31 00:00:00"));
  EXPECT_EQ(tgt("10000-01-01", c), refused('x', "10000-01-01"));
  // Through "using": a number of seconds, milliseconds or a Julian day, midnight only.
  const ColumnCanon seconds = temporal_column(TypeFamily::Date, TemporalSource::UnixSeconds);
  EXPECT_EQ(src(integer(86400), seconds), value8('D', 1));
  EXPECT_FALSE(accepted(integer(86401), seconds));
  EXPECT_EQ(src(text("2024-01-31"), seconds), d);  // ISO text still reads
  const ColumnCanon julian = temporal_column(TypeFamily::Date, TemporalSource::JulianDay);
  EXPECT_EQ(src(real(2460340.5), julian), d);
  EXPECT_FALSE(accepted(real(2460341.0), julian));  // noon
}

TEST(Canonical, Times) {
  const ColumnCanon c = column(TypeFamily::Time);
  EXPECT_EQ(src(text("10:00"), c), value8('H', 36'000'000'000));
  EXPECT_EQ(src(text("10:00"), c), tgt("10:00:00", c));
  EXPECT_EQ(src(text("10:00:00.5"), c), tgt("10:00:00.500000", c));  // MariaDB TIME(6)
  EXPECT_EQ(src(text("10:00:00.5"), c), tgt("10:00:00.5", c));       // PostgreSQL
  EXPECT_EQ(src(text("23:59:59.1234560"), c), tgt("23:59:59.123456", c));
  EXPECT_FALSE(accepted(text("23:59:59.1234567"), c));  // past microseconds
  EXPECT_FALSE(accepted(text("24:00:00"), c));
  EXPECT_FALSE(accepted(text("10:00:60"), c));
  EXPECT_FALSE(accepted(text("10:00:00Z"), c));
  EXPECT_FALSE(accepted(text("10:00:00."), c));
  EXPECT_FALSE(accepted(text("1:00"), c));
  EXPECT_FALSE(accepted(integer(36000), c));
  EXPECT_EQ(tgt("10:00", c), refused('x', "10:00"));
  EXPECT_EQ(tgt("10:00:00.1234567", c), refused('x', "10:00:00.1234567"));
  EXPECT_EQ(tgt("-838:59:59", c), refused('x', "-838:59:59"));
  EXPECT_EQ(display(tgt("10:00:00", c)), "'10:00:00'");
  EXPECT_EQ(display(tgt("10:00:00.000001", c)), "'10:00:00.000001'");
}

TEST(Canonical, TimestampsKeepTheInstantInUtc) {
  const ColumnCanon c = column(TypeFamily::Timestamp);
  const std::string t = value8('T', k20240131T10);
  for (const char* s : {"2024-01-31 10:00:00", "2024-01-31T10:00:00", "2024-01-31t10:00", "2024-01-31T10:00:00Z",
                        "2024-01-31T10:00:00z", "2024-01-31 10:00:00 Z", "2024-01-31T12:00:00+02:00",
                        "2024-01-31T12:00:00+0200", "2024-01-31T12:00:00+02", "2024-01-31 12:00:00 +02:00",
                        "2024-01-31T04:30:00-05:30", "2024-01-31 10:00:00.000000000", "2024-02-01T01:00:00+15:00"})
    EXPECT_EQ(src(text(s), c), t) << s;
  EXPECT_EQ(tgt("2024-01-31 10:00:00", c), t);
  EXPECT_EQ(src(text("2024-01-31T10:00:00.123456789"), c), refused('t', "2024-01-31T10:00:00.123456789"));
  EXPECT_EQ(src(text("2024-01-31 10:00:00.1234560"), c), tgt("2024-01-31 10:00:00.123456", c));
  EXPECT_EQ(src(text("2024-01-31 10:00:00.5"), c), tgt("2024-01-31 10:00:00.5", c));
  EXPECT_EQ(src(text("2024-01-31"), c), value8('T', k20240131 * kDay));  // date only: midnight
  for (const char* s : {"2024-01-31 10", "2024-01-31 10:00:00 ", "2024-01-31 10:00:00  Z", "2024-01-31 10:00:00+2",
                        "2024-01-31 10:00:00+16:00", "2024-01-31 10:00:00+02:60", "2024-01-31 10:00:00+02:",
                        "2024-01-31 10:00:00+020", "2024-01-31 10:00:00Zx", "2024-01-31 10:00:00 PM",
                        "9999-12-31T23:00:00-02:00", "0001-01-01T00:00:00+01:00", "2024-01-31X10:00"})
    EXPECT_FALSE(accepted(text(s), c)) << s;
  EXPECT_TRUE(accepted(text("0001-01-01T01:00:00+01:00"), c));
  EXPECT_FALSE(accepted(integer(1706695200), c));  // numbers only through "using"
  EXPECT_FALSE(accepted(real(1706695200.0), c));
  EXPECT_FALSE(accepted(blob("2024-01-31"), c));
  // Targets print "YYYY-MM-DD HH:MM:SS[.ffffff]"; timestamptz adds "+00" (PostgreSQL).
  const ColumnCanon tz = column(TypeFamily::TimestampTz);
  EXPECT_EQ(src(text("2024-01-31T12:00:00+02:00"), tz), tgt("2024-01-31 10:00:00+00", tz));
  EXPECT_EQ(src(text("2024-01-31T12:00:00+02:00"), tz), tgt("2024-01-31 10:00:00", tz));  // MySQL DATETIME
  EXPECT_EQ(tgt("2024-01-31 12:00:00+02", tz), t);
  EXPECT_EQ(tgt("2024-01-31 10:00:00+00", c), refused('x', "2024-01-31 10:00:00+00"));
  EXPECT_EQ(tgt("2024-01-31T10:00:00", c), refused('x', "2024-01-31T10:00:00"));
  EXPECT_EQ(display(t), "'2024-01-31 10:00:00'");
  EXPECT_EQ(display(tgt("2024-01-31 10:00:00.000001", c)), "'2024-01-31 10:00:00.000001'");
  EXPECT_EQ(display(tgt("1969-12-31 23:59:59.5", c)), "'1969-12-31 23:59:59.500000'");
}

TEST(Canonical, TimestampsFromNumbersThroughUsing) {
  const ColumnCanon ms = temporal_column(TypeFamily::Timestamp, TemporalSource::UnixMillis);
  EXPECT_EQ(src(integer(1706695200123), ms), tgt("2024-01-31 10:00:00.123", ms));
  EXPECT_EQ(src(real(1706695200123.0), ms), tgt("2024-01-31 10:00:00.123", ms));
  EXPECT_EQ(src(text("1706695200123"), ms), tgt("2024-01-31 10:00:00.123", ms));
  EXPECT_FALSE(accepted(real(1706695200123.5), ms));  // not a whole millisecond
  EXPECT_EQ(src(text("2024-01-31 10:00:00"), ms), value8('T', k20240131T10));
  const ColumnCanon s = temporal_column(TypeFamily::Timestamp, TemporalSource::UnixSeconds);
  EXPECT_EQ(src(integer(1706695200), s), value8('T', k20240131T10));
  EXPECT_EQ(src(real(1706695200.5), s), tgt("2024-01-31 10:00:00.5", s));
  EXPECT_EQ(src(real(1706695200.4999994), s), tgt("2024-01-31 10:00:00.499999", s));  // to the nearest microsecond
  // Rounded as the loader does: the product seconds * 1e6 as a double, then half away from zero. The
  // double 1706695200.0000004 is ...0000004768 exactly, but the product rounds to ...0.5 first.
  EXPECT_EQ(src(real(1706695200.0000004), s), tgt("2024-01-31 10:00:00.000001", s));
  EXPECT_EQ(src(text("1.7066952e9"), s), value8('T', k20240131T10));
  EXPECT_EQ(src(text("+1706695200"), s), value8('T', k20240131T10));
  EXPECT_EQ(src(integer(-62135596800), s), tgt("0001-01-01 00:00:00", s));
  EXPECT_FALSE(accepted(integer(-62135596801), s));
  EXPECT_FALSE(accepted(integer(253402300800), s));  // 10000-01-01
  EXPECT_FALSE(accepted(real(kInf), s));
  EXPECT_FALSE(accepted(text("+-5"), s));
  EXPECT_FALSE(accepted(text("1e-999"), s));
  EXPECT_FALSE(accepted(blob("1"), s));
  // A Julian day to the millisecond, as SQLite reads it.
  const ColumnCanon jd = temporal_column(TypeFamily::Timestamp, TemporalSource::JulianDay);
  EXPECT_EQ(src(real(2440587.5), jd), value8('T', 0));
  EXPECT_EQ(src(integer(2440588), jd), tgt("1970-01-01 12:00:00", jd));
  EXPECT_EQ(src(real(2460340.5 + 10.0 / 24), jd), value8('T', k20240131T10));
  EXPECT_EQ(src(real(2460340.5 + 0.0006 / 86400), jd), tgt("2024-01-31 00:00:00.001", jd));
  EXPECT_EQ(src(real(2460340.5 + 0.0004 / 86400), jd), tgt("2024-01-31 00:00:00", jd));
  EXPECT_FALSE(accepted(real(-1.0), jd));
  EXPECT_FALSE(accepted(real(5373484.5), jd));  // 10000-01-01
}

TEST(Canonical, JsonTheTargetParses) {
  const ColumnCanon c = json_column(true);
  const std::string doc = R"({"a":"x","b":[1,2.5,true,null,{}],"c":[]})";
  EXPECT_EQ(src(text(R"( { "c" : [ ], "b": [1, 2.50, true, null, {}], "a":"x" } )"), c), value('j', doc));
  // PostgreSQL's jsonb: keys by length then bytes, its own blanks, numerics as written.
  EXPECT_EQ(tgt(R"({"a": "x", "b": [1, 2.50, true, null, {}], "c": []})", c), value('j', doc));
  EXPECT_EQ(tgt(R"({"b": 2, "aa": 1})", c), value('j', R"({"aa":1,"b":2})"));
  EXPECT_EQ(src(text(R"({"b":2,"aa":1})"), c), tgt(R"({"b": 2, "aa": 1})", c));
  // A repeated key: refused from the source (the target would keep one), last wins from a target.
  EXPECT_EQ(src(text(R"({"a":1,"a":2})"), c), refused('t', R"({"a":1,"a":2})"));
  EXPECT_FALSE(accepted(text(R"({"a":1,"\u0061":2})"), c));
  EXPECT_TRUE(accepted(text(R"([{"a":1},{"a":2}])"), c));
  EXPECT_EQ(tgt(R"({"a":1,"b":0,"a":2})", c), value('j', R"({"a":2,"b":0})"));
  // U+0000 in a string or key cannot be stored; an escaped backslash before "u0000" can.
  EXPECT_FALSE(accepted(text(R"(["\u0000"])"), c));
  EXPECT_FALSE(accepted(text(R"({"\u0000":1})"), c));
  EXPECT_EQ(src(text(R"("C:\\u0000")"), c), value('j', R"("C:\\u0000")"));
  // Numbers as canonical decimals; strings with the shortest escapes.
  EXPECT_EQ(src(text("[1.0, -0, 1e2, 1E-2, -1.50e+1, 0.000]"), c), value('j', "[1,0,100,0.01,-15,0]"));
  EXPECT_EQ(src(text(R"("\u00e9\/\n\u0001\"\\\ud83d\ude00")"), c),
            value('j', "\"\xC3\xA9/\\n\\u0001\\\"\\\\\xF0\x9F\x98\x80\""));
  // jsonb's numbers are numeric: beyond a double is fine, numeric's own limits are not.
  EXPECT_EQ(src(text("1e400"), c), value('j', "1" + std::string(400, '0')));
  EXPECT_EQ(src(text("[-1e400]"), c), tgt("[-1" + std::string(400, '0') + "]", c));
  EXPECT_EQ(src(text("1e131071"), c), value('j', "1e131071"));
  EXPECT_EQ(src(text("1e131071"), c), tgt("1" + std::string(131071, '0'), c));
  EXPECT_EQ(src(text("1e-16383"), c), tgt("0." + std::string(16382, '0') + "1", c));
  for (const char* t : {"1e131072", "10e131071", "1e-16384", "1.5e-16383", "0e-16384", "0e1073741823", "[1e-20000]"})
    EXPECT_EQ(src(text(t), c), refused('t', t)) << t;
  EXPECT_TRUE(accepted(text("0e1073741822"), c));
  // MySQL 8's are doubles.
  ColumnCanon doubles = c;
  doubles.json_numbers = JsonNumbers::Double;
  EXPECT_EQ(src(text("1e400"), doubles), refused('t', "1e400"));
  EXPECT_EQ(src(text("1.7976931348623159e308"), doubles), refused('t', "1.7976931348623159e308"));
  EXPECT_TRUE(accepted(text("1.7976931348623157e308"), doubles));
  EXPECT_TRUE(accepted(text("1e-16384"), doubles));
  EXPECT_TRUE(accepted(text("1e-400"), c));
  EXPECT_EQ(tgt("1e-2000", c), value('j', "1e-2000"));
  // Numbers stored in a JSON column become JSON numbers.
  EXPECT_EQ(src(integer(42), c), value('j', "42"));
  EXPECT_EQ(src(real(0.1), c), value('j', "0.1"));
  EXPECT_EQ(src(real(1e21), c), value('j', "1" + std::string(21, '0')));
  EXPECT_EQ(src(real(-0.0), c), value('j', "0"));
  EXPECT_FALSE(accepted(real(kInf), c));
  EXPECT_FALSE(accepted(blob("{}"), c));
  for (const char* bad : {"",
                          " ",
                          "{a:1}",
                          "[1,]",
                          "[,1]",
                          "{\"a\":1,}",
                          "01",
                          "1.",
                          ".5",
                          "-",
                          "+1",
                          "tru",
                          "{\"a\":1} x",
                          "[1 2]",
                          "\"\\ud800\"",
                          "\"\\udc00\"",
                          "\"a\tb\"",
                          "\"\\x\"",
                          "NaN",
                          "\xEF\xBB\xBF{}",
                          "{\"a\" 1}",
                          "[1]]",
                          "/**/1",
                          "\"\xC3(\""})
    EXPECT_FALSE(accepted(text(bad), c)) << bad;
  EXPECT_EQ(tgt("{a:1}", c), refused('x', "{a:1}"));
  EXPECT_EQ(display(src(text(R"({"a": 1})"), c)), R"('{"a":1}')");
  EXPECT_EQ(display(src(text(R"(["it's"])"), c)), R"('["it''s"]')");
}

TEST(Canonical, JsonTheTargetKeepsAsText) {
  // MariaDB's JSON and PostgreSQL's json keep the text exactly: so does the canonical form.
  const ColumnCanon c = json_column(false);
  const std::string_view doc = R"( {"b":1,  "a":2, "a":3} )";
  EXPECT_EQ(src(text(doc), c), value('j', doc));
  EXPECT_EQ(src(text(doc), c), tgt(doc, c));
  EXPECT_NE(src(text(doc), c), tgt(R"({"a":3,"b":1})", c));
  EXPECT_EQ(src(text(R"(["\u0000"])"), c), value('j', R"(["\u0000"])"));
  EXPECT_EQ(src(integer(42), c), value('j', "42"));
  EXPECT_EQ(src(real(1e300), c), value('j', "1e+300"));  // the loader's text for the number
  EXPECT_EQ(src(real(-0.0), c), value('j', "-0"));
  EXPECT_FALSE(accepted(text("{\"a\":1} x"), c));
  EXPECT_EQ(src(text("1e400"), c), value('j', "1e400"));  // any number, as written
  EXPECT_EQ(src(text("1e-20000"), c), value('j', "1e-20000"));
  EXPECT_FALSE(accepted(text("\xEF\xBB\xBF{}"), c));
  EXPECT_FALSE(accepted(text("\"\xC3(\""), c));
  EXPECT_EQ(tgt("{\"a\":1} x", c), refused('x', "{\"a\":1} x"));
}

TEST(Canonical, Uuids) {
  const ColumnCanon c = column(TypeFamily::Uuid);
  const std::string bytes("\x12\x3e\x45\x67\xe8\x9b\x12\xd3\xa4\x56\x42\x66\x14\x17\x40\x00", 16);
  const std::string u = value('u', bytes);
  EXPECT_EQ(src(text("123e4567-e89b-12d3-a456-426614174000"), c), u);
  EXPECT_EQ(src(text("123E4567-E89B-12D3-A456-426614174000"), c), u);  // the loader lowers it
  EXPECT_EQ(tgt("123e4567-e89b-12d3-a456-426614174000", c), u);
  EXPECT_EQ(tgt("123E4567-E89B-12D3-A456-426614174000", c),
            refused('x', "123E4567-E89B-12D3-A456-426614174000"));  // the targets spell it in lower case
  for (const char* bad : {"123e4567e89b12d3a456426614174000", "{123e4567-e89b-12d3-a456-426614174000}",
                          "123e4567-e89b-12d3-a456-42661417400g", "123e4567-e89b-12d3-a4564-26614174000", ""})
    EXPECT_FALSE(accepted(text(bad), c)) << bad;
  EXPECT_FALSE(accepted(blob(bytes), c));  // 16 raw bytes are not a UUID the loader reads
  EXPECT_FALSE(accepted(integer(1), c));
  EXPECT_EQ(display(u), "'123e4567-e89b-12d3-a456-426614174000'");
}

TEST(Canonical, ColumnCanonFromThePlanAndTheDialect) {
  ColumnPlan p;
  p.type.family = TypeFamily::Varchar;
  p.type.length = 20;
  p.not_null = true;
  p.rules.nfc = true;
  p.rules.temporal = TemporalSource::JulianDay;
  Dialect d;
  d.real_negative_zero = false;
  d.real_infinities = false;
  d.text_allows_nul = true;
  const ColumnCanon c = ColumnCanon::of(p, d);
  EXPECT_EQ(c.family, TypeFamily::Varchar);
  EXPECT_EQ(c.length, 20);
  EXPECT_TRUE(c.not_null);
  EXPECT_TRUE(c.rules.nfc);
  EXPECT_EQ(c.rules.temporal, TemporalSource::JulianDay);
  EXPECT_FALSE(c.negative_zero);
  EXPECT_FALSE(c.infinities);
  EXPECT_TRUE(c.text_allows_nul);
  p.type = TargetType{};
  p.type.family = TypeFamily::Decimal;
  p.type.precision = 10;
  p.type.scale = 2;
  EXPECT_EQ(ColumnCanon::of(p, d).precision, 10);
  EXPECT_EQ(ColumnCanon::of(p, d).scale, 2);
  p.type.family = TypeFamily::Json;
  p.type.json_parsed = true;
  EXPECT_TRUE(ColumnCanon::of(p, d).json_parsed);
  const ColumnCanon audit = ColumnCanon::of_family(TypeFamily::Real);
  EXPECT_EQ(audit.family, TypeFamily::Real);
  EXPECT_TRUE(audit.negative_zero);
  EXPECT_FALSE(audit.not_null);
}

TEST(Canonical, SplitRow) {
  std::string row;
  encode_source(integer(1), column(TypeFamily::Integer), row);
  encode_source(null_value(), column(TypeFamily::Text), row);
  encode_source(text(std::string(200, 'x')), column(TypeFamily::Text), row);
  encode_source(text("abc"), column(TypeFamily::Integer), row);
  const auto values = canon::split_row(row);
  ASSERT_EQ(values.size(), 4u);
  EXPECT_EQ(values[0], value8('i', 1));
  EXPECT_EQ(values[1], std::string("N\0", 2));
  EXPECT_EQ(values[2], value('t', std::string(200, 'x')));
  EXPECT_EQ(values[3], refused('t', "abc"));
  EXPECT_TRUE(canon::split_row("").empty());
  // A cut-off value comes back as one piece, which display() names.
  const auto cut = canon::split_row(value8('i', 1) +
                                    "t\x05"
                                    "ab");
  ASSERT_EQ(cut.size(), 2u);
  EXPECT_EQ(display(cut[1]), "(not a canonical value: x'74056162')");
}

TEST(Canonical, Hash128) {
  // xxhsum -H2 /dev/null
  EXPECT_EQ(canon::hash128("").hex(), "99aa06d3014798d86001c324468d497f");
  EXPECT_NE(canon::hash128("a"), canon::hash128("b"));
  EXPECT_EQ((canon::Hash128{1, 2}.hex()), "00000000000000020000000000000001");
  canon::Hash128 h{UINT64_MAX, 0};
  h += canon::Hash128{1, 0};
  EXPECT_EQ(h, (canon::Hash128{0, 1}));
  h -= canon::Hash128{1, 0};
  EXPECT_EQ(h, (canon::Hash128{UINT64_MAX, 0}));
  // An order-free multiset digest.
  canon::Hash128 ab, ba;
  ab += canon::hash128("a");
  ab += canon::hash128("b");
  ba += canon::hash128("b");
  ba += canon::hash128("a");
  EXPECT_EQ(ab, ba);
  ab -= canon::hash128("a");
  EXPECT_EQ(ab, canon::hash128("b"));
}
