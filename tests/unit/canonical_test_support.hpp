// Builders and helpers shared by the canonical encoding's tests
// (canonical_test.cpp) and its cross-check against the loader
// (canonical_crosscheck_test.cpp).
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "verify/canonical.hpp"

namespace canon_test {

using namespace litelift;
using canon::ColumnCanon;
using canon::encode_source;
using canon::encode_target;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

inline ValueRef null_value() {
  return ValueRef{};
}
inline ValueRef integer(int64_t v) {
  ValueRef r;
  r.cls = StorageClass::Integer;
  r.integer = v;
  return r;
}
inline ValueRef real(double v) {
  ValueRef r;
  r.cls = StorageClass::Real;
  r.real = v;
  return r;
}
inline ValueRef text(std::string_view s) {
  ValueRef r;
  r.cls = StorageClass::Text;
  r.bytes = s;
  return r;
}
inline ValueRef blob(std::string_view s) {
  ValueRef r;
  r.cls = StorageClass::Blob;
  r.bytes = s;
  return r;
}

inline ColumnCanon column(TypeFamily f) {
  return ColumnCanon::of_family(f);
}
inline ColumnCanon decimal_column(int precision, int scale) {
  ColumnCanon c = column(TypeFamily::Decimal);
  c.precision = precision;
  c.scale = scale;
  return c;
}
inline ColumnCanon temporal_column(TypeFamily f, TemporalSource s) {
  ColumnCanon c = column(f);
  c.rules.temporal = s;
  return c;
}
inline ColumnCanon json_column(bool parsed) {
  ColumnCanon c = column(TypeFamily::Json);
  c.json_parsed = parsed;
  return c;
}

// A canonical value spelled out by hand: tag, LEB128 length, payload.
inline std::string value(char tag, std::string_view payload) {
  std::string s(1, tag);
  size_t n = payload.size();
  do {
    s += static_cast<char>((n & 0x7F) | (n > 0x7F ? 0x80 : 0));
    n >>= 7;
  } while (n);
  return s.append(payload);
}
inline std::string le8(uint64_t v) {
  std::string s;
  for (int i = 0; i < 8; ++i) s += static_cast<char>(v >> (8 * i));
  return s;
}
inline std::string value8(char tag, uint64_t v) {
  return value(tag, le8(v));
}
inline uint64_t bits(double d) {
  uint64_t b;
  std::memcpy(&b, &d, sizeof b);
  return b;
}
inline std::string refused(char cls, std::string_view bytes) {
  return value('!', std::string(1, cls) + std::string(bytes));
}

inline std::string src(const ValueRef& v, const ColumnCanon& c) {
  std::string out;
  encode_source(v, c, out);
  return out;
}
inline bool accepted(const ValueRef& v, const ColumnCanon& c) {
  std::string out;
  return encode_source(v, c, out);
}
inline std::string tgt(std::optional<std::string_view> t, const ColumnCanon& c) {
  std::string out;
  encode_target(t, c, out);
  return out;
}

constexpr int64_t kDay = 86'400'000'000;
// 2024-01-31: 19753 days after 1970-01-01.
constexpr int64_t k20240131 = 19753;
constexpr int64_t k20240131T10 = k20240131 * kDay + 10 * 3'600'000'000LL;

}  // namespace canon_test
