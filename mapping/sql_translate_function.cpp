// Function calls through the dialect's function table, typing helpers, and
// the fit of a DEFAULT or generated value to its column.
#include <algorithm>
#include <cctype>
#include <charconv>

#include "mapping/sql_translate.hpp"

namespace litelift::sqltr {

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::Unknown:
      return "a value of unknown type";
    case Kind::Null:
      return "NULL";
    case Kind::Integer:
      return "an integer";
    case Kind::Real:
      return "a real";
    case Kind::Decimal:
      return "a decimal";
    case Kind::Text:
      return "a text";
    case Kind::Blob:
      return "a blob";
    case Kind::Boolean:
      return "a boolean";
    case Kind::Date:
      return "a date";
    case Kind::Time:
      return "a time";
    case Kind::Timestamp:
      return "a timestamp";
    case Kind::TimestampTz:
      return "a timestamptz";
    case Kind::Json:
      return "a JSON";
    case Kind::Uuid:
      return "a UUID";
  }
  return "?";
}

Kind kind_of(TypeFamily f) {
  switch (f) {
    case TypeFamily::Integer:
      return Kind::Integer;
    case TypeFamily::Real:
      return Kind::Real;
    case TypeFamily::Decimal:
      return Kind::Decimal;
    case TypeFamily::Text:
    case TypeFamily::Varchar:
      return Kind::Text;
    case TypeFamily::Blob:
      return Kind::Blob;
    case TypeFamily::Boolean:
      return Kind::Boolean;
    case TypeFamily::Date:
      return Kind::Date;
    case TypeFamily::Time:
      return Kind::Time;
    case TypeFamily::Timestamp:
      return Kind::Timestamp;
    case TypeFamily::TimestampTz:
      return Kind::TimestampTz;
    case TypeFamily::Json:
      return Kind::Json;
    case TypeFamily::Uuid:
      return Kind::Uuid;
  }
  return Kind::Unknown;
}

bool numeric(Kind k) {
  return k == Kind::Integer || k == Kind::Real || k == Kind::Decimal;
}

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

std::string apply_template(std::string_view tpl, const std::vector<std::string>& args) {
  std::string out;
  for (size_t i = 0; i < tpl.size(); ++i) {
    if (tpl[i] == '$' && i + 1 < tpl.size() && tpl[i + 1] == '*') {
      for (size_t k = 0; k < args.size(); ++k) out += (k ? ", " : "") + args[k];
      ++i;
    } else if (tpl[i] == '$' && i + 1 < tpl.size() && tpl[i + 1] >= '1' && tpl[i + 1] <= '9') {
      size_t k = static_cast<size_t>(tpl[i + 1] - '1');
      if (k < args.size()) out += args[k];
      ++i;
    } else {
      out += tpl[i];
    }
  }
  return out;
}

namespace {

// Signature "name(x,y,...)": the name, the parameters, whether the last repeats.
struct Signature {
  std::string name;
  std::vector<std::string> params;
  bool variadic = false;
};

Signature read_signature(std::string_view s) {
  Signature sig;
  size_t open = s.find('(');
  sig.name = std::string(s.substr(0, open));
  std::string_view inner = s.substr(open + 1, s.size() - open - 2);
  while (!inner.empty()) {
    size_t comma = inner[0] == '\'' ? inner.find(',', inner.find('\'', 1)) : inner.find(',');
    std::string p(inner.substr(0, comma));
    if (p == "...")
      sig.variadic = true;
    else
      sig.params.push_back(p);
    inner = comma == std::string_view::npos ? std::string_view() : inner.substr(comma + 1);
  }
  return sig;
}

const char* letter_name(char c) {
  switch (c) {
    case 'n':
      return "number";
    case 'i':
      return "integer";
    case 'r':
      return "real";
    case 't':
      return "text";
    case 'b':
      return "blob";
    case 'o':
      return "number, text, date or time";
    case 'p':
      return "positive integer literal";
    case 'c':
      return "one-character string";
    case 'd':
      return "date";
    case 's':
      return "timestamp";
    default:
      return "value";
  }
}

}  // namespace

// CURRENT_TIMESTAMP is datetime('now') in SQLite, CURRENT_DATE date('now'), CURRENT_TIME time('now').
Value Renderer::now(const Expr& e, std::string_view signature, Kind hint) {
  return call(e, std::string(signature), {}, hint);
}

Value Renderer::iif(const Expr& e) {
  if (e.args.size() != 3) refuse(&e, "iif() takes three arguments");
  Value c = condition(*e.args[0]);
  Value a = expression(*e.args[1]);
  Value b = expression(*e.args[2]);
  Kind kind = unify(e, {&a, &b});
  return {"CASE WHEN " + c.sql + " THEN " + a.sql + " ELSE " + b.sql + " END", kind};
}

Value Renderer::function(const Expr& e, Kind hint) {
  const std::string name = lower(e.text);
  if (name == "iif") return iif(e);
  static const char* kAggregates[] = {"avg", "count", "group_concat", "string_agg", "sum", "total"};
  bool aggregate = e.star || std::find(std::begin(kAggregates), std::end(kAggregates), name) != std::end(kAggregates) ||
                   ((name == "min" || name == "max") && e.args.size() == 1);
  if (aggregate) {
    if (!aggregates_allowed_)
      refuse(&e, "aggregate function " + name + "() outside a view's result, HAVING or ORDER BY");
    if (aggregate_depth_ > 0) refuse(&e, "aggregate function " + name + "() inside another aggregate");
    ++aggregate_depth_;
  } else if (e.distinct) {
    refuse(&e, "DISTINCT in " + name + "(), which is not an aggregate");
  }
  std::vector<Value> args;
  try {
    for (const auto& a : e.args) args.push_back(expression(*a));
  } catch (...) {
    if (aggregate) --aggregate_depth_;
    throw;
  }
  if (aggregate) --aggregate_depth_;
  return call(e, name, std::move(args), hint);
}

Value Renderer::call(const Expr& e, const std::string& name, std::vector<Value> args, Kind hint) {
  const bool literal_form = name.find('(') != std::string::npos;  // CURRENT_TIMESTAMP and the like: a whole signature
  const Dialect::SqlFunction* pick = nullptr;
  Signature picked;
  std::vector<std::string> known;
  bool arity_known = false;
  for (const auto& f : d_.sql.functions) {
    Signature sig = read_signature(f.signature);
    if (literal_form ? f.signature != name : sig.name != name) continue;
    known.push_back(f.signature);
    const bool star = sig.params.size() == 1 && sig.params[0] == "*";
    if (!literal_form) {
      if (star != e.star) continue;
      const size_t n = args.size();
      if (!star && (sig.variadic ? n < sig.params.size() : n != sig.params.size())) continue;
      arity_known = true;
      bool ok = true;
      for (size_t i = 0; i < n && ok && !star; ++i)
        ok = accepts(sig.params[std::min(i, sig.params.size() - 1)], args[i]);
      if (!ok) continue;
    }
    if (!pick || (hint == Kind::TimestampTz && f.result == 'z' && pick->result != 'z')) {
      pick = &f;
      picked = sig;
    }
  }
  const std::string shown = literal_form ? span(e.begin, e.end) : name + "()";
  if (!pick) {
    if (!arity_known)
      for (const auto& [fn, why] : d_.sql.refused_functions)
        if (fn == name) refuse(&e, "function " + shown + " is not translated: " + why);
    if (known.empty())
      refuse(&e, (literal_form ? "" : "function ") + shown + " has no " + d_.display_name + " equivalent");
    std::string forms, legend;
    for (const auto& k : known) {
      forms += (forms.empty() ? "" : ", ") + k;
      for (const std::string& p : read_signature(k).params)
        if (p.size() == 1 && p != "a" && p != "*" && legend.find(p + " ") == std::string::npos)
          legend += (legend.empty() ? "" : ", ") + p + " " + letter_name(p[0]);
    }
    refuse(&e, "function " + shown + " is translated only as " + forms + (legend.empty() ? "" : " (" + legend + ")"));
  }
  if (!pick->immutable) {
    deterministic = false;
    const char* where = nullptr;
    switch (ctx_.purpose) {
      case Purpose::Check:
        where = "a CHECK constraint";
        break;
      case Purpose::Generated:
        where = "a generated column";
        break;
      case Purpose::IndexKey:
      case Purpose::IndexWhere:
        where = "an index";
        break;
      default:
        break;
    }
    if (where) refuse(&e, "its value changes over time, which " + d_.display_name + " does not allow in " + where);
  }
  if (!pick->note.empty()) note(pick->note);
  for (size_t i = 0; i < args.size() && !picked.params.empty(); ++i) {
    const std::string& p = picked.params[std::min(i, picked.params.size() - 1)];
    if (p == "n" || p == "i") to_number(args[i]);
  }
  Kind kind = Kind::Unknown;
  switch (pick->result) {
    case 'i':
      kind = Kind::Integer;
      break;
    case 'r':
      kind = Kind::Real;
      break;
    case 't':
      kind = Kind::Text;
      break;
    case 'b':
      kind = Kind::Blob;
      break;
    case 'd':
      kind = Kind::Date;
      break;
    case 'h':
      kind = Kind::Time;
      break;
    case 's':
      kind = Kind::Timestamp;
      break;
    case 'z':
      kind = Kind::TimestampTz;
      break;
    case '1':
      kind = args.empty() ? Kind::Unknown : args[0].kind;
      break;
    case '*': {
      std::vector<Value*> all;
      for (auto& v : args) all.push_back(&v);
      kind = unify(e, all);
      break;
    }
  }
  std::vector<std::string> sql;
  for (size_t i = 0; i < args.size(); ++i) {
    // A bare NULL has no type on PostgreSQL: abs(NULL) is ambiguous there.
    const std::string p = picked.params.empty() ? "" : picked.params[std::min(i, picked.params.size() - 1)];
    if (is_literal(args[i], LiteralKind::Null) && (p == "n" || p == "i" || p == "t"))
      args[i].sql = "CAST(NULL AS " + (p == "t" ? d_.sql.text_cast : d_.sql.integer_cast) + ")";
    sql.push_back(args[i].sql);
  }
  if (e.distinct && !sql.empty()) sql[0] = "DISTINCT " + sql[0];
  if (pick->target == "$1") return {sql[0], kind, args[0].prec};
  return {apply_template(pick->target, sql), kind, kPrimary};
}

bool Renderer::accepts(const std::string& p, const Value& v) const {
  const Expr& x = *v.expr;
  const bool string = x.kind == ExprKind::Literal && x.literal == LiteralKind::String;
  if (p[0] == '\'') {
    std::string want = p.substr(1, p.size() - 2);
    bool alpha = std::all_of(want.begin(), want.end(), [](unsigned char c) { return std::isalpha(c); });
    return string && (alpha ? same_name(want, x.text) : want == x.text);  // 'now' / 'NOW', but '%s' is not '%S'
  }
  const Kind k = v.kind;
  switch (p[0]) {
    case 'a':
      return true;
    case 'n':
      return numeric(k) || k == Kind::Null || k == Kind::Boolean;
    case 'i':
      return k == Kind::Integer || k == Kind::Null || k == Kind::Boolean;
    case 'r':
      return k == Kind::Real || k == Kind::Null;
    case 't':
      return k == Kind::Text || k == Kind::Null;
    case 'b':
      return k == Kind::Blob || k == Kind::Null;
    case 'o':
      return numeric(k) || k == Kind::Text || k == Kind::Date || k == Kind::Time || k == Kind::Timestamp ||
             k == Kind::TimestampTz || k == Kind::Null;
    case 'p': {
      int64_t i = 0;
      return x.kind == ExprKind::Literal && x.literal == LiteralKind::Integer &&
             std::from_chars(x.text.data(), x.text.data() + x.text.size(), i).ec == std::errc() && i >= 1;
    }
    case 'c':
      return string && x.text.size() == 1;
    default:
      return false;
  }
}

void Renderer::fit(Value& v, Kind want) {
  if (v.kind == want || v.kind == Kind::Null || want == Kind::Unknown) return;
  if (numeric(want) && (v.kind == Kind::Boolean || v.kind == Kind::Integer)) {
    to_number(v);
    return;
  }
  if (want == Kind::Real && v.kind == Kind::Decimal) return;
  if (want == Kind::Boolean && v.kind == Kind::Integer) {
    if (is_literal(v, LiteralKind::Integer) && (v.sql == "0" || v.sql == "1")) {
      v.sql = v.sql == "1" ? d_.true_literal : d_.false_literal;
      return;
    }
    to_condition(v);
    return;
  }
  if ((want == Kind::Date || want == Kind::Time || want == Kind::Timestamp || want == Kind::TimestampTz) &&
      temporal_literal(v, want))
    return;
  if (want == Kind::TimestampTz && v.kind == Kind::Timestamp && d_.timestamptz_type == d_.timestamp_type) return;
  refuse(v.expr, std::string(kind_name(v.kind)) + " value for " + kind_name(want) + " column");
}

}  // namespace litelift::sqltr
