#include "engines/mysql/mysql_text_encoder.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>

#include "mapping/value_convert.hpp"

namespace litelift {

struct MySQLTextEncoder::Scratch {
  std::string text;     // to_text's made-up text
  std::string decimal;  // to_decimal's canonical text
};

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

bool year_fits(const DateTime& d, std::string& reason) {
  if (d.year >= 0 && d.year <= 9999) return true;
  reason = "MySQL dates hold years 0000 to 9999";
  return false;
}

char* put_date(char* p, const DateTime& d) {
  p = put_digits(p, d.year, 4);
  *p++ = '-';
  p = put_digits(p, d.month, 2);
  *p++ = '-';
  return put_digits(p, d.day, 2);
}

}  // namespace

void MySQLTextEncoder::append_escaped(std::string_view s, std::string& out) {
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

MySQLTextEncoder::MySQLTextEncoder(const TablePlan& table) : table_(table) {
  fields_.reserve(table_.columns.size());
  for (size_t i = 0; i < table_.columns.size(); ++i) {
    const ColumnPlan& c = table_.columns[i];
    Field f;
    f.column = i;
    f.source = c.source_index;
    f.not_null = c.not_null;
    f.precision = c.type.precision;
    f.scale = c.type.scale;
    switch (c.type.family) {
      case TypeFamily::Integer:
        f.write = [](const Field&, const ValueRef& v, Scratch&, std::string& out, std::string& reason) {
          int64_t i = 0;
          if (!to_integer(v, i, reason)) return false;
          append_int(out, i);
          return true;
        };
        break;
      case TypeFamily::Real:
        f.write = [](const Field&, const ValueRef& v, Scratch&, std::string& out, std::string& reason) {
          double d = 0;
          if (!to_real(v, d, reason)) return false;
          if (!std::isfinite(d)) {
            reason = "MySQL cannot store NaN or infinity in DOUBLE";
            return false;
          }
          // Shortest round-trip text, as format_double() renders it, without
          // a std::string per value.
          char buf[32];
          auto r = std::to_chars(buf, buf + sizeof buf, d);
          out.append(buf, r.ptr);
          return true;
        };
        break;
      case TypeFamily::Decimal:
        f.write = [](const Field& f, const ValueRef& v, Scratch& s, std::string& out, std::string& reason) {
          if (!to_decimal(v, f.precision, f.scale, s.decimal, reason)) return false;
          out += s.decimal;
          return true;
        };
        break;
      case TypeFamily::Varchar:
        f.length = c.type.length;
        [[fallthrough]];
      case TypeFamily::Text:
        f.write = [](const Field& f, const ValueRef& v, Scratch& s, std::string& out, std::string& reason) {
          std::string_view text;
          if (!to_text(v, f.length, /*allow_nul=*/true, s.text, text, reason)) return false;
          append_escaped(text, out);
          return true;
        };
        break;
      case TypeFamily::Blob:
        f.length = c.type.length;
        f.write = [](const Field& f, const ValueRef& v, Scratch&, std::string& out, std::string& reason) {
          std::string_view bytes;
          if (!to_blob(v, f.length, bytes, reason)) return false;
          static constexpr char kHex[] = "0123456789ABCDEF";
          size_t at = out.size();
          out.resize(at + 2 * bytes.size());
          char* p = out.data() + at;
          for (unsigned char b : bytes) {
            *p++ = kHex[b >> 4];
            *p++ = kHex[b & 15];
          }
          return true;
        };
        break;
      case TypeFamily::Boolean:
        f.write = [](const Field&, const ValueRef& v, Scratch&, std::string& out, std::string& reason) {
          bool b = false;
          if (!to_boolean(v, b, reason)) return false;
          out.push_back(b ? '1' : '0');
          return true;
        };
        break;
      case TypeFamily::Date:
        f.write = [](const Field&, const ValueRef& v, Scratch&, std::string& out, std::string& reason) {
          DateTime d;
          if (!to_date(v, d, reason) || !year_fits(d, reason)) return false;
          char buf[10];
          out.append(buf, put_date(buf, d));
          return true;
        };
        break;
      case TypeFamily::Timestamp:
        f.write = [](const Field&, const ValueRef& v, Scratch&, std::string& out, std::string& reason) {
          DateTime d;
          if (!to_timestamp(v, d, reason) || !year_fits(d, reason)) return false;
          char buf[26];
          char* p = put_date(buf, d);
          *p++ = ' ';
          p = put_digits(p, d.hour, 2);
          *p++ = ':';
          p = put_digits(p, d.minute, 2);
          *p++ = ':';
          p = put_digits(p, d.second, 2);
          *p++ = '.';
          p = put_digits(p, d.micros, 6);
          out.append(buf, p);
          return true;
        };
        break;
      case TypeFamily::Json:
        f.write = [](const Field&, const ValueRef& v, Scratch&, std::string& out, std::string& reason) {
          std::string_view json;
          if (!to_json(v, /*parsed_target=*/false, json, reason)) return false;
          append_escaped(json, out);
          return true;
        };
        break;
    }
    fields_.push_back(f);
  }
}

void MySQLTextEncoder::encode(const RowBatch& batch, std::string& out) const {
  Scratch scratch;
  std::string reason;
  const size_t rows = batch.rows();
  out.reserve(out.size() + batch.arena_bytes() + rows * fields_.size() * 8);
  for (size_t r = 0; r < rows; ++r) {
    const size_t row_start = out.size();
    for (size_t i = 0; i < fields_.size(); ++i) {
      const Field& f = fields_[i];
      if (i != 0) out.push_back('\t');
      ValueRef v = batch.at(r, f.source);
      bool ok = true;
      if (v.cls != StorageClass::Null) {
        ok = f.write(f, v, scratch, out, reason);
      } else if (f.not_null) {
        ok = false;
        reason = "NULL in a NOT NULL column";
      } else {
        out.append("\\N", 2);
      }
      if (!ok) {
        out.resize(row_start);  // the stream keeps whole rows only
        throw_value_error(table_, table_.columns[f.column], batch, r, reason);
      }
    }
    out.push_back('\n');
  }
}

}  // namespace litelift
