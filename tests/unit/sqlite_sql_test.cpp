#include "mapping/sqlite_sql.hpp"

#include <gtest/gtest.h>

using namespace litelift;

namespace {

// "kind:text" per token, End excluded.
std::vector<std::string> lex(std::string_view sql) {
  std::vector<Token> tokens;
  std::string error;
  EXPECT_TRUE(tokenize(sql, tokens, error)) << error;
  std::vector<std::string> out;
  for (const Token& t : tokens) {
    const char* kind = "?";
    switch (t.kind) {
      case TokenKind::Word:
        kind = "word";
        break;
      case TokenKind::Quoted:
        kind = "quoted";
        break;
      case TokenKind::String:
        kind = "string";
        break;
      case TokenKind::Blob:
        kind = "blob";
        break;
      case TokenKind::Integer:
        kind = "int";
        break;
      case TokenKind::Real:
        kind = "real";
        break;
      case TokenKind::Operator:
        kind = "op";
        break;
      case TokenKind::Variable:
        kind = "var";
        break;
      case TokenKind::End:
        continue;
    }
    out.push_back(std::string(kind) + ":" + t.text);
  }
  return out;
}

std::string lex_error(std::string_view sql) {
  std::vector<Token> tokens;
  std::string error;
  EXPECT_FALSE(tokenize(sql, tokens, error));
  return error;
}

using V = std::vector<std::string>;

}  // namespace

TEST(SqliteTokenizer, QuotedNamesInEveryStyle) {
  EXPECT_EQ(lex(R"("a ""b""" `c``d` [e "f"] 'it''s')"),
            (V{"quoted:a \"b\"", "quoted:c`d", "quoted:e \"f\"", "string:it's"}));
}

TEST(SqliteTokenizer, NumbersAndBlobs) {
  EXPECT_EQ(lex("1 1.5 .5 1e3 2.5E-2 0x1F X'aB' x''"),
            (V{"int:1", "real:1.5", "real:.5", "real:1e3", "real:2.5E-2", "int:0x1F", "blob:aB", "blob:"}));
  // A dot after a name is an operator, not a number: t.c
  EXPECT_EQ(lex("t.c"), (V{"word:t", "op:.", "word:c"}));
}

TEST(SqliteTokenizer, OperatorsLongestFirst) {
  EXPECT_EQ(lex("a||b->>c->d==e!=f<>g<=h>=i<<j>>k&l|m~n%o"),
            (V{"word:a", "op:||", "word:b", "op:->>", "word:c", "op:->", "word:d", "op:==", "word:e", "op:!=",
               "word:f", "op:<>", "word:g", "op:<=",  "word:h", "op:>=", "word:i", "op:<<", "word:j", "op:>>",
               "word:k", "op:&",  "word:l", "op:|",   "word:m", "op:~",  "word:n", "op:%",  "word:o"}));
}

TEST(SqliteTokenizer, CommentsAreSkippedAndOffsetsKept) {
  std::vector<Token> tokens;
  std::string error;
  ASSERT_TRUE(tokenize("a -- one\n/* two */ b /* open at the end", tokens, error));
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[1].text, "b");
  EXPECT_EQ(tokens[1].offset, 19u);
  EXPECT_EQ(tokens[1].length, 1u);
  EXPECT_EQ(tokens[2].kind, TokenKind::End);
  EXPECT_TRUE(tokens[0].is("A"));
  EXPECT_FALSE(tokens[0].is("AB"));
}

TEST(SqliteTokenizer, VariablesAndNonAsciiNames) {
  EXPECT_EQ(lex("? ?1 :x @y $z προϊόν"), (V{"var:?", "var:?1", "var::x", "var:@y", "var:$z", "word:προϊόν"}));
}

TEST(SqliteTokenizer, Errors) {
  EXPECT_EQ(lex_error("'open"), "unterminated string at offset 0");
  EXPECT_EQ(lex_error("a \"open"), "unterminated quoted name at offset 2");
  EXPECT_EQ(lex_error("[open"), "unterminated quoted name at offset 0");
  EXPECT_EQ(lex_error("X'abc'"), "malformed blob literal at offset 0");
  EXPECT_EQ(lex_error("X'zz'"), "malformed blob literal at offset 0");
  EXPECT_EQ(lex_error("12ab"), "malformed number \"12a\" at offset 0");
  EXPECT_EQ(lex_error("a # b"), "unexpected character '#' at offset 2");
}

TEST(SqliteCreateTable, HostileStatement) {
  const char* sql = R"(CREATE TABLE IF NOT EXISTS "main"."Order ""Items""" (
  -- the key
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  [unit price] DECIMAL(10, 2) NOT NULL DEFAULT 0 CHECK ("unit price" >= 0) /* never negative */,
  `status` TEXT COLLATE NOCASE DEFAULT 'it''s' CONSTRAINT status_ok CHECK (status IN ('new', 'paid)')),
  created_at TEXT DEFAULT (datetime('now')),
  qty INT DEFAULT -1 UNIQUE ON CONFLICT IGNORE,
  total REAL GENERATED ALWAYS AS ("unit price" * (qty + 0)) STORED,
  label AS (upper(status)),
  user_id INTEGER REFERENCES users(id) ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED NOT NULL,
  CONSTRAINT positive CHECK (qty > 0 OR qty = -1),
  UNIQUE (status, qty),
  CHECK (length(status) < 20)
  FOREIGN KEY (user_id) REFERENCES users (id)
) WITHOUT ROWID, STRICT;)";
  std::string error;
  auto t = parse_create_table(sql, error);
  ASSERT_TRUE(t) << error;
  EXPECT_EQ(t->schema, "main");
  EXPECT_EQ(t->name, "Order \"Items\"");
  EXPECT_TRUE(t->if_not_exists);
  EXPECT_TRUE(t->without_rowid);
  EXPECT_TRUE(t->strict);
  ASSERT_EQ(t->columns.size(), 8u);

  const ColumnDefinition& id = t->columns[0];
  EXPECT_EQ(id.name, "id");
  EXPECT_EQ(id.declared_type, "INTEGER");
  EXPECT_TRUE(id.primary_key);
  EXPECT_TRUE(id.autoincrement);
  EXPECT_TRUE(id.not_null);

  const ColumnDefinition& price = t->columns[1];
  EXPECT_EQ(price.name, "unit price");
  EXPECT_EQ(price.declared_type, "DECIMAL(10, 2)");
  EXPECT_EQ(price.default_sql, "0");
  ASSERT_EQ(price.checks.size(), 1u);
  EXPECT_EQ(price.checks[0].name, "");
  EXPECT_EQ(price.checks[0].expression, "\"unit price\" >= 0");

  const ColumnDefinition& status = t->columns[2];
  EXPECT_EQ(status.name, "status");
  EXPECT_EQ(status.collation, "NOCASE");
  EXPECT_EQ(status.default_sql, "'it''s'");
  ASSERT_EQ(status.checks.size(), 1u);
  EXPECT_EQ(status.checks[0].name, "status_ok");
  EXPECT_EQ(status.checks[0].expression, "status IN ('new', 'paid)')");

  EXPECT_EQ(t->columns[3].default_sql, "datetime('now')");  // as PRAGMA table_info shows it: no parentheses
  EXPECT_EQ(t->columns[4].default_sql, "-1");
  EXPECT_TRUE(t->columns[4].unique);

  EXPECT_EQ(t->columns[5].generated, "\"unit price\" * (qty + 0)");
  EXPECT_TRUE(t->columns[5].generated_stored);
  EXPECT_EQ(t->columns[6].name, "label");
  EXPECT_EQ(t->columns[6].declared_type, "");
  EXPECT_EQ(t->columns[6].generated, "upper(status)");
  EXPECT_FALSE(t->columns[6].generated_stored);
  EXPECT_TRUE(t->columns[7].not_null);
  EXPECT_FALSE(t->columns[7].default_sql);

  ASSERT_EQ(t->checks.size(), 2u);
  EXPECT_EQ(t->checks[0].name, "positive");
  EXPECT_EQ(t->checks[0].expression, "qty > 0 OR qty = -1");
  EXPECT_EQ(t->checks[1].name, "");
  EXPECT_EQ(t->checks[1].expression, "length(status) < 20");
}

TEST(SqliteCreateTable, NamesThatLookLikeKeywordsAndUntypedColumns) {
  std::string error;
  auto t = parse_create_table(
      "create temp table t(\"select\" TEXT, 'quoted' INT, key, a UNSIGNED BIG INT, b VARYING CHARACTER(255) "
      "collate rtrim, c DOUBLE PRECISION default +1.5e3, d default true, e default CURRENT_TIMESTAMP, f default "
      "X'00ff', g default \"x\", h NUMERIC CHECK(h>0) CHECK (h<10))",
      error);
  ASSERT_TRUE(t) << error;
  EXPECT_TRUE(t->temporary);
  std::vector<std::string> names, types;
  for (const auto& c : t->columns) {
    names.push_back(c.name);
    types.push_back(c.declared_type);
  }
  EXPECT_EQ(names, (V{"select", "quoted", "key", "a", "b", "c", "d", "e", "f", "g", "h"}));
  EXPECT_EQ(types, (V{"TEXT", "INT", "", "UNSIGNED BIG INT", "VARYING CHARACTER(255)", "DOUBLE PRECISION", "", "", "",
                      "", "NUMERIC"}));
  EXPECT_EQ(t->columns[4].collation, "rtrim");
  EXPECT_EQ(t->columns[5].default_sql, "+1.5e3");
  EXPECT_EQ(t->columns[6].default_sql, "true");
  EXPECT_EQ(t->columns[7].default_sql, "CURRENT_TIMESTAMP");
  EXPECT_EQ(t->columns[8].default_sql, "X'00ff'");
  EXPECT_EQ(t->columns[9].default_sql, "\"x\"");
  ASSERT_EQ(t->columns[10].checks.size(), 2u);
  EXPECT_EQ(t->columns[10].checks[1].expression, "h<10");
}

TEST(SqliteCreateTable, TableConstraintsOnlyAndPrimaryKeyClauses) {
  std::string error;
  auto t = parse_create_table(
      "CREATE TABLE x (a INTEGER NOT NULL ON CONFLICT FAIL PRIMARY KEY DESC ON CONFLICT ROLLBACK, b REFERENCES "
      "y MATCH FULL ON UPDATE NO ACTION NOT DEFERRABLE, PRIMARY KEY (a, b) ON CONFLICT ABORT, CONSTRAINT c1 CHECK "
      "(a <> b) ON CONFLICT REPLACE)",
      error);
  ASSERT_TRUE(t) << error;
  EXPECT_TRUE(t->columns[0].primary_key);
  EXPECT_FALSE(t->columns[0].autoincrement);
  EXPECT_EQ(t->columns[1].declared_type, "");
  ASSERT_EQ(t->checks.size(), 1u);
  EXPECT_EQ(t->checks[0].name, "c1");
  EXPECT_EQ(t->checks[0].expression, "a <> b");
}

TEST(SqliteCreateTable, Errors) {
  std::string error;
  EXPECT_FALSE(parse_create_table("CREATE TABLE t AS SELECT 1", error));
  EXPECT_EQ(error, "expected \"(\" after the table name, found \"AS\" at offset 15");
  EXPECT_FALSE(parse_create_table("CREATE TABLE t (a INT CHECK (a > 0)", error));
  EXPECT_EQ(error, "expected \",\" or \")\" after column a, found the end of the statement at offset 35");
  EXPECT_FALSE(parse_create_table("CREATE TABLE t (a INT CHECK (a > 0)))", error));
  EXPECT_EQ(error, "unexpected text after the column list, found \")\" at offset 36");
  EXPECT_FALSE(parse_create_table("CREATE TABLE t (a INT, b TEXT DEFAULT)", error));
  EXPECT_EQ(error, "expected a value after DEFAULT, found \")\" at offset 37");
  EXPECT_FALSE(parse_create_table("CREATE TABLE t (a INT CHECK (a > (0)", error));
  EXPECT_EQ(error, "unbalanced parentheses after CHECK, found the end of the statement at offset 36");
  EXPECT_FALSE(parse_create_table("CREATE TABLE t (a INT GENERATED (a))", error));
  EXPECT_EQ(error, "expected ALWAYS after GENERATED, found \"(\" at offset 32");
  EXPECT_FALSE(parse_create_table("CREATE TABLE t(a INT) extra", error));
  EXPECT_EQ(error, "unexpected text after the column list, found \"extra\" at offset 22");
  EXPECT_FALSE(parse_create_table("CREATE INDEX i ON t(a)", error));
  EXPECT_EQ(error, "expected TABLE after CREATE, found \"INDEX\" at offset 7");
  EXPECT_FALSE(parse_create_table("CREATE TABLE t (a INT DEFAULT 'open)", error));
  EXPECT_EQ(error, "unterminated string at offset 30");
}

TEST(SqliteCreateIndex, ExpressionsCollationsOrderAndWhere) {
  std::string error;
  auto ix = parse_create_index(
      "CREATE UNIQUE INDEX IF NOT EXISTS \"ix email\" ON users (lower(email) COLLATE NOCASE DESC, \"created at\" "
      "ASC, name COLLATE BINARY, (a+b), [c] desc) WHERE deleted_at IS NULL AND (status <> 'x');",
      error);
  ASSERT_TRUE(ix) << error;
  EXPECT_EQ(ix->name, "ix email");
  EXPECT_EQ(ix->table, "users");
  EXPECT_TRUE(ix->unique);
  EXPECT_TRUE(ix->if_not_exists);
  EXPECT_EQ(ix->where, "deleted_at IS NULL AND (status <> 'x')");
  ASSERT_EQ(ix->keys.size(), 5u);
  EXPECT_EQ(ix->keys[0].column, "");
  EXPECT_EQ(ix->keys[0].expression, "lower(email)");
  EXPECT_EQ(ix->keys[0].collation, "NOCASE");
  EXPECT_TRUE(ix->keys[0].descending);
  EXPECT_EQ(ix->keys[1].column, "created at");
  EXPECT_EQ(ix->keys[1].expression, "\"created at\"");
  EXPECT_FALSE(ix->keys[1].descending);
  EXPECT_EQ(ix->keys[2].column, "name");
  EXPECT_EQ(ix->keys[2].collation, "BINARY");
  EXPECT_EQ(ix->keys[3].column, "");
  EXPECT_EQ(ix->keys[3].expression, "(a+b)");
  EXPECT_EQ(ix->keys[4].column, "c");
  EXPECT_TRUE(ix->keys[4].descending);
}

TEST(SqliteCreateIndex, PlainAndErrors) {
  std::string error;
  auto ix = parse_create_index("CREATE INDEX main.ix ON t(a)", error);
  ASSERT_TRUE(ix) << error;
  EXPECT_EQ(ix->schema, "main");
  EXPECT_FALSE(ix->unique);
  EXPECT_FALSE(ix->where);
  EXPECT_EQ(ix->keys[0].column, "a");
  EXPECT_FALSE(parse_create_index("CREATE INDEX ix ON t(a) WHERE", error));
  EXPECT_EQ(error, "expected a condition after WHERE, found the end of the statement at offset 29");
  EXPECT_FALSE(parse_create_index("CREATE INDEX ix ON t(a, )", error));
  EXPECT_EQ(error, "empty index key, found \")\" at offset 24");
  EXPECT_FALSE(parse_create_index("CREATE INDEX ix ON t(lower(a)", error));
  EXPECT_EQ(error, "unbalanced parentheses in the index key, found the end of the statement at offset 29");
}

TEST(SqliteCreateView, ColumnListAndBody) {
  std::string error;
  auto v = parse_create_view(
      "CREATE TEMP VIEW IF NOT EXISTS main.v (a, \"b c\") AS WITH x AS (SELECT 1) SELECT * FROM x; -- done", error);
  ASSERT_TRUE(v) << error;
  EXPECT_EQ(v->schema, "main");
  EXPECT_EQ(v->name, "v");
  EXPECT_TRUE(v->temporary);
  EXPECT_TRUE(v->if_not_exists);
  EXPECT_EQ(v->columns, (V{"a", "b c"}));
  EXPECT_EQ(v->select, "WITH x AS (SELECT 1) SELECT * FROM x");

  v = parse_create_view("CREATE VIEW \"active users\"\nAS\n  SELECT id FROM users /* all */ WHERE active", error);
  ASSERT_TRUE(v) << error;
  EXPECT_EQ(v->name, "active users");
  EXPECT_TRUE(v->columns.empty());
  EXPECT_EQ(v->select, "SELECT id FROM users /* all */ WHERE active");

  EXPECT_FALSE(parse_create_view("CREATE VIEW v AS", error));
  EXPECT_EQ(error, "expected a SELECT after AS, found the end of the statement at offset 16");
  EXPECT_FALSE(parse_create_view("CREATE VIEW v SELECT 1", error));
  EXPECT_EQ(error, "expected AS after the view name, found \"SELECT\" at offset 14");
}
