#include "verify/canonical.hpp"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <xxhash.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "verify/canonical_detail.hpp"

namespace litelift::canon {

namespace {

using detail::DecimalNumber;
using detail::kMicrosPerDay;
using detail::kTargetText;
using detail::real_text;
using detail::utf8_sequence;

// ---- Framing: tag, LEB128 length, payload.

void put_value(std::string& out, char tag, std::string_view payload) {
  out += tag;
  uint64_t n = payload.size();
  do {
    const auto byte = static_cast<unsigned char>(n & 0x7F);
    n >>= 7;
    out += static_cast<char>(n ? byte | 0x80 : byte);
  } while (n);
  out += payload;
}

void put_u64(std::string& out, char tag, uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (8 * i));
  put_value(out, tag, std::string_view(b, 8));
}

void put_real(std::string& out, double d) {
  uint64_t bits = 0x7FF8000000000000ULL;  // the one NaN
  if (!std::isnan(d)) std::memcpy(&bits, &d, sizeof bits);
  put_u64(out, 'r', bits);
}

bool put_refused(const ValueRef& v, std::string& out) {
  std::string payload;
  switch (v.cls) {
    case StorageClass::Integer:
    case StorageClass::Real: {
      uint64_t bits = static_cast<uint64_t>(v.integer);
      if (v.cls == StorageClass::Real) std::memcpy(&bits, &v.real, sizeof bits);
      payload += v.cls == StorageClass::Integer ? 'i' : 'r';
      for (int i = 0; i < 8; ++i) payload += static_cast<char>(bits >> (8 * i));
      break;
    }
    case StorageClass::Text:
    case StorageClass::Blob:
      payload += v.cls == StorageClass::Text ? 't' : 'b';
      payload += v.bytes;
      break;
    case StorageClass::Null:
      payload += 'n';
      break;
  }
  put_value(out, '!', payload);
  return false;
}

void put_unreadable(std::string_view text, std::string& out) {
  std::string payload(1, kTargetText);
  payload += text;
  put_value(out, '!', payload);
}

// ---- Numbers.

// The loader's text for a number in a text or JSON column.
std::string integer_text(int64_t i) {
  char buf[24];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, i).ptr);
}

constexpr double kTwoTo63 = 9223372036854775808.0;
constexpr int64_t kTwoTo53 = int64_t{1} << 53;

bool source_integer(const ValueRef& v, std::string& out) {
  if (v.cls == StorageClass::Integer) {
    put_u64(out, 'i', static_cast<uint64_t>(v.integer));
    return true;
  }
  // A real only with an integral value in range (-0.0 is 0).
  if (v.cls == StorageClass::Real && std::isfinite(v.real) && std::floor(v.real) == v.real && v.real >= -kTwoTo63 &&
      v.real < kTwoTo63) {
    put_u64(out, 'i', static_cast<uint64_t>(static_cast<int64_t>(v.real)));
    return true;
  }
  return put_refused(v, out);
}

bool source_real(const ValueRef& v, const ColumnCanon& c, std::string& out) {
  if (v.cls == StorageClass::Integer) {
    // Only integers within +-2^53, where every integer is exact.
    if (v.integer < -kTwoTo53 || v.integer > kTwoTo53) return put_refused(v, out);
    put_real(out, static_cast<double>(v.integer));
    return true;
  }
  if (v.cls != StorageClass::Real || std::isnan(v.real) || (std::isinf(v.real) && !c.infinities))
    return put_refused(v, out);
  put_real(out, v.real == 0 && !c.negative_zero ? 0.0 : v.real);
  return true;
}

// A value as an exact decimal; false when it has none.
bool decimal_of(const ValueRef& v, DecimalNumber& d) {
  switch (v.cls) {
    case StorageClass::Integer: {
      // The magnitude as unsigned: INT64_MIN has no positive counterpart.
      const uint64_t m = v.integer < 0 ? 0 - static_cast<uint64_t>(v.integer) : static_cast<uint64_t>(v.integer);
      char buf[24];
      const auto r = std::to_chars(buf, buf + sizeof buf, m);
      d = detail::make_decimal(v.integer < 0, std::string_view(buf, static_cast<size_t>(r.ptr - buf)), 0);
      return true;
    }
    case StorageClass::Real:
      if (!std::isfinite(v.real)) return false;
      d = detail::decimal_of_double(v.real);
      return true;
    case StorageClass::Text:
      return detail::parse_decimal_text(v.bytes, d);
    default:
      return false;
  }
}

bool source_decimal(const ValueRef& v, const ColumnCanon& c, std::string& out) {
  DecimalNumber d;
  if (!decimal_of(v, d)) return put_refused(v, out);
  // A constrained column refuses what it would round or cannot hold.
  if (c.precision > 0 && (d.fraction_digits() > c.scale || d.integer_digits() > c.precision - c.scale))
    return put_refused(v, out);
  put_value(out, 'd', detail::plain_decimal(d));
  return true;
}

// ---- Text.

bool utf8_valid(std::string_view s) {
  size_t bad = 0;
  for (size_t i = 0; i < s.size();) {
    const size_t n = utf8_sequence(s, i, bad);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

// Each maximal invalid subpart becomes U+FFFD.
std::string replace_invalid(std::string_view s) {
  std::string out;
  size_t bad = 0;
  for (size_t i = 0; i < s.size();) {
    const size_t n = utf8_sequence(s, i, bad);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      i += bad;
    } else {
      out.append(s, i, n);
      i += n;
    }
  }
  return out;
}

size_t code_points(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool nfc(std::string_view s, std::string& out) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return false;
  out.clear();
  icu::StringByteSink<std::string> sink(&out);
  n->normalizeUTF8(0, icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), sink, nullptr, status);
  return U_SUCCESS(status);
}

bool source_text(const ValueRef& v, const ColumnCanon& c, std::string& out) {
  std::string t;
  switch (v.cls) {
    case StorageClass::Text:
      t.assign(v.bytes);
      break;
    case StorageClass::Integer:
      t = integer_text(v.integer);
      break;
    case StorageClass::Real:
      t = real_text(v.real);
      break;
    default:
      return put_refused(v, out);
  }
  if (!utf8_valid(t)) {
    if (!c.rules.replace_invalid_utf8) return put_refused(v, out);
    t = replace_invalid(t);
  }
  if (!c.text_allows_nul && t.find('\0') != std::string::npos) {
    if (!c.rules.strip_nul) return put_refused(v, out);
    std::erase(t, '\0');
  }
  if (c.rules.nfc) {
    std::string normalized;
    if (!nfc(t, normalized)) return put_refused(v, out);
    t = std::move(normalized);
  }
  if (c.family == TypeFamily::Varchar && c.length > 0 && code_points(t) > static_cast<size_t>(c.length))
    return put_refused(v, out);
  put_value(out, 't', t);
  return true;
}

bool source_blob(const ValueRef& v, const ColumnCanon& c, std::string& out) {
  if (v.cls != StorageClass::Text && v.cls != StorageClass::Blob) return put_refused(v, out);
  if (c.length > 0 && v.bytes.size() > static_cast<size_t>(c.length)) return put_refused(v, out);
  put_value(out, 'b', v.bytes);
  return true;
}

// ---- Booleans.

bool source_boolean(const ValueRef& v, std::string& out) {
  int b = -1;
  if (v.cls == StorageClass::Integer && (v.integer == 0 || v.integer == 1)) b = static_cast<int>(v.integer);
  if (v.cls == StorageClass::Real && (v.real == 0.0 || v.real == 1.0)) b = v.real == 1.0;
  if (v.cls == StorageClass::Text && v.bytes.size() <= 5) {
    std::string t;
    for (char ch : v.bytes) t += ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + ('a' - 'A')) : ch;
    for (const char* word : {"1", "t", "true", "y", "yes", "on"})
      if (t == word) b = 1;
    for (const char* word : {"0", "f", "false", "n", "no", "off"})
      if (t == word) b = 0;
  }
  if (b < 0) return put_refused(v, out);
  put_value(out, 'o', std::string(1, static_cast<char>(b)));
  return true;
}

// ---- Dates and times.

// "[+-]digits[.digits][e[+-]digits]" (or ".digits..."): a number written as
// text, which a column read through "using" reads as a number.
bool numeric_text(std::string_view t, bool& is_integer, int64_t& integer, double& real) {
  if (!t.empty() && t[0] == '+') {
    t.remove_prefix(1);
    if (!t.empty() && t[0] == '-') return false;  // "+-5" is not a number
  }
  const auto ri = std::from_chars(t.data(), t.data() + t.size(), integer);
  if (ri.ec == std::errc() && ri.ptr == t.data() + t.size()) {
    is_integer = true;
    return true;
  }
  // Only the characters a decimal number is written with: no "inf", "nan", hex.
  if (t.empty() || t.find_first_not_of("+-0123456789.eE") != std::string_view::npos) return false;
  const auto rr = std::from_chars(t.data(), t.data() + t.size(), real, std::chars_format::general);
  if (rr.ec != std::errc() || rr.ptr != t.data() + t.size()) return false;
  is_integer = false;
  return true;
}

bool number_instant(bool is_integer, int64_t integer, double real, TemporalSource source, int64_t& micros) {
  switch (source) {
    case TemporalSource::UnixSeconds:
      return detail::micros_from_unix_seconds(is_integer, integer, real, micros);
    case TemporalSource::UnixMillis:
      return detail::micros_from_unix_millis(is_integer, integer, real, micros);
    case TemporalSource::JulianDay:
      return detail::micros_from_julian_day(is_integer ? static_cast<double>(integer) : real, micros);
    case TemporalSource::Iso:
      break;
  }
  return false;
}

// The instant a date or date-time value stands for, in UTC.
bool source_instant(const ValueRef& v, TemporalSource source, int64_t& micros) {
  if (source != TemporalSource::Iso) {
    if (v.cls == StorageClass::Integer || v.cls == StorageClass::Real)
      return number_instant(v.cls == StorageClass::Integer, v.integer, v.real, source, micros);
    bool is_integer = false;
    int64_t integer = 0;
    double real = 0;
    if (v.cls == StorageClass::Text && numeric_text(v.bytes, is_integer, integer, real))
      return number_instant(is_integer, integer, real, source, micros);
    // ISO text is read in such a column too.
  }
  return v.cls == StorageClass::Text && detail::parse_source_timestamp(v.bytes, micros);
}

bool source_date(const ValueRef& v, const ColumnCanon& c, std::string& out) {
  int64_t micros = 0;
  // A time of day other than midnight (in UTC) would be lost.
  if (!source_instant(v, c.rules.temporal, micros) || micros % kMicrosPerDay != 0) return put_refused(v, out);
  put_u64(out, 'D', static_cast<uint64_t>(micros / kMicrosPerDay));
  return true;
}

bool source_time(const ValueRef& v, std::string& out) {
  int64_t micros = 0;
  if (v.cls != StorageClass::Text || !detail::parse_source_time(v.bytes, micros)) return put_refused(v, out);
  put_u64(out, 'H', static_cast<uint64_t>(micros));
  return true;
}

bool source_timestamp(const ValueRef& v, const ColumnCanon& c, std::string& out) {
  int64_t micros = 0;
  if (!source_instant(v, c.rules.temporal, micros)) return put_refused(v, out);
  put_u64(out, 'T', static_cast<uint64_t>(micros));
  return true;
}

// ---- JSON and UUIDs.

// A JSON value: canonical when the target parses JSON, else the text as
// the target keeps it (a target that keeps the text is compared byte for byte).
bool source_json(const ValueRef& v, const ColumnCanon& c, std::string& out) {
  std::string text;
  switch (v.cls) {
    case StorageClass::Integer:
      text = integer_text(v.integer);
      break;
    case StorageClass::Real:
      if (!std::isfinite(v.real)) return put_refused(v, out);
      text = real_text(v.real);
      break;
    case StorageClass::Text:
      if (!utf8_valid(v.bytes)) return put_refused(v, out);
      text.assign(v.bytes);
      break;
    default:
      return put_refused(v, out);
  }
  detail::JsonFacts facts;
  std::string canonical;
  if (!detail::read_json(text, facts, c.json_parsed ? &canonical : nullptr)) return put_refused(v, out);
  // A parsed form keeps one of a repeated key, cannot hold U+0000, and holds
  // numbers as numeric (jsonb) or doubles (MySQL 8); a kept text holds any number.
  const bool beyond = c.json_numbers == JsonNumbers::Double ? facts.beyond_double : facts.beyond_numeric;
  if (c.json_parsed && (facts.duplicate_key || facts.nul || beyond)) return put_refused(v, out);
  put_value(out, 'j', c.json_parsed ? canonical : text);
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// 8-4-4-4-12 hexadecimal digits; upper case too unless `lower_only`.
bool uuid_bytes(std::string_view s, bool lower_only, std::string& bytes) {
  if (s.size() != 36) return false;
  bytes.clear();
  int high = -1;
  for (size_t i = 0; i < 36; ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
      continue;
    }
    const int h = hex_value(s[i]);
    if (h < 0 || (lower_only && s[i] >= 'A' && s[i] <= 'F')) return false;
    if (high < 0) {
      high = h;
    } else {
      bytes += static_cast<char>(high * 16 + h);
      high = -1;
    }
  }
  return true;
}

bool source_uuid(const ValueRef& v, std::string& out) {
  std::string bytes;
  if (v.cls != StorageClass::Text || !uuid_bytes(v.bytes, /*lower_only=*/false, bytes)) return put_refused(v, out);
  put_value(out, 'u', bytes);
  return true;
}

// ---- The target's text.

bool target_value(std::string_view t, const ColumnCanon& c, std::string& out) {
  switch (c.family) {
    case TypeFamily::Integer: {
      int64_t i = 0;
      const auto r = std::from_chars(t.data(), t.data() + t.size(), i);
      if (t.empty() || r.ec != std::errc() || r.ptr != t.data() + t.size()) return false;
      put_u64(out, 'i', static_cast<uint64_t>(i));
      return true;
    }
    case TypeFamily::Real: {
      double d = 0;
      const auto r = std::from_chars(t.data(), t.data() + t.size(), d, std::chars_format::general);
      if (t.empty() || r.ec != std::errc() || r.ptr != t.data() + t.size()) return false;
      put_real(out, d);
      return true;
    }
    case TypeFamily::Decimal: {
      DecimalNumber d;
      if (!detail::parse_decimal_text(t, d)) return false;
      put_value(out, 'd', detail::plain_decimal(d));
      return true;
    }
    case TypeFamily::Text:
    case TypeFamily::Varchar:
      put_value(out, 't', t);
      return true;
    case TypeFamily::Blob:
      put_value(out, 'b', t);
      return true;
    case TypeFamily::Boolean:
      if (t != "t" && t != "f" && t != "1" && t != "0") return false;
      put_value(out, 'o', std::string(1, static_cast<char>(t == "t" || t == "1")));
      return true;
    case TypeFamily::Date: {
      int64_t days = 0;
      if (!detail::parse_target_date(t, days)) return false;
      put_u64(out, 'D', static_cast<uint64_t>(days));
      return true;
    }
    case TypeFamily::Time: {
      int64_t micros = 0;
      if (!detail::parse_target_time(t, micros)) return false;
      put_u64(out, 'H', static_cast<uint64_t>(micros));
      return true;
    }
    case TypeFamily::Timestamp:
    case TypeFamily::TimestampTz: {
      int64_t micros = 0;
      if (!detail::parse_target_timestamp(t, c.family == TypeFamily::TimestampTz, micros)) return false;
      put_u64(out, 'T', static_cast<uint64_t>(micros));
      return true;
    }
    case TypeFamily::Json: {
      detail::JsonFacts facts;
      std::string canonical;
      if (!utf8_valid(t) || !detail::read_json(t, facts, c.json_parsed ? &canonical : nullptr)) return false;
      put_value(out, 'j', c.json_parsed ? std::string_view(canonical) : t);
      return true;
    }
    case TypeFamily::Uuid: {
      // The targets spell UUIDs in lower case; the loader lowers them.
      std::string bytes;
      if (!uuid_bytes(t, /*lower_only=*/true, bytes)) return false;
      put_value(out, 'u', bytes);
      return true;
    }
  }
  return false;
}

}  // namespace

ColumnCanon ColumnCanon::of(const ColumnPlan& column, const Dialect& dialect) {
  ColumnCanon c;
  c.family = column.type.family;
  c.length =
      column.type.family == TypeFamily::Varchar || column.type.family == TypeFamily::Blob ? column.type.length : 0;
  c.precision = column.type.precision;
  c.scale = column.type.scale;
  c.json_parsed = column.type.json_parsed;
  c.json_numbers = dialect.json_numbers;
  c.rules = column.rules;
  c.negative_zero = dialect.real_negative_zero;
  c.infinities = dialect.real_infinities;
  c.text_allows_nul = dialect.text_allows_nul;
  c.not_null = column.not_null;
  return c;
}

ColumnCanon ColumnCanon::of_family(TypeFamily family) {
  ColumnCanon c;
  c.family = family;
  return c;
}

bool encode_source(const ValueRef& value, const ColumnCanon& column, std::string& out) {
  if (value.cls == StorageClass::Null) {
    if (column.not_null) return put_refused(value, out);
    put_value(out, 'N', {});
    return true;
  }
  switch (column.family) {
    case TypeFamily::Integer:
      return source_integer(value, out);
    case TypeFamily::Real:
      return source_real(value, column, out);
    case TypeFamily::Decimal:
      return source_decimal(value, column, out);
    case TypeFamily::Text:
    case TypeFamily::Varchar:
      return source_text(value, column, out);
    case TypeFamily::Blob:
      return source_blob(value, column, out);
    case TypeFamily::Boolean:
      return source_boolean(value, out);
    case TypeFamily::Date:
      return source_date(value, column, out);
    case TypeFamily::Time:
      return source_time(value, out);
    case TypeFamily::Timestamp:
    case TypeFamily::TimestampTz:
      return source_timestamp(value, column, out);
    case TypeFamily::Json:
      return source_json(value, column, out);
    case TypeFamily::Uuid:
      return source_uuid(value, out);
  }
  return put_refused(value, out);
}

void encode_target(std::optional<std::string_view> text, const ColumnCanon& column, std::string& out) {
  if (!text) {
    put_value(out, 'N', {});
    return;
  }
  const size_t mark = out.size();
  if (!target_value(*text, column, out)) {
    out.resize(mark);
    put_unreadable(*text, out);
  }
}

std::vector<std::string_view> split_row(std::string_view row) {
  std::vector<std::string_view> values;
  size_t p = 0;
  while (p < row.size()) {
    size_t q = p + 1;
    uint64_t length = 0;
    bool more = true;
    for (int shift = 0; more && q < row.size() && shift < 64; shift += 7, ++q) {
      const auto byte = static_cast<unsigned char>(row[q]);
      length |= uint64_t{byte & 0x7Fu} << shift;
      more = (byte & 0x80) != 0;
    }
    if (more || length > row.size() - q) {  // malformed: the rest as one value
      values.push_back(row.substr(p));
      break;
    }
    const size_t end = q + static_cast<size_t>(length);
    values.push_back(row.substr(p, end - p));
    p = end;
  }
  return values;
}

Hash128& Hash128::operator+=(const Hash128& o) {
  const uint64_t before = low;
  low += o.low;
  high += o.high + (low < before);
  return *this;
}

Hash128& Hash128::operator-=(const Hash128& o) {
  const uint64_t before = low;
  low -= o.low;
  high -= o.high + (low > before);
  return *this;
}

std::string Hash128::hex() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s(32, '0');
  for (int i = 0; i < 16; ++i) {
    s[static_cast<size_t>(15 - i)] = kHex[(high >> (4 * i)) & 15];
    s[static_cast<size_t>(31 - i)] = kHex[(low >> (4 * i)) & 15];
  }
  return s;
}

Hash128 hash128(std::string_view bytes) {
  const XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
  return Hash128{h.low64, h.high64};
}

namespace detail {

std::string real_text(double d) {
  char buf[64];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, d).ptr);
}

size_t utf8_sequence(std::string_view s, size_t i, size_t& bad) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char lead = b(0);
  bad = 1;
  if (lead < 0x80) return 1;
  size_t need = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    need = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    need = 2;
    if (lead == 0xE0) lo = 0xA0;  // no overlong forms
    if (lead == 0xED) hi = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    need = 3;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;  // nothing past U+10FFFF
  } else {
    return 0;
  }
  for (size_t k = 1; k <= need; ++k) {
    if (i + k >= s.size()) return 0;
    const unsigned char c = b(k);
    if (k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF)) return 0;
    bad = k + 1;
  }
  return need + 1;
}

}  // namespace detail

}  // namespace litelift::canon
