#include "engines/postgres/postgres_binary_encoder.hpp"

#include <cstdint>
#include <cstring>
#include <string_view>

#include "mapping/error.hpp"
#include "mapping/value_convert.hpp"

namespace litelift {

namespace {

void put16(std::string& out, uint16_t v) {
  const char b[2] = {static_cast<char>(v >> 8), static_cast<char>(v)};
  out.append(b, 2);
}

void put32(std::string& out, uint32_t v) {
  const char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                     static_cast<char>(v)};
  out.append(b, 4);
}

void put64(std::string& out, uint64_t v) {
  put32(out, static_cast<uint32_t>(v >> 32));
  put32(out, static_cast<uint32_t>(v));
}

void patch16(std::string& out, size_t pos, uint16_t v) {
  out[pos] = static_cast<char>(v >> 8);
  out[pos + 1] = static_cast<char>(v);
}

void patch32(std::string& out, size_t pos, uint32_t v) {
  out[pos] = static_cast<char>(v >> 24);
  out[pos + 1] = static_cast<char>(v >> 16);
  out[pos + 2] = static_cast<char>(v >> 8);
  out[pos + 3] = static_cast<char>(v);
}

// numeric's send format: ndigits, weight, sign, dscale, then base-10000
// digits. Digit groups are aligned on the decimal point (the integer part
// grouped leftwards from it, the fraction rightwards), weight is the power of
// 10000 of the first group, and zero groups at either end are left out.
bool put_numeric(std::string_view text, std::string& out, std::string& reason) {
  bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  size_t point = text.find('.');
  std::string_view int_part = text.substr(0, point);
  std::string_view frac_part = point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
  if (int_part.empty() && frac_part.empty()) {
    reason = "not a decimal number";
    return false;
  }
  for (std::string_view part : {int_part, frac_part}) {
    for (char c : part) {
      if (c < '0' || c > '9') {
        reason = "not a decimal number";
        return false;
      }
    }
  }
  while (!int_part.empty() && int_part[0] == '0') int_part.remove_prefix(1);

  const size_t header = out.size();
  out.append(8, '\0');
  const long int_groups = static_cast<long>((int_part.size() + 3) / 4);
  const long frac_groups = static_cast<long>((frac_part.size() + 3) / 4);
  long weight = int_groups - 1;
  long ndigits = 0;
  size_t end = out.size();  // just past the last non-zero group
  size_t first_len = int_part.size() - static_cast<size_t>(int_groups > 0 ? (int_groups - 1) * 4 : 0);
  for (long g = 0; g < int_groups + frac_groups; ++g) {
    int digit = 0;
    if (g < int_groups) {
      size_t from = g == 0 ? 0 : first_len + static_cast<size_t>(g - 1) * 4;
      size_t len = g == 0 ? first_len : 4;
      for (size_t i = 0; i < len; ++i) digit = digit * 10 + (int_part[from + i] - '0');
    } else {
      size_t from = static_cast<size_t>(g - int_groups) * 4;
      for (size_t i = 0; i < 4; ++i) digit = digit * 10 + (from + i < frac_part.size() ? frac_part[from + i] - '0' : 0);
    }
    if (digit == 0 && ndigits == 0) {
      --weight;  // a leading zero group
      continue;
    }
    put16(out, static_cast<uint16_t>(digit));
    ++ndigits;
    if (digit != 0) end = out.size();
  }
  out.resize(end);
  ndigits = static_cast<long>((end - header - 8) / 2);
  if (ndigits == 0) {
    weight = 0;
    negative = false;
  }
  // NUMERIC_DSCALE_MASK is 0x3FFF; weight and ndigits travel as int16.
  if (ndigits > INT16_MAX || weight > INT16_MAX || weight < INT16_MIN || frac_part.size() > 0x3FFF) {
    out.resize(header);
    reason = "too many digits for PostgreSQL's numeric";
    return false;
  }
  patch16(out, header, static_cast<uint16_t>(ndigits));
  patch16(out, header + 2, static_cast<uint16_t>(static_cast<int16_t>(weight)));
  patch16(out, header + 4, negative ? 0x4000 : 0x0000);
  patch16(out, header + 6, static_cast<uint16_t>(frac_part.size()));
  return true;
}

bool field_integer(const FieldSpec&, const ValueRef& v, FieldScratch&, std::string& out, Outcome& o) {
  int64_t i;
  if (!to_integer(v, i, o)) return false;
  put64(out, static_cast<uint64_t>(i));
  return true;
}

bool field_real(const FieldSpec& f, const ValueRef& v, FieldScratch&, std::string& out, Outcome& o) {
  double d;
  if (!to_real(v, f.negative_zero, f.infinities, d, o)) return false;
  uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  put64(out, bits);
  return true;
}

bool field_decimal(const FieldSpec& f, const ValueRef& v, FieldScratch& s, std::string& out, Outcome& o) {
  if (!to_decimal(v, f.type.precision, f.type.scale, s.text, o)) return false;
  if (!put_numeric(s.text, out, s.aux)) return o.refuse(Refusal::BadValue, s.aux);
  return true;
}

bool field_text(const FieldSpec& f, const ValueRef& v, FieldScratch& s, std::string& out, Outcome& o) {
  std::string_view text;
  if (!to_text(v, f.text, s.text, text, o)) return false;
  out.append(text);
  return true;
}

bool field_blob(const FieldSpec& f, const ValueRef& v, FieldScratch&, std::string& out, Outcome& o) {
  std::string_view bytes;
  if (!to_blob(v, f.type.length, bytes, o)) return false;
  out.append(bytes);
  return true;
}

bool field_boolean(const FieldSpec&, const ValueRef& v, FieldScratch&, std::string& out, Outcome& o) {
  bool b;
  if (!to_boolean(v, b, o)) return false;
  out.push_back(b ? '\1' : '\0');
  return true;
}

bool field_date(const FieldSpec& f, const ValueRef& v, FieldScratch&, std::string& out, Outcome& o) {
  int32_t days;
  if (!to_date(v, f.temporal, days, o)) return false;
  put32(out, static_cast<uint32_t>(days));
  return true;
}

bool field_time(const FieldSpec&, const ValueRef& v, FieldScratch&, std::string& out, Outcome& o) {
  int64_t micros;
  if (!to_time(v, micros, o)) return false;
  put64(out, static_cast<uint64_t>(micros));
  return true;
}

// timestamp and timestamptz share the send format: microseconds since 2000-01-01 (UTC for timestamptz).
bool field_timestamp(const FieldSpec& f, const ValueRef& v, FieldScratch&, std::string& out, Outcome& o) {
  int64_t micros;
  if (!to_timestamp(v, f.temporal, micros, o)) return false;
  put64(out, static_cast<uint64_t>(micros));
  return true;
}

// jsonb's send format is a version byte (1) and the JSON text; json's is the text.
bool field_jsonb(const FieldSpec& f, const ValueRef& v, FieldScratch& s, std::string& out, Outcome& o) {
  std::string_view json;
  if (!to_json(v, /*parsed_target=*/true, f.json_numbers, s.text, json, o)) return false;
  out.push_back('\1');
  out.append(json);
  return true;
}

bool field_json(const FieldSpec& f, const ValueRef& v, FieldScratch& s, std::string& out, Outcome& o) {
  std::string_view json;
  if (!to_json(v, /*parsed_target=*/false, f.json_numbers, s.text, json, o)) return false;
  out.append(json);
  return true;
}

bool field_uuid(const FieldSpec&, const ValueRef& v, FieldScratch&, std::string& out, Outcome& o) {
  unsigned char bytes[16];
  if (!to_uuid(v, bytes, o)) return false;
  out.append(reinterpret_cast<const char*>(bytes), 16);
  return true;
}

}  // namespace

WriteFn PostgresWire::writer_for(const FieldSpec& f) {
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
    // The PostgreSQL dialect renders parsed JSON as jsonb and kept text as json.
    case TypeFamily::Json:
      return f.type.json_parsed ? field_jsonb : field_json;
    case TypeFamily::Uuid:
      return field_uuid;
  }
  return nullptr;
}

void PostgresWire::begin_row(std::string& out, size_t columns) {
  put16(out, static_cast<uint16_t>(columns));
}

void PostgresWire::null_field(std::string& out, size_t) {
  put32(out, UINT32_MAX);
}  // length -1

size_t PostgresWire::begin_field(std::string& out, size_t) {
  out.append(4, '\0');
  return out.size();
}

bool PostgresWire::end_field(std::string& out, size_t mark, Outcome& o) {
  const size_t length = out.size() - mark;
  if (length > INT32_MAX) return o.refuse(Refusal::BadValue, "larger than the 2 GiB a COPY field can carry");
  patch32(out, mark - 4, static_cast<uint32_t>(length));
  return true;
}

PostgresBinaryEncoder::PostgresBinaryEncoder(const TablePlan& table, const Dialect& dialect)
    : RowEncoder<PostgresWire>(table, dialect) {
  if (table.columns.size() > INT16_MAX)
    throw Error(ErrorKind::Internal, "table \"" + table.name + "\" has more columns than COPY can carry");
}

}  // namespace litelift
