#include "mapping/defaults.hpp"

#include <cctype>
#include <charconv>
#include <cstring>

#include "mapping/value_convert.hpp"

namespace litelift {
namespace {

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A SQLite literal as the value it stores: numbers, 'strings', X'blobs',
// TRUE/FALSE. False for anything else (an expression).
bool read_literal(const std::string& s, ValueRef& v, std::string& bytes) {
  const std::string u = upper(s);
  if (u == "TRUE" || u == "FALSE") {
    v.cls = StorageClass::Integer;
    v.integer = u == "TRUE";
    return true;
  }
  if (s.size() >= 2 && s.front() == '\'' && s.back() == '\'') {
    bytes.clear();
    for (size_t i = 1; i + 1 < s.size(); ++i) {
      if (s[i] == '\'') {
        if (s[i + 1] != '\'' || i + 2 >= s.size()) return false;
        ++i;
      }
      bytes += s[i];
    }
    v.cls = StorageClass::Text;
    v.bytes = bytes;
    return true;
  }
  if (s.size() >= 3 && (s[0] == 'x' || s[0] == 'X') && s[1] == '\'' && s.back() == '\'' && s.size() % 2 == 1) {
    bytes.clear();
    for (size_t i = 2; i + 1 < s.size(); i += 2) {
      int hi = hex_digit(s[i]), lo = hex_digit(s[i + 1]);
      if (hi < 0 || lo < 0) return false;
      bytes += static_cast<char>(hi * 16 + lo);
    }
    v.cls = StorageClass::Blob;
    v.bytes = bytes;
    return true;
  }
  const char* b = s.data() + (!s.empty() && s[0] == '+');
  const char* e = s.data() + s.size();
  int64_t i = 0;
  if (auto r = std::from_chars(b, e, i); r.ec == std::errc() && r.ptr == e) {
    v.cls = StorageClass::Integer;
    v.integer = i;
    return true;
  }
  double d = 0;
  if (auto r = std::from_chars(b, e, d);
      r.ec == std::errc() && r.ptr == e && !s.empty() && s.find_first_of("0123456789") != std::string::npos) {
    v.cls = StorageClass::Real;
    v.real = d;
    return true;
  }
  return false;
}

std::string date_text(const DateTime& t) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", t.year, t.month, t.day);
  return buf;
}

std::string time_text(const DateTime& t) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d.%06d", t.hour, t.minute, t.second, t.micros);
  return buf;
}

}  // namespace

bool literal_default(const std::string& sql) {
  std::string s = sql;
  while (s.size() > 2 && s.front() == '(' && s.back() == ')') s = s.substr(1, s.size() - 2);
  if (upper(s) == "NULL") return true;
  ValueRef v;
  std::string bytes;
  return read_literal(s, v, bytes);
}

std::string sql_string_literal(std::string_view text, const Dialect& d) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    if (c == '\\' && d.string_backslash_escapes) out += '\\';
    out += c;
  }
  return out + "'";
}

std::optional<std::string> map_default(const std::string& sql, const ColumnPlan& col, const Dialect& d,
                                       std::string& note) {
  std::string s = sql;
  // SQLite keeps the clause as written; strip redundant parentheses around literals.
  while (s.size() > 2 && s.front() == '(' && s.back() == ')') s = s.substr(1, s.size() - 2);
  const std::string u = upper(s);
  if (u == "NULL") return std::nullopt;
  const TypeFamily f = col.type.family;
  if (u == "CURRENT_TIMESTAMP") {
    if ((f == TypeFamily::Timestamp || f == TypeFamily::TimestampTz) && !d.utc_now_default.empty()) {
      note = d.utc_now_note;
      return d.utc_now_default;
    }
    note = "default CURRENT_TIMESTAMP on a " + col.type.sql + " column; not migrated";
    return std::nullopt;
  }
  ValueRef v;
  std::string bytes;
  if (!read_literal(s, v, bytes)) {
    note = "default " + sql + " is an expression; not migrated";
    return std::nullopt;
  }
  Outcome o;
  std::string scratch, literal;
  auto refused = [&]() -> std::optional<std::string> {
    note = "default " + sql + " does not fit " + col.type.sql + " (" + o.reason + "); not migrated";
    return std::nullopt;
  };
  bool unbounded = false;
  switch (f) {
    case TypeFamily::Integer: {
      int64_t i;
      if (!to_integer(v, i, o)) return refused();
      literal = std::to_string(i);
      break;
    }
    case TypeFamily::Real: {
      double x;
      if (!to_real(v, true, false, x, o)) return refused();
      literal = format_double(x);
      break;
    }
    case TypeFamily::Decimal:
      if (!to_decimal(v, col.type.precision, col.type.scale, literal, o)) return refused();
      break;
    case TypeFamily::Text:
    case TypeFamily::Varchar: {
      TextRules rules;
      rules.max_chars = f == TypeFamily::Varchar ? col.type.length : 0;
      rules.nul_allowed = d.text_allows_nul;
      std::string_view text;
      if (!to_text(v, rules, scratch, text, o)) return refused();
      literal = sql_string_literal(text, d);
      unbounded = f == TypeFamily::Text;
      break;
    }
    case TypeFamily::Blob: {
      std::string_view b;
      if (!to_blob(v, col.type.length, b, o)) return refused();
      static const char* hex = "0123456789abcdef";
      literal = d.bytes_literal_prefix;
      for (unsigned char c : b) {
        literal += hex[c >> 4];
        literal += hex[c & 15];
      }
      literal += "'";
      unbounded = col.type.length == 0;
      break;
    }
    case TypeFamily::Boolean: {
      bool b;
      if (!to_boolean(v, b, o)) return refused();
      literal = b ? d.true_literal : d.false_literal;
      break;
    }
    case TypeFamily::Date: {
      int32_t days;
      if (!to_date(v, col.rules.temporal, days, o)) return refused();
      literal = "'" + date_text(date_time_from_micros(int64_t{days} * kMicrosPerDay)) + "'";
      break;
    }
    case TypeFamily::Time: {
      int64_t micros;
      if (!to_time(v, micros, o)) return refused();
      literal = "'" + time_text(date_time_from_micros(micros)) + "'";
      break;
    }
    case TypeFamily::Timestamp:
    case TypeFamily::TimestampTz: {
      int64_t micros;
      if (!to_timestamp(v, col.rules.temporal, micros, o)) return refused();
      DateTime t = date_time_from_micros(micros);
      literal = "'" + date_text(t) + " " + time_text(t) +
                (f == TypeFamily::TimestampTz ? d.timestamptz_literal_suffix : "") + "'";
      break;
    }
    case TypeFamily::Json: {
      std::string_view json;
      if (!to_json(v, col.type.json_parsed, d.json_numbers, scratch, json, o)) return refused();
      literal = sql_string_literal(json, d);
      unbounded = true;
      break;
    }
    case TypeFamily::Uuid: {
      unsigned char b[16];
      if (!to_uuid(v, b, o)) return refused();
      std::string lower(v.bytes);
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      literal = sql_string_literal(lower, d);
      break;
    }
  }
  if (unbounded && d.unbounded_default_in_parentheses) literal = "(" + literal + ")";
  return literal;
}

}  // namespace litelift
