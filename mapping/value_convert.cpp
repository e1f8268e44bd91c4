#include "mapping/value_convert.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

namespace litelift {
namespace {

std::string class_mismatch(const ValueRef& v, const char* wanted) {
  return std::string(storage_class_name(v.cls)) + " value where " + wanted + " was expected";
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
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
    if (is_digit(s[p]))
      mantissa += s[p];
    else if (s[p] == '.' && point < 0)
      point = static_cast<long>(mantissa.size());
    else
      break;
  }
  if (mantissa.empty() || p == start) return false;
  long exponent = 0;
  if (p < s.size() && (s[p] == 'e' || s[p] == 'E')) {
    ++p;
    // One sign at most, then digits ("1e+-5" is not a number).
    bool exponent_negative = false;
    if (p < s.size() && (s[p] == '+' || s[p] == '-')) exponent_negative = s[p++] == '-';
    if (p == s.size() || !is_digit(s[p])) return false;
    auto r = std::from_chars(s.data() + p, s.data() + s.size(), exponent);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size() || exponent > 100000) return false;
    if (exponent_negative) exponent = -exponent;
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

// Refuses `text`, naming its first invalid bytes.
bool refuse_invalid_utf8(std::string_view text, Outcome& o) {
  Utf8Flaw flaw;
  find_invalid_utf8(text, flaw);
  return o.refuse(Refusal::InvalidUtf8, describe_utf8_flaw(text, flaw));
}

char lower_ascii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A number read as a date or time through a cast rule's "using".
bool micros_from_number(const ValueRef& v, TemporalSource source, int64_t& micros, Outcome& o) {
  std::string why;
  bool ok = false;
  switch (source) {
    case TemporalSource::UnixSeconds:
      ok = v.cls == StorageClass::Integer ? micros_from_unix_seconds(v.integer, micros, why)
                                          : micros_from_unix_seconds(v.real, micros, why);
      break;
    case TemporalSource::UnixMillis:
      if (v.cls == StorageClass::Real) {
        if (std::trunc(v.real) != v.real || std::fabs(v.real) > 9e15)
          return o.refuse(Refusal::BadValue, "not a whole number of milliseconds");
        ok = micros_from_unix_millis(static_cast<int64_t>(v.real), micros, why);
      } else {
        ok = micros_from_unix_millis(v.integer, micros, why);
      }
      break;
    case TemporalSource::JulianDay:
      ok =
          micros_from_julian_day(v.cls == StorageClass::Integer ? static_cast<double>(v.integer) : v.real, micros, why);
      break;
    case TemporalSource::Iso:
      break;
  }
  if (!ok) return o.refuse(Refusal::BadValue, why);
  o.notes |= kNoteNumberAsTime;
  return true;
}

// Reads a date-time value: ISO text, or a number as `source` says.
bool read_instant(const ValueRef& v, TemporalSource source, const char* wanted, int64_t& micros, bool& has_time,
                  Outcome& o) {
  has_time = true;
  if (source != TemporalSource::Iso) {
    if (v.cls == StorageClass::Integer || v.cls == StorageClass::Real) return micros_from_number(v, source, micros, o);
    if (v.cls != StorageClass::Text) return o.refuse(Refusal::BadValue, class_mismatch(v, "a number"));
    // Numbers written as text ('1700000000') are read as numbers too; one
    // sign at most ("+-5" is not a number).
    ValueRef n;
    std::string_view t = v.bytes;
    if (!t.empty() && (t.find_first_not_of("+-0123456789.eE") == std::string_view::npos) &&
        !(t.size() > 1 && t[0] == '+' && (t[1] == '+' || t[1] == '-'))) {
      double d = 0;
      auto r = std::from_chars(t.data() + (t[0] == '+'), t.data() + t.size(), d);
      if (r.ec == std::errc() && r.ptr == t.data() + t.size()) {
        int64_t i = 0;
        auto ri = std::from_chars(t.data() + (t[0] == '+'), t.data() + t.size(), i);
        if (ri.ec == std::errc() && ri.ptr == t.data() + t.size()) {
          n.cls = StorageClass::Integer;
          n.integer = i;
        } else {
          n.cls = StorageClass::Real;
          n.real = d;
        }
        return micros_from_number(n, source, micros, o);
      }
    }
    // ISO text is still accepted in a column read through "using".
  }
  if (v.cls != StorageClass::Text) return o.refuse(Refusal::BadValue, class_mismatch(v, wanted));
  IsoTimestamp t;
  std::string why;
  if (!parse_iso_timestamp(v.bytes, t, why)) return o.refuse(Refusal::BadValue, why);
  has_time = t.has_time;
  micros = t.utc_micros();
  if (t.has_offset) o.notes |= kNoteOffsetToUtc;
  // An offset may carry the instant out of the calendar's range.
  if (micros < days_since_2000(1, 1, 1) * kMicrosPerDay || micros >= days_since_2000(10000, 1, 1) * kMicrosPerDay)
    return o.refuse(Refusal::BadValue, "is outside the years 0001 to 9999 in UTC");
  return true;
}

}  // namespace

const char* refusal_name(Refusal r) {
  switch (r) {
    case Refusal::None:
      return "none";
    case Refusal::BadValue:
      return "bad-value";
    case Refusal::InvalidUtf8:
      return "invalid-utf8";
    case Refusal::Nul:
      return "nul";
    case Refusal::Orphan:
      return "orphan";
  }
  return "?";
}

const char* conversion_note_text(int bit) {
  static const char* const kTexts[kConversionNoteCount] = {
      "values with a UTC offset or 'Z', stored as the same instant in UTC",
      "text values in a blob column, stored as their UTF-8 bytes",
      "numbers in a text column, stored as their shortest text",
      "values with invalid UTF-8, replaced by U+FFFD (--invalid-utf8 replace)",
      "values with U+0000, removed (--nul strip)",
      "values rewritten to NFC (--normalize nfc)",
      "numbers in a JSON column, stored as JSON numbers",
      "-0.0 values, stored as 0 (the target has no negative zero)",
      "upper-case UUIDs, which the target spells in lower case",
      "numbers read as dates or times by the column's cast rule",
  };
  return bit >= 0 && bit < kConversionNoteCount ? kTexts[bit] : "?";
}

std::string format_double(double d) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, r.ptr);
}

void append_double(std::string& out, double d) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  out.append(buf, r.ptr);
}

bool to_integer(const ValueRef& v, int64_t& out, Outcome& o) {
  switch (v.cls) {
    case StorageClass::Integer:
      out = v.integer;
      return true;
    case StorageClass::Real:
      if (std::trunc(v.real) == v.real && v.real >= -9223372036854775808.0 && v.real < 9223372036854775808.0) {
        out = static_cast<int64_t>(v.real);
        return true;
      }
      return o.refuse(Refusal::BadValue, "not an integer");
    default:
      return o.refuse(Refusal::BadValue, class_mismatch(v, "an integer"));
  }
}

bool to_real(const ValueRef& v, bool negative_zero, bool infinities, double& out, Outcome& o) {
  switch (v.cls) {
    case StorageClass::Real:
      out = v.real;
      if (std::isinf(out) && !infinities)
        return o.refuse(Refusal::BadValue, "is infinite, and the target's double type has no infinity");
      if (std::isnan(out)) return o.refuse(Refusal::BadValue, "is not a number (NaN)");
      if (out == 0 && std::signbit(out) && !negative_zero) {
        out = 0;
        o.notes |= kNoteNegativeZero;
      }
      return true;
    case StorageClass::Integer:
      if (v.integer >= -(int64_t{1} << 53) && v.integer <= (int64_t{1} << 53)) {
        out = static_cast<double>(v.integer);
        return true;
      }
      return o.refuse(Refusal::BadValue, "integer too large for a double without rounding");
    default:
      return o.refuse(Refusal::BadValue, class_mismatch(v, "a number"));
  }
}

bool to_decimal(const ValueRef& v, int precision, int scale, std::string& out, Outcome& o) {
  switch (v.cls) {
    case StorageClass::Integer:
      out = std::to_string(v.integer);
      break;
    case StorageClass::Real:
      if (!std::isfinite(v.real)) return o.refuse(Refusal::BadValue, "not a finite number");
      // The shortest text that reads back as the same double: what the
      // application wrote (299.99), not the binary expansion.
      if (!canonical_decimal(format_double(v.real), out)) return o.refuse(Refusal::BadValue, "not a decimal number");
      break;
    case StorageClass::Text:
      if (!canonical_decimal(v.bytes, out)) return o.refuse(Refusal::BadValue, "not a decimal number");
      break;
    default:
      return o.refuse(Refusal::BadValue, class_mismatch(v, "a decimal number"));
  }
  if (precision > 0) {
    size_t start = out[0] == '-' ? 1 : 0;
    size_t point = out.find('.');
    size_t int_digits = (point == std::string::npos ? out.size() : point) - start;
    size_t frac_digits = point == std::string::npos ? 0 : out.size() - point - 1;
    if (out.compare(start, std::string::npos, "0") == 0 || out.compare(start, 2, "0.") == 0) int_digits = 0;
    if (static_cast<int>(frac_digits) > scale)
      return o.refuse(Refusal::BadValue, "has " + std::to_string(frac_digits) +
                                             " digits after the point; the column keeps " + std::to_string(scale) +
                                             " (the target would round it)");
    if (static_cast<int>(int_digits) > precision - scale)
      return o.refuse(Refusal::BadValue, "has " + std::to_string(int_digits) +
                                             " digits before the point; the column allows " +
                                             std::to_string(precision - scale));
  }
  return true;
}

bool to_text(const ValueRef& v, const TextRules& rules, std::string& scratch, std::string_view& out, Outcome& o) {
  switch (v.cls) {
    case StorageClass::Text:
      out = v.bytes;
      break;
    case StorageClass::Integer:
      scratch = std::to_string(v.integer);
      out = scratch;
      o.notes |= kNoteNumberAsText;
      break;
    case StorageClass::Real:
      scratch = format_double(v.real);
      out = scratch;
      o.notes |= kNoteNumberAsText;
      break;
    default:
      return o.refuse(Refusal::BadValue, class_mismatch(v, "text"));
  }
  size_t chars = 0;
  if (!valid_utf8(out, chars)) {
    if (!rules.replace_invalid) return refuse_invalid_utf8(out, o);
    std::string repaired;
    replace_invalid_utf8(out, repaired);
    scratch = std::move(repaired);
    out = scratch;
    o.notes |= kNoteUtf8Replaced;
  }
  if (!rules.nul_allowed) {
    if (const void* nul = std::memchr(out.data(), 0, out.size())) {
      if (!rules.strip_nul)
        return o.refuse(Refusal::Nul, "contains U+0000 at byte " +
                                          std::to_string(static_cast<const char*>(nul) - out.data()) +
                                          ", which the target cannot store in text");
      std::string stripped;
      strip_nul(out, stripped);
      scratch = std::move(stripped);
      out = scratch;
      o.notes |= kNoteNulStripped;
    }
  }
  if (rules.nfc) {
    std::string normalized;
    if (normalize_nfc(out, normalized)) {
      scratch = std::move(normalized);
      out = scratch;
      o.notes |= kNoteNormalized;
    }
  }
  if (rules.max_chars > 0) {
    valid_utf8(out, chars);
    if (chars > static_cast<size_t>(rules.max_chars))
      return o.refuse(Refusal::BadValue, "is " + std::to_string(chars) + " characters long; the column holds " +
                                             std::to_string(rules.max_chars));
  }
  return true;
}

bool to_blob(const ValueRef& v, int max_bytes, std::string_view& out, Outcome& o) {
  if (v.cls == StorageClass::Text)
    o.notes |= kNoteTextAsBytes;
  else if (v.cls != StorageClass::Blob)
    return o.refuse(Refusal::BadValue, class_mismatch(v, "a blob"));
  out = v.bytes;
  if (max_bytes > 0 && out.size() > static_cast<size_t>(max_bytes))
    return o.refuse(Refusal::BadValue,
                    "is " + std::to_string(out.size()) + " bytes long; the column holds " + std::to_string(max_bytes));
  return true;
}

bool to_boolean(const ValueRef& v, bool& out, Outcome& o) {
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
      if (v.bytes.size() > 5) break;
      std::string t;
      for (char c : v.bytes) t += lower_ascii(c);
      if (t == "1" || t == "t" || t == "true" || t == "y" || t == "yes" || t == "on") {
        out = true;
        return true;
      }
      if (t == "0" || t == "f" || t == "false" || t == "n" || t == "no" || t == "off") {
        out = false;
        return true;
      }
      break;
    }
    default:
      break;
  }
  return o.refuse(Refusal::BadValue, "not a boolean (0/1, true/false, t/f, yes/no, y/n, on/off)");
}

bool to_date(const ValueRef& v, TemporalSource source, int32_t& days, Outcome& o) {
  int64_t micros = 0;
  bool has_time = false;
  if (!read_instant(v, source, "ISO-8601 date text", micros, has_time, o)) return false;
  if (micros % kMicrosPerDay != 0)
    return o.refuse(Refusal::BadValue, "has a time of day, which a date column would drop");
  days = static_cast<int32_t>(micros / kMicrosPerDay);
  return true;
}

bool to_time(const ValueRef& v, int64_t& micros_of_day, Outcome& o) {
  if (v.cls != StorageClass::Text) return o.refuse(Refusal::BadValue, class_mismatch(v, "ISO-8601 time text"));
  std::string why;
  if (!parse_iso_time(v.bytes, micros_of_day, why)) return o.refuse(Refusal::BadValue, why);
  return true;
}

bool to_timestamp(const ValueRef& v, TemporalSource source, int64_t& micros, Outcome& o) {
  bool has_time = false;
  return read_instant(v, source, "ISO-8601 date-time text", micros, has_time, o);
}

bool to_json(const ValueRef& v, bool parsed_target, std::string& scratch, std::string_view& out, Outcome& o) {
  switch (v.cls) {
    case StorageClass::Text:
      out = v.bytes;
      break;
    case StorageClass::Integer:
      scratch = std::to_string(v.integer);
      out = scratch;
      o.notes |= kNoteNumberAsJson;
      return true;
    case StorageClass::Real:
      if (!std::isfinite(v.real)) return o.refuse(Refusal::BadValue, "not a finite number, which JSON cannot hold");
      scratch = format_double(v.real);
      out = scratch;
      o.notes |= kNoteNumberAsJson;
      return true;
    default:
      return o.refuse(Refusal::BadValue, class_mismatch(v, "JSON text"));
  }
  size_t chars = 0;
  if (!valid_utf8(out, chars)) return refuse_invalid_utf8(out, o);
  if (!parsed_target) {
    if (!nlohmann::json::accept(out)) return o.refuse(Refusal::BadValue, "not valid JSON");
    return true;
  }
  DuplicateKeyFinder finder;
  if (!nlohmann::json::sax_parse(out, &finder, nlohmann::json::input_format_t::json, false))
    return o.refuse(Refusal::BadValue, finder.duplicate.empty()
                                           ? std::string("not valid JSON")
                                           : "has the key \"" + finder.duplicate +
                                                 "\" twice in one object; the target's JSON type would keep only one");
  if (out.find("\\u0000") != std::string_view::npos)
    return o.refuse(Refusal::BadValue, "contains \\u0000, which the target's JSON type cannot store");
  return true;
}

bool to_uuid(const ValueRef& v, unsigned char out[16], Outcome& o) {
  if (v.cls != StorageClass::Text) return o.refuse(Refusal::BadValue, class_mismatch(v, "UUID text"));
  std::string_view s = v.bytes;
  static constexpr size_t kDashes[] = {8, 13, 18, 23};
  bool upper = false;
  if (s.size() != 36) return o.refuse(Refusal::BadValue, "not a UUID (8-4-4-4-12 hexadecimal digits)");
  size_t n = 0;
  for (size_t i = 0; i < 36; ++i) {
    if (i == kDashes[0] || i == kDashes[1] || i == kDashes[2] || i == kDashes[3]) {
      if (s[i] != '-') return o.refuse(Refusal::BadValue, "not a UUID (8-4-4-4-12 hexadecimal digits)");
      continue;
    }
    int hi = hex_value(s[i]), lo = hex_value(s[i + 1]);
    if (hi < 0 || lo < 0 || i + 1 == kDashes[0] || i + 1 == kDashes[1] || i + 1 == kDashes[2] || i + 1 == kDashes[3])
      return o.refuse(Refusal::BadValue, "not a UUID (8-4-4-4-12 hexadecimal digits)");
    upper = upper || (s[i] >= 'A' && s[i] <= 'F') || (s[i + 1] >= 'A' && s[i + 1] <= 'F');
    out[n++] = static_cast<unsigned char>(hi * 16 + lo);
    ++i;
  }
  if (upper) o.notes |= kNoteUuidLowered;
  return true;
}

}  // namespace litelift
