// SQLite's own SQL as the application wrote it: a tokenizer, and readers of
// the CREATE TABLE / INDEX / VIEW statements kept in sqlite_master. SQLite
// exposes CHECK constraints, generated-column expressions, COLLATE clauses,
// partial-index WHERE clauses, expression keys and view bodies through no
// pragma, so they are read from this text. Readers are lenient about what
// SQLite accepts and return expressions as the exact source text, so that
// messages can quote them. Pure; no SQLite library involved.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace litelift {

enum class TokenKind {
  Word,      // a bare identifier or keyword: compare with Token::is()
  Quoted,    // "x", `x` or [x]; text is the name
  String,    // 'x'; text is the value
  Blob,      // X'ab'; text is the hex digits
  Integer,   // digits or 0x..; text as written
  Real,      // 1.5, .5, 1e3
  Operator,  // || -> ->> == = != <> < <= > >= << >> & | ~ + - * / % ( ) , . ;
  Variable,  // ?, ?1, :name, @name, $name
  End,
};

struct Token {
  TokenKind kind = TokenKind::End;
  size_t offset = 0;  // in the tokenized text
  size_t length = 0;
  std::string text;
  char quote = 0;  // Quoted: the opening quote character ('"', '`' or '[')

  bool is(std::string_view keyword) const;  // a Word equal to keyword, ignoring ASCII case
  bool op(std::string_view o) const { return kind == TokenKind::Operator && text == o; }
  bool name() const { return kind == TokenKind::Word || kind == TokenKind::Quoted; }
};

// Tokens of `sql`, ending with one End token. Comments are skipped. On an
// unterminated string, quoted name or blob, or a byte that starts no
// token, returns false with `error` saying what and where.
bool tokenize(std::string_view sql, std::vector<Token>& tokens, std::string& error);

// Why a statement or expression could not be read: one line, with where.
struct SqlSyntaxError {
  std::string message;
};

// A cursor over the tokens of one statement or expression, for the readers
// here and the expression parser (mapping/sql_expression). Errors throw
// SqlSyntaxError: "expected ( after the table name, found \"AS\" at offset 20".
class SqlCursor {
 public:
  // `end_name` names the end of the text in messages ("the end of the statement").
  SqlCursor(std::string_view sql, std::string end_name);

  const Token& peek(size_t k = 0) const { return tokens_[std::min(pos_ + k, tokens_.size() - 1)]; }
  const Token& next() {
    const Token& t = peek();
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }
  bool accept(std::string_view keyword);
  bool accept_op(std::string_view o);
  void expect(std::string_view keyword, std::string_view context);
  void expect_op(std::string_view o, std::string_view context);
  [[noreturn]] void fail(const std::string& what) const;

 protected:
  std::string_view sql_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;

 private:
  std::string end_name_;
};

struct CheckConstraint {
  std::string name;        // CONSTRAINT name, empty when none
  std::string expression;  // the text between CHECK's parentheses
};

struct ColumnDefinition {
  std::string name;
  std::string declared_type;  // as written, "DECIMAL(10, 2)"; empty when none
  std::vector<CheckConstraint> checks;
  std::string collation;                   // COLLATE name, empty when none
  std::optional<std::string> default_sql;  // as PRAGMA table_info shows it: -1, 'it''s', datetime('now')
  std::optional<std::string> generated;    // GENERATED ALWAYS AS (expression): the expression
  bool generated_stored = false;           // STORED; VIRTUAL is SQLite's default
  bool primary_key = false;
  bool autoincrement = false;
  bool not_null = false;
  bool unique = false;
};

struct CreateTable {
  std::string schema;  // empty when the name is not qualified
  std::string name;
  bool temporary = false;
  bool if_not_exists = false;
  bool without_rowid = false;
  bool strict = false;
  std::vector<ColumnDefinition> columns;
  std::vector<CheckConstraint> checks;  // table constraints
};

struct IndexKey {
  std::string column;      // the column when the key is a bare column name, else empty
  std::string expression;  // the key as written, without COLLATE and ASC/DESC
  std::string collation;   // empty when none
  bool descending = false;
};

struct CreateIndex {
  std::string schema;
  std::string name;
  std::string table;
  bool unique = false;
  bool if_not_exists = false;
  std::vector<IndexKey> keys;
  std::optional<std::string> where;  // the partial index's condition
};

struct CreateView {
  std::string schema;
  std::string name;
  bool temporary = false;
  bool if_not_exists = false;
  std::vector<std::string> columns;  // CREATE VIEW v(a, b): the names, else empty
  std::string select;                // the SELECT statement after AS, without a final ';'
};

// Each returns nullopt with `error` set ("expected ( after the table name,
// found \"AS\" at offset 20") when the text is not such a statement.
std::optional<CreateTable> parse_create_table(std::string_view sql, std::string& error);
std::optional<CreateIndex> parse_create_index(std::string_view sql, std::string& error);
std::optional<CreateView> parse_create_view(std::string_view sql, std::string& error);

}  // namespace litelift
