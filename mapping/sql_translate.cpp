// Expressions: typing, and rendering through the dialect's SqlFlavour. A
// construct is written for the target only when it keeps SQLite's meaning
// for every value the columns can hold on the target; otherwise Refusal.
#include "mapping/sql_translate.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>

#include "mapping/defaults.hpp"
#include "mapping/temporal.hpp"

namespace litelift::sqltr {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_literal(const Value& v, LiteralKind k) {
  return v.expr && v.expr->kind == ExprKind::Literal && v.expr->literal == k;
}

namespace {

// 8-4-4-4-12 hexadecimal digits: the only UUID text the targets all read.
bool canonical_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i)
    if (i == 8 || i == 13 || i == 18 || i == 23 ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i])))
      return false;
  return true;
}

// A template's own precedence: a function-like template binds as a primary.
int template_prec(std::string_view tpl, int infix) {
  if (tpl.substr(0, 4) == "NOT ") return kNot;
  return !tpl.empty() && tpl[0] == '$' ? infix : kPrimary;
}

std::string two_digits(int v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

std::string time_text(const DateTime& t) {
  std::string s = two_digits(t.hour) + ":" + two_digits(t.minute) + ":" + two_digits(t.second);
  if (t.micros) {
    char buf[8];
    std::snprintf(buf, sizeof buf, ".%06d", t.micros);
    s += buf;
  }
  return s;
}

std::string date_text(const DateTime& t) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", t.year, t.month, t.day);
  return buf;
}

}  // namespace

Renderer::Renderer(std::string_view text, const TranslateContext& context)
    : ctx_(context), d_(*context.dialect), text_(text) {}

std::string Renderer::span(size_t begin, size_t end) const {
  std::string s(text_.substr(begin, end > begin ? end - begin : 0));
  for (auto& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (s.size() > 80) s = s.substr(0, 77) + "...";
  return s;
}

void Renderer::refuse(const Expr* e, const std::string& what) const {
  throw Refusal{e ? what + ": " + span(e->begin, e->end) : what};
}

void Renderer::note(const std::string& n) {
  if (std::find(notes.begin(), notes.end(), n) == notes.end()) notes.push_back(n);
}

std::string Renderer::wrap(const Value& v, int min_prec) const {
  return v.prec < min_prec ? "(" + v.sql + ")" : v.sql;
}

std::string Renderer::string_literal(std::string_view value) const {
  return sql_string_literal(value, d_);
}

Value Renderer::condition(const Expr& e) {
  Value v = expression(e);
  to_condition(v);
  return v;
}

void Renderer::to_condition(Value& v) {
  if (v.kind == Kind::Boolean || v.kind == Kind::Null) return;
  if (!numeric(v.kind)) refuse(v.expr, std::string(kind_name(v.kind)) + " value used as a condition");
  if (d_.sql.strict_boolean) {
    v.sql = wrap(v, kOther) + " <> 0";
    v.prec = kCompare;
  }
  v.kind = Kind::Boolean;
}

void Renderer::to_number(Value& v) {
  if (numeric(v.kind) || v.kind == Kind::Null) return;
  if (v.kind != Kind::Boolean) refuse(v.expr, std::string(kind_name(v.kind)) + " value used as a number");
  if (is_literal(v, LiteralKind::True) || is_literal(v, LiteralKind::False)) {
    v.sql = is_literal(v, LiteralKind::True) ? "1" : "0";
    v.prec = kPrimary;
  } else if (d_.sql.strict_boolean) {
    v.sql = apply_template(d_.sql.boolean_to_integer, {v.sql});
    v.prec = kPrimary;
  }
  v.kind = Kind::Integer;
}

Value Renderer::expression(const Expr& e, Kind hint) {
  if (grouping_scope_ && aggregate_depth_ == 0 && e.kind != ExprKind::Literal && matches_group_term(e)) {
    const Scope* saved = grouping_scope_;
    grouping_scope_ = nullptr;
    Value v = expression(e, hint);
    grouping_scope_ = saved;
    return v;
  }
  Value v;
  switch (e.kind) {
    case ExprKind::Literal:
      v = literal(e, hint);
      break;
    case ExprKind::Column:
      v = column(e);
      break;
    case ExprKind::Unary:
      v = unary(e);
      break;
    case ExprKind::Binary:
      v = binary(e);
      break;
    case ExprKind::Is: {
      Value a = expression(*e.args[0]);
      Value b = expression(*e.args[1], a.kind);
      v = compare(e, std::move(a), std::move(b), e.negated ? "IS NOT" : "IS");
      break;
    }
    case ExprKind::IsNull: {
      Value a = expression(*e.args[0]);
      v.sql = wrap(a, kOther) + (e.negated ? " IS NOT NULL" : " IS NULL");
      v.kind = Kind::Boolean;
      v.prec = kCompare;
      break;
    }
    case ExprKind::In:
      v = in_list(e);
      break;
    case ExprKind::Between:
      v = between(e);
      break;
    case ExprKind::Like:
      v = like(e);
      break;
    case ExprKind::Case:
      v = case_expression(e);
      break;
    case ExprKind::Cast:
      v = cast(e);
      break;
    case ExprKind::Collate:
      v = collate(e);
      break;
    case ExprKind::Function:
      v = function(e, hint);
      break;
    case ExprKind::Subquery:
    case ExprKind::Exists:
      v = subquery(e);
      break;
  }
  v.expr = &e;
  return v;
}

Value Renderer::literal(const Expr& e, Kind hint) {
  Value v;
  switch (e.literal) {
    case LiteralKind::Integer: {
      v.kind = Kind::Integer;
      v.sql = e.text;
      if (e.text.size() > 2 && (e.text[1] == 'x' || e.text[1] == 'X')) {
        uint64_t u = 0;
        auto r = std::from_chars(e.text.data() + 2, e.text.data() + e.text.size(), u, 16);
        if (r.ec != std::errc()) refuse(&e, "hexadecimal literal out of range");
        v.sql = std::to_string(static_cast<int64_t>(u));  // SQLite reads 0x as 64-bit two's complement
      } else {
        int64_t i = 0;
        auto r = std::from_chars(e.text.data(), e.text.data() + e.text.size(), i);
        if (r.ec != std::errc()) v.kind = Kind::Real;  // too large for an integer: SQLite reads it as a real
      }
      return v;
    }
    case LiteralKind::Real:
      v.kind = Kind::Real;
      v.sql = e.text;
      return v;
    case LiteralKind::String:
      v.kind = Kind::Text;
      v.sql = string_literal(e.text);
      return v;
    case LiteralKind::Blob:
      v.kind = Kind::Blob;
      v.sql = d_.bytes_literal_prefix + lower(e.text) + "'";
      return v;
    case LiteralKind::Null:
      v.kind = Kind::Null;
      v.sql = "NULL";
      return v;
    case LiteralKind::True:
    case LiteralKind::False:
      v.kind = Kind::Boolean;
      v.sql = e.literal == LiteralKind::True ? d_.true_literal : d_.false_literal;
      return v;
    case LiteralKind::CurrentTimestamp:
      return now(e, "datetime('now')", hint);
    case LiteralKind::CurrentDate:
      return now(e, "date('now')", hint);
    case LiteralKind::CurrentTime:
      return now(e, "time('now')", hint);
  }
  return v;
}

Value Renderer::unary(const Expr& e) {
  if (e.text == "NOT") {
    Value a = condition(*e.args[0]);
    return {"NOT " + wrap(a, kOther), Kind::Boolean, kNot};  // NOT (a < b), whatever HIGH_NOT_PRECEDENCE says
  }
  Value a = expression(*e.args[0]);
  if (e.text == "+") return a;  // SQLite's unary + changes nothing, not even the type
  to_number(a);
  if (e.text == "-") {
    if (a.kind == Kind::Null) return a;
    Value v{"-" + wrap(a, kPrimary), a.kind, kUnary};
    if (!a.sql.empty() && a.sql[0] == '-') v.sql = "-(" + a.sql + ")";  // never "--", a comment
    if (a.expr && a.expr->kind == ExprKind::Literal) v.prec = kPrimary;
    return v;
  }
  if (a.kind != Kind::Integer && a.kind != Kind::Null) refuse(&e, "~ of a non-integer value");
  Value v{"~" + wrap(a, kPrimary), Kind::Integer, kUnary};
  if (!d_.sql.bitwise_result.empty()) v = {apply_template(d_.sql.bitwise_result, {v.sql}), Kind::Integer, kPrimary};
  return v;
}

Value Renderer::binary(const Expr& e) {
  const std::string& op = e.text;
  if (op == "AND" || op == "OR") {
    Value a = condition(*e.args[0]);
    Value b = condition(*e.args[1]);
    const int p = op == "AND" ? kAnd : kOr;
    return {wrap(a, p) + " " + op + " " + wrap(b, p + 1), Kind::Boolean, p};
  }
  if (op == "||") return concat(e);
  if (op == "->" || op == "->>") refuse(&e, "the JSON operator " + op + " is not translated");
  if (op == "<<" || op == ">>") refuse(&e, "bit shifts are not translated");
  Value a = expression(*e.args[0]);
  Value b = expression(*e.args[1], a.kind);
  if (op == "=" || op == "<>" || op == "<" || op == "<=" || op == ">" || op == ">=")
    return compare(e, std::move(a), std::move(b), op);
  return arithmetic(e, std::move(a), std::move(b));
}

Value Renderer::arithmetic(const Expr& e, Value a, Value b) {
  const std::string& op = e.text;
  if (!numeric(a.kind) && a.kind != Kind::Boolean && a.kind != Kind::Null)
    refuse(&e, "arithmetic on " + std::string(kind_name(a.kind)) + " value");
  if (!numeric(b.kind) && b.kind != Kind::Boolean && b.kind != Kind::Null)
    refuse(&e, "arithmetic on " + std::string(kind_name(b.kind)) + " value");
  to_number(a);
  to_number(b);
  auto integral = [](Kind k) { return k == Kind::Integer || k == Kind::Null; };
  Kind kind = Kind::Integer;
  if (a.kind == Kind::Real || b.kind == Kind::Real)
    kind = Kind::Real;
  else if (a.kind == Kind::Decimal || b.kind == Kind::Decimal)
    kind = Kind::Decimal;
  if (op == "&" || op == "|") {
    if (!integral(a.kind) || !integral(b.kind)) refuse(&e, "bitwise " + op + " of a non-integer value");
    Value v{wrap(a, kAdd) + " " + op + " " + wrap(b, kAdd), Kind::Integer, kOther};
    if (!d_.sql.bitwise_result.empty()) v = {apply_template(d_.sql.bitwise_result, {v.sql}), Kind::Integer, kPrimary};
    return v;
  }
  if (op == "+" || op == "-" || op == "*") {
    const int p = op == "*" ? kMul : kAdd;
    return {wrap(a, p) + " " + op + " " + wrap(b, p + 1), kind, p};
  }
  // SQLite's x / 0 and x % 0 are NULL; the targets raise an error (MySQL in strict mode).
  bool nonzero = false;
  if (b.expr && b.expr->kind == ExprKind::Literal &&
      (b.expr->literal == LiteralKind::Integer || b.expr->literal == LiteralKind::Real))
    nonzero = std::strtod(b.expr->text.c_str(), nullptr) != 0;
  std::string divisor = nonzero ? wrap(b, kUnary) : "NULLIF(" + b.sql + ", 0)";
  if (op == "%") {
    if (!integral(a.kind) || !integral(b.kind))
      refuse(&e, "% of a non-integer value (SQLite converts it to an integer)");
    return {wrap(a, kMul) + " % " + divisor, Kind::Integer, kMul};
  }
  if (integral(a.kind) && integral(b.kind))
    return {apply_template(d_.sql.integer_division, {wrap(a, kMul), divisor}), Kind::Integer, kMul};
  if (a.kind == Kind::Real || b.kind == Kind::Real) return {wrap(a, kMul) + " / " + divisor, Kind::Real, kMul};
  refuse(&e, "division of a decimal value (SQLite divides integral values as integers)");
}

Value Renderer::concat(const Expr& e) {
  std::vector<const Expr*> parts;
  std::vector<const Expr*> todo{&e};
  while (!todo.empty()) {  // a || b || c, in order
    const Expr* x = todo.back();
    todo.pop_back();
    if (x->kind == ExprKind::Binary && x->text == "||") {
      todo.push_back(x->args[1].get());
      todo.push_back(x->args[0].get());
    } else {
      parts.push_back(x);
    }
  }
  std::vector<std::string> sql;
  for (const Expr* p : parts) {
    Value v = expression(*p);
    if (v.kind == Kind::Integer && d_.sql.concat_needs_text) {
      v.sql = "CAST(" + v.sql + " AS " + d_.sql.text_cast + ")";
      v.prec = kPrimary;
    } else if (v.kind != Kind::Text && v.kind != Kind::Null && v.kind != Kind::Integer) {
      refuse(p, "|| of " + std::string(kind_name(v.kind)) + " value (SQLite writes it as text in its own way)");
    }
    sql.push_back(d_.sql.concat_function.empty() ? wrap(v, kAdd) : v.sql);
  }
  if (!d_.sql.concat_function.empty()) return {apply_template(d_.sql.concat_function + "($*)", sql), Kind::Text};
  std::string out;
  for (size_t i = 0; i < sql.size(); ++i) out += (i ? " || " : "") + sql[i];
  return {out, Kind::Text, kOther};
}

// Dates and times are compared with a string literal by reading the literal
// as that type, in the canonical form the target reads the same way.
bool Renderer::temporal_literal(Value& v, Kind want) {
  if (!is_literal(v, LiteralKind::String)) return false;
  const std::string& s = v.expr->text;
  std::string reason, text;
  if (want == Kind::Time) {
    int64_t micros = 0;
    if (!parse_iso_time(s, micros, reason)) refuse(v.expr, "'" + s + "' is not a time (" + reason + ")");
    text = time_text(date_time_from_micros(micros));
  } else {
    IsoTimestamp t;
    if (!parse_iso_timestamp(s, t, reason)) refuse(v.expr, "'" + s + "' is not a date or time (" + reason + ")");
    if (want == Kind::Date) {
      if (t.has_time || t.has_offset) refuse(v.expr, "compares a date with a string that holds a time");
      text = date_text(date_time_from_micros(t.local_micros));
    } else {
      if (!t.has_time) refuse(v.expr, "compares a timestamp with a string that holds no time");
      if (want == Kind::Timestamp && t.has_offset)
        refuse(v.expr, "compares a timestamp with a string that has a UTC offset");
      DateTime dt = date_time_from_micros(want == Kind::TimestampTz ? t.utc_micros() : t.local_micros);
      text = date_text(dt) + " " + time_text(dt) + (want == Kind::TimestampTz ? d_.timestamptz_literal_suffix : "");
    }
  }
  v.sql = string_literal(text);
  v.kind = want;
  return true;
}

void Renderer::text_compared(bool ordering) {
  const std::string& n = ordering ? d_.sql.text_order_note : d_.sql.text_equality_note;
  if (!n.empty()) note(n);
}

void Renderer::comparable(const Expr& e, Value& a, Value& b, bool ordering) {
  auto cls = [&](Kind k) {
    if (numeric(k)) return Kind::Integer;
    if (k == Kind::TimestampTz && d_.timestamptz_type == d_.timestamp_type) return Kind::Timestamp;
    return k;
  };
  if (a.kind == Kind::Null || b.kind == Kind::Null) return;
  if (a.kind == Kind::Unknown || b.kind == Kind::Unknown)
    refuse(&e, "cannot tell the type of " +
                   span((a.kind == Kind::Unknown ? a : b).expr->begin, (a.kind == Kind::Unknown ? a : b).expr->end));
  if (a.kind == Kind::Json || b.kind == Kind::Json) refuse(&e, "comparison of JSON values");
  if (cls(a.kind) == cls(b.kind)) {
    if (a.kind == Kind::Text && !a.binary && !b.binary) text_compared(ordering);
    return;
  }
  if (a.kind == Kind::Boolean && numeric(b.kind)) return to_number(a);
  if (b.kind == Kind::Boolean && numeric(a.kind)) return to_number(b);
  for (int side = 0; side < 2; ++side) {
    Value& x = side ? b : a;  // the column
    Value& y = side ? a : b;  // the literal
    const Kind k = x.kind;
    if ((k == Kind::Date || k == Kind::Time || k == Kind::Timestamp || k == Kind::TimestampTz) &&
        temporal_literal(y, k))
      return;
    // SQLite applies a column's affinity to a literal on the other side.
    if (k == Kind::Text && x.affinity && is_literal(y, LiteralKind::Integer)) {
      y.sql = string_literal(y.sql);
      y.kind = Kind::Text;
      return text_compared(ordering);
    }
    if (numeric(k) && x.affinity && is_literal(y, LiteralKind::String)) {
      const std::string& s = y.expr->text;
      int64_t i = 0;
      auto r = std::from_chars(s.data(), s.data() + s.size(), i);
      if (!s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size()) {
        y.sql = std::to_string(i);
        y.kind = Kind::Integer;
        return;
      }
    }
    if (k == Kind::Uuid && is_literal(y, LiteralKind::String) && canonical_uuid(y.expr->text)) {
      y.sql = string_literal(lower(y.expr->text));
      y.kind = Kind::Uuid;
      return;
    }
  }
  refuse(&e, "compares " + std::string(kind_name(a.kind)) + " value with " + kind_name(b.kind) + " value");
}

Value Renderer::compare(const Expr& e, Value a, Value b, const std::string& op) {
  if ((op == "IS" || op == "IS NOT") && (is_literal(b, LiteralKind::True) || is_literal(b, LiteralKind::False))) {
    // SQLite's x IS TRUE tests truth (2 IS TRUE), as the targets' IS TRUE does.
    to_condition(a);
    return {wrap(a, kOther) + " " + op + (is_literal(b, LiteralKind::True) ? " TRUE" : " FALSE"), Kind::Boolean,
            kCompare};
  }
  comparable(e, a, b, op == "<" || op == "<=" || op == ">" || op == ">=");
  if (op == "IS" || op == "IS NOT") {
    const std::string& tpl = op == "IS" ? d_.sql.is_same : d_.sql.is_not_same;
    return {apply_template(tpl, {wrap(a, kOther), wrap(b, kOther)}), Kind::Boolean, template_prec(tpl, kCompare)};
  }
  return {wrap(a, kOther) + " " + op + " " + wrap(b, kOther), Kind::Boolean, kCompare};
}

Value Renderer::in_list(const Expr& e) {
  Value a = expression(*e.args[0]);
  const std::string op = e.negated ? " NOT IN " : " IN ";
  if (e.select) {
    Value sub = subquery(e);
    sub.expr = &e;
    const std::string rendered = sub.sql;
    comparable(e, a, sub);
    if (sub.sql != rendered)
      refuse(&e, "compares " + std::string(kind_name(a.kind)) + " value with a boolean subquery");
    return {wrap(a, kOther) + op + sub.sql, Kind::Boolean, kCompare};
  }
  if (e.args.size() == 1)  // x IN () is false in SQLite, whatever x is
    return {e.negated ? d_.true_literal : d_.false_literal, Kind::Boolean, kPrimary};
  std::vector<Value> items;
  for (size_t i = 1; i < e.args.size(); ++i) items.push_back(expression(*e.args[i], a.kind));
  for (int pass = 0; pass < 2; ++pass)  // a boolean turned into an integer by a later item is checked again
    for (Value& item : items) comparable(e, a, item);
  std::string list;
  for (size_t i = 0; i < items.size(); ++i) list += (i ? ", " : "") + items[i].sql;
  return {wrap(a, kOther) + op + "(" + list + ")", Kind::Boolean, kCompare};
}

Value Renderer::between(const Expr& e) {
  Value a = expression(*e.args[0]);
  Value lo = expression(*e.args[1], a.kind);
  Value hi = expression(*e.args[2], a.kind);
  for (int pass = 0; pass < 2; ++pass) {
    comparable(e, a, lo, true);
    comparable(e, a, hi, true);
  }
  return {wrap(a, kOther) + (e.negated ? " NOT BETWEEN " : " BETWEEN ") + wrap(lo, kOther) + " AND " + wrap(hi, kOther),
          Kind::Boolean, kCompare};
}

Value Renderer::like(const Expr& e) {
  if (e.text == "MATCH") refuse(&e, "MATCH is not translated");
  if (e.text == "REGEXP") refuse(&e, "REGEXP is not translated (SQLite has no built-in REGEXP)");
  Value a = expression(*e.args[0]);
  if (a.kind != Kind::Text && a.kind != Kind::Null)
    refuse(&e, e.text + " on " + std::string(kind_name(a.kind)) + " value");
  const Expr& pattern = *e.args[1];
  if (pattern.kind != ExprKind::Literal || pattern.literal != LiteralKind::String)
    refuse(&e, e.text + " with a pattern that is not a string literal");
  const std::string& p = pattern.text;
  if (e.text == "GLOB") {
    if (d_.sql.regex_match.empty()) refuse(&e, "GLOB has no " + d_.display_name + " equivalent");
    std::string re = "^";
    for (size_t i = 0; i < p.size(); ++i) {
      const char c = p[i];
      if (c == '*') {
        re += ".*";
      } else if (c == '?') {
        re += '.';
      } else if (c == '[') {
        size_t k = i + 1;
        std::string set = "[";
        if (k < p.size() && p[k] == '^') set += p[k++];
        if (k < p.size() && p[k] == ']') set += p[k++];
        while (k < p.size() && p[k] != ']') {
          if (p[k] == '\\' || p[k] == '[') set += '\\';
          set += p[k++];
        }
        if (k >= p.size()) refuse(&e, "GLOB pattern with an unclosed [");
        re += set + "]";
        i = k;
      } else {
        if (std::string_view(".^$+(){}|\\]").find(c) != std::string_view::npos) re += '\\';
        re += c;
      }
    }
    std::string sql = apply_template(d_.sql.regex_match, {wrap(a, kOther), string_literal(re + "$")});
    if (e.negated) return {"NOT (" + sql + ")", Kind::Boolean, kNot};
    return {sql, Kind::Boolean, kCompare};
  }
  bool letters = false;
  for (unsigned char c : p) {
    if (c >= 0x80) refuse(&e, "LIKE pattern with non-ASCII characters (SQLite ignores the case of ASCII letters only)");
    letters = letters || std::isalpha(c);
  }
  std::string escape;
  if (e.args.size() == 3) {
    const Expr& x = *e.args[2];
    if (x.kind != ExprKind::Literal || x.literal != LiteralKind::String || x.text.size() != 1)
      refuse(&e, "LIKE with an ESCAPE that is not a one-character string");
    escape = " ESCAPE " + string_literal(x.text);
  } else if (p.find('\\') != std::string::npos) {
    // SQLite's LIKE has no escape character unless told; the targets' default is the backslash.
    for (char c : std::string_view("!#~^|@"))
      if (p.find(c) == std::string::npos) {
        escape = " ESCAPE '" + std::string(1, c) + "'";
        break;
      }
    if (escape.empty()) refuse(&e, "LIKE pattern using every possible escape character");
  }
  const std::string op = letters ? d_.sql.like_operator : "LIKE";
  if (letters && !d_.sql.like_note.empty()) note(d_.sql.like_note);
  return {wrap(a, kOther) + (e.negated ? " NOT " : " ") + op + " " + string_literal(p) + escape, Kind::Boolean,
          kCompare};
}

Kind Renderer::unify(const Expr& e, std::vector<Value*> values) {
  Kind kind = Kind::Null;
  bool has_boolean = false, has_number = false;
  for (Value* v : values) {
    if (v->kind == Kind::Null) continue;
    if (v->kind == Kind::Unknown) refuse(&e, "cannot tell the type of " + span(v->expr->begin, v->expr->end));
    has_boolean = has_boolean || v->kind == Kind::Boolean;
    has_number = has_number || numeric(v->kind);
  }
  for (Value* v : values) {
    if (has_boolean && has_number) to_number(*v);
    if (v->kind == Kind::Null) continue;
    if (kind == Kind::Null || kind == v->kind) {
      kind = v->kind;
    } else if (numeric(kind) && numeric(v->kind)) {
      kind = kind == Kind::Real || v->kind == Kind::Real ? Kind::Real : Kind::Decimal;
    } else {
      refuse(&e, "mixes " + std::string(kind_name(kind)) + " value and " + kind_name(v->kind) + " value");
    }
  }
  return kind;
}

Value Renderer::case_expression(const Expr& e) {
  size_t i = 0;
  std::string sql = "CASE";
  std::optional<Value> base;
  if (e.has_base) {
    base = expression(*e.args[i++]);
  }
  std::vector<Value> whens, results;
  const size_t pairs_end = e.args.size() - (e.has_else ? 1 : 0);
  for (; i < pairs_end; i += 2) {
    whens.push_back(base ? expression(*e.args[i], base->kind) : condition(*e.args[i]));
    results.push_back(expression(*e.args[i + 1]));
  }
  if (base)
    for (int pass = 0; pass < 2; ++pass)
      for (Value& w : whens) comparable(e, *base, w);
  if (e.has_else) results.push_back(expression(*e.args.back()));
  std::vector<Value*> all;
  for (Value& r : results) all.push_back(&r);
  Kind kind = unify(e, all);
  if (base) sql += " " + base->sql;
  for (size_t k = 0; k < whens.size(); ++k) sql += " WHEN " + whens[k].sql + " THEN " + results[k].sql;
  if (e.has_else) sql += " ELSE " + results.back().sql;
  return {sql + " END", kind};
}

Value Renderer::cast(const Expr& e) {
  Value a = expression(*e.args[0]);
  // The type's affinity, by SQLite's rules (https://www.sqlite.org/datatype3.html).
  std::string t = lower(e.text);
  auto has = [&](const char* s) { return t.find(s) != std::string::npos; };
  if (a.kind == Kind::Null) return {"NULL", Kind::Null};
  if (has("int")) {
    if (a.kind == Kind::Boolean) to_number(a);
    if (a.kind == Kind::Integer) return {a.sql, Kind::Integer, a.prec, nullptr, true};
    if (a.kind == Kind::Real || a.kind == Kind::Decimal)  // SQLite truncates; CAST on the targets rounds
      return {"CAST(" + apply_template(d_.sql.truncate, {a.sql}) + " AS " + d_.sql.integer_cast + ")", Kind::Integer,
              kPrimary, nullptr, true};
    refuse(&e, "CAST of " + std::string(kind_name(a.kind)) + " value to an integer");
  }
  if (has("char") || has("clob") || has("text")) {
    if (a.kind == Kind::Text) return {a.sql, Kind::Text, a.prec, nullptr, true};
    if (a.kind == Kind::Integer)
      return {"CAST(" + a.sql + " AS " + d_.sql.text_cast + ")", Kind::Text, kPrimary, nullptr, true};
    refuse(&e, "CAST of " + std::string(kind_name(a.kind)) + " value to text");
  }
  if (t.empty() || has("blob")) refuse(&e, "CAST to BLOB is not translated");
  if (has("real") || has("floa") || has("doub")) {
    if (a.kind == Kind::Boolean) to_number(a);
    if (!numeric(a.kind)) refuse(&e, "CAST of " + std::string(kind_name(a.kind)) + " value to a real");
    return {"CAST(" + a.sql + " AS " + d_.sql.real_cast + ")", Kind::Real, kPrimary, nullptr, true};
  }
  if (a.kind == Kind::Integer) return {a.sql, Kind::Integer, a.prec, nullptr, true};
  refuse(&e, "CAST of " + std::string(kind_name(a.kind)) + " value to NUMERIC");
}

Value Renderer::collate(const Expr& e) {
  Value a = expression(*e.args[0]);
  for (const auto& [sqlite, target] : d_.sql.collations)
    if (same_name(sqlite, e.text)) {
      if (a.kind != Kind::Text && a.kind != Kind::Null)
        refuse(&e, "COLLATE on " + std::string(kind_name(a.kind)) + " value");
      return {
          wrap(a, kPrimary) + " COLLATE " + target, a.kind, kUnary, nullptr, a.affinity, same_name(sqlite, "BINARY")};
    }
  std::string name = e.text;
  for (auto& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  refuse(&e, "COLLATE " + name + " has no " + d_.display_name + " equivalent");
}

}  // namespace litelift::sqltr
