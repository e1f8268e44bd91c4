#include "mapping/cast_rule.hpp"

#include <gtest/gtest.h>

#include "mapping/error.hpp"

using namespace litelift;

namespace {

// The message parse_cast_rule throws for `rule`, or "" when it parses.
std::string error_of(std::string_view rule) {
  try {
    parse_cast_rule(rule);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Usage) << rule;
    return e.what();
  }
  return "";
}

std::vector<CastRule> rules(std::initializer_list<const char*> texts) {
  std::vector<CastRule> out;
  for (const char* t : texts) out.push_back(parse_cast_rule(t));
  return out;
}

// The text of the rule that applies, or "" when none does.
std::string found(const std::vector<CastRule>& rs, std::string_view table, std::string_view column,
                  std::string_view declared_type) {
  const CastRule* r = find_cast_rule(rs, table, column, declared_type);
  return r ? r->text : "";
}

}  // namespace

TEST(CastRule, DeclaredTypeRule) {
  CastRule r = parse_cast_rule("datetime=timestamptz");
  EXPECT_EQ(r.text, "datetime=timestamptz");
  EXPECT_FALSE(r.by_column);
  EXPECT_EQ(r.declared_type, "DATETIME");
  EXPECT_TRUE(r.table.empty());
  EXPECT_TRUE(r.column.empty());
  EXPECT_EQ(r.target.family, TypeFamily::TimestampTz);
  EXPECT_EQ(r.source, TemporalSource::Iso);

  EXPECT_EQ(parse_cast_rule(" varchar ( 255 ) = text ").declared_type, "VARCHAR(255)");
  EXPECT_EQ(parse_cast_rule("double   precision=decimal").declared_type, "DOUBLE PRECISION");
  EXPECT_EQ(parse_cast_rule("unsigned big int=integer").declared_type, "UNSIGNED BIG INT");
  EXPECT_EQ(parse_cast_rule("Decimal( 10 , 2 )=real").declared_type, "DECIMAL(10,2)");
  EXPECT_EQ(parse_cast_rule("\"weird=type\"=text").declared_type, "\"WEIRD=TYPE\"");  // '=' inside quotes
}

TEST(CastRule, ColumnRule) {
  CastRule r = parse_cast_rule("orders.placed_at=timestamp");
  EXPECT_TRUE(r.by_column);
  EXPECT_EQ(r.table, "orders");
  EXPECT_EQ(r.column, "placed_at");
  EXPECT_TRUE(r.declared_type.empty());
  EXPECT_EQ(r.target.family, TypeFamily::Timestamp);

  r = parse_cast_rule("\"my.table\".\"odd \"\"name\"\"\"=text");
  EXPECT_EQ(r.table, "my.table");
  EXPECT_EQ(r.column, "odd \"name\"");

  r = parse_cast_rule("  Orders . Placed_At  =  timestamp  ");  // blanks around the dot and '='
  EXPECT_EQ(r.table, "Orders");
  EXPECT_EQ(r.column, "Placed_At");

  r = parse_cast_rule("χρήστες.όνομα=text");  // non-ASCII names may stay bare
  EXPECT_EQ(r.table, "χρήστες");
  EXPECT_EQ(r.column, "όνομα");

  r = parse_cast_rule("\"a=b\".\"c\"\"=\"=text");
  EXPECT_EQ(r.table, "a=b");
  EXPECT_EQ(r.column, "c\"=");

  r = parse_cast_rule("\"\".x=text");  // an empty quoted name is a name
  EXPECT_EQ(r.table, "");
  EXPECT_EQ(r.column, "x");
}

TEST(CastRule, EveryTypeName) {
  struct Case {
    const char* type;
    TypeFamily family;
  };
  const Case cases[] = {
      {"integer", TypeFamily::Integer},
      {"int", TypeFamily::Integer},
      {"bigint", TypeFamily::Integer},
      {"real", TypeFamily::Real},
      {"double", TypeFamily::Real},
      {"float", TypeFamily::Real},
      {"double precision", TypeFamily::Real},
      {"decimal", TypeFamily::Decimal},
      {"numeric", TypeFamily::Decimal},
      {"text", TypeFamily::Text},
      {"varchar(10)", TypeFamily::Varchar},
      {"blob", TypeFamily::Blob},
      {"bytea", TypeFamily::Blob},
      {"binary", TypeFamily::Blob},
      {"boolean", TypeFamily::Boolean},
      {"bool", TypeFamily::Boolean},
      {"date", TypeFamily::Date},
      {"time", TypeFamily::Time},
      {"timestamp", TypeFamily::Timestamp},
      {"datetime", TypeFamily::Timestamp},
      {"timestamptz", TypeFamily::TimestampTz},
      {"json", TypeFamily::Json},
      {"jsonb", TypeFamily::Json},
      {"uuid", TypeFamily::Uuid},
  };
  for (const auto& c : cases) {
    CastRule r = parse_cast_rule(std::string("t.c=") + c.type);
    EXPECT_EQ(r.target.family, c.family) << c.type;
    EXPECT_EQ(r.target.json_text, std::string(c.type) == "json") << c.type;
    // Type names are case-insensitive.
    std::string upper;
    for (char ch : std::string(c.type)) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    EXPECT_EQ(parse_cast_rule("t.c=" + upper).target.family, c.family) << upper;
  }
  EXPECT_EQ(parse_cast_rule("t.c=DOUBLE    Precision").target.family, TypeFamily::Real);
}

TEST(CastRule, TypeParameters) {
  CastTarget t = parse_cast_rule("t.c=varchar(255)").target;
  EXPECT_EQ(t.family, TypeFamily::Varchar);
  EXPECT_EQ(t.length, 255);
  EXPECT_EQ(parse_cast_rule("t.c=VARCHAR ( 1 )").target.length, 1);

  t = parse_cast_rule("t.c=decimal").target;
  EXPECT_EQ(t.precision, 0);  // unconstrained
  EXPECT_EQ(t.scale, 0);
  t = parse_cast_rule("t.c=numeric(12)").target;
  EXPECT_EQ(t.precision, 12);
  EXPECT_EQ(t.scale, 0);
  t = parse_cast_rule("t.c=decimal( 10 , 2 )").target;
  EXPECT_EQ(t.family, TypeFamily::Decimal);
  EXPECT_EQ(t.precision, 10);
  EXPECT_EQ(t.scale, 2);
  t = parse_cast_rule("t.c=decimal(1000,1000)").target;
  EXPECT_EQ(t.precision, 1000);
  EXPECT_EQ(t.scale, 1000);
  EXPECT_EQ(parse_cast_rule("t.c=decimal(1,0)").target.precision, 1);
}

TEST(CastRule, Conversions) {
  EXPECT_EQ(parse_cast_rule("users.created=timestamp using epoch").source, TemporalSource::UnixSeconds);
  EXPECT_EQ(parse_cast_rule("users.created=timestamp using epoch_ms").source, TemporalSource::UnixMillis);
  EXPECT_EQ(parse_cast_rule("events.occurred_at=timestamp using julianday").source, TemporalSource::JulianDay);
  EXPECT_EQ(parse_cast_rule("d=date using epoch").source, TemporalSource::UnixSeconds);
  EXPECT_EQ(parse_cast_rule("d=timestamptz using epoch_ms").source, TemporalSource::UnixMillis);
  EXPECT_EQ(parse_cast_rule("d=datetime using julianday").source, TemporalSource::JulianDay);
  CastRule r = parse_cast_rule("  int  =  TIMESTAMP   USING   Epoch  ");
  EXPECT_EQ(r.declared_type, "INT");
  EXPECT_EQ(r.target.family, TypeFamily::Timestamp);
  EXPECT_EQ(r.source, TemporalSource::UnixSeconds);
  // A column called "using" is still a column.
  r = parse_cast_rule("using.using=date using epoch");
  EXPECT_EQ(r.table, "using");
  EXPECT_EQ(r.column, "using");
  EXPECT_EQ(r.source, TemporalSource::UnixSeconds);
}

TEST(CastRule, ErrorsQuoteTheRuleAndSayWhatIsWrong) {
  const std::string types =
      " (types: integer, real, decimal(p,s), text, varchar(n), blob, boolean, date, time, timestamp, timestamptz, "
      "json, jsonb, uuid)";
  EXPECT_EQ(error_of("orders.placed_at=timestmp"),
            "--cast 'orders.placed_at=timestmp': unknown type 'timestmp'" + types);
  EXPECT_EQ(error_of("a.b=Double  Prec"), "--cast 'a.b=Double  Prec': unknown type 'Double Prec'" + types);
  EXPECT_EQ(error_of("a.b=char(3)"), "--cast 'a.b=char(3)': unknown type 'char(3)'" + types);

  const std::string expected = "expected NAME=TYPE [using epoch|epoch_ms|julianday]";
  EXPECT_EQ(error_of("datetime"), "--cast 'datetime': " + expected);
  EXPECT_EQ(error_of(""), "--cast '': " + expected);
  EXPECT_EQ(error_of("=text"), "--cast '=text': " + expected);
  EXPECT_EQ(error_of("datetime=  "), "--cast 'datetime=  ': " + expected);
  EXPECT_EQ(error_of("a.b=timestamp using"), "--cast 'a.b=timestamp using': " + expected);
  EXPECT_EQ(error_of("a.b=using epoch"), "--cast 'a.b=using epoch': " + expected);

  EXPECT_EQ(error_of("orders.total=decimal using epoch"),
            "--cast 'orders.total=decimal using epoch': 'using epoch' needs a date or timestamp type");
  EXPECT_EQ(error_of("a.b=time using epoch_ms"),
            "--cast 'a.b=time using epoch_ms': 'using epoch_ms' needs a date or timestamp type");
  EXPECT_EQ(error_of("a.b=integer USING julianday"),
            "--cast 'a.b=integer USING julianday': 'USING julianday' needs a date or timestamp type");
  EXPECT_EQ(
      error_of("a.b=timestamp using unix"),
      "--cast 'a.b=timestamp using unix': unknown conversion 'using unix' (conversions: epoch, epoch_ms, julianday)");
  EXPECT_EQ(
      error_of("a.b=timestamp using epoch  ms"),
      "--cast 'a.b=timestamp using epoch  ms': unknown conversion 'using epoch ms' (conversions: epoch, epoch_ms, "
      "julianday)");
  // The type is judged before the conversion.
  EXPECT_EQ(error_of("a.b=stamp using unix"), "--cast 'a.b=stamp using unix': unknown type 'stamp'" + types);

  EXPECT_EQ(error_of("a.b=varchar"), "--cast 'a.b=varchar': varchar needs a length: varchar(n)");
  EXPECT_EQ(error_of("a.b=varchar()"), "--cast 'a.b=varchar()': varchar needs a length: varchar(n)");
  EXPECT_EQ(error_of("a.b=varchar(x)"), "--cast 'a.b=varchar(x)': varchar needs a length: varchar(n)");
  EXPECT_EQ(error_of("a.b=varchar(10,2)"), "--cast 'a.b=varchar(10,2)': varchar needs a length: varchar(n)");
  EXPECT_EQ(error_of("a.b=varchar(-1)"), "--cast 'a.b=varchar(-1)': varchar needs a length: varchar(n)");
  EXPECT_EQ(error_of("a.b=varchar(255"), "--cast 'a.b=varchar(255': varchar needs a length: varchar(n)");
  EXPECT_EQ(error_of("a.b=varchar(99999999999)"),
            "--cast 'a.b=varchar(99999999999)': varchar needs a length: varchar(n)");
  EXPECT_EQ(error_of("a.b=varchar(0)"), "--cast 'a.b=varchar(0)': varchar needs a length of at least 1, not 0");

  EXPECT_EQ(error_of("a.b=decimal(0)"), "--cast 'a.b=decimal(0)': decimal precision must be 1 to 1000, not 0");
  EXPECT_EQ(error_of("a.b=numeric(1001,2)"),
            "--cast 'a.b=numeric(1001,2)': decimal precision must be 1 to 1000, not 1001");
  EXPECT_EQ(error_of("a.b=decimal(10,12)"),
            "--cast 'a.b=decimal(10,12)': decimal scale must be 0 to the precision (10), not 12");
  for (const char* bad : {"a.b=decimal()", "a.b=decimal(10,)", "a.b=decimal(,2)", "a.b=decimal(10,-2)",
                          "a.b=decimal(1,2,3)", "a.b=decimal(10", "a.b=decimal(p,s)"})
    EXPECT_EQ(error_of(bad), "--cast '" + std::string(bad) + "': expected decimal, decimal(p) or decimal(p,s)");

  EXPECT_EQ(error_of("a.b=text(10)"), "--cast 'a.b=text(10)': 'text' takes no length or precision");
  EXPECT_EQ(error_of("a.b=Binary(16)"), "--cast 'a.b=Binary(16)': 'binary' takes no length or precision");
  EXPECT_EQ(error_of("a.b=double precision(5)"),
            "--cast 'a.b=double precision(5)': 'double precision' takes no length or precision");

  EXPECT_EQ(error_of("\"orders.total=text"), "--cast '\"orders.total=text': an unclosed quote in the column name");
  EXPECT_EQ(error_of("orders.\"total=text"), "--cast 'orders.\"total=text': an unclosed quote in the column name");
  const std::string dots = "more than one dot: quote names that contain dots, as in \"my.table\".column";
  EXPECT_EQ(error_of("my.table.column=text"), "--cast 'my.table.column=text': " + dots);
  EXPECT_EQ(error_of("main.orders.total=text"), "--cast 'main.orders.total=text': " + dots);
  EXPECT_EQ(error_of("\"my\".table.column=text"), "--cast '\"my\".table.column=text': " + dots);
  EXPECT_EQ(error_of(".total=text"), "--cast '.total=text': expected TABLE.COLUMN, found an empty name");
  EXPECT_EQ(error_of("orders. =text"), "--cast 'orders. =text': expected TABLE.COLUMN, found an empty name");
  EXPECT_EQ(error_of("my table.total=text"),
            "--cast 'my table.total=text': the name 'my table' needs double quotes: \"my table\"");
  EXPECT_EQ(error_of("orders.to-tal=text"),
            "--cast 'orders.to-tal=text': the name 'to-tal' needs double quotes: \"to-tal\"");
  EXPECT_EQ(error_of("\"a\"b.c=text"), "--cast '\"a\"b.c=text': unexpected 'b' after the quoted name \"a\"");
  EXPECT_EQ(error_of("varchar(255=text"),
            "--cast 'varchar(255=text': unbalanced parentheses in the declared type 'varchar(255'");
  EXPECT_EQ(error_of("int)=text"), "--cast 'int)=text': unbalanced parentheses in the declared type 'int)'");
}

TEST(CastRule, ErrorMessagesStayOneLineOfValidUtf8) {
  EXPECT_EQ(error_of("a.b=\xFFtext"),
            "--cast 'a.b=\xEF\xBF\xBDtext': unknown type '\xEF\xBF\xBDtext' (types: integer, real, decimal(p,s), text, "
            "varchar(n), blob, boolean, date, time, timestamp, timestamptz, json, jsonb, uuid)");
  EXPECT_EQ(error_of("date\ntime"), "--cast 'date time': expected NAME=TYPE [using epoch|epoch_ms|julianday]");
}

TEST(CastRule, NormalizeDeclaredType) {
  EXPECT_EQ(normalize_declared_type(" varchar ( 255 ) "), "VARCHAR(255)");
  EXPECT_EQ(normalize_declared_type("double \t precision"), "DOUBLE PRECISION");
  EXPECT_EQ(normalize_declared_type("decimal( 10 ,  2 )"), "DECIMAL(10,2)");
  EXPECT_EQ(normalize_declared_type("numeric(10) unsigned"), "NUMERIC(10)UNSIGNED");
  EXPECT_EQ(normalize_declared_type("unsigned\nbig   int"), "UNSIGNED BIG INT");
  EXPECT_EQ(normalize_declared_type("   "), "");
  EXPECT_EQ(normalize_declared_type(""), "");
  EXPECT_EQ(normalize_declared_type("texte élevé"), "TEXTE éLEVé");  // ASCII only
}

TEST(CastRule, ColumnRulesWinOverTypeRules) {
  auto rs = rules({"orders.placed_at=timestamp", "datetime=timestamptz"});
  EXPECT_EQ(found(rs, "orders", "placed_at", "DATETIME"), "orders.placed_at=timestamp");
  EXPECT_EQ(found(rs, "orders", "shipped_at", "DATETIME"), "datetime=timestamptz");
  EXPECT_EQ(found(rs, "users", "placed_at", "DATETIME"), "datetime=timestamptz");
  EXPECT_EQ(found(rs, "orders", "placed_at", ""), "orders.placed_at=timestamp");  // even without a declared type
  EXPECT_EQ(found(rs, "orders", "total", "REAL"), "");
}

TEST(CastRule, LastRuleOfAKindWins) {
  auto rs = rules({"datetime=timestamptz", "o.a=text", "DateTime=timestamp", "O.A=date", "o.b=text"});
  EXPECT_EQ(found(rs, "o", "a", "datetime"), "O.A=date");
  EXPECT_EQ(found(rs, "o", "b", "datetime"), "o.b=text");
  EXPECT_EQ(found(rs, "o", "c", "datetime"), "DateTime=timestamp");
}

TEST(CastRule, NamesAndTypesMatchCaseInsensitively) {
  auto rs = rules({"Orders.Placed_At=timestamp", "datetime=timestamptz"});
  EXPECT_EQ(found(rs, "ORDERS", "placed_at", "text"), "Orders.Placed_At=timestamp");
  EXPECT_EQ(found(rs, "orders", "PLACED_AT", "text"), "Orders.Placed_At=timestamp");
  EXPECT_EQ(found(rs, "t", "c", "DateTime"), "datetime=timestamptz");
  EXPECT_EQ(found(rs, "t", "c", "  datetime  "), "datetime=timestamptz");
  // ASCII only, as SQLite compares names.
  rs = rules({"\"Ωμέγα\".c=text"});
  EXPECT_EQ(found(rs, "Ωμέγα", "C", ""), "\"Ωμέγα\".c=text");
  EXPECT_EQ(found(rs, "ωμέγα", "c", ""), "");
}

TEST(CastRule, TypeRulesWithAndWithoutParameters) {
  auto rs = rules({"varchar=text", "varchar(255)=varchar(255)"});
  EXPECT_EQ(found(rs, "t", "c", "VARCHAR(255)"), "varchar(255)=varchar(255)");
  EXPECT_EQ(found(rs, "t", "c", "varchar ( 255 )"), "varchar(255)=varchar(255)");
  EXPECT_EQ(found(rs, "t", "c", "VARCHAR(100)"), "varchar=text");
  EXPECT_EQ(found(rs, "t", "c", "VARCHAR"), "varchar=text");
  EXPECT_EQ(found(rs, "t", "c", "NVARCHAR(100)"), "");
  EXPECT_EQ(found(rs, "t", "c", "VARCHAR2(100)"), "");

  // A rule without parameters given after one with them still wins (last wins).
  rs = rules({"varchar(255)=varchar(255)", "varchar=text"});
  EXPECT_EQ(found(rs, "t", "c", "VARCHAR(255)"), "varchar=text");

  rs = rules({"double precision=decimal", "decimal(10,2)=real"});
  EXPECT_EQ(found(rs, "t", "c", "Double  Precision"), "double precision=decimal");
  EXPECT_EQ(found(rs, "t", "c", "DOUBLE"), "");
  EXPECT_EQ(found(rs, "t", "c", "decimal(10, 2)"), "decimal(10,2)=real");
  EXPECT_EQ(found(rs, "t", "c", "decimal(10,3)"), "");
  EXPECT_EQ(found(rs, "t", "c", "decimal"), "");
}

TEST(CastRule, EmptyDeclaredTypeNeverMatchesATypeRule) {
  auto rs = rules({"text=integer", "blob=text"});
  EXPECT_EQ(found(rs, "t", "c", ""), "");
  EXPECT_EQ(found(rs, "t", "c", "   "), "");
  EXPECT_EQ(find_cast_rule({}, "t", "c", "TEXT"), nullptr);
}

TEST(CastRule, ColumnForMessages) {
  EXPECT_EQ(cast_rule_column("orders", "placed_at"), "orders.placed_at");
  EXPECT_EQ(cast_rule_column("Orders_2", "_x9"), "Orders_2._x9");
  EXPECT_EQ(cast_rule_column("my.table", "col"), "\"my.table\".col");
  EXPECT_EQ(cast_rule_column("t", "odd \"name\""), "t.\"odd \"\"name\"\"\"");
  EXPECT_EQ(cast_rule_column("2fast", "c"), "\"2fast\".c");
  EXPECT_EQ(cast_rule_column("", "c"), "\"\".c");
  EXPECT_EQ(cast_rule_column("χρήστες", "id"), "\"χρήστες\".id");
}

TEST(CastRule, QuotingRoundTrips) {
  const char* hostile[] = {
      "my.table",    "odd \"name\"",
      "\"",          "\"\"",
      "a b",         "with`backtick",
      "back\\slash", "Όνομα",
      "a.b.c",       "x=y",
      " lead",       "trail ",
      "using",       "c using epoch",
      "(",           "it's",
      "2fast",       "",
      "tab\there",   "ΣΊΣΥΦΟΣ.ΌΝΟΜΑ",
      "semi;colon",  "\"my.table\".col",
  };
  for (const char* t : hostile) {
    for (const char* c : hostile) {
      std::string text = cast_rule_column(t, c) + "=text";
      CastRule r = parse_cast_rule(text);
      EXPECT_TRUE(r.by_column) << text;
      EXPECT_EQ(r.table, t) << text;
      EXPECT_EQ(r.column, c) << text;
      EXPECT_EQ(r.target.family, TypeFamily::Text) << text;
      std::vector<CastRule> rs{r};
      EXPECT_EQ(find_cast_rule(rs, t, c, "BLOB"), &rs[0]) << text;
    }
  }
}
