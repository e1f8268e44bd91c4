// The verifier's canonical encoding against the loader's converters: for
// every column shape and value, the verifier expects a refusal exactly where
// the loader refuses, and otherwise the value the loader stores. Only this
// test reads the loader's converters: the verifier itself never does.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <set>

#include "canonical_test_support.hpp"
#include "mapping/value_convert.hpp"

using namespace litelift;
using namespace canon_test;
using canon::display;

// ---- Cross-check against the loader.
//
// For every column shape and every value below, encode_source must refuse
// exactly what the loader's converter refuses, and where both accept, the
// loader's value as a target prints it must read back (encode_target) to
// the same canonical bytes. Where the loader departs from docs/types.md the
// verifier follows the documentation; those cases are listed in
// kLoaderDivergences, and each must still diverge (so the list is dropped
// when the loader is fixed).

namespace {

std::string two(int v) {
  char b[8];
  std::snprintf(b, sizeof b, "%02d", v);
  return b;
}

std::string date_text(const DateTime& t) {
  char b[16];
  std::snprintf(b, sizeof b, "%04d-%02d-%02d", t.year, t.month, t.day);
  return b;
}

std::string clock_text(const DateTime& t) {
  char b[8];
  std::snprintf(b, sizeof b, "%06d", t.micros);
  return two(t.hour) + ":" + two(t.minute) + ":" + two(t.second) + "." + b;
}

// What the loader stores for `v`, spelled as a target reads it back, or
// nullopt when the loader refuses it.
std::optional<std::string> loader(const ValueRef& v, const ColumnCanon& c) {
  Outcome o;
  switch (c.family) {
    case TypeFamily::Integer: {
      int64_t i = 0;
      if (!to_integer(v, i, o)) return std::nullopt;
      return std::to_string(i);
    }
    case TypeFamily::Real: {
      double d = 0;
      if (!to_real(v, c.negative_zero, c.infinities, d, o)) return std::nullopt;
      if (std::isinf(d)) return d < 0 ? "-Infinity" : "Infinity";
      return format_double(d);
    }
    case TypeFamily::Decimal: {
      std::string out;
      if (!to_decimal(v, c.precision, c.scale, out, o)) return std::nullopt;
      return out;
    }
    case TypeFamily::Text:
    case TypeFamily::Varchar: {
      TextRules rules;
      rules.max_chars = c.family == TypeFamily::Varchar ? c.length : 0;
      rules.nul_allowed = c.text_allows_nul;
      rules.replace_invalid = c.rules.replace_invalid_utf8;
      rules.strip_nul = c.rules.strip_nul;
      rules.nfc = c.rules.nfc;
      std::string scratch;
      std::string_view out;
      if (!to_text(v, rules, scratch, out, o)) return std::nullopt;
      return std::string(out);
    }
    case TypeFamily::Blob: {
      std::string_view out;
      if (!to_blob(v, c.length, out, o)) return std::nullopt;
      return std::string(out);
    }
    case TypeFamily::Boolean: {
      bool b = false;
      if (!to_boolean(v, b, o)) return std::nullopt;
      return b ? "t" : "f";
    }
    case TypeFamily::Date: {
      int32_t days = 0;
      if (!to_date(v, c.rules.temporal, days, o)) return std::nullopt;
      return date_text(date_time_from_micros(int64_t{days} * litelift::kMicrosPerDay));
    }
    case TypeFamily::Time: {
      int64_t micros = 0;
      if (!to_time(v, micros, o)) return std::nullopt;
      return clock_text(date_time_from_micros(micros));
    }
    case TypeFamily::Timestamp:
    case TypeFamily::TimestampTz: {
      int64_t micros = 0;
      if (!to_timestamp(v, c.rules.temporal, micros, o)) return std::nullopt;
      const DateTime t = date_time_from_micros(micros);
      return date_text(t) + " " + clock_text(t) + (c.family == TypeFamily::TimestampTz ? "+00" : "");
    }
    case TypeFamily::Json: {
      std::string scratch;
      std::string_view out;
      if (!to_json(v, c.json_parsed, c.json_numbers, scratch, out, o)) return std::nullopt;
      return std::string(out);
    }
    case TypeFamily::Uuid: {
      unsigned char bytes[16];
      if (!to_uuid(v, bytes, o)) return std::nullopt;
      std::string s;
      for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
        s += "0123456789abcdef"[bytes[i] >> 4];
        s += "0123456789abcdef"[bytes[i] & 15];
      }
      return s;
    }
  }
  return std::nullopt;
}

struct Shape {
  std::string name;
  ColumnCanon canon;
};

std::vector<Shape> shapes() {
  std::vector<Shape> s;
  auto add = [&](std::string name, ColumnCanon c) { s.push_back({std::move(name), c}); };
  add("integer", column(TypeFamily::Integer));
  for (bool nz : {true, false})
    for (bool inf : {true, false}) {
      ColumnCanon c = column(TypeFamily::Real);
      c.negative_zero = nz;
      c.infinities = inf;
      add("real nz=" + std::to_string(nz) + " inf=" + std::to_string(inf), c);
    }
  for (auto [p, sc] : {std::pair{0, 0}, {5, 2}, {10, 0}, {65, 30}})
    add("decimal(" + std::to_string(p) + "," + std::to_string(sc) + ")", decimal_column(p, sc));
  for (int mask = 0; mask < 16; ++mask) {
    ColumnCanon c = column(TypeFamily::Text);
    c.rules.replace_invalid_utf8 = mask & 1;
    c.rules.strip_nul = mask & 2;
    c.rules.nfc = mask & 4;
    c.text_allows_nul = mask & 8;
    add("text rules=" + std::to_string(mask), c);
    c.family = TypeFamily::Varchar;
    c.length = 3;
    add("varchar(3) rules=" + std::to_string(mask), c);
  }
  add("blob", column(TypeFamily::Blob));
  ColumnCanon short_blob = column(TypeFamily::Blob);
  short_blob.length = 2;
  add("blob(2)", short_blob);
  add("boolean", column(TypeFamily::Boolean));
  add("time", column(TypeFamily::Time));
  for (auto [source, name] : {std::pair{TemporalSource::Iso, "iso"},
                              {TemporalSource::UnixSeconds, "epoch"},
                              {TemporalSource::UnixMillis, "epoch_ms"},
                              {TemporalSource::JulianDay, "julianday"}}) {
    add(std::string("date ") + name, temporal_column(TypeFamily::Date, source));
    add(std::string("timestamp ") + name, temporal_column(TypeFamily::Timestamp, source));
    add(std::string("timestamptz ") + name, temporal_column(TypeFamily::TimestampTz, source));
  }
  add("jsonb", json_column(true));
  ColumnCanon doubles = json_column(true);
  doubles.json_numbers = JsonNumbers::Double;
  add("mysql 8 json", doubles);
  add("json text", json_column(false));
  add("uuid", column(TypeFamily::Uuid));
  return s;
}

const std::vector<std::string>& cross_check_texts() {
  static const std::vector<std::string> texts = {"",
                                                 "a",
                                                 "abc",
                                                 "abcd",
                                                 "it's",
                                                 "42",
                                                 "-12",
                                                 "0",
                                                 "1",
                                                 "2",
                                                 "-0",
                                                 "007",
                                                 "12.50",
                                                 "1e2",
                                                 "1E-2",
                                                 "1e+-5",
                                                 ".5",
                                                 "5.",
                                                 "+5",
                                                 "-0.00",
                                                 "1e",
                                                 ".",
                                                 "-",
                                                 "1e100001",
                                                 "0x10",
                                                 " 1",
                                                 "1 ",
                                                 "NaN",
                                                 "inf",
                                                 "Infinity",
                                                 "true",
                                                 "T",
                                                 "YES",
                                                 "on",
                                                 "Off",
                                                 "n",
                                                 "tru",
                                                 "yes ",
                                                 "2024-01-31",
                                                 "2024-01-31T00:00:00Z",
                                                 "2024-01-31 02:00+02:00",
                                                 "2024-01-31T00:00:00+02:00",
                                                 "2024-01-31T10:00:00Z",
                                                 "2024-01-31t10:00:00z",
                                                 "2024-01-31 12:00:00 +02:00",
                                                 "2024-01-31T12:00:00+0200",
                                                 "2024-01-31T12:00:00+02",
                                                 "2024-01-31T04:30:00-05:30",
                                                 "2024-01-31 10:00:00+02:",
                                                 "2024-01-31 05:00:00+05:",
                                                 "2024-01-31 10:00+05:",
                                                 "2024-01-31 10:00+05:30",
                                                 "2024-01-31 10:00+05:3",
                                                 "2024-01-31 10:00:00 Z",
                                                 "2024-01-31 10:00:00  Z",
                                                 "2024-01-31 10:00:00+16:00",
                                                 "2024-01-31 10:00:00+020",
                                                 "2024-01-31 10:00:00.123456789",
                                                 "2024-01-31 10:00:00.1234560",
                                                 "2024-01-31 10:00:00.",
                                                 "2024-02-29",
                                                 "2023-02-29",
                                                 "2024-02-30",
                                                 "0000-01-01",
                                                 "0001-01-01",
                                                 "9999-12-31",
                                                 "9999-12-31T23:00:00-02:00",
                                                 "0001-01-01T00:00:00+01:00",
                                                 "0001-01-01T01:00:00+01:00",
                                                 "2024-01-31 10:00:00 ",
                                                 "2024-01-31 10",
                                                 "2024-01-31 24:00",
                                                 "2024-1-31",
                                                 "10:00",
                                                 "10:00:00",
                                                 "10:00:00.5",
                                                 "23:59:59.1234560",
                                                 "23:59:59.1234567",
                                                 "24:00:00",
                                                 "10:00:60",
                                                 "10:00:00Z",
                                                 "1:00",
                                                 "1706695200",
                                                 "+1706695200",
                                                 "-1706695200",
                                                 "+-5",
                                                 "++5",
                                                 "-+5",
                                                 "1e-+5",
                                                 "1e--5",
                                                 "1.7066952e9",
                                                 "1706695200123",
                                                 "1706695200123.5",
                                                 "1e-999",
                                                 "1e999",
                                                 "99999999999999999999",
                                                 "2460340.5",
                                                 "2440587.5",
                                                 "123e4567-e89b-12d3-a456-426614174000",
                                                 "123E4567-E89B-12D3-A456-426614174000",
                                                 "123e4567e89b12d3a456426614174000",
                                                 "123e4567-e89b-12d3-a456-42661417400g",
                                                 R"({"a":1})",
                                                 R"( { "b": [1, 2.50, true, null], "a":"x" } )",
                                                 R"({"a":1,"a":2})",
                                                 R"({"a":1,"\u0061":2})",
                                                 R"([{"a":1},{"a":2}])",
                                                 R"(["\u0000"])",
                                                 R"({"\u0000":1})",
                                                 R"("C:\\u0000")",
                                                 R"("C:\\\u0000")",
                                                 R"({"C:\\u0000":"\\\\u0000"})",
                                                 "1e400",
                                                 "[1e400]",
                                                 "1e309",
                                                 "1e-20000",
                                                 "0e-16384",
                                                 "0.0e-16382",
                                                 "1e131071",
                                                 "1e131072",
                                                 "0e1073741823",
                                                 "[1, 1e-16384]",
                                                 "-1e400",
                                                 "1e-400",
                                                 "1.7976931348623157e308",
                                                 "1.7976931348623159e308",
                                                 "123456789012345678901234567890",
                                                 R"({"a":1} x)",
                                                 "01",
                                                 "\xEF\xBB\xBF{}",
                                                 "[1,]",
                                                 "[1 2]",
                                                 R"("\ud800")",
                                                 R"("\ud83d\ude00")",
                                                 "{a:1}",
                                                 "\"a\tb\"",
                                                 "[]",
                                                 "{}",
                                                 "null",
                                                 "\"\"",
                                                 "a\xC3(b",
                                                 "\xE2\x82",
                                                 "\xE2\x82\xAC",
                                                 "\xF0\x80\x80",
                                                 "\xED\xA0\x80",
                                                 "\xF4\x90\x80\x80",
                                                 "\xC0\xAF",
                                                 "\xFF",
                                                 "\"\xC3(\"",
                                                 std::string("a\0b", 3),
                                                 std::string("\0", 1),
                                                 "e\xCC\x81",
                                                 "abe\xCC\x81",
                                                 "\xC3\xA4\xC3\xB6\xC3\xBC",
                                                 std::string("e\0\xCC\x81\xFF", 5),
                                                 std::string(70, 'x'),
                                                 "2024-01-31T10:00:00.5+01:00",
                                                 "2024-01-31 10:00 +05",
                                                 "2024-01-31 10:00:00+05:30:00",
                                                 "-0.0e-0",
                                                 "1E+2",
                                                 "1e0400",
                                                 "1e5",
                                                 "-.5",
                                                 "1.5e-3",
                                                 "5e",
                                                 "\"\\u00E9\"",
                                                 " [1, 2]\t\n\r",
                                                 "\f[]",
                                                 "[\"\x7F\"]",
                                                 std::string(100000, '[') + std::string(100000, ']'),
                                                 "{\"a\":{\"b\":1,\"b\":2}}",
                                                 "\"\\ud800\\u0041\""};
  return texts;
}

std::vector<ValueRef> cross_check_values() {
  std::vector<ValueRef> v;
  for (int64_t i : {int64_t{0},
                    int64_t{1},
                    int64_t{-1},
                    int64_t{2},
                    int64_t{42},
                    int64_t{1000},
                    int64_t{1234},
                    int64_t{86400},
                    int64_t{86401},
                    int64_t{19753},
                    int64_t{2440588},
                    int64_t{2460341},
                    int64_t{1706695200},
                    int64_t{1706695200123},
                    int64_t{-62135596800},
                    int64_t{-62135596801},
                    int64_t{253402300799},
                    int64_t{253402300800},
                    int64_t{300000000001},
                    int64_t{5373485},
                    int64_t{1} << 53,
                    (int64_t{1} << 53) + 1,
                    -(int64_t{1} << 53),
                    -(int64_t{1} << 53) - 1,
                    (int64_t{1} << 53) + 2,
                    INT64_MIN,
                    INT64_MAX})
    v.push_back(integer(i));
  for (double d : {0.0,
                   -0.0,
                   0.1,
                   0.5,
                   1.0,
                   -1.0,
                   1.5,
                   2.5,
                   12.5,
                   0.125,
                   299.99,
                   0.1 + 0.2,
                   1e-7,
                   5e-324,
                   1e20,
                   1e21,
                   1e300,
                   100000.0,
                   123456.0,
                   kInf,
                   -kInf,
                   kNaN,
                   9223372036854775808.0,
                   -9223372036854775808.0,
                   2440587.5,
                   2460340.5,
                   2460341.0,
                   1706695200.5,
                   1706695200123.0,
                   1706695200123.5,
                   1.0000005,
                   1706695200.0000004,
                   86400.0,
                   5373484.5,
                   2460340.5 + 0.0005 / 86400,
                   1e13,
                   1e14,
                   1.2345678901234567e19})
    v.push_back(real(d));
  for (const std::string& t : cross_check_texts()) v.push_back(text(t));
  for (std::string_view b : {std::string_view(""), std::string_view("\x00\xff", 2), std::string_view("abc"),
                             std::string_view("{}"), std::string_view("1"),
                             std::string_view("\x12\x3e\x45\x67\xe8\x9b\x12\xd3\xa4\x56\x42\x66\x14\x17\x40\x00", 16)})
    v.push_back(blob(b));
  return v;
}

// Where the loader departs from docs/types.md, and the verifier does not.
struct Divergence {
  const char* what;
  bool (*applies)(const ColumnCanon& c, std::string_view text, bool loader_stores);
};

// None left: the loader follows docs/types.md wherever the cases below reach.
const std::vector<Divergence>& loader_divergences() {
  static const std::vector<Divergence> d = {};
  return d;
}

}  // namespace

TEST(CanonicalCrossCheck, RefusesExactlyWhatTheLoaderRefusesAndAgreesOnTheRest) {
  const auto& divergences = loader_divergences();
  std::set<std::string> seen;
  size_t cases = 0, agreed_refusals = 0, agreed_values = 0;
  for (const Shape& shape : shapes()) {
    for (const ValueRef& v : cross_check_values()) {
      ++cases;
      std::string expected;
      const bool ok = encode_source(v, shape.canon, expected);
      const std::optional<std::string> stored = loader(v, shape.canon);
      const std::string what = shape.name + ": " + describe_value(v);
      if (ok != stored.has_value()) {
        const Divergence* known = nullptr;
        for (const Divergence& d : divergences)
          if (v.cls == StorageClass::Text && d.applies(shape.canon, v.bytes, stored.has_value())) known = &d;
        EXPECT_TRUE(known) << what
                           << (ok ? " the loader refuses it, the verifier expects "
                                  : " the loader stores it, the verifier expects a refusal ")
                           << display(expected);
        if (known) seen.insert(known->what);
        continue;
      }
      if (!ok) {
        ++agreed_refusals;
        EXPECT_EQ(expected[0], '!') << what;
        continue;
      }
      ++agreed_values;
      EXPECT_EQ(expected, tgt(*stored, shape.canon))
          << what << " expected " << display(expected) << ", the loader stored " << *stored;
    }
  }
  for (const Divergence& d : divergences) EXPECT_TRUE(seen.count(d.what)) << "no longer diverges: " << d.what;
  EXPECT_GT(cases, 10000u);
  EXPECT_GT(agreed_refusals, 3000u);
  EXPECT_GT(agreed_values, 1500u);
  std::printf("%zu cases: %zu values and %zu refusals agreed\n", cases, agreed_values, agreed_refusals);
}
