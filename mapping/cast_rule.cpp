#include "mapping/cast_rule.hpp"

#include <climits>
#include <optional>

#include "mapping/error.hpp"
#include "mapping/utf8.hpp"

namespace litelift {

namespace {

constexpr const char* kExpected = "expected NAME=TYPE [using epoch|epoch_ms|julianday]";
constexpr const char* kTypes =
    "(types: integer, real, decimal(p,s), text, varchar(n), blob, boolean, date, time, timestamp, timestamptz, "
    "json, jsonb, uuid)";
constexpr int kMaxDecimalPrecision = 1000;

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char ascii_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}
char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

std::string collapse_blanks(std::string_view s) {
  std::string out;
  for (char c : trim(s)) {
    if (is_blank(c)) {
      if (out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

// The message quotes the rule and parts of it: one line, valid UTF-8.
[[noreturn]] void fail(std::string_view rule, const std::string& what) {
  std::string message;
  replace_invalid_utf8("--cast '" + std::string(rule) + "': " + what, message);
  for (char& c : message)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  throw Error(ErrorKind::Usage, message);
}

// A double-quoted name as SQL writes it: "my ""odd"" name".
std::string quoted(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

// One name of TABLE.COLUMN: bare (letters, digits, '_', non-ASCII bytes) or
// double-quoted with "" for a quote inside. Blanks around it are allowed.
std::string parse_name(std::string_view rule, std::string_view part) {
  part = trim(part);
  if (part.empty()) fail(rule, "expected TABLE.COLUMN, found an empty name");
  if (part.front() == '"') {
    std::string name;
    size_t i = 1;
    for (;; ++i) {
      if (i >= part.size()) fail(rule, "an unclosed quote in the column name");
      if (part[i] != '"') {
        name += part[i];
      } else if (i + 1 < part.size() && part[i + 1] == '"') {
        name += '"';
        ++i;
      } else {
        break;
      }
    }
    if (i + 1 != part.size())
      fail(rule, "unexpected '" + std::string(part.substr(i + 1)) + "' after the quoted name " + quoted(name));
    return name;
  }
  for (char c : part) {
    auto u = static_cast<unsigned char>(c);
    bool bare = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || u >= 0x80;
    if (!bare) fail(rule, "the name '" + std::string(part) + "' needs double quotes: " + quoted(part));
  }
  return std::string(part);
}

// A whole number from 0 to INT_MAX written with digits only.
std::optional<int> parse_count(std::string_view s) {
  if (s.empty() || s.size() > 10) return std::nullopt;
  long long v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v > INT_MAX) return std::nullopt;
  return static_cast<int>(v);
}

enum class TypeKind { Plain, Decimal, Varchar };

struct TypeName {
  const char* name;  // normalized: upper case, one space between words
  TypeFamily family;
  TypeKind kind;
  bool json_text;
};

constexpr TypeName kTypeNames[] = {
    {"INTEGER", TypeFamily::Integer, TypeKind::Plain, false},
    {"INT", TypeFamily::Integer, TypeKind::Plain, false},
    {"BIGINT", TypeFamily::Integer, TypeKind::Plain, false},
    {"REAL", TypeFamily::Real, TypeKind::Plain, false},
    {"DOUBLE", TypeFamily::Real, TypeKind::Plain, false},
    {"FLOAT", TypeFamily::Real, TypeKind::Plain, false},
    {"DOUBLE PRECISION", TypeFamily::Real, TypeKind::Plain, false},
    {"DECIMAL", TypeFamily::Decimal, TypeKind::Decimal, false},
    {"NUMERIC", TypeFamily::Decimal, TypeKind::Decimal, false},
    {"TEXT", TypeFamily::Text, TypeKind::Plain, false},
    {"VARCHAR", TypeFamily::Varchar, TypeKind::Varchar, false},
    {"BLOB", TypeFamily::Blob, TypeKind::Plain, false},
    {"BYTEA", TypeFamily::Blob, TypeKind::Plain, false},
    {"BINARY", TypeFamily::Blob, TypeKind::Plain, false},
    {"BOOLEAN", TypeFamily::Boolean, TypeKind::Plain, false},
    {"BOOL", TypeFamily::Boolean, TypeKind::Plain, false},
    {"DATE", TypeFamily::Date, TypeKind::Plain, false},
    {"TIME", TypeFamily::Time, TypeKind::Plain, false},
    {"TIMESTAMP", TypeFamily::Timestamp, TypeKind::Plain, false},
    {"DATETIME", TypeFamily::Timestamp, TypeKind::Plain, false},
    {"TIMESTAMPTZ", TypeFamily::TimestampTz, TypeKind::Plain, false},
    {"JSON", TypeFamily::Json, TypeKind::Plain, true},
    {"JSONB", TypeFamily::Json, TypeKind::Plain, false},
    {"UUID", TypeFamily::Uuid, TypeKind::Plain, false},
};

// The target type: `text` is the type as given, without "using ...".
CastTarget parse_target(std::string_view rule, std::string_view text) {
  std::string type = normalize_declared_type(text);
  size_t open = type.find('(');
  std::string base = type.substr(0, open);
  const TypeName* known = nullptr;
  for (const auto& t : kTypeNames)
    if (base == t.name) known = &t;
  if (!known) fail(rule, "unknown type '" + collapse_blanks(text) + "' " + kTypes);

  CastTarget target;
  target.family = known->family;
  target.json_text = known->json_text;
  // The parameters between the parentheses; nullopt when there are none.
  std::optional<std::string_view> params;
  bool well_formed = true;
  if (open != std::string::npos) {
    std::string_view rest = std::string_view(type).substr(open + 1);
    well_formed = !rest.empty() && rest.back() == ')' && rest.find_first_of("()") == rest.size() - 1;
    params = rest.substr(0, rest.empty() ? 0 : rest.size() - 1);
  }
  switch (known->kind) {
    case TypeKind::Plain:
      if (params) fail(rule, "'" + ascii_lower(base) + "' takes no length or precision");
      break;
    case TypeKind::Varchar: {
      if (!params || !well_formed) fail(rule, "varchar needs a length: varchar(n)");
      auto n = parse_count(*params);
      if (!n) fail(rule, "varchar needs a length: varchar(n)");
      if (*n < 1) fail(rule, "varchar needs a length of at least 1, not " + std::string(*params));
      target.length = *n;
      break;
    }
    case TypeKind::Decimal: {
      if (!params) break;  // unconstrained
      std::string_view p = *params, s;
      size_t comma = p.find(',');
      if (comma != std::string_view::npos) {
        s = p.substr(comma + 1);
        p = p.substr(0, comma);
      }
      auto precision = parse_count(p);
      auto scale = comma == std::string_view::npos ? std::optional<int>(0) : parse_count(s);
      if (!well_formed || !precision || !scale) fail(rule, "expected decimal, decimal(p) or decimal(p,s)");
      if (*precision < 1 || *precision > kMaxDecimalPrecision)
        fail(rule, "decimal precision must be 1 to " + std::to_string(kMaxDecimalPrecision) + ", not " +
                       std::to_string(*precision));
      if (*scale > *precision)
        fail(rule, "decimal scale must be 0 to the precision (" + std::to_string(*precision) + "), not " +
                       std::to_string(*scale));
      target.precision = *precision;
      target.scale = *scale;
      break;
    }
  }
  return target;
}

// The index of the first '=' outside double quotes, or npos; `open_quote`
// says whether a quote was left open before it (or before the end).
size_t find_equals(std::string_view rule, bool& open_quote) {
  open_quote = false;
  for (size_t i = 0; i < rule.size(); ++i) {
    if (rule[i] == '"')
      open_quote = !open_quote;
    else if (rule[i] == '=' && !open_quote)
      return i;
  }
  return std::string_view::npos;
}

}  // namespace

std::string normalize_declared_type(std::string_view declared_type) {
  std::string out;
  bool pending_blank = false;
  for (char c : declared_type) {
    if (is_blank(c)) {
      pending_blank = !out.empty();
      continue;
    }
    bool tight = c == '(' || c == ')' || c == ',';
    if (pending_blank && !tight && out.back() != '(' && out.back() != ')' && out.back() != ',') out += ' ';
    pending_blank = false;
    out += ascii_upper(c);
  }
  return out;
}

CastRule parse_cast_rule(std::string_view rule) {
  CastRule r;
  r.text = std::string(rule);

  bool open_quote = false;
  size_t eq = find_equals(rule, open_quote);
  if (eq == std::string_view::npos) fail(rule, open_quote ? "an unclosed quote in the column name" : kExpected);
  std::string_view lhs = trim(rule.substr(0, eq));
  std::string_view rhs = trim(rule.substr(eq + 1));
  if (lhs.empty() || rhs.empty()) fail(rule, kExpected);

  // LHS: a declared type, or TABLE.COLUMN when it has a dot outside quotes.
  std::vector<size_t> dots;
  bool in_quote = false;
  for (size_t i = 0; i < lhs.size(); ++i) {
    if (lhs[i] == '"')
      in_quote = !in_quote;
    else if (lhs[i] == '.' && !in_quote)
      dots.push_back(i);
  }
  if (dots.size() > 1) fail(rule, "more than one dot: quote names that contain dots, as in \"my.table\".column");
  if (dots.size() == 1) {
    r.by_column = true;
    r.table = parse_name(rule, lhs.substr(0, dots[0]));
    r.column = parse_name(rule, lhs.substr(dots[0] + 1));
  } else {
    r.declared_type = normalize_declared_type(lhs);
    int depth = 0;
    for (char c : r.declared_type) {
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (depth < 0) break;
    }
    if (depth != 0) fail(rule, "unbalanced parentheses in the declared type '" + collapse_blanks(lhs) + "'");
  }

  // RHS: TYPE [using CONVERSION], split at a "using" word outside parentheses.
  std::string_view type = rhs, conversion;
  std::string using_word;
  int depth = 0;
  for (size_t i = 0; i < rhs.size(); ++i) {
    char c = rhs[i];
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (depth != 0 || (i > 0 && !is_blank(rhs[i - 1])) || rhs.size() - i < 5) continue;
    std::string_view word = rhs.substr(i, 5);
    if (iequals(word, "using") && (rhs.size() == i + 5 || is_blank(rhs[i + 5]))) {
      type = trim(rhs.substr(0, i));
      conversion = trim(rhs.substr(i + 5));
      using_word = std::string(word);
      if (type.empty() || conversion.empty()) fail(rule, kExpected);
      break;
    }
  }
  r.target = parse_target(rule, type);
  if (!using_word.empty()) {
    std::string said = using_word + " " + collapse_blanks(conversion);
    if (iequals(conversion, "epoch"))
      r.source = TemporalSource::UnixSeconds;
    else if (iequals(conversion, "epoch_ms"))
      r.source = TemporalSource::UnixMillis;
    else if (iequals(conversion, "julianday"))
      r.source = TemporalSource::JulianDay;
    else
      fail(rule, "unknown conversion '" + said + "' (conversions: epoch, epoch_ms, julianday)");
    TypeFamily f = r.target.family;
    if (f != TypeFamily::Date && f != TypeFamily::Timestamp && f != TypeFamily::TimestampTz)
      fail(rule, "'" + said + "' needs a date or timestamp type");
  }
  return r;
}

const CastRule* find_cast_rule(const std::vector<CastRule>& rules, std::string_view table, std::string_view column,
                               std::string_view declared_type) {
  for (auto it = rules.rbegin(); it != rules.rend(); ++it)
    if (it->by_column && iequals(it->table, table) && iequals(it->column, column)) return &*it;
  std::string type = normalize_declared_type(declared_type);
  if (type.empty()) return nullptr;
  std::string_view base = std::string_view(type).substr(0, type.find('('));
  for (auto it = rules.rbegin(); it != rules.rend(); ++it) {
    if (it->by_column) continue;
    bool exact = it->declared_type.find('(') != std::string::npos;
    if (exact ? it->declared_type == type : it->declared_type == base) return &*it;
  }
  return nullptr;
}

std::string cast_rule_column(std::string_view table, std::string_view column) {
  auto render = [](std::string_view name) {
    bool bare = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
    for (char c : name)
      bare = bare && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_');
    return bare ? std::string(name) : quoted(name);
  };
  return render(table) + "." + render(column);
}

}  // namespace litelift
