// The verifier's canonical value encoding: each value, from either side,
// becomes one byte string (a tag, a length, the bytes) that is equal on
// both sides exactly when the target holds what the run promised for the
// source value. The source side follows the run's mapping, cast rules and
// normalization policy; the target side reads the text the engine's
// TargetRowStream returns. Written apart from the load path (it shares no
// code with mapping/value_convert, mapping/temporal or the encoders), so
// that a conversion bug cannot verify itself. Pure and thread-safe.
//
// Canonical value: tag byte, length as a LEB128 varint, payload.
//   NULL          'N', length 0 (distinct from every value, the empty string included)
//   integer       'i', 8 bytes little-endian two's complement
//   real          'r', 8 bytes: the IEEE-754 bit pattern, little-endian (one NaN pattern)
//   decimal       'd', the shortest decimal text: "-12.5", "0", "100" (no '+', no exponent,
//                 no leading zeros, no trailing fraction zeros, no "-0")
//   text          't', the UTF-8 bytes
//   blob          'b', the bytes
//   boolean       'o', one byte 0 or 1
//   date          'D', 8 bytes: days since 1970-01-01, little-endian signed
//   time          'H', 8 bytes: microseconds since midnight
//   timestamp     'T', 8 bytes: microseconds since 1970-01-01 00:00:00 UTC (timestamptz too)
//   json          'j', when the target parses JSON (ColumnCanon::json_parsed): the document
//                 re-written: no blanks, object keys sorted by their bytes (a repeated key
//                 keeps its last value), numbers as canonical decimals ("<digits>e<n>" only
//                 when a digit would sit more than 1000 places from the point), strings with
//                 the shortest escapes (\" \\ \b \f \n \r \t, other controls \u00xx, all
//                 else as UTF-8); when the target keeps the text (MariaDB's JSON, PostgreSQL's
//                 json): the text exactly as written, blanks, key order and repeated keys included
//   uuid          'u', 16 bytes
//   unconvertible '!', the source value as the run would have refused it (storage class
//                 byte 'n', 'i', 'r', 't' or 'b' + its bytes, 8 little-endian for numbers),
//                 or a target's text that does not parse as the family ('x' + the text):
//                 never equal to a value, nor a source's to a target's
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mapping/dialect.hpp"
#include "mapping/row_batch.hpp"
#include "mapping/target_plan.hpp"

namespace litelift::canon {

// What decides a column's canonical form, from the plan and the dialect.
struct ColumnCanon {
  TypeFamily family = TypeFamily::Text;
  int length = 0;     // Varchar: characters; Blob: bytes (0 = unbounded)
  int precision = 0;  // Decimal
  int scale = 0;
  bool json_parsed = false;  // the target keeps a parsed JSON form (duplicate keys collapse, last wins)
  // How that parsed form holds numbers (the dialect's).
  JsonNumbers json_numbers = JsonNumbers::Numeric;
  ValueRules rules;              // temporal source, invalid-UTF-8 replace, NUL strip, NFC
  bool negative_zero = true;     // the target keeps -0.0 (else -0.0 is expected as 0)
  bool infinities = true;        // the target stores +-infinity (else they are refused)
  bool text_allows_nul = false;  // the target stores U+0000 in text (else refused or stripped)
  bool not_null = false;         // the target column is NOT NULL (a SQLite primary key may hold NULL)

  static ColumnCanon of(const ColumnPlan& column, const Dialect& dialect);
  // For a target-only audit, from the catalog: no source rules apply.
  static ColumnCanon of_family(TypeFamily family);
};

// Appends the canonical form of a SQLite value as the run should have
// stored it. Returns false, after appending an 'unconvertible' value, when
// the run would have refused the value (its row is then expected in the
// reject file, or missing).
bool encode_source(const ValueRef& value, const ColumnCanon& column, std::string& out);

// Appends the canonical form of a value read back from the target
// (TargetRowStream's text; nullopt is NULL). Text that does not parse as
// the family gives an 'unconvertible' value holding the text.
void encode_target(std::optional<std::string_view> text, const ColumnCanon& column, std::string& out);

// The values of a canonical row (concatenated canonical values), in order.
std::vector<std::string_view> split_row(std::string_view row);

// One canonical value rendered for people, as a SQL literal would show it:
// NULL, 42, 0.1, 12.50 -> 12.5, 'it''s', x'00ff', true, '2024-01-31',
// '2024-01-31 10:00:00.000001', '{"a":1}', '...uuid...',
// and for unconvertible values: "unconvertible 'abc' (text)". Long values
// are cut at 60 characters with "... (N bytes)".
std::string display(std::string_view canonical_value);

// xxHash3-128 of a byte string, as two 64-bit halves.
struct Hash128 {
  uint64_t low = 0;
  uint64_t high = 0;
  bool operator==(const Hash128&) const = default;
  auto operator<=>(const Hash128&) const = default;
  Hash128& operator+=(const Hash128& o);  // 128-bit addition: an order-free multiset digest
  Hash128& operator-=(const Hash128& o);
  std::string hex() const;  // 32 lowercase hex digits, high half first
};
Hash128 hash128(std::string_view bytes);

}  // namespace litelift::canon
