// A precedence-climbing parser for SQLite expressions and the SELECT subset
// views use. Binding powers follow https://www.sqlite.org/lang_expr.html.
#include "mapping/sql_expression.hpp"

#include <initializer_list>

#include "mapping/sqlite_sql.hpp"

namespace litelift {

Expr::Expr() = default;
Expr::~Expr() = default;

namespace {

enum Power {
  kOr = 1,
  kAnd = 2,
  kNot = 3,
  kEquality = 4,    // = == != <> IS IN LIKE GLOB MATCH REGEXP BETWEEN ISNULL NOTNULL
  kRelational = 5,  // < <= > >=
  kBitwise = 7,     // & | << >>
  kAdditive = 8,
  kMultiplicative = 9,
  kConcat = 10,  // || -> ->>
  kUnary = 11,
  kCollate = 12,
};

// Words that end an expression or a name: never read as a column or an alias.
bool reserved(const Token& t) {
  for (std::string_view k :
       {"ALL",     "AND",    "AS",        "ASC",    "BETWEEN", "BY",     "COLLATE", "CROSS", "DESC",   "DISTINCT",
        "ELSE",    "END",    "ESCAPE",    "EXCEPT", "FROM",    "FULL",   "GLOB",    "GROUP", "HAVING", "IN",
        "INDEXED", "INNER",  "INTERSECT", "IS",     "ISNULL",  "JOIN",   "LEFT",    "LIKE",  "LIMIT",  "MATCH",
        "NATURAL", "NOT",    "NOTNULL",   "NULLS",  "OFFSET",  "ON",     "OR",      "ORDER", "OUTER",  "REGEXP",
        "RIGHT",   "SELECT", "THEN",      "UNION",  "USING",   "VALUES", "WHEN",    "WHERE", "WINDOW", "WITH"})
    if (t.is(k)) return true;
  return false;
}

class Parser : SqlCursor {
 public:
  explicit Parser(std::string_view sql) : SqlCursor(sql, "the end of the text") {}

  std::unique_ptr<Expr> whole_expression() {
    auto e = expr(0);
    finish();
    return e;
  }
  std::unique_ptr<Select> whole_select() {
    auto s = select();
    finish();
    return s;
  }

 private:
  // What is not translated, quoting the source from `begin` to the current token.
  [[noreturn]] void refuse(const std::string& what, size_t begin) const {
    const Token& t = peek();
    std::string quoted(sql_.substr(begin, t.offset + t.length - begin));
    if (quoted.size() > 80) quoted = quoted.substr(0, 77) + "...";
    throw SqlSyntaxError{what + ": " + quoted};
  }
  void finish() {
    accept_op(";");
    if (peek().kind != TokenKind::End) fail("unexpected text");
  }
  size_t here() const { return peek().offset; }
  size_t last_end() const {
    const Token& t = tokens_[pos_ == 0 ? 0 : pos_ - 1];
    return t.offset + t.length;
  }
  std::string name(std::string_view context) {
    if (!peek().name() || reserved(peek())) fail("expected " + std::string(context));
    return next().text;
  }

  std::unique_ptr<Expr> node(ExprKind kind, size_t begin) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->begin = begin;
    return e;
  }
  std::unique_ptr<Expr> done(std::unique_ptr<Expr> e) {
    e->end = last_end();
    return e;
  }

  bool starts_select() const { return peek().is("SELECT") || peek().is("WITH") || peek().is("VALUES"); }

  std::unique_ptr<Expr> expr(int min_power) {
    auto lhs = prefix();
    for (;;) {
      const Token& t = peek();
      const size_t begin = lhs->begin;
      bool negated = false;
      size_t look = 0;
      if (t.is("NOT") && (peek(1).is("IN") || peek(1).is("LIKE") || peek(1).is("GLOB") || peek(1).is("MATCH") ||
                          peek(1).is("REGEXP") || peek(1).is("BETWEEN") || peek(1).is("NULL"))) {
        negated = true;
        look = 1;
      }
      const Token& op = peek(look);
      int power = 0;
      std::string text;
      if (op.op("||") || op.op("->") || op.op("->>")) {
        power = kConcat;
      } else if (op.op("*") || op.op("/") || op.op("%")) {
        power = kMultiplicative;
      } else if (op.op("+") || op.op("-")) {
        power = kAdditive;
      } else if (op.op("&") || op.op("|") || op.op("<<") || op.op(">>")) {
        power = kBitwise;
      } else if (op.op("<") || op.op("<=") || op.op(">") || op.op(">=")) {
        power = kRelational;
      } else if (op.op("=") || op.op("==") || op.op("!=") || op.op("<>") || op.is("IS") || op.is("IN") ||
                 op.is("LIKE") || op.is("GLOB") || op.is("MATCH") || op.is("REGEXP") || op.is("BETWEEN") ||
                 op.is("ISNULL") || op.is("NOTNULL") || (negated && op.is("NULL"))) {
        power = kEquality;
      } else if (op.is("AND")) {
        power = kAnd;
      } else if (op.is("OR")) {
        power = kOr;
      } else if (op.is("COLLATE")) {
        power = kCollate;
      } else {
        return lhs;
      }
      if (power < min_power) return lhs;
      for (size_t k = 0; k <= look; ++k) next();
      if (op.is("COLLATE")) {
        auto e = node(ExprKind::Collate, begin);
        e->text = name("a collation name after COLLATE");
        e->args.push_back(std::move(lhs));
        lhs = done(std::move(e));
      } else if (op.is("ISNULL") || op.is("NOTNULL") || op.is("NULL")) {
        auto e = node(ExprKind::IsNull, begin);
        e->negated = !op.is("ISNULL");
        e->args.push_back(std::move(lhs));
        lhs = done(std::move(e));
      } else if (op.is("IS")) {
        const bool is_not = accept("NOT");
        bool distinct = false;
        if (accept("DISTINCT")) {
          expect("FROM", "after IS DISTINCT");
          distinct = true;
        }
        auto rhs = expr(kRelational);
        const bool null = rhs->kind == ExprKind::Literal && rhs->literal == LiteralKind::Null;
        auto e = node(null && !distinct ? ExprKind::IsNull : ExprKind::Is, begin);
        e->negated = is_not != distinct;
        e->args.push_back(std::move(lhs));
        if (e->kind == ExprKind::Is) e->args.push_back(std::move(rhs));
        lhs = done(std::move(e));
      } else if (op.is("IN")) {
        auto e = node(ExprKind::In, begin);
        e->negated = negated;
        e->args.push_back(std::move(lhs));
        if (!accept_op("(")) refuse("IN followed by a table name is not translated", begin);
        if (starts_select()) {
          e->select = select();
        } else if (!peek().op(")")) {
          do e->args.push_back(expr(0));
          while (accept_op(","));
        }
        expect_op(")", "after the IN list");
        lhs = done(std::move(e));
      } else if (op.is("BETWEEN")) {
        auto e = node(ExprKind::Between, begin);
        e->negated = negated;
        e->args.push_back(std::move(lhs));
        e->args.push_back(expr(kRelational));
        expect("AND", "in BETWEEN");
        e->args.push_back(expr(kRelational));
        lhs = done(std::move(e));
      } else if (op.is("LIKE") || op.is("GLOB") || op.is("MATCH") || op.is("REGEXP")) {
        auto e = node(ExprKind::Like, begin);
        e->text = op.text;
        for (auto& c : e->text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        e->negated = negated;
        e->args.push_back(std::move(lhs));
        e->args.push_back(expr(kRelational));
        if (accept("ESCAPE")) e->args.push_back(expr(kRelational));
        lhs = done(std::move(e));
      } else {
        auto e = node(ExprKind::Binary, begin);
        text = op.kind == TokenKind::Word ? (op.is("AND") ? "AND" : "OR") : op.text;
        if (text == "==") text = "=";
        if (text == "!=") text = "<>";
        e->text = text;
        e->args.push_back(std::move(lhs));
        e->args.push_back(expr(power + 1));
        lhs = done(std::move(e));
      }
    }
  }

  std::unique_ptr<Expr> prefix() {
    const Token& t = peek();
    const size_t begin = here();
    if (t.op("-") || t.op("+") || t.op("~") || t.is("NOT")) {
      auto e = node(ExprKind::Unary, begin);
      e->text = t.is("NOT") ? "NOT" : t.text;
      next();
      e->args.push_back(expr(e->text == "NOT" ? kNot : kUnary));
      return done(std::move(e));
    }
    if (t.op("(")) {
      next();
      if (starts_select()) {
        auto e = node(ExprKind::Subquery, begin);
        e->select = select();
        expect_op(")", "after the subquery");
        return done(std::move(e));
      }
      auto inner = expr(0);
      if (peek().op(",")) refuse("row values are not translated", begin);
      expect_op(")", "after the expression");
      return inner;
    }
    if (t.kind == TokenKind::Integer || t.kind == TokenKind::Real || t.kind == TokenKind::String ||
        t.kind == TokenKind::Blob) {
      auto e = node(ExprKind::Literal, begin);
      e->literal = t.kind == TokenKind::Integer  ? LiteralKind::Integer
                   : t.kind == TokenKind::Real   ? LiteralKind::Real
                   : t.kind == TokenKind::String ? LiteralKind::String
                                                 : LiteralKind::Blob;
      e->text = next().text;
      return done(std::move(e));
    }
    if (t.kind == TokenKind::Variable) refuse("bound parameters are not translated", begin);
    if (t.kind == TokenKind::Word) {
      static const std::pair<std::string_view, LiteralKind> kLiterals[] = {
          {"NULL", LiteralKind::Null},
          {"TRUE", LiteralKind::True},
          {"FALSE", LiteralKind::False},
          {"CURRENT_TIMESTAMP", LiteralKind::CurrentTimestamp},
          {"CURRENT_DATE", LiteralKind::CurrentDate},
          {"CURRENT_TIME", LiteralKind::CurrentTime}};
      for (auto [word, kind] : kLiterals)
        if (t.is(word)) {
          auto e = node(ExprKind::Literal, begin);
          e->literal = kind;
          e->text = next().text;
          return done(std::move(e));
        }
      if (t.is("CAST")) return cast(begin);
      if (t.is("CASE")) return case_expression(begin);
      if (t.is("EXISTS")) {
        next();
        auto e = node(ExprKind::Exists, begin);
        expect_op("(", "after EXISTS");
        e->select = select();
        expect_op(")", "after the EXISTS subquery");
        return done(std::move(e));
      }
      if (t.is("RAISE")) refuse("RAISE() is not translated", begin);
      if (reserved(t)) fail("expected an expression");
    }
    if (!t.name()) fail("expected an expression");
    if (peek(1).op("(")) return function(begin);
    auto e = node(ExprKind::Column, begin);
    e->double_quoted = t.quote == '"';
    e->text = next().text;
    if (accept_op(".")) {
      e->table = std::move(e->text);
      e->double_quoted = false;
      e->text = name("a column name after \".\"");
      if (accept_op(".")) {  // schema.table.column: the schema is dropped below
        e->table = std::move(e->text);
        e->text = name("a column name after \".\"");
      }
    }
    return done(std::move(e));
  }

  std::unique_ptr<Expr> cast(size_t begin) {
    next();
    auto e = node(ExprKind::Cast, begin);
    expect_op("(", "after CAST");
    e->args.push_back(expr(0));
    expect("AS", "in CAST");
    const size_t first = here();
    int depth = 0;
    while (depth > 0 || !peek().op(")")) {
      if (peek().kind == TokenKind::End) fail("expected \")\" after the CAST type");
      if (peek().op("(")) ++depth;
      if (peek().op(")")) --depth;
      next();
    }
    if (last_end() <= first) fail("expected a type name in CAST");
    e->text = std::string(sql_.substr(first, last_end() - first));
    next();
    return done(std::move(e));
  }

  std::unique_ptr<Expr> case_expression(size_t begin) {
    next();
    auto e = node(ExprKind::Case, begin);
    if (!peek().is("WHEN")) {
      e->has_base = true;
      e->args.push_back(expr(0));
    }
    if (!peek().is("WHEN")) fail("expected WHEN in CASE");
    while (accept("WHEN")) {
      e->args.push_back(expr(0));
      expect("THEN", "after WHEN");
      e->args.push_back(expr(0));
    }
    if (accept("ELSE")) {
      e->has_else = true;
      e->args.push_back(expr(0));
    }
    expect("END", "at the end of CASE");
    return done(std::move(e));
  }

  std::unique_ptr<Expr> function(size_t begin) {
    auto e = node(ExprKind::Function, begin);
    e->text = next().text;
    next();  // (
    if (accept_op("*")) {
      e->star = true;
    } else if (!peek().op(")")) {
      e->distinct = accept("DISTINCT");
      if (!e->distinct) accept("ALL");
      do e->args.push_back(expr(0));
      while (accept_op(","));
      if (peek().is("ORDER")) refuse("ORDER BY inside " + e->text + "() is not translated", begin);
    }
    expect_op(")", "after the arguments of " + e->text + "()");
    if (peek().is("FILTER")) refuse("aggregate FILTER clauses are not translated", begin);
    if (peek().is("OVER")) refuse("window functions are not translated", begin);
    return done(std::move(e));
  }

  std::unique_ptr<Select> select() {
    auto s = std::make_unique<Select>();
    const size_t with = here();
    if (accept("WITH")) {
      if (peek().is("RECURSIVE")) refuse("recursive common table expressions are not translated", with);
      do {
        CommonTable c;
        c.name = name("a common table name");
        if (accept_op("(")) {
          do c.columns.push_back(name("a column name"));
          while (accept_op(","));
          expect_op(")", "after the common table's column names");
        }
        expect("AS", "after the common table's name");
        if (accept("NOT"))
          expect("MATERIALIZED", "after NOT");
        else
          accept("MATERIALIZED");
        expect_op("(", "after AS");
        c.select = select();
        expect_op(")", "after the common table's SELECT");
        s->with.push_back(std::move(c));
      } while (accept_op(","));
    }
    s->cores.push_back(core());
    for (;;) {
      std::string op;
      if (accept("UNION"))
        op = accept("ALL") ? "UNION ALL" : "UNION";
      else if (accept("INTERSECT"))
        op = "INTERSECT";
      else if (accept("EXCEPT"))
        op = "EXCEPT";
      else
        break;
      s->compounds.push_back(op);
      s->cores.push_back(core());
    }
    if (accept("ORDER")) {
      expect("BY", "after ORDER");
      do {
        OrderTerm o;
        o.expr = expr(0);
        if (accept("DESC"))
          o.descending = true;
        else
          accept("ASC");
        if (accept("NULLS")) {
          if (accept("FIRST"))
            o.nulls = OrderTerm::Nulls::First;
          else if (accept("LAST"))
            o.nulls = OrderTerm::Nulls::Last;
          else
            fail("expected FIRST or LAST after NULLS");
        }
        s->order_by.push_back(std::move(o));
      } while (accept_op(","));
    }
    if (accept("LIMIT")) {
      s->limit = expr(0);
      if (accept("OFFSET")) {
        s->offset = expr(0);
      } else if (accept_op(",")) {  // LIMIT offset, count
        s->offset = std::move(s->limit);
        s->limit = expr(0);
      }
    }
    return s;
  }

  SelectCore core() {
    if (peek().is("VALUES")) refuse("VALUES lists are not translated", here());
    expect("SELECT", "at the start of a SELECT");
    SelectCore c;
    c.distinct = accept("DISTINCT");
    if (!c.distinct) accept("ALL");
    do c.columns.push_back(result_column());
    while (accept_op(","));
    if (accept("FROM")) from(c);
    if (accept("WHERE")) c.where = expr(0);
    if (accept("GROUP")) {
      expect("BY", "after GROUP");
      do c.group_by.push_back(expr(0));
      while (accept_op(","));
    }
    if (accept("HAVING")) c.having = expr(0);
    if (peek().is("WINDOW")) refuse("window functions are not translated", here());
    return c;
  }

  // [AS] alias: a name or a string after AS, or a name that is not a keyword.
  std::string alias() {
    if (accept("AS")) {
      if (peek().kind == TokenKind::String) return next().text;
      return name("a name after AS");
    }
    if (peek().kind == TokenKind::Quoted || (peek().kind == TokenKind::Word && !reserved(peek()))) return next().text;
    return {};
  }

  ResultColumn result_column() {
    ResultColumn r;
    r.begin = here();
    if (accept_op("*")) {
      r.end = last_end();
      return r;
    }
    if (peek().name() && peek(1).op(".") && peek(2).op("*")) {
      r.star_table = next().text;
      next();
      next();
      r.end = last_end();
      return r;
    }
    r.expr = expr(0);
    r.end = last_end();
    r.alias = alias();
    return r;
  }

  void from(SelectCore& c) {
    c.from.push_back(from_item(""));
    for (;;) {
      std::string join;
      if (accept_op(",")) {
        join = ",";
      } else if (peek().is("NATURAL")) {
        refuse("NATURAL joins are not translated", here());
      } else if (peek().is("RIGHT") || peek().is("FULL")) {
        refuse("RIGHT and FULL joins are not translated", here());
      } else if (accept("LEFT")) {
        accept("OUTER");
        expect("JOIN", "after LEFT");
        join = "LEFT JOIN";
      } else if (accept("INNER")) {
        expect("JOIN", "after INNER");
        join = "JOIN";
      } else if (accept("CROSS")) {
        expect("JOIN", "after CROSS");
        join = "CROSS JOIN";
      } else if (accept("JOIN")) {
        join = "JOIN";
      } else {
        return;
      }
      FromItem item = from_item(join);
      if (accept("ON")) {
        item.on = expr(0);
      } else if (accept("USING")) {
        expect_op("(", "after USING");
        do item.using_columns.push_back(name("a column name"));
        while (accept_op(","));
        expect_op(")", "after the USING columns");
      }
      c.from.push_back(std::move(item));
    }
  }

  FromItem from_item(std::string join) {
    FromItem f;
    f.join = std::move(join);
    f.begin = here();
    if (accept_op("(")) {
      if (!starts_select()) refuse("parenthesized joins are not translated", f.begin);
      f.subquery = select();
      expect_op(")", "after the subquery");
    } else {
      f.table = name("a table name");
      if (accept_op(".")) f.table = name("a table name after \".\"");  // main.t, temp.t
      if (peek().op("(")) refuse("table-valued functions are not translated", f.begin);
    }
    f.alias = alias();
    if (accept("INDEXED")) {
      expect("BY", "after INDEXED");
      name("an index name");
    } else if (peek().is("NOT") && peek(1).is("INDEXED")) {
      next();
      next();
    }
    f.end = last_end();
    return f;
  }
};

}  // namespace

std::unique_ptr<Expr> parse_expression(std::string_view sql, std::string& error) try {
  return Parser(sql).whole_expression();
} catch (const SqlSyntaxError& e) {
  error = e.message;
  return nullptr;
}

std::unique_ptr<Select> parse_select(std::string_view sql, std::string& error) try {
  return Parser(sql).whole_select();
} catch (const SqlSyntaxError& e) {
  error = e.message;
  return nullptr;
}

}  // namespace litelift
