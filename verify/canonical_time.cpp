#include <charconv>
#include <cmath>

#include "verify/canonical_detail.hpp"

namespace litelift::canon::detail {

namespace {

constexpr int kDaysBeforeMonth[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
constexpr int64_t kDaysFrom0001To1970 = 719162;

bool leap_year(int y) {
  return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

// Days from 0001-01-01 to January 1st of year y (y >= 1).
int64_t days_before_year(int64_t y) {
  const int64_t n = y - 1;
  return 365 * n + n / 4 - n / 100 + n / 400;
}

int month_days(int y, int m) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap_year(y) ? 29 : kDays[m - 1];
}

const int64_t kFirstMicros = days_from_civil(1, 1, 1) * kMicrosPerDay;            // 0001-01-01 00:00:00
const int64_t kEndMicros = days_from_civil(10000, 1, 1) * kMicrosPerDay;          // 10000-01-01 00:00:00
constexpr int64_t kJulianDayOfUnixEpochMillis = 2440587LL * 86400000 + 43200000;  // JD 2440587.5

bool in_years(int64_t micros) {
  return micros >= kFirstMicros && micros < kEndMicros;
}

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool end() const { return p_ == s_.size(); }
  size_t left() const { return s_.size() - p_; }
  char peek() const { return end() ? '\0' : s_[p_]; }
  bool eat(char c) {
    if (peek() != c || end()) return false;
    ++p_;
    return true;
  }
  void skip() { ++p_; }
  bool digits(int n, int& out) {
    if (left() < static_cast<size_t>(n)) return false;
    int v = 0;
    for (int i = 0; i < n; ++i) {
      const char c = s_[p_ + static_cast<size_t>(i)];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    p_ += static_cast<size_t>(n);
    out = v;
    return true;
  }

 private:
  std::string_view s_;
  size_t p_ = 0;
};

bool read_date(Cursor& c, int64_t& days) {
  int y = 0, m = 0, d = 0;
  if (!c.digits(4, y) || !c.eat('-') || !c.digits(2, m) || !c.eat('-') || !c.digits(2, d)) return false;
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > month_days(y, m)) return false;
  days = days_from_civil(y, m, d);
  return true;
}

// "HH:MM[:SS[.f...]]" from the source (any number of fraction digits, those
// past the sixth zeros), or "HH:MM:SS[.f]" with one to six digits from a target.
bool read_clock(Cursor& c, bool target, int64_t& micros) {
  int h = 0, m = 0, s = 0;
  if (!c.digits(2, h) || !c.eat(':') || !c.digits(2, m)) return false;
  int64_t fraction = 0;
  if (c.eat(':')) {
    if (!c.digits(2, s)) return false;
    if (c.eat('.')) {
      int n = 0;
      for (int digit = 0; c.digits(1, digit); ++n) {
        if (n < 6)
          fraction = fraction * 10 + digit;
        else if (target || digit != 0)
          return false;
      }
      if (n == 0) return false;
      for (; n < 6; ++n) fraction *= 10;
    }
  } else if (target) {
    return false;
  }
  if (h > 23 || m > 59 || s > 59) return false;
  micros = ((int64_t{h} * 60 + m) * 60 + s) * kMicrosPerSecond + fraction;
  return true;
}

}  // namespace

int64_t days_from_civil(int year, int month, int day) {
  int64_t days = days_before_year(year) + kDaysBeforeMonth[month - 1] + (day - 1);
  if (month > 2 && leap_year(year)) ++days;
  return days - kDaysFrom0001To1970;
}

void civil_from_days(int64_t days, int& year, int& month, int& day) {
  const int64_t n = days + kDaysFrom0001To1970;  // days since 0001-01-01
  int64_t y = n * 400 / 146097 + 1;              // within one of the answer
  while (y > 1 && days_before_year(y) > n) --y;
  while (days_before_year(y + 1) <= n) ++y;
  int64_t in_year = n - days_before_year(y);
  year = static_cast<int>(y);
  month = 1;
  while (month < 12 && in_year >= month_days(year, month)) in_year -= month_days(year, month++);
  day = static_cast<int>(in_year) + 1;
}

bool parse_source_timestamp(std::string_view s, int64_t& utc_micros) {
  Cursor c(s);
  int64_t days = 0;
  if (!read_date(c, days)) return false;
  int64_t local = days * kMicrosPerDay;
  int64_t offset = 0;
  if (!c.end()) {
    if (!c.eat('T') && !c.eat('t') && !c.eat(' ')) return false;
    int64_t clock = 0;
    if (!read_clock(c, /*target=*/false, clock)) return false;
    local += clock;
    if (!c.end()) {
      if (c.peek() == ' ' && c.left() > 1) c.skip();
      if (c.left() == 1 && (c.eat('Z') || c.eat('z'))) {
        offset = 0;
      } else {
        const int sign = c.eat('-') ? -1 : c.eat('+') ? 1 : 0;
        int h = 0, m = 0;
        if (sign == 0 || !c.digits(2, h)) return false;
        if (!c.end()) {
          c.eat(':');
          if (!c.digits(2, m)) return false;
        }
        if (h > 15 || m > 59) return false;
        offset = sign * (int64_t{h} * 3600 + m * 60) * kMicrosPerSecond;
      }
    }
  }
  if (!c.end()) return false;
  utc_micros = local - offset;
  return in_years(utc_micros);
}

bool parse_source_time(std::string_view s, int64_t& micros_of_day) {
  Cursor c(s);
  return read_clock(c, /*target=*/false, micros_of_day) && c.end();
}

bool micros_from_unix_seconds(bool is_integer, int64_t integer, double real, int64_t& micros) {
  if (is_integer) {
    if (integer > 300'000'000'000LL || integer < -300'000'000'000LL) return false;  // far outside the years
    micros = integer * kMicrosPerSecond;
  } else {
    if (!std::isfinite(real) || std::fabs(real) > 1e13) return false;
    // The product as a double, rounded half away from zero: the loader's
    // rounding to the microsecond.
    micros = static_cast<int64_t>(std::round(real * 1e6));
  }
  return in_years(micros);
}

bool micros_from_unix_millis(bool is_integer, int64_t integer, double real, int64_t& micros) {
  if (!is_integer) {
    // A real must be a whole number of milliseconds.
    if (!(std::trunc(real) == real) || std::fabs(real) > 9e15) return false;
    integer = static_cast<int64_t>(real);
  }
  if (integer > 300'000'000'000'000LL || integer < -300'000'000'000'000LL) return false;
  micros = integer * 1000;
  return in_years(micros);
}

bool micros_from_julian_day(double julian_day, int64_t& micros) {
  // SQLite's own reading: whole milliseconds, (int64)(jd * 86400000 + 0.5).
  if (!std::isfinite(julian_day) || julian_day < 0 || julian_day > 5373484.5) return false;
  const auto millis = static_cast<int64_t>(julian_day * 86400000.0 + 0.5);
  micros = (millis - kJulianDayOfUnixEpochMillis) * 1000;
  return in_years(micros);
}

bool parse_target_date(std::string_view s, int64_t& days) {
  Cursor c(s);
  return read_date(c, days) && c.end();
}

bool parse_target_time(std::string_view s, int64_t& micros_of_day) {
  Cursor c(s);
  return read_clock(c, /*target=*/true, micros_of_day) && c.end();
}

bool parse_target_timestamp(std::string_view s, bool offset_allowed, int64_t& utc_micros) {
  Cursor c(s);
  int64_t days = 0, clock = 0;
  if (!read_date(c, days) || !c.eat(' ') || !read_clock(c, /*target=*/true, clock)) return false;
  int64_t offset = 0;
  if (offset_allowed && !c.end()) {
    const int sign = c.eat('-') ? -1 : c.eat('+') ? 1 : 0;
    int h = 0, m = 0, sec = 0;
    if (sign == 0 || !c.digits(2, h)) return false;
    if (c.eat(':')) {
      if (!c.digits(2, m)) return false;
      if (c.eat(':') && !c.digits(2, sec)) return false;
    }
    offset = sign * ((int64_t{h} * 60 + m) * 60 + sec) * kMicrosPerSecond;
  }
  if (!c.end()) return false;
  utc_micros = days * kMicrosPerDay + clock - offset;
  return in_years(utc_micros);
}

}  // namespace litelift::canon::detail
