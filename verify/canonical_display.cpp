// The canonical values rendered for people (canon::display), for the
// verifier's reports: SQL-literal-like text, cut at 60 characters.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "verify/canonical.hpp"
#include "verify/canonical_detail.hpp"

namespace litelift::canon {

namespace {

using detail::kMicrosPerDay;
using detail::kTargetText;
using detail::real_text;
using detail::utf8_sequence;

uint64_t read_u64(std::string_view payload) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8 && i < payload.size(); ++i) v |= uint64_t{static_cast<unsigned char>(payload[i])} << (8 * i);
  return v;
}

// ---- Display.

// The tag's payload, when `value` is exactly one well-formed canonical value.
bool open_value(std::string_view value, std::string_view& payload) {
  if (value.empty()) return false;
  uint64_t length = 0;
  size_t q = 1;
  for (int shift = 0;; shift += 7, ++q) {
    if (q >= value.size() || shift >= 64) return false;
    const auto byte = static_cast<unsigned char>(value[q]);
    length |= uint64_t{byte & 0x7Fu} << shift;
    if (!(byte & 0x80)) break;
  }
  ++q;
  if (length != value.size() - q) return false;
  payload = value.substr(q);
  const char tag = value[0];
  const bool eight = tag == 'i' || tag == 'r' || tag == 'D' || tag == 'H' || tag == 'T';
  return !(eight && length != 8) && !(tag == 'o' && length != 1) && !(tag == 'u' && length != 16);
}

// Cut at 60 characters, saying how long the value was.
std::string cut(std::string rendered, size_t payload_bytes) {
  size_t chars = 0;
  for (size_t i = 0; i < rendered.size(); ++i) {
    if ((static_cast<unsigned char>(rendered[i]) & 0xC0) == 0x80) continue;
    if (++chars > 60) {
      rendered.resize(i);
      return rendered + "... (" + std::to_string(payload_bytes) + " bytes)";
    }
  }
  return rendered;
}

// 'text' with quotes doubled, control characters and bytes that are not
// UTF-8 as \xNN.
std::string quoted(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "'";
  size_t bad = 0;
  for (size_t i = 0; i < s.size();) {
    const size_t n = utf8_sequence(s, i, bad);
    const auto c = static_cast<unsigned char>(s[i]);
    if (n == 0 || c < 0x20 || c == 0x7F) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
      ++i;
    } else if (c == '\'') {
      out += "''";
      ++i;
    } else {
      out.append(s, i, n);
      i += n;
    }
  }
  return out + "'";
}

std::string blob_literal(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "x'";
  for (char ch : s) {
    out += kHex[static_cast<unsigned char>(ch) >> 4];
    out += kHex[static_cast<unsigned char>(ch) & 15];
  }
  return out + "'";
}

std::string real_display(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d < 0 ? "-Infinity" : "Infinity";
  return real_text(d);
}

std::string date_text(int64_t days) {
  if (days < detail::days_from_civil(1, 1, 1) || days > detail::days_from_civil(9999, 12, 31))
    return "day " + std::to_string(days) + " since 1970-01-01";
  int y = 0, m = 0, d = 0;
  detail::civil_from_days(days, y, m, d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::string clock_text(int64_t micros) {
  if (micros < 0 || micros >= kMicrosPerDay) return std::to_string(micros) + " microseconds";
  const int64_t seconds = micros / detail::kMicrosPerSecond;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", static_cast<int>(seconds / 3600),
                static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
  std::string s = buf;
  if (const int64_t fraction = micros % detail::kMicrosPerSecond) {
    std::snprintf(buf, sizeof buf, ".%06d", static_cast<int>(fraction));
    s += buf;
  }
  return s;
}

}  // namespace

std::string display(std::string_view value) {
  std::string_view payload;
  const char tag = open_value(value, payload) ? value[0] : '?';
  switch (tag) {
    case 'N':
      return "NULL";
    case '!': {
      if (payload.empty()) break;
      const char cls = payload[0];
      const std::string_view bytes = payload.substr(1);
      switch (cls) {
        case 'i':
          return "unconvertible " + std::to_string(static_cast<int64_t>(read_u64(bytes))) + " (integer)";
        case 'r': {
          double d = 0;
          const uint64_t bits = read_u64(bytes);
          std::memcpy(&d, &bits, sizeof d);
          return "unconvertible " + real_display(d) + " (real)";
        }
        case 't':
          return "unconvertible " + cut(quoted(bytes), bytes.size()) + " (text)";
        case 'b':
          return "unconvertible " + cut(blob_literal(bytes), bytes.size()) + " (blob)";
        case 'n':
          return "unconvertible NULL (NOT NULL column)";
        case kTargetText:
          return "unconvertible " + cut(quoted(bytes), bytes.size()) + " (as the target returned it)";
      }
      break;
    }
    case 'i':
      return std::to_string(static_cast<int64_t>(read_u64(payload)));
    case 'r': {
      double d = 0;
      const uint64_t bits = read_u64(payload);
      std::memcpy(&d, &bits, sizeof d);
      return real_display(d);
    }
    case 'd':
      return cut(std::string(payload), payload.size());
    case 't':
    case 'j':
      return cut(quoted(payload), payload.size());
    case 'b':
      return cut(blob_literal(payload), payload.size());
    case 'o':
      return payload == std::string_view("\1", 1) ? "true" : "false";
    case 'D':
      return "'" + date_text(static_cast<int64_t>(read_u64(payload))) + "'";
    case 'H':
      return "'" + clock_text(static_cast<int64_t>(read_u64(payload))) + "'";
    case 'T': {
      const auto micros = static_cast<int64_t>(read_u64(payload));
      int64_t days = micros / kMicrosPerDay;
      if (micros % kMicrosPerDay < 0) --days;
      return "'" + date_text(days) + " " + clock_text(micros - days * kMicrosPerDay) + "'";
    }
    case 'u': {
      static constexpr char kHex[] = "0123456789abcdef";
      std::string s = "'";
      for (size_t i = 0; i < payload.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
        s += kHex[static_cast<unsigned char>(payload[i]) >> 4];
        s += kHex[static_cast<unsigned char>(payload[i]) & 15];
      }
      return s + "'";
    }
  }
  return "(not a canonical value: " + cut(blob_literal(value), value.size()) + ")";
}

}  // namespace litelift::canon
