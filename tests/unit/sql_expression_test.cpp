#include "mapping/sql_expression.hpp"

#include <gtest/gtest.h>

#include "engines/mysql/mysql_dialect.hpp"
#include "engines/postgres/postgres_dialect.hpp"
#include "tests/unit/sql_test_schema.hpp"

using namespace litelift;
using litelift::test::expect_translation;
using litelift::test::ExpressionCase;
using litelift::test::outcome;
using litelift::test::test_context;

namespace {

// The tree as an S-expression, to assert precedence and shape.
std::string show(const Expr& e) {
  auto args = [&](size_t from) {
    std::string s;
    for (size_t i = from; i < e.args.size(); ++i) s += " " + show(*e.args[i]);
    return s;
  };
  const std::string no = e.negated ? "NOT " : "";
  switch (e.kind) {
    case ExprKind::Literal:
      if (e.literal == LiteralKind::String) return "'" + e.text + "'";
      if (e.literal == LiteralKind::Blob) return "x'" + e.text + "'";
      return e.text;
    case ExprKind::Column:
      return (e.table.empty() ? "" : e.table + ".") + (e.double_quoted ? "\"" + e.text + "\"" : e.text);
    case ExprKind::Unary:
    case ExprKind::Binary:
      return "(" + e.text + args(0) + ")";
    case ExprKind::Is:
      return "(IS " + no + show(*e.args[0]) + " " + show(*e.args[1]) + ")";
    case ExprKind::IsNull:
      return std::string(e.negated ? "(NOTNULL " : "(ISNULL ") + show(*e.args[0]) + ")";
    case ExprKind::In:
      return "(" + no + "IN" + args(0) + (e.select ? " (SELECT)" : "") + ")";
    case ExprKind::Between:
      return "(" + no + "BETWEEN" + args(0) + ")";
    case ExprKind::Like:
      return "(" + no + e.text + args(0) + ")";
    case ExprKind::Case:
      return std::string("(CASE") + (e.has_base ? " base" : "") + (e.has_else ? " else" : "") + args(0) + ")";
    case ExprKind::Cast:
      return "(CAST " + show(*e.args[0]) + " AS " + e.text + ")";
    case ExprKind::Collate:
      return "(COLLATE " + show(*e.args[0]) + " " + e.text + ")";
    case ExprKind::Function:
      return e.text + "(" + (e.distinct ? "DISTINCT" : "") + (e.star ? "*" : "") + args(0) + ")";
    case ExprKind::Subquery:
      return "(SELECT)";
    case ExprKind::Exists:
      return "(EXISTS)";
  }
  return "?";
}

std::string parsed(std::string_view sql) {
  std::string error;
  auto e = parse_expression(sql, error);
  return e ? show(*e) : "!" + error;
}

}  // namespace

TEST(SqlExpressionParser, Precedence) {
  EXPECT_EQ(parsed("a OR b AND c"), "(OR a (AND b c))");
  EXPECT_EQ(parsed("1 + 2 * 3 - 4"), "(- (+ 1 (* 2 3)) 4)");
  EXPECT_EQ(parsed("a || b * c"), "(* (|| a b) c)");  // || binds tightest in SQLite
  EXPECT_EQ(parsed("a & b + 1 << 2"), "(<< (& a (+ b 1)) 2)");
  EXPECT_EQ(parsed("NOT a = b AND c"), "(AND (NOT (= a b)) c)");
  EXPECT_EQ(parsed("a < b = c > d"), "(= (< a b) (> c d))");
  EXPECT_EQ(parsed("-a * -b"), "(* (- a) (- b))");
  EXPECT_EQ(parsed("a == b != c <> d"), "(<> (<> (= a b) c) d)");
  EXPECT_EQ(parsed("x COLLATE nocase = y"), "(= (COLLATE x nocase) y)");
  EXPECT_EQ(parsed("a and not b or c"), "(OR (AND a (NOT b)) c)");
}

TEST(SqlExpressionParser, Predicates) {
  EXPECT_EQ(parsed("x NOT BETWEEN 1 AND 2 AND y"), "(AND (NOT BETWEEN x 1 2) y)");
  EXPECT_EQ(parsed("x IS NOT DISTINCT FROM y"), "(IS x y)");
  EXPECT_EQ(parsed("x IS DISTINCT FROM y"), "(IS NOT x y)");
  EXPECT_EQ(parsed("x IS NOT 3"), "(IS NOT x 3)");
  EXPECT_EQ(parsed("x ISNULL OR y NOTNULL OR z NOT NULL OR w IS NOT NULL OR v IS NULL"),
            "(OR (OR (OR (OR (ISNULL x) (NOTNULL y)) (NOTNULL z)) (NOTNULL w)) (ISNULL v))");
  EXPECT_EQ(parsed("x NOT IN (1, 'a') AND y IN () AND z IN (SELECT 1)"),
            "(AND (AND (NOT IN x 1 'a') (IN y)) (IN z (SELECT)))");
  EXPECT_EQ(parsed("x LIKE 'a!%' ESCAPE '!' OR y NOT GLOB '*' OR z match 'q'"),
            "(OR (OR (LIKE x 'a!%' '!') (NOT GLOB y '*')) (MATCH z 'q'))");
  EXPECT_EQ(parsed("EXISTS (SELECT 1) AND NOT EXISTS (SELECT 2)"), "(AND (EXISTS) (NOT (EXISTS)))");
}

TEST(SqlExpressionParser, TermsAndNames) {
  EXPECT_EQ(parsed("CASE x WHEN 1 THEN 'a' ELSE 'b' END"), "(CASE base else x 1 'a' 'b')");
  EXPECT_EQ(parsed("CASE WHEN a THEN 1 WHEN b THEN 2 END"), "(CASE a 1 b 2)");
  EXPECT_EQ(parsed("CAST(x AS DECIMAL(10, 2))"), "(CAST x AS DECIMAL(10, 2))");
  EXPECT_EQ(parsed("count(DISTINCT x) + count(*) + f()"), "(+ (+ count(DISTINCT x) count(*)) f())");
  EXPECT_EQ(parsed("t.c + main.t.c + \"q\" + [b] + `c`"), "(+ (+ (+ (+ t.c t.c) \"q\") b) c)");
  EXPECT_EQ(parsed("X'0aFF' || 'it''s' || NULL || TRUE || CURRENT_TIMESTAMP || 0x1F || 1e3"),
            "(|| (|| (|| (|| (|| (|| x'0aFF' 'it's') NULL) TRUE) CURRENT_TIMESTAMP) 0x1F) 1e3)");
  EXPECT_EQ(parsed("(SELECT max(id) FROM t) > 0"), "(> (SELECT) 0)");
  std::string error;
  auto e = parse_expression("  lower( email ) /* c */ ", error);
  ASSERT_TRUE(e) << error;
  EXPECT_EQ(e->begin, 2u);
  EXPECT_EQ(e->end, 16u);
}

TEST(SqlExpressionParser, Refusals) {
  EXPECT_EQ(parsed("a >"), "!expected an expression, found the end of the text at offset 3");
  EXPECT_EQ(parsed("a = 1 extra"), "!unexpected text, found \"extra\" at offset 6");
  EXPECT_EQ(parsed("f(a"), "!expected \")\" after the arguments of f(), found the end of the text at offset 3");
  EXPECT_EQ(parsed("CASE END"), "!expected an expression, found \"END\" at offset 5");
  EXPECT_EQ(parsed("CASE a END"), "!expected WHEN in CASE, found \"END\" at offset 7");
  EXPECT_EQ(parsed("CAST(a AS)"), "!expected a type name in CAST, found \")\" at offset 9");
  EXPECT_EQ(parsed("a IN t"), "!IN followed by a table name is not translated: a IN t");
  EXPECT_EQ(parsed("(a, b) = (1, 2)"), "!row values are not translated: (a,");
  EXPECT_EQ(parsed("a = :v"), "!bound parameters are not translated: :v");
  EXPECT_EQ(parsed("RAISE(ABORT, 'x')"), "!RAISE() is not translated: RAISE");
  EXPECT_EQ(parsed("row_number() OVER (ORDER BY a)"), "!window functions are not translated: row_number() OVER");
  EXPECT_EQ(parsed("count(*) FILTER (WHERE a)"), "!aggregate FILTER clauses are not translated: count(*) FILTER");
  EXPECT_EQ(parsed("group_concat(a ORDER BY a)"),
            "!ORDER BY inside group_concat() is not translated: group_concat(a ORDER");
  EXPECT_EQ(parsed("'open"), "!unterminated string at offset 0");
  EXPECT_EQ(parsed("a ESCAPE 'x'"), "!unexpected text, found \"ESCAPE\" at offset 2");
}

// CHECK constraints, DEFAULTs, generated columns, index keys and partial-index
// conditions that translate (or, on one target, do not).
TEST(SqlTranslateExpression, Translations) {
  const ExpressionCase cases[] = {
      {Purpose::Check,
       "orders",
       {},
       R"(status IN ('new', 'paid'))",
       R"("status" IN ('new', 'paid'))",
       R"(`status` IN ('new', 'paid'))"},
      {Purpose::Check,
       "orders",
       {},
       R"(price >= 0 AND qty > 0)",
       R"("price" >= 0 AND "qty" > 0)",
       R"(`price` >= 0 AND `qty` > 0)"},
      {Purpose::Check, "orders", {}, R"(length(code) = 3)", R"(length("code") = 3)", R"(CHAR_LENGTH(`code`) = 3)"},
      {Purpose::Check,
       "orders",
       {},
       R"(status IN ("new", "paid"))",
       R"("status" IN ('new', 'paid'))",
       R"(`status` IN ('new', 'paid'))"},
      {Purpose::Check,
       "orders",
       {},
       R"(substr(code, 1, 2) = 'AB')",
       R"(substr("code", 1, 2) = 'AB')",
       R"(SUBSTRING(`code`, 1, 2) = 'AB')"},
      {Purpose::Check,
       "users",
       {},
       R"(active IN (0, 1))",
       R"(CAST("active" AS integer) IN (0, 1))",
       R"(`active` IN (0, 1))"},
      {Purpose::Check,
       "users",
       {},
       R"(active = 1 OR age > 3)",
       R"(CAST("active" AS integer) = 1 OR "age" > 3)",
       R"(`active` = 1 OR `age` > 3)"},
      {Purpose::Check, "users", {}, R"(active)", R"("active")", R"(`active`)"},
      {Purpose::Check, "users", {}, R"(age)", R"("age" <> 0)", R"(`age`)"},
      {Purpose::Check, "users", {}, R"(NOT (age < 0))", R"(NOT ("age" < 0))", R"(NOT (`age` < 0))"},
      {Purpose::Check,
       "users",
       {},
       R"(name || '-' || age <> '')",
       R"("name" || '-' || CAST("age" AS text) <> '')",
       R"(CONCAT(`name`, '-', `age`) <> '')"},
      {Purpose::Check, "users", {}, R"(email LIKE '%@%.%')", R"("email" LIKE '%@%.%')", R"(`email` LIKE '%@%.%')"},
      {Purpose::Check,
       "users",
       {},
       R"(name LIKE 'a\%')",
       R"("name" ILIKE 'a\%' ESCAPE '!')",
       R"(`name` LIKE 'a\\%' ESCAPE '!')"},
      {Purpose::Check,
       "users",
       {},
       R"(name NOT LIKE 'x!_%' ESCAPE '!')",
       R"("name" NOT ILIKE 'x!_%' ESCAPE '!')",
       R"(`name` NOT LIKE 'x!_%' ESCAPE '!')"},
      {Purpose::Check,
       "users",
       {},
       R"(NOT (age < 0) AND NOT active)",
       R"(NOT ("age" < 0) AND NOT "active")",
       R"(NOT (`age` < 0) AND NOT `active`)"},
      {Purpose::Check,
       "users",
       {},
       R"(name GLOB '[A-Z]*')",
       R"("name" ~ '^[A-Z].*$')",
       R"(!GLOB has no MySQL equivalent: name GLOB '[A-Z]*')"},
      {Purpose::Check,
       "users",
       {},
       R"(CASE WHEN age > 10 THEN 'big' ELSE 'small' END IN ('big', 'small'))",
       R"(CASE WHEN "age" > 10 THEN 'big' ELSE 'small' END IN ('big', 'small'))",
       R"(CASE WHEN `age` > 10 THEN 'big' ELSE 'small' END IN ('big', 'small'))"},
      {Purpose::Check,
       "users",
       {},
       R"(CASE age WHEN 1 THEN 'one' WHEN 2 THEN 'two' END IS NOT NULL)",
       R"(CASE "age" WHEN 1 THEN 'one' WHEN 2 THEN 'two' END IS NOT NULL)",
       R"(CASE `age` WHEN 1 THEN 'one' WHEN 2 THEN 'two' END IS NOT NULL)"},
      {Purpose::Check,
       "users",
       {},
       R"(CAST(score AS INTEGER) >= 0)",
       R"(CAST(trunc("score") AS bigint) >= 0)",
       R"(CAST(TRUNCATE(`score`, 0) AS SIGNED) >= 0)"},
      {Purpose::Check,
       "users",
       {},
       R"(CAST(age AS TEXT) <> '')",
       R"(CAST("age" AS text) <> '')",
       R"(CAST(`age` AS CHAR) <> '')"},
      {Purpose::Check,
       "users",
       {},
       R"(CAST(age AS REAL) >= 0.5)",
       R"(CAST("age" AS double precision) >= 0.5)",
       R"(CAST(`age` AS DOUBLE) >= 0.5)"},
      {Purpose::Check,
       "users",
       {},
       R"(age BETWEEN 0 AND 150)",
       R"("age" BETWEEN 0 AND 150)",
       R"(`age` BETWEEN 0 AND 150)"},
      {Purpose::Check,
       "users",
       {},
       R"(age NOT BETWEEN -1 AND -100)",
       R"("age" NOT BETWEEN -1 AND -100)",
       R"(`age` NOT BETWEEN -1 AND -100)"},
      {Purpose::Check, "users", {}, R"(age / 2 >= 0)", R"("age" / 2 >= 0)", R"(`age` DIV 2 >= 0)"},
      {Purpose::Check, "users", {}, R"(score / 2 >= 0)", R"("score" / 2 >= 0)", R"(`score` / 2 >= 0)"},
      {Purpose::Check, "users", {}, R"(age % 2 = 0)", R"("age" % 2 = 0)", R"(`age` % 2 = 0)"},
      {Purpose::Check,
       "orders",
       {},
       R"(total / qty > 1)",
       R"("total" / NULLIF("qty", 0) > 1)",
       R"(`total` / NULLIF(`qty`, 0) > 1)"},
      {Purpose::Check,
       "orders",
       {},
       R"(qty / (qty - 1) >= 0)",
       R"("qty" / NULLIF("qty" - 1, 0) >= 0)",
       R"(`qty` DIV NULLIF(`qty` - 1, 0) >= 0)"},
      {Purpose::Check,
       "users",
       {},
       R"(created_at >= '2000-01-01 00:00:00')",
       R"("created_at" >= '2000-01-01 00:00:00')",
       R"(`created_at` >= '2000-01-01 00:00:00')"},
      {Purpose::Check,
       "users",
       {},
       R"(birthday >= '1900-01-01')",
       R"("birthday" >= '1900-01-01')",
       R"(`birthday` >= '1900-01-01')"},
      {Purpose::Check,
       "users",
       {},
       R"(seen_at > '2000-01-01T00:00:00Z')",
       R"("seen_at" > '2000-01-01 00:00:00+00')",
       R"(`seen_at` > '2000-01-01 00:00:00')"},
      {Purpose::Check, "users", {}, R"(age IS NOT 3)", R"("age" IS DISTINCT FROM 3)", R"(NOT (`age` <=> 3))"},
      {Purpose::Check,
       "users",
       {},
       R"(age IS NULL OR age > 0)",
       R"("age" IS NULL OR "age" > 0)",
       R"(`age` IS NULL OR `age` > 0)"},
      {Purpose::Check, "users", {}, R"(active IS TRUE)", R"("active" IS TRUE)", R"(`active` IS TRUE)"},
      {Purpose::Check, "users", {}, R"(age IS NOT FALSE)", R"(("age" <> 0) IS NOT FALSE)", R"(`age` IS NOT FALSE)"},
      {Purpose::Check,
       "users",
       {},
       R"(coalesce(age, 0) >= 0)",
       R"(COALESCE("age", 0) >= 0)",
       R"(COALESCE(`age`, 0) >= 0)"},
      {Purpose::Check,
       "users",
       {},
       R"(ifnull(name, '') <> 'x')",
       R"(COALESCE("name", '') <> 'x')",
       R"(COALESCE(`name`, '') <> 'x')"},
      {Purpose::Check, "users", {}, R"(trim(name) <> '')", R"(trim("name") <> '')", R"(TRIM(`name`) <> '')"},
      {Purpose::Check,
       "users",
       {},
       R"(trim(name, 'x') <> '')",
       R"(btrim("name", 'x') <> '')",
       R"(TRIM(BOTH 'x' FROM `name`) <> '')"},
      {Purpose::Check, "users", {}, R"(abs(age) < 200)", R"(abs("age") < 200)", R"(ABS(`age`) < 200)"},
      {Purpose::Check, "users", {}, R"(age & 1 = 0)", R"("age" & 1 = 0)", R"(CAST(`age` & 1 AS SIGNED) = 0)"},
      {Purpose::Check, "users", {}, R"(~age <> 0)", R"(~"age" <> 0)", R"(CAST(~`age` AS SIGNED) <> 0)"},
      {Purpose::Check, "users", {}, R"(-age < 0)", R"(-"age" < 0)", R"(-`age` < 0)"},
      {Purpose::Check,
       "users",
       {},
       R"(name COLLATE BINARY <> 'x')",
       R"("name" COLLATE "C" <> 'x')",
       R"(`name` COLLATE utf8mb4_nopad_bin <> 'x')"},
      {Purpose::Check,
       "users",
       {},
       R"(hex(photo) <> '')",
       R"(upper(encode("photo", 'hex')) <> '')",
       R"(HEX(`photo`) <> '')"},
      {Purpose::Check,
       "users",
       {},
       R"(max(age, 0) >= 0)",
       R"(!function max() is not translated: PostgreSQL's GREATEST() ignores NULL arguments, SQLite's max() )"
       R"(returns NULL: max(age, 0))",
       R"(GREATEST(`age`, 0) >= 0)"},
      {Purpose::Check,
       "users",
       {},
       R"(iif(active, age, 0) >= 0)",
       R"(CASE WHEN "active" THEN "age" ELSE 0 END >= 0)",
       R"(CASE WHEN `active` THEN `age` ELSE 0 END >= 0)"},
      {Purpose::Check, "users", {}, R"(age = '30')", R"("age" = 30)", R"(`age` = 30)"},
      {Purpose::Check, "users", {}, R"(name = 5)", R"("name" = '5')", R"(`name` = '5')"},
      {Purpose::Check, "users", {}, R"(name IN ())", R"(false)", R"(0)"},
      {Purpose::Check, "users", {}, R"(length(photo) < 100)", R"(length("photo") < 100)", R"(LENGTH(`photo`) < 100)"},
      {Purpose::Check, "users", {}, R"(upper(name) = name)", R"(upper("name") = "name")", R"(UPPER(`name`) = `name`)"},
      {Purpose::Check,
       "users",
       {},
       R"(instr(email, '@') > 1)",
       R"(strpos("email", '@') > 1)",
       R"(!function instr() is not translated: MySQL's INSTR() follows the column collation; SQLite's instr() )"
       R"(compares exactly: instr(email, '@'))"},
      {Purpose::Check,
       "users",
       {},
       R"(replace(name, ' ', '') <> '')",
       R"(replace("name", ' ', '') <> '')",
       R"(REPLACE(`name`, ' ', '') <> '')"},
      {Purpose::Default, "users", TypeFamily::Timestamp, R"(CURRENT_TIMESTAMP)",
       R"((CURRENT_TIMESTAMP AT TIME ZONE 'UTC'))", R"((UTC_TIMESTAMP()))"},
      {Purpose::Default, "users", TypeFamily::TimestampTz, R"(datetime('now'))", R"(CURRENT_TIMESTAMP)",
       R"((UTC_TIMESTAMP()))"},
      {Purpose::Default, "users", TypeFamily::TimestampTz, R"(CURRENT_TIMESTAMP)", R"(CURRENT_TIMESTAMP)",
       R"((UTC_TIMESTAMP()))"},
      {Purpose::Default, "users", TypeFamily::Date, R"(date('now'))",
       R"(CAST((CURRENT_TIMESTAMP AT TIME ZONE 'UTC') AS date))", R"((UTC_DATE()))"},
      {Purpose::Default, "users", TypeFamily::Date, R"(CURRENT_DATE)",
       R"(CAST((CURRENT_TIMESTAMP AT TIME ZONE 'UTC') AS date))", R"((UTC_DATE()))"},
      {Purpose::Default, "users", TypeFamily::Time, R"(CURRENT_TIME)",
       R"(CAST((CURRENT_TIMESTAMP AT TIME ZONE 'UTC') AS time))", R"((UTC_TIME()))"},
      {Purpose::Default, "users", TypeFamily::Integer, R"(strftime('%s','now'))",
       R"(CAST(floor(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP)) AS bigint))", R"((UNIX_TIMESTAMP()))"},
      {Purpose::Default, "users", TypeFamily::Integer, R"(unixepoch())",
       R"(CAST(floor(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP)) AS bigint))", R"((UNIX_TIMESTAMP()))"},
      {Purpose::Default, "users", TypeFamily::Integer, R"(-1)", R"(-1)", R"(-1)"},
      {Purpose::Default, "users", TypeFamily::Text, R"('it''s')", R"('it''s')", R"(('it''s'))"},
      {Purpose::Default, "users", TypeFamily::Text, R"('back\slash')", R"('back\slash')", R"(('back\\slash'))"},
      {Purpose::Default, "users", TypeFamily::Boolean, R"(1)", R"(true)", R"(1)"},
      {Purpose::Default, "users", TypeFamily::Boolean, R"(TRUE)", R"(true)", R"(1)"},
      {Purpose::Default, "users", TypeFamily::Real, R"(1.5)", R"(1.5)", R"(1.5)"},
      {Purpose::Default, "users", TypeFamily::Decimal, R"(0)", R"(0)", R"(0)"},
      {Purpose::Default, "users", TypeFamily::Date, R"('2000-01-01')", R"('2000-01-01')", R"('2000-01-01')"},
      {Purpose::Default, "users", TypeFamily::Integer, R"(1 + 2)", R"((1 + 2))", R"((1 + 2))"},
      {Purpose::Generated, "users", TypeFamily::Integer, R"(age * 2)", R"("age" * 2)", R"(`age` * 2)"},
      {Purpose::Generated, "users", TypeFamily::Text, R"(lower(name))", R"(lower("name"))", R"(LOWER(`name`))"},
      {Purpose::Generated, "users", TypeFamily::Integer, R"(age > 3)", R"(CAST("age" > 3 AS integer))", R"(`age` > 3)"},
      {Purpose::Generated, "users", TypeFamily::Boolean, R"(age > 3)", R"("age" > 3)", R"(`age` > 3)"},
      {Purpose::Generated, "users", TypeFamily::Boolean, R"(age)", R"("age" <> 0)", R"(`age`)"},
      {Purpose::Generated, "users", TypeFamily::Text, R"(name || ' <' || email || '>')",
       R"("name" || ' <' || "email" || '>')", R"(CONCAT(`name`, ' <', `email`, '>'))"},
      {Purpose::Generated, "users", TypeFamily::Real, R"(score * 2)", R"("score" * 2)", R"(`score` * 2)"},
      {Purpose::Generated, "orders", TypeFamily::Decimal, R"(price * qty)", R"("price" * "qty")", R"(`price` * `qty`)"},
      {Purpose::Generated, "orders", TypeFamily::Real, R"(total / qty)", R"("total" / NULLIF("qty", 0))",
       R"(`total` / NULLIF(`qty`, 0))"},
      {Purpose::Generated, "orders", TypeFamily::Integer, R"(qty / 2)", R"("qty" / 2)", R"(`qty` DIV 2)"},
      {Purpose::IndexKey,
       "users",
       {},
       R"(lower(email))",
       R"((lower("email")))",
       R"(!MySQL and MariaDB indexes on expressions are not translated (MariaDB has none): lower(email))"},
      {Purpose::IndexKey, "users", {}, R"(email)", R"("email")", R"(`email`)"},
      {Purpose::IndexKey,
       "users",
       {},
       R"(age + 1)",
       R"(("age" + 1))",
       R"(!MySQL and MariaDB indexes on expressions are not translated (MariaDB has none): age + 1)"},
      {Purpose::IndexKey,
       "users",
       {},
       R"(substr(name, 1, 3))",
       R"((substr("name", 1, 3)))",
       R"(!MySQL and MariaDB indexes on expressions are not translated (MariaDB has none): substr(name, 1, 3))"},
      {Purpose::IndexWhere,
       "users",
       {},
       R"(deleted_at IS NULL)",
       R"("deleted_at" IS NULL)",
       R"(!MySQL has no partial indexes)"},
      {Purpose::IndexWhere, "users", {}, R"(active)", R"("active")", R"(!MySQL has no partial indexes)"},
      {Purpose::IndexWhere,
       "users",
       {},
       R"(active = 1 AND age > 18)",
       R"(CAST("active" AS integer) = 1 AND "age" > 18)",
       R"(!MySQL has no partial indexes)"},
      {Purpose::IndexWhere,
       "orders",
       {},
       R"(status <> 'done')",
       R"("status" <> 'done')",
       R"(!MySQL has no partial indexes)"},
  };
  for (const ExpressionCase& c : cases) expect_translation(c);
}

TEST(SqlTranslateExpression, NotesAndDeterminism) {
  const Dialect& pg = postgres_dialect();
  const Dialect& my = mysql_dialect();
  Translation t = translate_expression("lower(email)", test_context(pg, Purpose::IndexKey));
  ASSERT_TRUE(t.ok) << t.reason;
  EXPECT_TRUE(t.deterministic);
  EXPECT_EQ(t.notes, std::vector<std::string>{
                         "SQLite's lower() and upper() change ASCII letters only; PostgreSQL's change every letter"});

  t = translate_expression("name LIKE 'a%' AND email LIKE 'b%'", test_context(my, Purpose::Check));
  ASSERT_TRUE(t.ok) << t.reason;
  EXPECT_EQ(t.notes, std::vector<std::string>{"MySQL's LIKE follows the column collation (utf8mb4_unicode_ci also "
                                              "ignores accents); SQLite's LIKE ignores the case of ASCII letters "
                                              "only"});
  t = translate_expression("name LIKE 'a%'", test_context(pg, Purpose::Check));
  EXPECT_TRUE(t.notes.empty());

  t = translate_expression("status IN (\"new\")", test_context(pg, Purpose::Check, "orders"));
  EXPECT_EQ(t.notes, std::vector<std::string>{
                         "\"new\" is read as the string 'new', as SQLite reads it when no column has that name"});

  t = translate_expression("CURRENT_TIMESTAMP", test_context(pg, Purpose::Default, "users", TypeFamily::Timestamp));
  ASSERT_TRUE(t.ok) << t.reason;
  EXPECT_FALSE(t.deterministic);
  t = translate_expression("datetime('now')", test_context(my, Purpose::Check));
  EXPECT_FALSE(t.ok);
  EXPECT_FALSE(t.deterministic);
}

TEST(SqlTranslateExpression, TextComparisonNotes) {
  const std::string mysql_note =
      "MySQL compares and sorts text by the column collation (utf8mb4_unicode_ci ignores case and accents); SQLite "
      "compares code points";
  const std::string pg_note = "PostgreSQL orders text by the column's collation; SQLite by code point";
  auto notes = [](const Dialect& d, const char* sql) {
    return translate_expression(sql, test_context(d, Purpose::Check, "orders")).notes;
  };
  EXPECT_EQ(notes(mysql_dialect(), "status IN ('new', 'paid')"), std::vector<std::string>{mysql_note});
  EXPECT_EQ(notes(mysql_dialect(), "code BETWEEN 'a' AND 'b'"), std::vector<std::string>{mysql_note});
  EXPECT_TRUE(notes(mysql_dialect(), "status COLLATE BINARY = 'new'").empty());
  EXPECT_TRUE(notes(postgres_dialect(), "status IN ('new', 'paid')").empty());  // equality is exact
  EXPECT_EQ(notes(postgres_dialect(), "code < 'm'"), std::vector<std::string>{pg_note});
  EXPECT_TRUE(notes(postgres_dialect(), "code COLLATE BINARY < 'm'").empty());
  EXPECT_TRUE(notes(postgres_dialect(), "qty < 3").empty());
}

TEST(SqlTranslateExpression, WithoutTypesNothingIsGuessed) {
  TranslateContext c = test_context(postgres_dialect(), Purpose::Check);
  c.column_family = nullptr;
  EXPECT_EQ(outcome(translate_expression("age > 0", c)), "!cannot tell the type of age: age > 0");
  EXPECT_EQ(outcome(translate_expression("age IS NULL", c)), "\"age\" IS NULL");
  c.column_name = nullptr;
  EXPECT_EQ(outcome(translate_expression("age IS NULL", c)), "!no such column \"age\": age");
}

TEST(SqlTranslateExpression, IdentityColumns) {
  auto identity = [](const Dialect& d, Purpose p) {
    TranslateContext c = test_context(d, p, "users", TypeFamily::Integer);
    c.column_identity = [](std::string_view, std::string_view column) { return column == "id"; };
    return outcome(translate_expression("id * 2 > age", c));
  };
  EXPECT_EQ(identity(postgres_dialect(), Purpose::Check), R"("id" * 2 > "age")");
  EXPECT_EQ(identity(mysql_dialect(), Purpose::Check),
            "!MySQL does not let a CHECK constraint read an AUTO_INCREMENT column: id");
  EXPECT_EQ(identity(mysql_dialect(), Purpose::Generated),
            "!MySQL does not let a generated column read an AUTO_INCREMENT column: id");
}

TEST(SqlTranslateExpression, MySQL8CollationName) {
  EXPECT_EQ(outcome(translate_expression("name COLLATE BINARY = 'x'", test_context(mysql8_dialect(), Purpose::Check))),
            "`name` COLLATE utf8mb4_0900_bin = 'x'");
}
