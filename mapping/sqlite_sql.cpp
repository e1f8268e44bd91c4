#include "mapping/sqlite_sql.hpp"

#include <algorithm>
#include <cctype>
#include <initializer_list>

namespace litelift {

bool Token::is(std::string_view keyword) const {
  if (kind != TokenKind::Word || text.size() != keyword.size()) return false;
  for (size_t i = 0; i < text.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(text[i])) != std::toupper(static_cast<unsigned char>(keyword[i])))
      return false;
  return true;
}

namespace {

bool name_start(unsigned char c) {
  return std::isalpha(c) || c == '_' || c >= 0x80;
}
bool name_char(unsigned char c) {
  return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}
bool is_hex(unsigned char c) {
  return std::isxdigit(c) != 0;
}

// Longest first, so that "->>" wins over "->" and "<=" over "<".
constexpr std::string_view kOperators[] = {"->>", "||", "->", "==", "!=", "<>", "<=", ">=", "<<", ">>", "=", "<", ">",
                                           "&",   "|",  "~",  "+",  "-",  "*",  "/",  "%",  "(",  ")",  ",", ".", ";"};

std::string where(size_t at) {
  return " at offset " + std::to_string(at);
}

}  // namespace

bool tokenize(std::string_view sql, std::vector<Token>& tokens, std::string& error) {
  tokens.clear();
  size_t i = 0;
  const size_t n = sql.size();
  auto at = [&](size_t k) -> unsigned char { return k < n ? static_cast<unsigned char>(sql[k]) : 0; };
  while (i < n) {
    const unsigned char c = at(i);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      ++i;
      continue;
    }
    if (c == '-' && at(i + 1) == '-') {
      while (i < n && sql[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && at(i + 1) == '*') {
      size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? n : end + 2;  // SQLite accepts a comment left open at the end
      continue;
    }
    Token t;
    t.offset = i;
    if ((c == 'x' || c == 'X') && at(i + 1) == '\'') {
      size_t k = i + 2;
      while (k < n && is_hex(at(k))) ++k;
      if (at(k) != '\'' || (k - i - 2) % 2 != 0) {
        error = "malformed blob literal" + where(i);
        return false;
      }
      t.kind = TokenKind::Blob;
      t.text = std::string(sql.substr(i + 2, k - i - 2));
      i = k + 1;
    } else if (name_start(c)) {
      size_t k = i;
      while (k < n && name_char(at(k))) ++k;
      t.kind = TokenKind::Word;
      t.text = std::string(sql.substr(i, k - i));
      i = k;
    } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
      const char close = c == '[' ? ']' : static_cast<char>(c);
      size_t k = i + 1;
      for (;;) {
        if (k >= n) {
          error = std::string(c == '\'' ? "unterminated string" : "unterminated quoted name") + where(i);
          return false;
        }
        if (sql[k] == close) {
          if (close != ']' && at(k + 1) == static_cast<unsigned char>(close)) {
            t.text += close;
            k += 2;
            continue;
          }
          break;
        }
        t.text += sql[k++];
      }
      t.kind = c == '\'' ? TokenKind::String : TokenKind::Quoted;
      if (c != '\'') t.quote = static_cast<char>(c);
      i = k + 1;
    } else if (std::isdigit(c) || (c == '.' && std::isdigit(at(i + 1)))) {
      size_t k = i;
      t.kind = TokenKind::Integer;
      if (c == '0' && (at(i + 1) == 'x' || at(i + 1) == 'X') && is_hex(at(i + 2))) {
        k = i + 2;
        while (is_hex(at(k))) ++k;
      } else {
        while (std::isdigit(at(k))) ++k;
        if (at(k) == '.') {
          t.kind = TokenKind::Real;
          ++k;
          while (std::isdigit(at(k))) ++k;
        }
        if ((at(k) == 'e' || at(k) == 'E') &&
            (std::isdigit(at(k + 1)) || ((at(k + 1) == '+' || at(k + 1) == '-') && std::isdigit(at(k + 2))))) {
          t.kind = TokenKind::Real;
          k += 2;
          while (std::isdigit(at(k))) ++k;
        }
      }
      if (name_char(at(k))) {
        error = "malformed number \"" + std::string(sql.substr(i, k + 1 - i)) + "\"" + where(i);
        return false;
      }
      t.text = std::string(sql.substr(i, k - i));
      i = k;
    } else if (c == '?' || ((c == ':' || c == '@' || c == '$') && name_char(at(i + 1)))) {
      size_t k = i + 1;
      while (k < n && name_char(at(k))) ++k;
      t.kind = TokenKind::Variable;
      t.text = std::string(sql.substr(i, k - i));
      i = k;
    } else {
      for (std::string_view o : kOperators)
        if (sql.substr(i, o.size()) == o) {
          t.kind = TokenKind::Operator;
          t.text = std::string(o);
          break;
        }
      if (t.kind != TokenKind::Operator) {
        error = "unexpected character '" + std::string(1, static_cast<char>(c)) + "'" + where(i);
        return false;
      }
      i += t.text.size();
    }
    t.length = i - t.offset;
    tokens.push_back(std::move(t));
  }
  Token end;
  end.offset = n;
  tokens.push_back(end);
  return true;
}

SqlCursor::SqlCursor(std::string_view sql, std::string end_name) : sql_(sql), end_name_(std::move(end_name)) {
  std::string error;
  if (!tokenize(sql, tokens_, error)) throw SqlSyntaxError{error};
}

bool SqlCursor::accept(std::string_view keyword) {
  if (!peek().is(keyword)) return false;
  next();
  return true;
}

bool SqlCursor::accept_op(std::string_view o) {
  if (!peek().op(o)) return false;
  next();
  return true;
}

void SqlCursor::expect(std::string_view keyword, std::string_view context) {
  if (!accept(keyword)) fail("expected " + std::string(keyword) + " " + std::string(context));
}

void SqlCursor::expect_op(std::string_view o, std::string_view context) {
  if (!accept_op(o)) fail("expected \"" + std::string(o) + "\" " + std::string(context));
}

void SqlCursor::fail(const std::string& what) const {
  const Token& t = peek();
  std::string found = t.kind == TokenKind::End ? end_name_ : "\"" + std::string(sql_.substr(t.offset, t.length)) + "\"";
  throw SqlSyntaxError{what + ", found " + found + " at offset " + std::to_string(t.offset)};
}

namespace {

// A cursor over the tokens of one statement.
class Reader : public SqlCursor {
 public:
  explicit Reader(std::string_view sql) : SqlCursor(sql, "the end of the statement") {}

  size_t pos() const { return pos_; }
  // An optional IF NOT EXISTS.
  bool if_not_exists() {
    if (!accept("IF")) return false;
    expect("NOT", "after IF");
    expect("EXISTS", "after IF NOT");
    return true;
  }
  bool at_end() const { return peek().kind == TokenKind::End || (peek().op(";") && peek(1).kind == TokenKind::End); }

  // A name: bare, quoted, or a string literal (SQLite accepts 'x' where a name is expected).
  std::string name(std::string_view context) {
    const Token& t = peek();
    if (!t.name() && t.kind != TokenKind::String) fail("expected " + std::string(context));
    return next().text;
  }
  // [schema.]name
  void qualified_name(std::string& schema, std::string& name, std::string_view context) {
    name = this->name(context);
    if (accept_op(".")) {
      schema = name;
      name = this->name(context);
    }
  }

  // At "(": moves past the matching ")" and returns the text between them.
  std::string parenthesized(std::string_view context) {
    expect_op("(", context);
    const size_t first = pos_;
    int depth = 1;
    for (;;) {
      const Token& t = peek();
      if (t.kind == TokenKind::End) fail("unbalanced parentheses " + std::string(context));
      if (t.op("(")) ++depth;
      if (t.op(")") && --depth == 0) break;
      next();
    }
    std::string inner = text(first, pos_);
    next();
    if (inner.empty()) fail("empty parentheses " + std::string(context));
    return inner;
  }

  // The source text from token `first` up to (not including) token `end`.
  std::string text(size_t first, size_t end) const {
    if (end <= first) return {};
    const Token& a = tokens_[first];
    const Token& b = tokens_[end - 1];
    return std::string(sql_.substr(a.offset, b.offset + b.length - a.offset));
  }
  // The source text from token `first` to the end of the statement, without a final ";".
  std::string rest(size_t first) const {
    size_t end = tokens_.size() - 1;
    while (end > first && tokens_[end - 1].op(";")) --end;
    return text(first, end);
  }

 private:
};

void skip_conflict_clause(Reader& r) {
  if (r.peek().is("ON") && r.peek(1).is("CONFLICT")) {
    r.next();
    r.next();
    for (std::string_view k : {"ROLLBACK", "ABORT", "FAIL", "IGNORE", "REPLACE"})
      if (r.accept(k)) return;
    r.fail("expected ROLLBACK, ABORT, FAIL, IGNORE or REPLACE after ON CONFLICT");
  }
}

void skip_name_list(Reader& r, std::string_view context) {
  r.parenthesized(context);
}

// REFERENCES table [(columns)] followed by any ON DELETE/UPDATE, MATCH and DEFERRABLE clauses.
void skip_references(Reader& r) {
  r.name("a table name after REFERENCES");
  if (r.peek().op("(")) skip_name_list(r, "after REFERENCES");
  for (;;) {
    if (r.peek().is("ON") && (r.peek(1).is("DELETE") || r.peek(1).is("UPDATE"))) {
      r.next();
      r.next();
      if (r.accept("SET")) {
        if (!r.accept("NULL") && !r.accept("DEFAULT")) r.fail("expected NULL or DEFAULT after SET");
      } else if (r.accept("NO")) {
        r.expect("ACTION", "after NO");
      } else if (!r.accept("CASCADE") && !r.accept("RESTRICT")) {
        r.fail("expected a foreign key action");
      }
    } else if (r.accept("MATCH")) {
      r.name("a name after MATCH");
    } else if (r.peek().is("NOT") && r.peek(1).is("DEFERRABLE")) {
      r.next();
    } else if (r.accept("DEFERRABLE")) {
      if (r.accept("INITIALLY") && !r.accept("DEFERRED") && !r.accept("IMMEDIATE"))
        r.fail("expected DEFERRED or IMMEDIATE after INITIALLY");
    } else {
      return;
    }
  }
}

bool starts_column_constraint(const Token& t) {
  for (std::string_view k : {"CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE",
                             "REFERENCES", "GENERATED", "AS"})
    if (t.is(k)) return true;
  return false;
}

bool starts_table_constraint(const Token& t) {
  for (std::string_view k : {"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"})
    if (t.is(k)) return true;
  return false;
}

std::string default_value(Reader& r) {
  const size_t first = r.pos();
  if (r.peek().op("(")) return r.parenthesized("after DEFAULT");
  if (r.accept_op("+") || r.accept_op("-")) {
    if (r.peek().kind != TokenKind::Integer && r.peek().kind != TokenKind::Real) r.fail("expected a number");
  } else {
    const Token& t = r.peek();
    if (t.kind == TokenKind::Operator || t.kind == TokenKind::End || t.kind == TokenKind::Variable)
      r.fail("expected a value after DEFAULT");
  }
  r.next();
  return r.text(first, r.pos());
}

ColumnDefinition column_definition(Reader& r) {
  ColumnDefinition c;
  c.name = r.name("a column name");
  const size_t type_first = r.pos();
  while ((r.peek().name() || r.peek().kind == TokenKind::String) && !starts_column_constraint(r.peek())) r.next();
  if (r.pos() > type_first && r.peek().op("(")) r.parenthesized("in the type of column " + c.name);
  c.declared_type = r.text(type_first, r.pos());
  std::string constraint;
  const std::string context = "in the definition of column " + c.name;
  for (;;) {
    if (r.peek().op(",") || r.peek().op(")")) return c;
    if (r.peek().kind == TokenKind::End) r.fail("expected \",\" or \")\" after column " + c.name);
    if (r.accept("CONSTRAINT")) {
      constraint = r.name("a constraint name");
      continue;
    }
    if (r.accept("PRIMARY")) {
      r.expect("KEY", "after PRIMARY");
      c.primary_key = true;
      if (!r.accept("ASC")) r.accept("DESC");
      skip_conflict_clause(r);
      c.autoincrement = r.accept("AUTOINCREMENT");
    } else if (r.accept("NOT")) {
      r.expect("NULL", "after NOT");
      c.not_null = true;
      skip_conflict_clause(r);
    } else if (r.accept("NULL")) {
      skip_conflict_clause(r);
    } else if (r.accept("UNIQUE")) {
      c.unique = true;
      skip_conflict_clause(r);
    } else if (r.accept("CHECK")) {
      c.checks.push_back({constraint, r.parenthesized("after CHECK")});
    } else if (r.accept("DEFAULT")) {
      c.default_sql = default_value(r);
    } else if (r.accept("COLLATE")) {
      c.collation = r.name("a collation name after COLLATE");
    } else if (r.accept("REFERENCES")) {
      skip_references(r);
    } else if (r.peek().is("GENERATED") || r.peek().is("AS")) {
      if (r.accept("GENERATED")) r.expect("ALWAYS", "after GENERATED");
      r.expect("AS", "after GENERATED ALWAYS");
      c.generated = r.parenthesized("after AS");
      if (r.accept("STORED"))
        c.generated_stored = true;
      else
        r.accept("VIRTUAL");
    } else {
      r.fail("unexpected text " + context);
    }
    constraint.clear();
  }
}

void table_constraint(Reader& r, CreateTable& t) {
  std::string constraint;
  if (r.accept("CONSTRAINT")) constraint = r.name("a constraint name");
  if (r.accept("PRIMARY")) {
    r.expect("KEY", "after PRIMARY");
    skip_name_list(r, "after PRIMARY KEY");
    skip_conflict_clause(r);
  } else if (r.accept("UNIQUE")) {
    skip_name_list(r, "after UNIQUE");
    skip_conflict_clause(r);
  } else if (r.accept("CHECK")) {
    t.checks.push_back({constraint, r.parenthesized("after CHECK")});
    skip_conflict_clause(r);
  } else if (r.accept("FOREIGN")) {
    r.expect("KEY", "after FOREIGN");
    skip_name_list(r, "after FOREIGN KEY");
    r.expect("REFERENCES", "after FOREIGN KEY (...)");
    skip_references(r);
  } else {
    r.fail("expected a table constraint");
  }
}

void expect_end(Reader& r, std::string_view context) {
  if (!r.at_end()) r.fail("unexpected text " + std::string(context));
}

}  // namespace

std::optional<CreateTable> parse_create_table(std::string_view sql, std::string& error) try {
  Reader r(sql);
  CreateTable t;
  r.expect("CREATE", "at the start");
  t.temporary = r.accept("TEMP") || r.accept("TEMPORARY");
  r.expect("TABLE", "after CREATE");
  t.if_not_exists = r.if_not_exists();
  r.qualified_name(t.schema, t.name, "a table name");
  r.expect_op("(", "after the table name");
  bool constraints = false;
  for (;;) {
    constraints = constraints || starts_table_constraint(r.peek());
    if (constraints)
      table_constraint(r, t);
    else
      t.columns.push_back(column_definition(r));
    if (r.accept_op(")")) break;
    if (!r.accept_op(",") && !constraints) r.fail("expected \",\" or \")\" after a column definition");
  }
  do {
    if (r.accept("WITHOUT")) {
      if (!r.peek().is("ROWID")) r.fail("expected ROWID after WITHOUT");
      r.next();
      t.without_rowid = true;
    } else if (r.accept("STRICT")) {
      t.strict = true;
    } else if (!r.at_end()) {
      r.fail("unexpected text after the column list");
    }
  } while (r.accept_op(","));
  expect_end(r, "after the table options");
  return t;
} catch (const SqlSyntaxError& e) {
  error = e.message;
  return std::nullopt;
}

std::optional<CreateIndex> parse_create_index(std::string_view sql, std::string& error) try {
  Reader r(sql);
  CreateIndex ix;
  r.expect("CREATE", "at the start");
  ix.unique = r.accept("UNIQUE");
  r.expect("INDEX", ix.unique ? "after UNIQUE" : "after CREATE");
  ix.if_not_exists = r.if_not_exists();
  r.qualified_name(ix.schema, ix.name, "an index name");
  r.expect("ON", "after the index name");
  ix.table = r.name("a table name after ON");
  r.expect_op("(", "after the table name");
  for (;;) {
    const size_t first = r.pos();
    int depth = 0;
    while (!(depth == 0 && (r.peek().op(",") || r.peek().op(")")))) {
      if (r.peek().kind == TokenKind::End) r.fail("unbalanced parentheses in the index key");
      if (r.peek().op("(")) ++depth;
      if (r.peek().op(")")) --depth;
      r.next();
    }
    const size_t end = r.pos();
    // The key's own tokens, read backwards: [COLLATE name] [ASC|DESC].
    const std::string key_text = r.text(first, end);
    Reader key(key_text);
    std::vector<const Token*> tokens;
    for (size_t k = 0; key.peek(k).kind != TokenKind::End; ++k) tokens.push_back(&key.peek(k));
    IndexKey k;
    size_t n = tokens.size();
    if (n > 1 && (tokens[n - 1]->is("ASC") || tokens[n - 1]->is("DESC"))) {
      k.descending = tokens[n - 1]->is("DESC");
      --n;
    }
    if (n > 2 && tokens[n - 2]->is("COLLATE") && (tokens[n - 1]->name() || tokens[n - 1]->kind == TokenKind::String)) {
      k.collation = tokens[n - 1]->text;
      n -= 2;
    }
    if (n == 0) r.fail("empty index key");
    k.expression = key.text(0, n);
    if (n == 1 && (tokens[0]->name() || tokens[0]->kind == TokenKind::String)) k.column = tokens[0]->text;
    ix.keys.push_back(std::move(k));
    if (r.accept_op(")")) break;
    r.next();  // ","
  }
  if (r.accept("WHERE")) {
    if (r.at_end()) r.fail("expected a condition after WHERE");
    ix.where = r.rest(r.pos());
    return ix;
  }
  expect_end(r, "after the index keys");
  return ix;
} catch (const SqlSyntaxError& e) {
  error = e.message;
  return std::nullopt;
}

std::optional<CreateView> parse_create_view(std::string_view sql, std::string& error) try {
  Reader r(sql);
  CreateView v;
  r.expect("CREATE", "at the start");
  v.temporary = r.accept("TEMP") || r.accept("TEMPORARY");
  r.expect("VIEW", "after CREATE");
  v.if_not_exists = r.if_not_exists();
  r.qualified_name(v.schema, v.name, "a view name");
  if (r.accept_op("(")) {
    do v.columns.push_back(r.name("a column name"));
    while (r.accept_op(","));
    r.expect_op(")", "after the view's column names");
  }
  r.expect("AS", "after the view name");
  if (r.at_end()) r.fail("expected a SELECT after AS");
  v.select = r.rest(r.pos());
  return v;
} catch (const SqlSyntaxError& e) {
  error = e.message;
  return std::nullopt;
}

}  // namespace litelift
