// Dates, times and instants as SQLite applications store them: ISO-8601
// text (with or without 'T', fractional seconds of any length, 'Z' or a UTC
// offset), and, when a cast rule says so, Unix time or Julian day numbers.
// Everything becomes microseconds on the proleptic Gregorian calendar,
// counted from 2000-01-01 00:00:00 (PostgreSQL's epoch); each engine renders
// that in its own wire format. Pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace litelift {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

// A civil date and time of day, no zone.
struct DateTime {
  int year = 0, month = 0, day = 0;
  int hour = 0, minute = 0, second = 0;
  int micros = 0;
};

// Days since 2000-01-01 of a valid proleptic Gregorian date, and back.
int64_t days_since_2000(int year, int month, int day);
void civil_from_days(int64_t days_since_2000, int& year, int& month, int& day);

// The date and time of microseconds since 2000-01-01 00:00:00 (floor
// division: negative values are before 2000).
DateTime date_time_from_micros(int64_t micros_since_2000);

// The result of reading ISO-8601 text.
struct IsoTimestamp {
  int64_t local_micros = 0;  // the wall-clock time as written, since 2000-01-01
  bool has_time = false;     // a time of day was written (even 00:00)
  bool has_offset = false;   // 'Z' or +HH[:MM] / -HH[:MM] / +HHMM was written
  int offset_seconds = 0;    // east of UTC; 0 for 'Z'
  int64_t utc_micros() const { return local_micros - int64_t{offset_seconds} * kMicrosPerSecond; }
};

// Accepts "YYYY-MM-DD", then optionally ' ' or 'T' and "HH:MM", ":SS",
// '.' followed by one or more digits, then optionally 'Z', 'z', or an offset
// "+HH", "+HHMM", "+HH:MM" (or '-'), with at most one space before the
// offset. Years 0001 to 9999. Fractional digits past the sixth must be
// zeros: the targets keep microseconds. False with `reason` set otherwise:
//   "not an ISO-8601 date (YYYY-MM-DD)", "not a valid calendar date",
//   "not an ISO-8601 time (HH:MM[:SS[.fraction]])", "not a valid time of day",
//   "has a non-zero digit past microseconds (the targets keep 6 fractional digits)",
//   "not a valid UTC offset", "unexpected text after the date",
//   "unexpected text after the time"
bool parse_iso_timestamp(std::string_view s, IsoTimestamp& out, std::string& reason);

// "HH:MM[:SS[.fraction]]" -> microseconds since midnight (00:00:00 to
// 23:59:59.999999). Same fraction rule as above.
bool parse_iso_time(std::string_view s, int64_t& micros_of_day, std::string& reason);

// Unix time (seconds since 1970-01-01 UTC) -> microseconds since 2000.
// Reals are rounded to the nearest microsecond. False (with reason) when the
// result is outside years 0001..9999 or the real is not finite.
bool micros_from_unix_seconds(double seconds, int64_t& micros, std::string& reason);
bool micros_from_unix_seconds(int64_t seconds, int64_t& micros, std::string& reason);
bool micros_from_unix_millis(int64_t millis, int64_t& micros, std::string& reason);
// A Julian day number, read as SQLite's own date functions read it: rounded
// to the millisecond (julianday('2000-01-01') = 2451544.5).
bool micros_from_julian_day(double julian_day, int64_t& micros, std::string& reason);

}  // namespace litelift
