#include "mapping/value_convert.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <unordered_set>
#include <vector>

namespace litelift {
namespace {

std::string class_mismatch(const ValueRef& v, const char* wanted) {
  return std::string(storage_class_name(v.cls)) + " value where " + wanted + " was expected";
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
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

// The text of a number for a reason, cut when long.
std::string number_for_reason(std::string_view token) {
  if (token.size() <= 40) return std::string(token);
  return std::string(token.substr(0, 32)) + "... (" + std::to_string(token.size()) + " characters)";
}

// Reads one JSON document strictly (RFC 8259; `text` is valid UTF-8) without
// building a DOM or recursing, so that any nesting depth is safe. For a
// parsed target it also finds what that target cannot keep: an object with
// a repeated key (compared after unescaping), U+0000 in a string or key, a
// number outside the range its numbers have.
class JsonChecker {
 public:
  JsonChecker(std::string_view text, bool parsed, JsonNumbers numbers) : s_(text), parsed_(parsed), numbers_(numbers) {}

  // False when the text is not one JSON document; `problem` is then empty.
  // True with `problem` set for the first thing the parsed target cannot keep.
  bool read();
  std::string problem;

 private:
  struct Frame {
    bool object = false;
    bool first = true;                     // nothing read in it yet
    std::unordered_set<std::string> keys;  // an object's keys, for a parsed target
  };

  void blanks() {
    while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\t' || s_[p_] == '\n' || s_[p_] == '\r')) ++p_;
  }
  bool word(std::string_view w) {
    if (s_.substr(p_, w.size()) != w) return false;
    p_ += w.size();
    return true;
  }
  bool hex4(uint32_t& v);
  bool string(std::string* decoded);
  bool number();
  bool value();  // a scalar, or opens a container (pushed on frames_)
  void found(std::string why) {
    if (problem.empty()) problem = std::move(why);
  }

  std::string_view s_;
  size_t p_ = 0;
  bool parsed_;
  JsonNumbers numbers_;
  std::vector<Frame> frames_;
  std::string key_;
};

bool JsonChecker::hex4(uint32_t& v) {
  if (p_ + 4 > s_.size()) return false;
  v = 0;
  for (int i = 0; i < 4; ++i) {
    const int h = hex_value(s_[p_++]);
    if (h < 0) return false;
    v = v * 16 + static_cast<uint32_t>(h);
  }
  return true;
}

// A string at s_[p_]; `decoded` (when given) gets its UTF-8 text.
bool JsonChecker::string(std::string* decoded) {
  if (decoded) decoded->clear();
  if (p_ >= s_.size() || s_[p_] != '"') return false;
  ++p_;
  while (p_ < s_.size()) {
    const auto c = static_cast<unsigned char>(s_[p_++]);
    if (c == '"') return true;
    if (c < 0x20) return false;  // control characters are escaped in JSON
    if (c != '\\') {
      if (decoded) *decoded += static_cast<char>(c);
      continue;
    }
    if (p_ >= s_.size()) return false;
    const char e = s_[p_++];
    char plain = 0;
    switch (e) {
      case '"':
      case '\\':
      case '/':
        plain = e;
        break;
      case 'b':
        plain = '\b';
        break;
      case 'f':
        plain = '\f';
        break;
      case 'n':
        plain = '\n';
        break;
      case 'r':
        plain = '\r';
        break;
      case 't':
        plain = '\t';
        break;
      case 'u': {
        uint32_t cp = 0;
        if (!hex4(cp) || (cp >= 0xDC00 && cp <= 0xDFFF)) return false;  // a low surrogate must follow a high one
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          uint32_t low = 0;
          if (!word("\\u") || !hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        if (cp == 0 && parsed_) found("contains \\u0000, which the target's JSON type cannot store");
        if (decoded) append_utf8(*decoded, cp);
        continue;
      }
      default:
        return false;
    }
    if (decoded) *decoded += plain;
  }
  return false;
}

// A number at s_[p_]: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
bool JsonChecker::number() {
  const size_t start = p_;
  if (p_ < s_.size() && s_[p_] == '-') ++p_;
  const size_t int_start = p_;
  if (p_ < s_.size() && s_[p_] == '0')
    ++p_;
  else if (p_ < s_.size() && s_[p_] >= '1' && s_[p_] <= '9')
    while (p_ < s_.size() && is_digit(s_[p_])) ++p_;
  else
    return false;
  const size_t int_end = p_;
  size_t frac_start = p_, frac_end = p_;
  if (p_ < s_.size() && s_[p_] == '.') {
    frac_start = ++p_;
    if (p_ >= s_.size() || !is_digit(s_[p_])) return false;
    while (p_ < s_.size() && is_digit(s_[p_])) ++p_;
    frac_end = p_;
  }
  int64_t exponent = 0;
  if (p_ < s_.size() && (s_[p_] == 'e' || s_[p_] == 'E')) {
    ++p_;
    bool negative = false;
    if (p_ < s_.size() && (s_[p_] == '+' || s_[p_] == '-')) negative = s_[p_++] == '-';
    if (p_ >= s_.size() || !is_digit(s_[p_])) return false;
    // Saturates far beyond every limit below.
    for (; p_ < s_.size() && is_digit(s_[p_]); ++p_)
      exponent = std::min<int64_t>(exponent * 10 + (s_[p_] - '0'), 1LL << 40);
    if (negative) exponent = -exponent;
  }
  if (!parsed_ || !problem.empty()) return true;  // a target that keeps the text keeps any number
  // The power of ten of the first non-zero digit.
  bool zero = true;
  int64_t magnitude = 0;
  for (size_t i = int_start; i < int_end && zero; ++i)
    if (s_[i] != '0') {
      zero = false;
      magnitude = static_cast<int64_t>(int_end - i) - 1 + exponent;
    }
  for (size_t i = frac_start; i < frac_end && zero; ++i)
    if (s_[i] != '0') {
      zero = false;
      magnitude = -static_cast<int64_t>(i - frac_start) - 1 + exponent;
    }
  const std::string_view token = s_.substr(start, p_ - start);
  switch (numbers_) {
    case JsonNumbers::Numeric: {
      // PostgreSQL's numeric input: the exponent within +-(INT_MAX / 2), at
      // most 16383 digits after the point as written (the fraction's digits
      // less the exponent, zeros too), and a value below 1e131072.
      const int64_t scale = std::max<int64_t>(0, static_cast<int64_t>(frac_end - frac_start) - exponent);
      if (exponent >= 1073741823 || exponent <= -1073741823 || scale > 16383 || (!zero && magnitude > 131071))
        found("has the number " + number_for_reason(token) +
              ", which the target's JSON type cannot hold (its numbers are numeric: below 1e131072, with at most "
              "16383 digits after the point)");
      break;
    }
    case JsonNumbers::Double: {
      double d = 0;
      if (!zero && magnitude >= 308 &&
          std::from_chars(token.data(), token.data() + token.size(), d).ec == std::errc::result_out_of_range)
        found("has the number " + number_for_reason(token) +
              ", beyond a double's range, and the target's JSON type holds numbers as doubles");
      break;
    }
  }
  return true;
}

bool JsonChecker::value() {
  blanks();
  if (p_ >= s_.size()) return false;
  switch (s_[p_]) {
    case '{':
    case '[': {
      ++p_;
      Frame f;
      f.object = s_[p_ - 1] == '{';
      frames_.push_back(std::move(f));
      return true;
    }
    case '"':
      return string(nullptr);
    case 't':
      return word("true");
    case 'f':
      return word("false");
    case 'n':
      return word("null");
    default:
      return number();
  }
}

bool JsonChecker::read() {
  if (!value()) return false;
  while (!frames_.empty()) {
    blanks();
    if (p_ >= s_.size()) return false;
    Frame& f = frames_.back();
    if (s_[p_] == (f.object ? '}' : ']')) {
      ++p_;
      frames_.pop_back();
      continue;
    }
    if (!f.first) {
      if (s_[p_] != ',') return false;
      ++p_;
      blanks();
    }
    f.first = false;
    if (f.object) {
      if (!string(parsed_ ? &key_ : nullptr)) return false;
      if (parsed_ && !f.keys.insert(key_).second)
        found("has the key \"" + key_ + "\" twice in one object; the target's JSON type would keep only one");
      blanks();
      if (p_ >= s_.size() || s_[p_] != ':') return false;
      ++p_;
    }
    if (!value()) return false;  // may push: `f` is not used after this
  }
  blanks();
  if (p_ != s_.size()) return false;
  return true;
}

// Refuses `text`, naming its first invalid bytes.
bool refuse_invalid_utf8(std::string_view text, Outcome& o) {
  Utf8Flaw flaw;
  find_invalid_utf8(text, flaw);
  return o.refuse(Refusal::InvalidUtf8, describe_utf8_flaw(text, flaw));
}

char lower_ascii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
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

bool to_json(const ValueRef& v, bool parsed_target, JsonNumbers numbers, std::string& scratch, std::string_view& out,
             Outcome& o) {
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
  // PostgreSQL (json and jsonb), MariaDB's json_valid() and MySQL refuse it.
  if (out.substr(0, 3) == "\xEF\xBB\xBF")
    return o.refuse(Refusal::BadValue,
                    "not valid JSON: it starts with a byte-order mark (U+FEFF), which the target's JSON type refuses");
  JsonChecker checker(out, parsed_target, numbers);
  if (!checker.read()) return o.refuse(Refusal::BadValue, "not valid JSON");
  if (!checker.problem.empty()) return o.refuse(Refusal::BadValue, std::move(checker.problem));
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
