#include "oracle_values.hpp"

#include <sqlite3.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace live::oracle {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool integral_int64(double d) {
  return std::isfinite(d) && d == std::trunc(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0;
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian, day 0 = 1970-01-01).
int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t z, int64_t& y, int& m, int& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = yoe + era * 400 + (m <= 2);
}

int days_in_month(int64_t y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
  return m == 2 && leap ? 29 : days[m - 1];
}

int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

std::optional<std::string> boolean_reading(const SourceValue& v) {
  switch (v.type) {
    case SQLITE_INTEGER:
      if (v.i == 0 || v.i == 1) return std::to_string(v.i);
      return std::nullopt;
    case SQLITE_FLOAT:
      if (v.d == 0.0) return "0";
      if (v.d == 1.0) return "1";
      return std::nullopt;
    case SQLITE_TEXT: {
      std::string t = lower(v.bytes);
      for (const char* yes : {"1", "t", "true", "y", "yes", "on"})
        if (t == yes) return "1";
      for (const char* no : {"0", "f", "false", "n", "no", "off"})
        if (t == no) return "0";
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

std::string as_text(const SourceValue& v) {
  if (v.type == SQLITE_INTEGER) return std::to_string(v.i);
  if (v.type == SQLITE_FLOAT) return shortest(v.d);
  return v.bytes;
}

std::optional<std::string> temporal(Family family, const SourceValue& v, const ReadRules& rules) {
  std::optional<int64_t> micros;
  if (v.type == SQLITE_TEXT) {
    // A bare time of day ("13:45", "13:45:07.5") in a time column.
    bool time_only = family == Family::Time && v.bytes.size() >= 5 && is_digit(v.bytes[0]) && is_digit(v.bytes[1]) &&
                     v.bytes[2] == ':';
    micros = parse_iso_micros(time_only ? "1970-01-01 " + v.bytes : v.bytes);
  } else if ((v.type == SQLITE_INTEGER || v.type == SQLITE_FLOAT) && !rules.temporal.empty()) {
    micros = temporal_number_micros(v, rules.temporal);
  }
  if (!micros) return std::nullopt;
  return format_micros(*micros, family);
}

// JSON read with long double numbers: jsonb and MariaDB keep numbers far
// beyond a double's range (1e400).
using WideJson =
    nlohmann::basic_json<std::map, std::vector, std::string, bool, std::int64_t, std::uint64_t, long double>;

nlohmann::json normalized_numbers(const WideJson& j) {
  if (j.is_number_unsigned()) {
    uint64_t u = j.get<uint64_t>();
    if (u <= static_cast<uint64_t>(INT64_MAX)) return nlohmann::json(static_cast<int64_t>(u));
    return nlohmann::json(static_cast<double>(u));
  }
  if (j.is_number_integer()) return nlohmann::json(j.get<int64_t>());
  if (j.is_number_float()) {
    const long double x = j.get<long double>();
    // 2.5e3 and 2500 are one JSON value.
    if (x == std::trunc(x) && x >= -9223372036854775808.0L && x < 9223372036854775808.0L)
      return nlohmann::json(static_cast<int64_t>(x));
    const double d = static_cast<double>(x);
    if (std::isfinite(d)) return nlohmann::json(d);
    // Beyond a double: named by its long double value.
    char buf[64];
    std::snprintf(buf, sizeof buf, "number %.20Le", x);
    return nlohmann::json(buf);
  }
  if (j.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : j) out.push_back(normalized_numbers(e));
    return out;
  }
  if (j.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, value] : j.items()) out[key] = normalized_numbers(value);
    return out;
  }
  if (j.is_string()) return nlohmann::json(j.get<std::string>());
  if (j.is_boolean()) return nlohmann::json(j.get<bool>());
  return nlohmann::json();
}

}  // namespace

std::string hexfloat(double d) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%a", d);
  return buf;
}

std::string shortest(double d) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, r.ptr);
}

std::string hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

std::optional<std::string> canonical_decimal(std::string_view s) {
  size_t p = 0;
  bool negative = false;
  if (p < s.size() && (s[p] == '+' || s[p] == '-')) negative = s[p++] == '-';
  std::string digits;
  for (; p < s.size() && is_digit(s[p]); ++p) digits += s[p];
  int64_t point = static_cast<int64_t>(digits.size());
  if (p < s.size() && s[p] == '.')
    for (++p; p < s.size() && is_digit(s[p]); ++p) digits += s[p];
  if (digits.empty()) return std::nullopt;
  if (p < s.size() && (s[p] == 'e' || s[p] == 'E')) {
    ++p;
    bool exp_negative = false;
    if (p < s.size() && (s[p] == '+' || s[p] == '-')) exp_negative = s[p++] == '-';
    size_t start = p;
    int64_t exp = 0;
    for (; p < s.size() && is_digit(s[p]); ++p) {
      exp = exp * 10 + (s[p] - '0');
      if (exp > 100000) return std::nullopt;
    }
    if (p == start) return std::nullopt;
    point += exp_negative ? -exp : exp;
  }
  if (p != s.size()) return std::nullopt;
  std::string integer, fraction;
  if (point <= 0) {
    fraction = std::string(static_cast<size_t>(-point), '0') + digits;
  } else if (point >= static_cast<int64_t>(digits.size())) {
    integer = digits + std::string(static_cast<size_t>(point) - digits.size(), '0');
  } else {
    integer = digits.substr(0, static_cast<size_t>(point));
    fraction = digits.substr(static_cast<size_t>(point));
  }
  integer.erase(0, integer.find_first_not_of('0'));
  if (integer.empty()) integer = "0";
  fraction.erase(fraction.find_last_not_of('0') + 1);
  std::string out = fraction.empty() ? integer : integer + "." + fraction;
  if (negative && out != "0") out = "-" + out;
  return out;
}

std::string replace_invalid_utf8(std::string_view s) {
  std::string out;
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  int32_t length = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < length;) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);  // ICU >= 60 consumes one maximal subpart per error
    if (c < 0)
      out += "\xEF\xBF\xBD";
    else
      out.append(s.data() + start, static_cast<size_t>(i - start));
  }
  return out;
}

std::string to_nfc(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  icu::UnicodeString normal = nfc->normalize(text, status);
  if (U_FAILURE(status)) return std::string(s);
  std::string out;
  normal.toUTF8String(out);
  return out;
}

std::optional<std::string> canonical_json(std::string_view text) {
  WideJson j = WideJson::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return normalized_numbers(j).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<int64_t> parse_iso_micros(std::string_view s, bool* has_time) {
  size_t p = 0;
  auto number = [&](int width, int& out) {
    if (p + static_cast<size_t>(width) > s.size()) return false;
    out = 0;
    for (int k = 0; k < width; ++k) {
      if (!is_digit(s[p + k])) return false;
      out = out * 10 + (s[p + k] - '0');
    }
    p += static_cast<size_t>(width);
    return true;
  };
  auto take = [&](char c) {
    if (p < s.size() && s[p] == c) return ++p, true;
    return false;
  };
  int year, month, day, hour = 0, minute = 0, second = 0, offset_h = 0, offset_m = 0;
  int64_t micros = 0, offset_sign = 0;
  if (!number(4, year) || !take('-') || !number(2, month) || !take('-') || !number(2, day)) return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
  bool time = p + 1 < s.size() && (s[p] == ' ' || s[p] == 'T') && is_digit(s[p + 1]);
  if (time) {
    ++p;
    if (!number(2, hour) || !take(':') || !number(2, minute)) return std::nullopt;
    if (take(':')) {
      if (!number(2, second)) return std::nullopt;
      if (take('.')) {
        int count = 0;
        for (; p < s.size() && is_digit(s[p]); ++p, ++count) {
          if (count < 6)
            micros = micros * 10 + (s[p] - '0');
          else if (s[p] != '0')
            return std::nullopt;  // below a microsecond: not representable
        }
        if (count == 0) return std::nullopt;
        for (; count < 6; ++count) micros *= 10;
      }
    }
    if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
    size_t before_zone = p;
    take(' ');
    if (take('Z')) {
      offset_sign = 1;
    } else if (p < s.size() && (s[p] == '+' || s[p] == '-')) {
      offset_sign = s[p++] == '-' ? -1 : 1;
      if (!number(2, offset_h)) return std::nullopt;
      if (take(':')) {
        if (!number(2, offset_m)) return std::nullopt;
      } else if (p + 1 < s.size() && is_digit(s[p])) {
        if (!number(2, offset_m)) return std::nullopt;
      }
      if (offset_h > 23 || offset_m > 59) return std::nullopt;
    } else {
      p = before_zone;
    }
  }
  if (p != s.size()) return std::nullopt;
  if (has_time) *has_time = time;
  int64_t seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second -
                    offset_sign * (offset_h * 3600 + offset_m * 60);
  return seconds * 1000000 + micros;
}

std::optional<int64_t> temporal_number_micros(const SourceValue& v, std::string_view how) {
  bool integer = v.type == SQLITE_INTEGER;
  if (!integer && (v.type != SQLITE_FLOAT || !std::isfinite(v.d))) return std::nullopt;
  // Limits keep the arithmetic far from overflow; years past 9999 are refused by format_micros.
  if (how == "epoch") {
    if (integer) return std::llabs(v.i) < 400000000000LL ? std::optional<int64_t>(v.i * 1000000) : std::nullopt;
    return std::fabs(v.d) < 4e11 ? std::optional<int64_t>(std::llround(v.d * 1e6)) : std::nullopt;
  }
  if (how == "epoch_ms") {
    if (integer) return std::llabs(v.i) < 400000000000000LL ? std::optional<int64_t>(v.i * 1000) : std::nullopt;
    return std::fabs(v.d) < 4e14 ? std::optional<int64_t>(std::llround(v.d * 1e3)) : std::nullopt;
  }
  if (how == "julianday") {
    double jd = integer ? static_cast<double>(v.i) : v.d;
    if (jd < 0 || jd > 6000000) return std::nullopt;
    // SQLite's own reading (date.c): milliseconds = (sqlite3_int64)(jd*86400000.0 + 0.5).
    int64_t ms = static_cast<int64_t>(jd * 86400000.0 + 0.5);
    return (ms - 210866760000000LL) * 1000;  // 210866760000000 ms is 1970-01-01 00:00
  }
  return std::nullopt;
}

std::optional<std::string> format_micros(int64_t micros, Family family) {
  int64_t days = floor_div(micros, 86400000000LL);
  int64_t in_day = micros - days * 86400000000LL;
  int64_t year;
  int month, day;
  civil_from_days(days, year, month, day);
  if (year < 1 || year > 9999) return std::nullopt;
  char buf[64];
  int64_t s = in_day / 1000000;
  int us = static_cast<int>(in_day % 1000000);
  int hour = static_cast<int>(s / 3600), minute = static_cast<int>(s / 60 % 60), second = static_cast<int>(s % 60);
  if (family == Family::Date)
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(year), month, day);
  else if (family == Family::Time)
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d.%06d", hour, minute, second, us);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%06d", static_cast<int>(year), month, day, hour,
                  minute, second, us);
  return std::string(buf);
}

std::optional<std::string> expected(Family family, const SourceValue& v, const ReadRules& rules) {
  switch (family) {
    case Family::Integer:
      if (v.type == SQLITE_INTEGER) return std::to_string(v.i);
      if (v.type == SQLITE_FLOAT && integral_int64(v.d)) return std::to_string(static_cast<int64_t>(v.d));
      return std::nullopt;
    case Family::Boolean:
      return boolean_reading(v);
    case Family::Double: {
      double d;
      if (v.type == SQLITE_FLOAT) {
        d = v.d;
      } else if (v.type == SQLITE_INTEGER) {
        d = static_cast<double>(v.i);
        if (!(d < 9223372036854775808.0) || static_cast<int64_t>(d) != v.i) return std::nullopt;  // not exact
      } else {
        return std::nullopt;
      }
      if (rules.mysql && d == 0) d = 0.0;
      return hexfloat(d);
    }
    case Family::Decimal:
      if (v.type == SQLITE_INTEGER) return std::to_string(v.i);
      if (v.type == SQLITE_FLOAT) return std::isfinite(v.d) ? canonical_decimal(shortest(v.d)) : std::nullopt;
      if (v.type == SQLITE_TEXT) return canonical_decimal(v.bytes);
      return std::nullopt;
    case Family::Text: {
      std::string s = as_text(v);
      if (rules.strip_nul) std::erase(s, '\0');
      if (rules.replace_invalid_utf8) s = replace_invalid_utf8(s);
      if (rules.nfc) s = to_nfc(s);
      return s;
    }
    case Family::Blob:
      return hex(as_text(v));
    case Family::Date:
    case Family::Timestamp:
    case Family::Time:
      return temporal(family, v, rules);
    case Family::Json:
      if (v.type == SQLITE_FLOAT && !std::isfinite(v.d)) return std::nullopt;
      return canonical_json(as_text(v));
    case Family::Uuid:
      if (v.type == SQLITE_TEXT) return lower(v.bytes);
      return std::nullopt;
  }
  return std::nullopt;
}

std::string observed(Family family, const std::string& t) {
  switch (family) {
    case Family::Double: {
      char* end = nullptr;
      double d = std::strtod(t.c_str(), &end);
      if (t.empty() || *end) return "!" + t;
      return hexfloat(d);
    }
    case Family::Decimal: {
      auto c = canonical_decimal(t);
      return c ? *c : "!" + t;
    }
    case Family::Json: {
      auto c = canonical_json(t);
      return c ? *c : "!" + t;
    }
    case Family::Blob:
    case Family::Uuid:
      return lower(t);
    default:
      return t;
  }
}

std::string printable(std::string_view s) {
  std::string out;
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  int32_t length = static_cast<int32_t>(s.size());
  char buf[8];
  for (int32_t i = 0; i < length && out.size() < 200;) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c >= 0x20 && c != 0x7f && c != '\\') {
      out.append(s.data() + start, static_cast<size_t>(i - start));
      continue;
    }
    if (c == '\\') {
      out += "\\\\";
      continue;
    }
    for (int32_t k = start; k < i; ++k) {
      std::snprintf(buf, sizeof buf, "\\x%02x", bytes[k]);
      out += buf;
    }
  }
  if (out.size() >= 200) out += "...(" + std::to_string(s.size()) + " bytes)";
  return out;
}

}  // namespace live::oracle
