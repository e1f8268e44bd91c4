// Pieces of the canonical encoding shared by verify/canonical.cpp,
// verify/canonical_display.cpp and verify/canonical_json.cpp. Internal to the verifier; like the rest of it,
// written apart from mapping/value_convert and friends.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace litelift::canon::detail {

// Unconvertible values: the storage class ('i', 'r', 't', 'b' from the
// source, 'n' for a NULL in a NOT NULL column; 'x' for a target's text)
// and its bytes.
inline constexpr char kTargetText = 'x';

// The loader's text for a real in a text or JSON column: std::to_chars's shortest.
std::string real_text(double d);

// The length of the well-formed UTF-8 sequence at s[i] (Unicode table 3-7),
// or 0 with `bad` set to the length of its maximal subpart (1 to 3 bytes).
size_t utf8_sequence(std::string_view s, size_t i, size_t& bad);

// An exact decimal number: (negative ? -1 : 1) * digits * 10^exponent, with
// `digits` free of leading and trailing zeros ("" for zero, which is never
// negative).
struct DecimalNumber {
  bool negative = false;
  std::string digits;
  int64_t exponent = 0;

  bool zero() const { return digits.empty(); }
  int64_t fraction_digits() const { return exponent < 0 ? -exponent : 0; }
  int64_t integer_digits() const {
    const int64_t n = static_cast<int64_t>(digits.size()) + exponent;
    return n > 0 ? n : 0;
  }
  // The power of ten of the leading digit (0 for zero).
  int64_t magnitude() const { return zero() ? 0 : static_cast<int64_t>(digits.size()) - 1 + exponent; }
};

// Normalizes a sign, the significant digits as written and the power of ten
// of their last digit.
DecimalNumber make_decimal(bool negative, std::string_view digits, int64_t exponent);

// The loader's decimal text: [+-] digits with an optional point (".5" and
// "5." too), then an optional exponent [eE][+-]digits whose value is within
// +-100000. Nothing else, no blanks.
bool parse_decimal_text(std::string_view s, DecimalNumber& out);

// The exact decimal value of a finite double's shortest round-trip text
// (std::to_chars: 0.1 -> 1e-1, not the binary expansion).
DecimalNumber decimal_of_double(double d);

// "-12.5", "0", "100", "0.001": no '+', no exponent, no needless zeros.
std::string plain_decimal(const DecimalNumber& d);

// What reading a JSON document found.
struct JsonFacts {
  bool duplicate_key = false;   // an object has a key twice (compared after unescaping)
  bool nul = false;             // a string or key holds U+0000
  bool beyond_double = false;   // a number beyond a double's range (MySQL 8's JSON refuses it)
  bool beyond_numeric = false;  // a number PostgreSQL's numeric cannot hold (jsonb refuses it)
};

// Reads one JSON document (RFC 8259: blanks around it, no byte-order mark,
// no comments, nothing after it; `text` is valid UTF-8). When `canonical`
// is given, appends the document re-written: no blanks, object keys sorted
// by their bytes with a repeated key keeping its last value, numbers as
// canonical decimals (in exponent form "<digits>e<n>" only when the plain
// form would be very long), strings with the shortest escapes.
bool read_json(std::string_view text, JsonFacts& facts, std::string* canonical);

// Dates and times: days and microseconds since 1970-01-01 00:00:00 UTC on the
// proleptic Gregorian calendar, years 0001 to 9999.
constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

int64_t days_from_civil(int year, int month, int day);
void civil_from_days(int64_t days, int& year, int& month, int& day);

// The source's ISO-8601 text as docs/types.md describes it: "YYYY-MM-DD",
// then optionally 'T' (or 't' or a space) and "HH:MM[:SS[.fraction]]" (any
// number of fraction digits, those past the sixth zeros), then optionally,
// after at most one space, 'Z' (or 'z') or "+HH", "+HHMM", "+HH:MM" (or '-',
// hours up to 15). The instant in UTC, within the years 0001 to 9999.
bool parse_source_timestamp(std::string_view s, int64_t& utc_micros);
// "HH:MM[:SS[.fraction]]", the same fraction rule.
bool parse_source_time(std::string_view s, int64_t& micros_of_day);

// How a number reads as an instant through a cast rule's "using"; false
// when outside the years 0001 to 9999 or not a number the rule reads.
bool micros_from_unix_seconds(bool is_integer, int64_t integer, double real, int64_t& micros);
bool micros_from_unix_millis(bool is_integer, int64_t integer, double real, int64_t& micros);
bool micros_from_julian_day(double julian_day, int64_t& micros);

// The targets' text: "2024-01-31"; "10:00:00[.ffffff]";
// "2024-01-31 10:00:00[.ffffff]", with "+HH[:MM[:SS]]" after it when
// `offset_allowed` (timestamptz).
bool parse_target_date(std::string_view s, int64_t& days);
bool parse_target_time(std::string_view s, int64_t& micros_of_day);
bool parse_target_timestamp(std::string_view s, bool offset_allowed, int64_t& utc_micros);

}  // namespace litelift::canon::detail
