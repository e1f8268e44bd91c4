#include "mapping/value_convert.hpp"

#include <unicode/utf8.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

#include "mapping/error.hpp"

namespace litelift {
namespace {

std::string class_mismatch(const ValueRef& v, const char* wanted) {
  return std::string(storage_class_name(v.cls)) + " value where " + wanted + " was expected";
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Parses `n` digits at s[pos]; advances pos.
bool digits(std::string_view s, size_t& pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (!is_digit(c)) return false;
    v = v * 10 + (c - '0');
  }
  pos += n;
  out = v;
  return true;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : d[m - 1];
}

// "YYYY-MM-DD[( |T)HH:MM[:SS[.ffffff]]]". No zone: a suffix is refused so that
// an offset is never dropped silently.
bool parse_iso(std::string_view s, DateTime& out, bool& has_time, std::string& reason) {
  size_t p = 0;
  has_time = false;
  out = DateTime{};
  if (!digits(s, p, 4, out.year) || p >= s.size() || s[p++] != '-' || !digits(s, p, 2, out.month) ||
      p >= s.size() || s[p++] != '-' || !digits(s, p, 2, out.day)) {
    reason = "not an ISO-8601 date (YYYY-MM-DD)";
    return false;
  }
  if (out.year < 1 || out.month < 1 || out.month > 12 || out.day < 1 ||
      out.day > days_in_month(out.year, out.month)) {
    reason = "not a valid calendar date";
    return false;
  }
  if (p == s.size()) return true;
  if (s[p] != ' ' && s[p] != 'T') {
    reason = "unexpected text after the date";
    return false;
  }
  ++p;
  has_time = true;
  if (!digits(s, p, 2, out.hour) || p >= s.size() || s[p++] != ':' || !digits(s, p, 2, out.minute)) {
    reason = "not an ISO-8601 time (HH:MM[:SS[.ffffff]])";
    return false;
  }
  if (p < s.size() && s[p] == ':') {
    ++p;
    if (!digits(s, p, 2, out.second)) {
      reason = "not an ISO-8601 time (HH:MM[:SS[.ffffff]])";
      return false;
    }
    if (p < s.size() && s[p] == '.') {
      ++p;
      size_t start = p;
      int micros = 0, n = 0;
      while (p < s.size() && is_digit(s[p])) {
        if (n < 6) micros = micros * 10 + (s[p] - '0');
        else if (s[p] != '0') {
          reason = "has more than 6 fractional second digits";
          return false;
        }
        ++n;
        ++p;
      }
      if (p == start) {
        reason = "not an ISO-8601 time (HH:MM[:SS[.ffffff]])";
        return false;
      }
      for (; n < 6; ++n) micros *= 10;
      out.micros = micros;
    }
  }
  if (out.hour > 23 || out.minute > 59 || out.second > 59) {
    reason = "not a valid time of day";
    return false;
  }
  if (p != s.size()) {
    reason = (s[p] == 'Z' || s[p] == '+' || s[p] == '-') ? "has a time zone offset, which the target type cannot keep"
                                                         : "unexpected text after the time";
    return false;
  }
  return true;
}

// Canonicalises a decimal literal: sign, digits, optional point and digits,
// optional exponent. Returns false if `s` is not one.
bool canonical_decimal(std::string_view s, std::string& out) {
  size_t p = 0;
  bool negative = false;
  if (p < s.size() && (s[p] == '+' || s[p] == '-')) negative = s[p++] == '-';
  std::string mantissa;
  long point = -1;
  size_t start = p;
  for (; p < s.size(); ++p) {
    if (is_digit(s[p])) mantissa += s[p];
    else if (s[p] == '.' && point < 0) point = static_cast<long>(mantissa.size());
    else break;
  }
  if (mantissa.empty() || p == start) return false;
  long exponent = 0;
  if (p < s.size() && (s[p] == 'e' || s[p] == 'E')) {
    ++p;
    auto r = std::from_chars(s.data() + p + (p < s.size() && s[p] == '+'), s.data() + s.size(), exponent);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size() || exponent > 100000 || exponent < -100000) return false;
    p = s.size();
  }
  if (p != s.size()) return false;
  if (point < 0) point = static_cast<long>(mantissa.size());
  point += exponent;  // position of the decimal point within mantissa digits
  // Pad so that 0 <= point <= size.
  if (point < 0) {
    mantissa.insert(0, static_cast<size_t>(-point), '0');
    point = 0;
  }
  if (point > static_cast<long>(mantissa.size())) mantissa.append(static_cast<size_t>(point) - mantissa.size(), '0');
  std::string int_part = mantissa.substr(0, static_cast<size_t>(point));
  std::string frac = mantissa.substr(static_cast<size_t>(point));
  size_t nz = int_part.find_first_not_of('0');
  int_part = nz == std::string::npos ? "0" : int_part.substr(nz);
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  bool zero = int_part == "0" && frac.empty();
  out.clear();
  if (negative && !zero) out += '-';
  out += int_part;
  if (!frac.empty()) {
    out += '.';
    out += frac;
  }
  return true;
}

}  // namespace

int64_t days_since_2000(int y, int m, int d) {
  // Days from civil (Howard Hinnant's algorithm), relative to 2000-01-01.
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468 - 10957;
}

std::string format_double(double d) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, r.ptr);
}

bool valid_utf8(std::string_view s, size_t& code_points) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  size_t count = 0;
  // ASCII fast path, ICU's decoder for the rest.
  while (i < n) {
    if (p[i] < 0x80) {
      ++i;
      ++count;
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
    ++count;
  }
  code_points = count;
  return true;
}

bool to_integer(const ValueRef& v, int64_t& out, std::string& reason) {
  switch (v.cls) {
    case StorageClass::Integer: out = v.integer; return true;
    case StorageClass::Real:
      if (std::trunc(v.real) == v.real && v.real >= -9223372036854775808.0 && v.real < 9223372036854775808.0) {
        out = static_cast<int64_t>(v.real);
        return true;
      }
      reason = "not an integer";
      return false;
    default: reason = class_mismatch(v, "an integer"); return false;
  }
}

bool to_real(const ValueRef& v, double& out, std::string& reason) {
  switch (v.cls) {
    case StorageClass::Real: out = v.real; return true;
    case StorageClass::Integer:
      if (v.integer >= -(int64_t{1} << 53) && v.integer <= (int64_t{1} << 53)) {
        out = static_cast<double>(v.integer);
        return true;
      }
      reason = "integer too large for a double without rounding";
      return false;
    default: reason = class_mismatch(v, "a number"); return false;
  }
}

bool to_decimal(const ValueRef& v, int precision, int scale, std::string& out, std::string& reason) {
  switch (v.cls) {
    case StorageClass::Integer: out = std::to_string(v.integer); break;
    case StorageClass::Real:
      if (!std::isfinite(v.real)) {
        reason = "not a finite number";
        return false;
      }
      // The shortest text that reads back as the same double: what the
      // application wrote (299.99), not the binary expansion.
      if (!canonical_decimal(format_double(v.real), out)) {
        reason = "not a decimal number";
        return false;
      }
      break;
    case StorageClass::Text:
      if (!canonical_decimal(v.bytes, out)) {
        reason = "not a decimal number";
        return false;
      }
      break;
    default: reason = class_mismatch(v, "a decimal number"); return false;
  }
  if (precision > 0) {
    size_t start = out[0] == '-' ? 1 : 0;
    size_t point = out.find('.');
    size_t int_digits = (point == std::string::npos ? out.size() : point) - start;
    size_t frac_digits = point == std::string::npos ? 0 : out.size() - point - 1;
    if (out.compare(start, std::string::npos, "0") == 0 || out.compare(start, 2, "0.") == 0) int_digits = 0;
    if (static_cast<int>(frac_digits) > scale) {
      reason = "has " + std::to_string(frac_digits) + " digits after the point; the column keeps " +
               std::to_string(scale) + " (the target would round it)";
      return false;
    }
    if (static_cast<int>(int_digits) > precision - scale) {
      reason = "has " + std::to_string(int_digits) + " digits before the point; the column allows " +
               std::to_string(precision - scale);
      return false;
    }
  }
  return true;
}

bool to_text(const ValueRef& v, int max_chars, bool allow_nul, std::string& scratch, std::string_view& out,
             std::string& reason) {
  switch (v.cls) {
    case StorageClass::Text: out = v.bytes; break;
    case StorageClass::Integer:
      scratch = std::to_string(v.integer);
      out = scratch;
      break;
    case StorageClass::Real:
      scratch = format_double(v.real);
      out = scratch;
      break;
    default: reason = class_mismatch(v, "text"); return false;
  }
  size_t chars = 0;
  if (!valid_utf8(out, chars)) {
    reason = "not valid UTF-8";
    return false;
  }
  if (max_chars > 0 && chars > static_cast<size_t>(max_chars)) {
    reason = "is " + std::to_string(chars) + " characters long; the column holds " + std::to_string(max_chars);
    return false;
  }
  if (!allow_nul && std::memchr(out.data(), 0, out.size()) != nullptr) {
    reason = "contains a NUL character, which the target cannot store in text";
    return false;
  }
  return true;
}

bool to_blob(const ValueRef& v, int max_bytes, std::string_view& out, std::string& reason) {
  if (v.cls != StorageClass::Blob && v.cls != StorageClass::Text) {
    reason = class_mismatch(v, "a blob");
    return false;
  }
  out = v.bytes;
  if (max_bytes > 0 && out.size() > static_cast<size_t>(max_bytes)) {
    reason = "is " + std::to_string(out.size()) + " bytes long; the column holds " + std::to_string(max_bytes);
    return false;
  }
  return true;
}

bool to_boolean(const ValueRef& v, bool& out, std::string& reason) {
  switch (v.cls) {
    case StorageClass::Integer:
      if (v.integer == 0 || v.integer == 1) {
        out = v.integer == 1;
        return true;
      }
      break;
    case StorageClass::Real:
      if (v.real == 0.0 || v.real == 1.0) {
        out = v.real == 1.0;
        return true;
      }
      break;
    case StorageClass::Text: {
      std::string t;
      for (char c : v.bytes) t += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      if (t == "true" || t == "t") {
        out = true;
        return true;
      }
      if (t == "false" || t == "f") {
        out = false;
        return true;
      }
      break;
    }
    default: break;
  }
  reason = "not a boolean (0, 1, 'true' or 'false')";
  return false;
}

bool to_date(const ValueRef& v, DateTime& out, std::string& reason) {
  if (v.cls != StorageClass::Text) {
    reason = class_mismatch(v, "ISO-8601 date text");
    return false;
  }
  bool has_time = false;
  if (!parse_iso(v.bytes, out, has_time, reason)) return false;
  if (has_time && (out.hour || out.minute || out.second || out.micros)) {
    reason = "has a time of day, which a date column would drop";
    return false;
  }
  return true;
}

bool to_timestamp(const ValueRef& v, DateTime& out, std::string& reason) {
  if (v.cls != StorageClass::Text) {
    reason = class_mismatch(v, "ISO-8601 date-time text");
    return false;
  }
  bool has_time = false;
  return parse_iso(v.bytes, out, has_time, reason);
}

namespace {

// Validates JSON and finds an object with a repeated key, without building a DOM.
class DuplicateKeyFinder : public nlohmann::json::json_sax_t {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    keys_.emplace_back();
    return true;
  }
  bool key(string_t& k) override {
    auto& level = keys_.back();
    for (const auto& seen : level)
      if (seen == k) {
        duplicate = k;
        return false;
      }
    level.push_back(k);
    return true;
  }
  bool end_object() override {
    keys_.pop_back();
    return true;
  }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

  std::string duplicate;

 private:
  std::vector<std::vector<std::string>> keys_;
};

}  // namespace

bool to_json(const ValueRef& v, bool parsed_target, std::string_view& out, std::string& reason) {
  if (v.cls != StorageClass::Text) {
    reason = class_mismatch(v, "JSON text");
    return false;
  }
  out = v.bytes;
  size_t chars = 0;
  if (!valid_utf8(out, chars)) {
    reason = "not valid UTF-8";
    return false;
  }
  if (!parsed_target) {
    if (!nlohmann::json::accept(out)) {
      reason = "not valid JSON";
      return false;
    }
    return true;
  }
  DuplicateKeyFinder finder;
  if (!nlohmann::json::sax_parse(out, &finder, nlohmann::json::input_format_t::json, false)) {
    reason = finder.duplicate.empty() ? "not valid JSON"
                                      : "has the key \"" + finder.duplicate +
                                            "\" twice in one object; the target's JSON type would keep only one";
    return false;
  }
  if (out.find("\\u0000") != std::string_view::npos) {
    reason = "contains \\u0000, which the target's JSON type cannot store";
    return false;
  }
  return true;
}

void throw_value_error(const TablePlan& table, const ColumnPlan& column, const RowBatch& batch, size_t row,
                       const std::string& reason) {
  ValueRef v = batch.at(row, column.source_index);
  std::string msg = "table \"" + table.source_name + "\", column \"" + column.name + "\" (" +
                    (column.declared_type.empty() ? std::string("no declared type") : column.declared_type) +
                    " -> " + column.type.sql + "), rowid " + std::to_string(batch.key(row)) + ": value " +
                    describe_value(v) + " (" + storage_class_name(v.cls) + ") cannot be stored unchanged: " + reason;
  Error e(ErrorKind::Data, msg);
  e.table = table.source_name;
  e.column = column.name;
  throw e;
}

}  // namespace litelift
