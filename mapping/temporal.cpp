#include "mapping/temporal.hpp"

#include <cmath>

namespace litelift {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Parses exactly `n` digits at s[pos]; advances pos.
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

bool leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : d[m - 1];
}

int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

const char* kTimeSyntax = "not an ISO-8601 time (HH:MM[:SS[.fraction]])";

// "HH:MM[:SS[.fraction]]" at s[p]; leaves p after it.
bool parse_time_at(std::string_view s, size_t& p, int64_t& micros_of_day, std::string& reason) {
  int hour = 0, minute = 0, second = 0;
  if (!digits(s, p, 2, hour) || p >= s.size() || s[p++] != ':' || !digits(s, p, 2, minute)) {
    reason = kTimeSyntax;
    return false;
  }
  int64_t micros = 0;
  if (p < s.size() && s[p] == ':') {
    ++p;
    if (!digits(s, p, 2, second)) {
      reason = kTimeSyntax;
      return false;
    }
    if (p < s.size() && s[p] == '.') {
      ++p;
      size_t start = p;
      int n = 0;
      bool beyond = false;
      while (p < s.size() && is_digit(s[p])) {
        if (n < 6)
          micros = micros * 10 + (s[p] - '0');
        else if (s[p] != '0')
          beyond = true;
        ++n;
        ++p;
      }
      if (p == start) {
        reason = kTimeSyntax;
        return false;
      }
      if (beyond) {
        reason = "has a non-zero digit past microseconds (the targets keep 6 fractional digits)";
        return false;
      }
      for (; n < 6; ++n) micros *= 10;
    }
  }
  if (hour > 23 || minute > 59 || second > 59) {
    reason = "not a valid time of day";
    return false;
  }
  micros_of_day = ((int64_t{hour} * 60 + minute) * 60 + second) * kMicrosPerSecond + micros;
  return true;
}

// 'Z', or +HH, +HHMM, +HH:MM (or '-') at s[p], to the end of s.
bool parse_offset_at(std::string_view s, size_t p, int& offset_seconds, std::string& reason) {
  if (p < s.size() && (s[p] == 'Z' || s[p] == 'z') && p + 1 == s.size()) {
    offset_seconds = 0;
    return true;
  }
  if (p >= s.size() || (s[p] != '+' && s[p] != '-')) return false;
  const int sign = s[p] == '-' ? -1 : 1;
  ++p;
  int hours = 0, minutes = 0;
  if (!digits(s, p, 2, hours)) {
    reason = "not a valid UTC offset";
    return false;
  }
  // Minutes are optional, but a colon needs them ("+05:" is not an offset).
  const bool colon = p < s.size() && s[p] == ':';
  if (colon) ++p;
  if ((colon || p < s.size()) && !digits(s, p, 2, minutes)) {
    reason = "not a valid UTC offset";
    return false;
  }
  if (p != s.size() || hours > 15 || minutes > 59) {
    reason = "not a valid UTC offset";
    return false;
  }
  offset_seconds = sign * (hours * 3600 + minutes * 60);
  return true;
}

constexpr int64_t kMinMicros = -730119LL * kMicrosPerDay;            // 0001-01-01
constexpr int64_t kMaxMicros = (2921939LL + 1) * kMicrosPerDay - 1;  // 9999-12-31 23:59:59.999999
constexpr int64_t kUnixEpochMicros = -10957LL * kMicrosPerDay;       // 1970-01-01

bool in_range(int64_t micros, std::string& reason) {
  if (micros >= kMinMicros && micros <= kMaxMicros) return true;
  reason = "is outside the years 0001 to 9999";
  return false;
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

void civil_from_days(int64_t days, int& year, int& month, int& day) {
  // Civil from days (Howard Hinnant's algorithm).
  const int64_t z = days + 10957 + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(yoe + era * 400 + (month <= 2));
}

DateTime date_time_from_micros(int64_t micros) {
  DateTime t;
  const int64_t days = floor_div(micros, kMicrosPerDay);
  int64_t rest = micros - days * kMicrosPerDay;
  civil_from_days(days, t.year, t.month, t.day);
  t.micros = static_cast<int>(rest % kMicrosPerSecond);
  rest /= kMicrosPerSecond;
  t.second = static_cast<int>(rest % 60);
  t.minute = static_cast<int>(rest / 60 % 60);
  t.hour = static_cast<int>(rest / 3600);
  return t;
}

bool parse_iso_timestamp(std::string_view s, IsoTimestamp& out, std::string& reason) {
  out = IsoTimestamp{};
  size_t p = 0;
  int year = 0, month = 0, day = 0;
  if (!digits(s, p, 4, year) || p >= s.size() || s[p++] != '-' || !digits(s, p, 2, month) || p >= s.size() ||
      s[p++] != '-' || !digits(s, p, 2, day)) {
    reason = "not an ISO-8601 date (YYYY-MM-DD)";
    return false;
  }
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
    reason = "not a valid calendar date";
    return false;
  }
  out.local_micros = days_since_2000(year, month, day) * kMicrosPerDay;
  if (p == s.size()) return true;
  if (s[p] != ' ' && s[p] != 'T' && s[p] != 't') {
    reason = "unexpected text after the date";
    return false;
  }
  ++p;
  int64_t time = 0;
  if (!parse_time_at(s, p, time, reason)) return false;
  out.has_time = true;
  out.local_micros += time;
  if (p == s.size()) return true;
  size_t q = p;
  if (s[q] == ' ' && q + 1 < s.size()) ++q;  // "2024-01-01 10:00:00 +02:00"
  reason.clear();
  if (!parse_offset_at(s, q, out.offset_seconds, reason)) {
    if (reason.empty()) reason = "unexpected text after the time";
    return false;
  }
  out.has_offset = true;
  return true;
}

bool parse_iso_time(std::string_view s, int64_t& micros_of_day, std::string& reason) {
  size_t p = 0;
  if (!parse_time_at(s, p, micros_of_day, reason)) return false;
  if (p != s.size()) {
    reason = "unexpected text after the time";
    return false;
  }
  return true;
}

bool micros_from_unix_seconds(double seconds, int64_t& micros, std::string& reason) {
  if (!std::isfinite(seconds) || std::fabs(seconds) > 1e13) {
    reason = "is outside the years 0001 to 9999";
    return false;
  }
  micros = kUnixEpochMicros + static_cast<int64_t>(std::llround(seconds * 1e6));
  return in_range(micros, reason);
}

bool micros_from_unix_seconds(int64_t seconds, int64_t& micros, std::string& reason) {
  if (seconds > 300'000'000'000LL || seconds < -300'000'000'000LL) {
    reason = "is outside the years 0001 to 9999";
    return false;
  }
  micros = kUnixEpochMicros + seconds * kMicrosPerSecond;
  return in_range(micros, reason);
}

bool micros_from_unix_millis(int64_t millis, int64_t& micros, std::string& reason) {
  if (millis > 300'000'000'000'000LL || millis < -300'000'000'000'000LL) {
    reason = "is outside the years 0001 to 9999";
    return false;
  }
  micros = kUnixEpochMicros + millis * 1000;
  return in_range(micros, reason);
}

bool micros_from_julian_day(double jd, int64_t& micros, std::string& reason) {
  // SQLite: iJD = (sqlite3_int64)(r * 86400000.0 + 0.5), milliseconds since
  // noon of 4714-11-24 BC; 2000-01-01 00:00 is 2451544.5 days.
  if (!std::isfinite(jd) || jd < 0 || jd > 5373484.5) {
    reason = "is not a Julian day number SQLite can read";
    return false;
  }
  const int64_t ms = static_cast<int64_t>(jd * 86400000.0 + 0.5);
  micros = (ms - 211813444800000LL) * 1000;  // 2451544.5 days in milliseconds
  return in_range(micros, reason);
}

}  // namespace litelift
