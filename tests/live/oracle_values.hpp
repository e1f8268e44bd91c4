// Canonical forms for the live-test oracle. A source value (SQLite storage
// class + bytes) and the text a target server returns are each turned into
// one string per target type family; equal strings mean equal values. The
// code is written for the tests alone and shares nothing with mapping/, so a
// conversion bug in litelift cannot verify itself.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace live::oracle {

// Chosen from the target column's catalog type, never from the SQLite declared type.
enum class Family { Integer, Boolean, Double, Decimal, Text, Blob, Date, Timestamp, Time, Json, Uuid };

// A value as SQLite stores it. `type` is SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB or SQLITE_NULL.
struct SourceValue {
  int type = 5;
  int64_t i = 0;
  double d = 0;
  std::string bytes;  // text or blob bytes
};

struct ReadRules {
  std::string temporal;  // "", "epoch", "epoch_ms" or "julianday": how a number in a date/time column reads
  bool replace_invalid_utf8 = false;
  bool strip_nul = false;
  bool nfc = false;
  bool mysql = false;  // MariaDB has no negative zero: -0.0 is expected back as 0
};

// The canonical form the target must hold for `v`, or nullopt when the value
// has no reading in `family` (then it must have been rejected). NULL is the
// caller's business.
std::optional<std::string> expected(Family family, const SourceValue& v, const ReadRules& rules);
// The canonical form of what the target returned (see target_expression in
// oracle_compare.cpp for how each family is read). Text that does not parse
// is kept as is, prefixed with '!', so it can never equal an expected value.
std::string observed(Family family, const std::string& target_text);

// Building blocks, exposed for the oracle's own offline tests.
std::string hexfloat(double d);           // "%a": exact bits
std::string shortest(double d);           // shortest round-trip text (std::to_chars)
std::string hex(std::string_view bytes);  // lowercase
// "-00012.3400e1" -> "-123.4"; nullopt when not a decimal literal.
std::optional<std::string> canonical_decimal(std::string_view literal);
std::string replace_invalid_utf8(std::string_view s);  // U+FFFD per maximal subpart
std::string to_nfc(std::string_view s);
std::optional<std::string> canonical_json(std::string_view text);
// Microseconds since 1970-01-01 00:00 UTC of an ISO-8601 date or date-time;
// `has_time` tells whether a time part was present.
std::optional<int64_t> parse_iso_micros(std::string_view s, bool* has_time = nullptr);
std::optional<int64_t> temporal_number_micros(const SourceValue& v, std::string_view how);
std::optional<std::string> format_micros(int64_t micros, Family family);  // Date, Timestamp or Time
// Control characters and bytes that are not UTF-8 as \xNN, long values cut: for messages.
std::string printable(std::string_view s);

}  // namespace live::oracle
