#include "engines/mysql/mysql_text_encoder.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>

#include "mapping/value_convert.hpp"

namespace litelift {

namespace {

// The byte after the backslash for each byte LOAD DATA would misread; 0 for
// bytes that pass through raw.
constexpr std::array<char, 256> make_escapes() {
  std::array<char, 256> t{};
  t[static_cast<unsigned char>('\\')] = '\\';
  t[static_cast<unsigned char>('\t')] = 't';
  t[static_cast<unsigned char>('\n')] = 'n';
  t[static_cast<unsigned char>('\r')] = 'r';
  t[0] = '0';
  return t;
}
constexpr std::array<char, 256> kEscape = make_escapes();

void append_int(std::string& out, int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// Writes `v` as exactly `width` digits at `p`; v is within range.
char* put_digits(char* p, int v, int width) {
  for (int i = width - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return p + width;
}

char* put_date(char* p, const DateTime& d) {
  p = put_digits(p, d.year, 4);
  *p++ = '-';
  p = put_digits(p, d.month, 2);
  *p++ = '-';
  return put_digits(p, d.day, 2);
}

bool field_integer(const FieldSpec&, const ValueRef& v, FieldScratch&, std::string& out, Outcome& o) {
  int64_t i = 0;
  if (!to_integer(v, i, o)) return false;
  append_int(out, i);
  return true;
}

bool field_real(const FieldSpec& f, const ValueRef& v, FieldScratch&, std::string& out, Outcome& o) {
  double d = 0;
  if (!to_real(v, f.negative_zero, f.infinities, d, o)) return false;
  append_double(out, d);
  return true;
}

bool field_decimal(const FieldSpec& f, const ValueRef& v, FieldScratch& s, std::string& out, Outcome& o) {
  if (!to_decimal(v, f.type.precision, f.type.scale, s.text, o)) return false;
  out += s.text;
  return true;
}

bool field_text(const FieldSpec& f, const ValueRef& v, FieldScratch& s, std::string& out, Outcome& o) {
  std::string_view text;
  if (!to_text(v, f.text, s.text, text, o)) return false;
  MySQLWire::append_escaped(text, out);
  return true;
}

// Blobs travel as hex for the writer's UNHEX().
bool field_blob(const FieldSpec& f, const ValueRef& v, FieldScratch&, std::string& out, Outcome& o) {
  std::string_view bytes;
  if (!to_blob(v, f.type.length, bytes, o)) return false;
  static constexpr char kHex[] = "0123456789ABCDEF";
  size_t at = out.size();
  out.resize(at + 2 * bytes.size());
  char* p = out.data() + at;
  for (unsigned char b : bytes) {
    *p++ = kHex[b >> 4];
    *p++ = kHex[b & 15];
  }
  return true;
}

bool field_boolean(const FieldSpec&, const ValueRef& v, FieldScratch&, std::string& out, Outcome& o) {
  bool b = false;
  if (!to_boolean(v, b, o)) return false;
  out.push_back(b ? '1' : '0');
  return true;
}

bool field_date(const FieldSpec& f, const ValueRef& v, FieldScratch&, std::string& out, Outcome& o) {
  int32_t days = 0;
  if (!to_date(v, f.temporal, days, o)) return false;
  DateTime d = date_time_from_micros(int64_t{days} * kMicrosPerDay);
  char buf[10];
  out.append(buf, put_date(buf, d));
  return true;
}

char* put_time(char* p, const DateTime& d) {
  p = put_digits(p, d.hour, 2);
  *p++ = ':';
  p = put_digits(p, d.minute, 2);
  *p++ = ':';
  p = put_digits(p, d.second, 2);
  *p++ = '.';
  return put_digits(p, d.micros, 6);
}

bool field_time(const FieldSpec&, const ValueRef& v, FieldScratch&, std::string& out, Outcome& o) {
  int64_t micros = 0;
  if (!to_time(v, micros, o)) return false;
  char buf[16];
  out.append(buf, put_time(buf, date_time_from_micros(micros)));
  return true;
}

bool field_timestamp(const FieldSpec& f, const ValueRef& v, FieldScratch&, std::string& out, Outcome& o) {
  int64_t micros = 0;
  if (!to_timestamp(v, f.temporal, micros, o)) return false;
  DateTime d = date_time_from_micros(micros);
  char buf[26];
  char* p = put_date(buf, d);
  *p++ = ' ';
  out.append(buf, put_time(p, d));
  return true;
}

bool field_json(const FieldSpec& f, const ValueRef& v, FieldScratch& s, std::string& out, Outcome& o) {
  std::string_view json;
  if (!to_json(v, f.type.json_parsed, f.json_numbers, s.text, json, o)) return false;
  MySQLWire::append_escaped(json, out);
  return true;
}

// No UUID type: the canonical text, checked, in varchar(36).
bool field_uuid(const FieldSpec&, const ValueRef& v, FieldScratch&, std::string& out, Outcome& o) {
  unsigned char bytes[16];
  if (!to_uuid(v, bytes, o)) return false;
  for (char c : v.bytes) out.push_back(c >= 'A' && c <= 'F' ? static_cast<char>(c - 'A' + 'a') : c);
  return true;
}

}  // namespace

WriteFn MySQLWire::writer_for(const FieldSpec& f) {
  switch (f.type.family) {
    case TypeFamily::Integer:
      return field_integer;
    case TypeFamily::Real:
      return field_real;
    case TypeFamily::Decimal:
      return field_decimal;
    case TypeFamily::Text:
    case TypeFamily::Varchar:
      return field_text;
    case TypeFamily::Blob:
      return field_blob;
    case TypeFamily::Boolean:
      return field_boolean;
    case TypeFamily::Date:
      return field_date;
    case TypeFamily::Time:
      return field_time;
    case TypeFamily::Timestamp:
    case TypeFamily::TimestampTz:
      return field_timestamp;
    case TypeFamily::Json:
      return field_json;
    case TypeFamily::Uuid:
      return field_uuid;
  }
  return nullptr;
}

void MySQLWire::append_escaped(std::string_view s, std::string& out) {
  const char* p = s.data();
  const char* end = p + s.size();
  const char* run = p;
  for (; p != end; ++p) {
    char e = kEscape[static_cast<unsigned char>(*p)];
    if (e == 0) continue;
    out.append(run, p);
    out.push_back('\\');
    out.push_back(e);
    run = p + 1;
  }
  out.append(run, end);
}

MySQLTextEncoder::MySQLTextEncoder(const TablePlan& table, const Dialect& dialect)
    : RowEncoder<MySQLWire>(table, dialect) {}

}  // namespace litelift
