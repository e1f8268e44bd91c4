#include <charconv>
#include <cmath>

#include "verify/canonical_detail.hpp"

namespace litelift::canon::detail {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

constexpr int64_t kMaxExponent = 100000;

}  // namespace

DecimalNumber make_decimal(bool negative, std::string_view digits, int64_t exponent) {
  DecimalNumber d;
  const size_t first = digits.find_first_not_of('0');
  if (first == std::string_view::npos) return d;  // zero: no sign, no digits
  const size_t last = digits.find_last_not_of('0');
  d.negative = negative;
  d.digits.assign(digits.substr(first, last - first + 1));
  d.exponent = exponent + static_cast<int64_t>(digits.size() - 1 - last);
  return d;
}

bool parse_decimal_text(std::string_view s, DecimalNumber& out) {
  size_t p = 0;
  bool negative = false;
  if (p < s.size() && (s[p] == '+' || s[p] == '-')) negative = s[p++] == '-';
  std::string digits;
  int64_t fraction = 0;
  for (; p < s.size() && is_digit(s[p]); ++p) digits += s[p];
  if (p < s.size() && s[p] == '.') {
    for (++p; p < s.size() && is_digit(s[p]); ++p, ++fraction) digits += s[p];
  }
  if (digits.empty()) return false;
  int64_t exponent = 0;
  if (p < s.size() && (s[p] == 'e' || s[p] == 'E')) {
    ++p;
    bool exponent_negative = false;
    if (p < s.size() && (s[p] == '+' || s[p] == '-')) exponent_negative = s[p++] == '-';
    const size_t start = p;
    for (; p < s.size() && is_digit(s[p]); ++p) {
      exponent = exponent * 10 + (s[p] - '0');
      if (exponent > kMaxExponent) return false;
    }
    if (p == start) return false;
    if (exponent_negative) exponent = -exponent;
  }
  if (p != s.size()) return false;
  out = make_decimal(negative, digits, exponent - fraction);
  return true;
}

DecimalNumber decimal_of_double(double d) {
  // The shortest text that reads back as exactly `d`, as the loader writes
  // it: fixed or scientific, whichever is shorter. In fixed form an integral
  // double keeps its exact digits (2^63 is 9223372036854775808, not
  // 9223372036854776000).
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, d);
  DecimalNumber out;
  parse_decimal_text(std::string_view(buf, static_cast<size_t>(r.ptr - buf)), out);
  return out;
}

std::string plain_decimal(const DecimalNumber& d) {
  if (d.zero()) return "0";
  std::string out;
  if (d.negative) out += '-';
  if (d.exponent >= 0) {
    out += d.digits;
    out.append(static_cast<size_t>(d.exponent), '0');
    return out;
  }
  const int64_t point = static_cast<int64_t>(d.digits.size()) + d.exponent;  // digits before the point
  if (point <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-point), '0');
    out += d.digits;
  } else {
    out.append(d.digits, 0, static_cast<size_t>(point));
    out += '.';
    out.append(d.digits, static_cast<size_t>(point));
  }
  return out;
}

}  // namespace litelift::canon::detail
