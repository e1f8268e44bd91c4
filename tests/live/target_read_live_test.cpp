// The verifier's catalog calls against real servers: read_rows returns the
// exact text forms target.hpp promises (raw bytes for blobs), honours the
// range and byte order, and a stream dropped half-way leaves the catalog
// usable; describe_tables returns the exact shapes; same_type accepts the
// catalog's own spellings. Tables are made and filled with raw SQL through
// the servers' own clients (live::TargetDb), then read through litelift's
// catalog. Every table is named vread_* and dropped at the end.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engines/target.hpp"
#include "engines/target_url.hpp"
#include "live_fixture.hpp"
#include "live_support.hpp"
#include "mapping/error.hpp"

namespace {

using litelift::TableRead;
using litelift::TypeFamily;
using Value = std::optional<std::string>;
using Rows = std::vector<std::vector<Value>>;

const Value kNull = std::nullopt;

template <typename Server>
class TargetRead : public live::LiveTarget<Server> {
 protected:
  void SetUp() override {
    live::LiveTarget<Server>::SetUp();
    if (this->HasFatalFailure()) return;
    target_ = litelift::make_target(litelift::parse_target_url(this->db().url()), {});
    catalog_ = target_->connect_catalog();
    target_->use_server(catalog_->server_version());
  }
  void TearDown() override {
    if (!catalog_) return;
    std::vector<std::string> ours;
    for (const std::string& t : catalog_->list_tables())
      if (t.rfind("vread_", 0) == 0) ours.push_back(t);
    catalog_->drop_tables(ours);
    EXPECT_TRUE(catalog_->list_tables().empty());
  }

  bool pg() const { return Server::pg; }
  void sql(const std::string& statement) { this->db().query(statement); }
  std::string table_options() const { return pg() ? "" : " " + target_->table_options(); }

  // Every row of `read`, values copied out of the stream.
  Rows read_all(const TableRead& read) {
    auto stream = catalog_->read_rows(read);
    Rows rows;
    std::vector<std::optional<std::string_view>> values;
    while (stream->next(values)) {
      auto& row = rows.emplace_back();
      for (const auto& v : values) row.push_back(v ? Value(std::string(*v)) : kNull);
    }
    return rows;
  }
  // One column of every row.
  std::vector<Value> column(const Rows& rows, size_t i) {
    std::vector<Value> out;
    for (const auto& row : rows) out.push_back(row.at(i));
    return out;
  }

  void create_values_table();  // vread_values: every type, edge values (below)

  std::unique_ptr<litelift::Target> target_;
  std::unique_ptr<litelift::TargetCatalog> catalog_;
};
TYPED_TEST_SUITE(TargetRead, live::Servers);

std::string show(const Value& v) {
  if (!v) return "NULL";
  std::string out = "'";
  for (unsigned char c : *v) {
    if (c < 0x20 || c == 0x7f || c == '\\') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "'";
}

std::string show(const std::vector<Value>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + show(v);
  return out;
}

// ------------------------------------------------------------ the values --

// Every type litelift creates (engines/*/..._dialect.cpp), one column each;
// vb is MySQL's indexed blob (VARBINARY(255)), bytea again on PostgreSQL.
const std::vector<std::string> kColumns = {"id", "i",  "r",  "d",  "n",  "t", "v",  "b", "vb",
                                           "o",  "dt", "tm", "ts", "tz", "j", "jt", "u"};
const std::vector<TypeFamily> kFamilies = {
    TypeFamily::Integer, TypeFamily::Integer, TypeFamily::Real,      TypeFamily::Decimal,     TypeFamily::Decimal,
    TypeFamily::Text,    TypeFamily::Varchar, TypeFamily::Blob,      TypeFamily::Blob,        TypeFamily::Boolean,
    TypeFamily::Date,    TypeFamily::Time,    TypeFamily::Timestamp, TypeFamily::TimestampTz, TypeFamily::Json,
    TypeFamily::Json,    TypeFamily::Uuid};

const std::string kText = "tab\there\nline\\back\r end \xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x99\x82";  // é 中 🙂
const std::string kBlob = std::string("\x00\x5c\x09\x0a\x0d\x27\x22\xff\x00", 9);
const std::string kUuid = "123e4567-e89b-12d3-a456-426614174000";
// Doubles whose text must read back as the same double (rows 4..8).
const std::vector<double> kDoubles = {5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 123456789.12345678,
                                      -1.5e-10};

template <typename Server>
void TargetRead<Server>::create_values_table() {
  auto& db = this->db();
  auto& f = *this;
  if (f.pg()) {
    f.sql(
        "CREATE TABLE vread_values (id bigint PRIMARY KEY, i bigint, r double precision, d numeric(10,2), n numeric, "
        "t text, v varchar(20), b bytea, vb bytea, o boolean, dt date, tm time, ts timestamp, tz timestamptz, "
        "j jsonb, jt json, u uuid)");
  } else {
    f.sql(
        "CREATE TABLE vread_values (id BIGINT PRIMARY KEY, i BIGINT, r DOUBLE, d DECIMAL(10,2), n DECIMAL(65,30), "
        "t LONGTEXT, v VARCHAR(20), b LONGBLOB, vb VARBINARY(255), o TINYINT(1), dt DATE, tm TIME(6), "
        "ts DATETIME(6), tz DATETIME(6), j JSON, jt JSON, u VARCHAR(36))" +
        f.table_options());
  }
  const std::string blob = f.pg() ? "'\\x005c090a0d2722ff00'::bytea" : "X'005c090a0d2722ff00'";
  const std::string empty_blob = f.pg() ? "''::bytea" : "X''";
  f.sql("INSERT INTO vread_values (id) VALUES (1)");
  f.sql("INSERT INTO vread_values VALUES (2, -9223372036854775807 - 1, 0.1, 12.50, 0, '', '', " + empty_blob + ", " +
        empty_blob + ", " + (f.pg() ? "true" : "1") +
        ", '2024-01-31', '10:00:00', '2024-01-31 10:00:00.123456', '2024-01-31 10:00:00.123456" +
        (f.pg() ? "+00" : "") +
        "', '{\"a\": 1}', "
        "'{\"b\":2,  \"a\":1}', '" +
        kUuid + "')");
  f.sql("INSERT INTO vread_values VALUES (3, 9223372036854775807, 0.3333333333333333, -0.01, 123.456, " +
        db.quote_literal(kText) + ", " + db.quote_literal("\xE4\xB8\xAD\xE6\x96\x87") + ", " + blob + ", " + blob +
        ", " + (f.pg() ? "false" : "0") +
        ", '1999-12-31', '23:59:59.999999', '1970-01-01 00:00:00', '2038-01-19 03:14:08" + (f.pg() ? "+00" : "") +
        "', " + db.quote_literal("[1, \"x\\ty\", null]") + ", '[]', NULL)");
  const char* literals[] = {"5e-324", "2.2250738585072014e-308", "1.7976931348623157e308", "123456789.12345678",
                            "-1.5e-10"};
  for (int k = 0; k < 5; ++k)
    f.sql("INSERT INTO vread_values (id, r) VALUES (" + std::to_string(4 + k) + ", " + literals[k] + ")");
}

TYPED_TEST(TargetRead, EveryFamilyComesBackInItsDocumentedTextForm) {
  this->create_values_table();
  TableRead read{"vread_values", kColumns, kFamilies, {"id"}, "", 0, 0};
  Rows rows = this->read_all(read);
  ASSERT_EQ(rows.size(), 8u);
  const bool pg = this->pg();
  // PostgreSQL with extra_float_digits = 3, DateStyle ISO, TimeZone UTC,
  // bytea_output hex; MariaDB 10.11's text protocol with time_zone +00:00.
  const std::vector<std::vector<Value>> expected = {
      {"1", kNull, kNull, kNull, kNull, kNull, kNull, kNull, kNull, kNull, kNull, kNull, kNull, kNull, kNull, kNull,
       kNull},
      {"2", "-9223372036854775808", "0.1", "12.50", pg ? "0" : "0.000000000000000000000000000000", "", "", "", "",
       pg ? "t" : "1", "2024-01-31", pg ? "10:00:00" : "10:00:00.000000", "2024-01-31 10:00:00.123456",
       pg ? "2024-01-31 10:00:00.123456+00" : "2024-01-31 10:00:00.123456", "{\"a\": 1}", "{\"b\":2,  \"a\":1}", kUuid},
      {"3", "9223372036854775807", "0.3333333333333333", "-0.01", pg ? "123.456" : "123.456000000000000000000000000000",
       kText, "\xE4\xB8\xAD\xE6\x96\x87", kBlob, kBlob, pg ? "f" : "0", "1999-12-31", "23:59:59.999999",
       pg ? "1970-01-01 00:00:00" : "1970-01-01 00:00:00.000000",
       pg ? "2038-01-19 03:14:08+00" : "2038-01-19 03:14:08.000000", "[1, \"x\\ty\", null]", "[]", kNull},
  };
  for (size_t r = 0; r < expected.size(); ++r)
    for (size_t c = 0; c < kColumns.size(); ++c)
      EXPECT_EQ(rows[r][c], expected[r][c]) << "row " << r + 1 << " column " << kColumns[c] << ": got "
                                            << show(rows[r][c]) << ", expected " << show(expected[r][c]);
  // Doubles: the exact text, and that it reads back as the same double.
  // MariaDB prints enough digits, but not always the shortest notation.
  const std::vector<std::string> doubles =
      pg ? std::vector<std::string>{"5e-324", "2.2250738585072014e-308", "1.7976931348623157e+308",
                                    "123456789.12345678", "-1.5e-10"}
         : std::vector<std::string>{"5e-324", "2.2250738585072014e-308", "1.7976931348623157e308", "123456789.12345678",
                                    "-0.00000000015"};
  for (size_t k = 0; k < kDoubles.size(); ++k) {
    const Value& text = rows[3 + k][2];
    ASSERT_TRUE(text) << "row " << 4 + k;
    EXPECT_EQ(*text, doubles[k]);
    double back = std::strtod(text->c_str(), nullptr);
    EXPECT_EQ(std::memcmp(&back, &kDoubles[k], sizeof back), 0) << *text << " reads back as " << back;
  }
  for (const char* text : {"0.1", "0.3333333333333333"}) {
    double back = std::strtod(text, nullptr);
    EXPECT_EQ(back, text[2] == '1' ? 0.1 : 1.0 / 3);
  }
}

TYPED_TEST(TargetRead, RangeRestrictsToTheInclusiveBounds) {
  this->create_values_table();
  TableRead read{"vread_values", {"id", "b"}, {TypeFamily::Integer, TypeFamily::Blob}, {"id"}, "id", 2, 3};
  Rows rows = this->read_all(read);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (std::vector<Value>{"2", ""}));
  EXPECT_EQ(rows[1], (std::vector<Value>{"3", kBlob}));
  read.first = read.last = 9;
  EXPECT_TRUE(this->read_all(read).empty());
  // The whole int64 range, and no column at all.
  read.first = INT64_MIN;
  read.last = INT64_MAX;
  EXPECT_EQ(this->read_all(read).size(), 8u);
  TableRead none{"vread_values", {}, {}, {}, "", 0, 0};
  Rows empty_rows = this->read_all(none);
  ASSERT_EQ(empty_rows.size(), 8u);
  EXPECT_TRUE(empty_rows[0].empty());
}

TYPED_TEST(TargetRead, OrderByIsByteOrderWhateverTheCollation) {
  // PostgreSQL: an ICU collation that sorts 'a' before 'B'; MySQL: the
  // table's utf8mb4_unicode_ci (case-insensitive) and a PAD SPACE binary collation.
  if (this->pg())
    this->sql(
        "CREATE TABLE vread_order (id bigint PRIMARY KEY, s text COLLATE \"en-x-icu\", "
        "v varchar(20) COLLATE \"en-x-icu\", j jsonb, jt json)");
  else
    this->sql(
        "CREATE TABLE vread_order (id BIGINT PRIMARY KEY, s LONGTEXT, v VARCHAR(20) COLLATE utf8mb4_bin, j JSON, "
        "jt JSON)" +
        this->table_options());
  const std::vector<std::pair<std::string, std::string>> values = {
      {"a", "{\"b\": 1}"}, {"B", "[2]"},    {"\xE4\xB8\xAD", "\"A\""}, {"\xC3\xA9", "10"},
      {"a ", "9"},         {"a\t", "null"}, {"ab", "{\"a\": [1, 2]}"}, {"", "\"B\""}};
  for (size_t k = 0; k < values.size(); ++k) {
    const std::string s = this->db().quote_literal(values[k].first), j = this->db().quote_literal(values[k].second);
    this->sql("INSERT INTO vread_order VALUES (" + std::to_string(k + 1) + ", " + s + ", " + s + ", " + j + ", " + j +
              ")");
  }
  auto ids = [&](const std::string& key) {
    TableRead read{"vread_order", {"id"}, {TypeFamily::Integer}, {key}, "", 0, 0};
    std::vector<Value> out = this->column(this->read_all(read), 0);
    return show(out);
  };
  // '' < 'B' < 'a' < 'a\t' < 'a ' < 'ab' < 'é' < '中'
  EXPECT_EQ(ids("s"), "'8', '2', '1', '6', '5', '7', '4', '3'");
  EXPECT_EQ(ids("v"), "'8', '2', '1', '6', '5', '7', '4', '3'");
  // JSON as its text's bytes: "A" "B" 10 9 [2] null {"a": ...} {"b": ...}
  EXPECT_EQ(ids("j"), "'3', '8', '4', '5', '2', '6', '7', '1'");
  EXPECT_EQ(ids("jt"), "'3', '8', '4', '5', '2', '6', '7', '1'");
  // Two keys, the first an integer.
  TableRead two{"vread_order", {"id"}, {TypeFamily::Integer}, {"id", "s"}, "", 0, 0};
  EXPECT_EQ(show(this->column(this->read_all(two), 0)), "'1', '2', '3', '4', '5', '6', '7', '8'");
}

TYPED_TEST(TargetRead, AStreamDroppedHalfWayLeavesTheCatalogUsable) {
  if (this->pg()) {
    this->sql("CREATE TABLE vread_many (id bigint PRIMARY KEY, t text)");
    this->sql("INSERT INTO vread_many SELECT g, repeat('x', 200) FROM generate_series(1, 200000) g");
  } else {
    this->sql("CREATE TABLE vread_many (id BIGINT PRIMARY KEY, t LONGTEXT)" + this->table_options());
    const std::string digits =
        "(SELECT 0 n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL "
        "SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 "
        "UNION ALL SELECT 9)";
    std::string select = "SELECT 1 + a.n + 10 * b.n + 100 * c.n + 1000 * d.n + 10000 * e.n, REPEAT('x', 200) FROM " +
                         digits + " a, " + digits + " b, " + digits + " c, " + digits + " d, " + digits + " e";
    this->sql("INSERT INTO vread_many " + select);
    this->sql("INSERT INTO vread_many SELECT id + 100000, t FROM vread_many");
  }
  TableRead read{"vread_many", {"id", "t"}, {TypeFamily::Integer, TypeFamily::Text}, {"id"}, "", 0, 0};
  for (int round = 0; round < 2; ++round) {
    auto stream = this->catalog_->read_rows(read);
    std::vector<std::optional<std::string_view>> values;
    for (int k = 1; k <= 3; ++k) {
      ASSERT_TRUE(stream->next(values));
      EXPECT_EQ(values[0], std::to_string(k));
    }
    // The connection is the stream's until it goes.
    try {
      this->catalog_->count_rows("vread_many");
      ADD_FAILURE() << "a catalog statement ran while a stream was reading";
    } catch (const litelift::Error& e) {
      EXPECT_EQ(e.kind(), litelift::ErrorKind::Internal) << e.what();
    }
    EXPECT_THROW(this->catalog_->read_rows(read), litelift::Error);
  }
  EXPECT_EQ(this->catalog_->count_rows("vread_many"), 200000);
  Rows all = this->read_all(read);
  ASSERT_EQ(all.size(), 200000u);
  EXPECT_EQ(all.back()[0], "200000");
  EXPECT_EQ(this->catalog_->query("SELECT 1 + 1"), Rows{{Value("2")}});
}

TYPED_TEST(TargetRead, ServerErrorsThrowTheServersMessage) {
  try {
    TableRead read{"vread_nope", {"id"}, {TypeFamily::Integer}, {}, "", 0, 0};
    this->read_all(read);
    ADD_FAILURE() << "no error";
  } catch (const litelift::Error& e) {
    EXPECT_EQ(e.kind(), litelift::ErrorKind::Target);
    const std::string message = e.what();
    if (this->pg()) {
      EXPECT_EQ(message, "reading table \"vread_nope\": relation \"vread_nope\" does not exist");
      EXPECT_EQ(e.sqlstate, "42P01");
    } else {
      EXPECT_EQ(message, "reading table `vread_nope`: Table '" + litelift::parse_target_url(this->db().url()).database +
                             ".vread_nope' doesn't exist");
      EXPECT_EQ(e.server_code, 1146);
    }
  }
  try {
    this->catalog_->execute("DROP TABLE vread_nope");
    ADD_FAILURE() << "no error";
  } catch (const litelift::Error& e) {
    EXPECT_EQ(e.kind(), litelift::ErrorKind::Target);
    EXPECT_EQ(std::string(e.what()).rfind("running a statement: ", 0), 0u) << e.what();
  }
  // The catalog still works afterwards.
  EXPECT_EQ(this->catalog_->query("SELECT 'x', NULL"), (Rows{{Value("x"), kNull}}));
}

TYPED_TEST(TargetRead, QueryExecuteAndListTables) {
  this->catalog_->execute(this->pg() ? "CREATE TABLE vread_b (x text)" : "CREATE TABLE vread_b (x LONGTEXT)");
  this->catalog_->execute(this->pg() ? "CREATE TABLE vread_a (x text)" : "CREATE TABLE vread_a (x LONGTEXT)");
  this->catalog_->execute("CREATE VIEW vread_v AS SELECT x FROM vread_a");
  this->catalog_->execute("INSERT INTO vread_a VALUES (''), (NULL), ('\xC3\xA9')");
  EXPECT_EQ(this->catalog_->list_tables(), (std::vector<std::string>{"vread_a", "vread_b"}));
  EXPECT_EQ(this->catalog_->query("SELECT x FROM vread_v ORDER BY x"),
            this->pg() ? (Rows{{Value("")}, {Value("\xC3\xA9")}, {kNull}})
                       : (Rows{{kNull}, {Value("")}, {Value("\xC3\xA9")}}));
  this->catalog_->drop_views({"vread_v"});
}

// ------------------------------------------------------------ the shapes --

std::string render(const litelift::TableShape& t) {
  auto list = [](const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
    return "(" + out + ")";
  };
  std::string out = t.name + (t.exists ? "\n" : " missing\n");
  for (const auto& c : t.columns)
    out += "  " + c.name + " " + c.type + " " + litelift::type_family_name(c.family) + (c.nullable ? "" : " not null") +
           "\n";
  if (!t.primary_key.empty()) out += "  primary key " + list(t.primary_key) + "\n";
  for (const auto& i : t.indexes)
    out += std::string("  ") + (i.unique ? "unique " : "index ") + i.name + " " + list(i.columns) + "\n";
  for (const auto& f : t.foreign_keys)
    out += "  foreign key " + f.name + " " + list(f.columns) + " -> " + f.parent_table + " " + list(f.parent_columns) +
           "\n";
  for (const auto& c : t.checks) out += "  check " + c + "\n";
  return out;
}

TYPED_TEST(TargetRead, DescribeTablesGivesTheExactShapes) {
  const bool pg = this->pg();
  const std::string options = this->table_options();
  if (pg) {
    this->sql("CREATE TABLE vread_parent (id bigint PRIMARY KEY, code varchar(20) NOT NULL UNIQUE)");
    this->sql("CREATE TABLE vread_pair (x bigint, y bigint, PRIMARY KEY (y, x))");
    this->sql(
        "CREATE TABLE vread_child (a bigint NOT NULL, b bigint NOT NULL, parent_id bigint, name text, "
        "price numeric(10,2), at timestamptz, doc jsonb, flag boolean NOT NULL, "
        "CONSTRAINT vread_child_pk PRIMARY KEY (b, a), "
        "CONSTRAINT vread_child_parent_fk FOREIGN KEY (parent_id) REFERENCES vread_parent (id), "
        "CONSTRAINT vread_child_pair_fk FOREIGN KEY (b, a) REFERENCES vread_pair (y, x), "
        "CONSTRAINT vread_child_price_ck CHECK (price >= 0), CONSTRAINT vread_child_ab_ck CHECK (a < b))");
    this->sql("CREATE UNIQUE INDEX vread_child_name_uq ON vread_child (name, a)");
    this->sql("CREATE INDEX vread_child_lower_ix ON vread_child (lower(name), parent_id) INCLUDE (price)");
  } else {
    this->sql("CREATE TABLE vread_parent (id BIGINT PRIMARY KEY, code VARCHAR(20) NOT NULL UNIQUE)" + options);
    this->sql("CREATE TABLE vread_pair (x BIGINT, y BIGINT, PRIMARY KEY (y, x))" + options);
    this->sql(
        "CREATE TABLE vread_child (a BIGINT NOT NULL, b BIGINT NOT NULL, parent_id BIGINT, name VARCHAR(255), "
        "price DECIMAL(10,2), at DATETIME(6), doc JSON, flag TINYINT(1) NOT NULL, "
        "qty BIGINT CHECK (qty > 0), "
        "CONSTRAINT vread_child_pk PRIMARY KEY (b, a), "
        "CONSTRAINT vread_child_parent_fk FOREIGN KEY (parent_id) REFERENCES vread_parent (id), "
        "CONSTRAINT vread_child_pair_fk FOREIGN KEY (b, a) REFERENCES vread_pair (y, x), "
        "CONSTRAINT vread_child_price_ck CHECK (price >= 0), CONSTRAINT vread_child_ab_ck CHECK (a < b))" +
        options);
    this->sql("CREATE UNIQUE INDEX vread_child_name_uq ON vread_child (name, a)");
    this->sql("CREATE INDEX vread_child_lower_ix ON vread_child (name(10), parent_id)");
  }
  auto shapes = this->catalog_->describe_tables({"vread_child", "vread_missing", "vread_parent", "VREAD_PARENT"});
  ASSERT_EQ(shapes.size(), 4u);
  if (pg) {
    EXPECT_EQ(render(shapes[0]),
              "vread_child\n"
              "  a bigint integer not null\n"
              "  b bigint integer not null\n"
              "  parent_id bigint integer\n"
              "  name text text\n"
              "  price numeric(10,2) decimal\n"
              "  at timestamp with time zone timestamptz\n"
              "  doc jsonb json\n"
              "  flag boolean boolean not null\n"
              "  primary key (b,a)\n"
              "  index vread_child_lower_ix (lower(name),parent_id)\n"
              "  unique vread_child_name_uq (name,a)\n"
              "  foreign key vread_child_pair_fk (b,a) -> vread_pair (y,x)\n"
              "  foreign key vread_child_parent_fk (parent_id) -> vread_parent (id)\n"
              "  check vread_child_ab_ck\n"
              "  check vread_child_price_ck\n");
    EXPECT_EQ(render(shapes[2]),
              "vread_parent\n"
              "  id bigint integer not null\n"
              "  code character varying(20) varchar not null\n"
              "  primary key (id)\n"
              "  unique vread_parent_code_key (code)\n");
  } else {
    // MariaDB: doc's json_valid check is its JSON type, not a CHECK; qty's
    // column check is named after the column.
    EXPECT_EQ(render(shapes[0]),
              "vread_child\n"
              "  a bigint(20) integer not null\n"
              "  b bigint(20) integer not null\n"
              "  parent_id bigint(20) integer\n"
              "  name varchar(255) varchar\n"
              "  price decimal(10,2) decimal\n"
              "  at datetime(6) timestamp\n"
              "  doc longtext json\n"
              "  flag tinyint(1) boolean not null\n"
              "  qty bigint(20) integer\n"
              "  primary key (b,a)\n"
              "  index vread_child_lower_ix (name,parent_id)\n"
              "  unique vread_child_name_uq (name,a)\n"
              "  index vread_child_parent_fk (parent_id)\n"
              "  foreign key vread_child_pair_fk (b,a) -> vread_pair (y,x)\n"
              "  foreign key vread_child_parent_fk (parent_id) -> vread_parent (id)\n"
              "  check qty\n"
              "  check vread_child_ab_ck\n"
              "  check vread_child_price_ck\n");
    EXPECT_EQ(render(shapes[2]),
              "vread_parent\n"
              "  id bigint(20) integer not null\n"
              "  code varchar(20) varchar not null\n"
              "  primary key (id)\n"
              "  unique code (code)\n");
  }
  EXPECT_EQ(render(shapes[1]), "vread_missing missing\n");
  EXPECT_EQ(render(shapes[3]), "VREAD_PARENT missing\n");  // names are matched by their bytes
  EXPECT_TRUE(this->catalog_->describe_tables({}).empty());
}

// The spellings each catalog gives for the types litelift's DDL writes
// (confirmed here against the servers, and used in the offline unit tests).
TYPED_TEST(TargetRead, SameTypeAcceptsTheCatalogsSpellingOfEveryPlannedType) {
  const bool pg = this->pg();
  // planned (as the dialect writes it) -> the catalog's spelling
  const std::vector<std::pair<std::string, std::string>> types =
      pg ? std::vector<std::pair<std::string, std::string>>{{"bigint", "bigint"},
                                                            {"double precision", "double precision"},
                                                            {"numeric", "numeric"},
                                                            {"numeric(10,2)", "numeric(10,2)"},
                                                            {"text", "text"},
                                                            {"varchar(20)", "character varying(20)"},
                                                            {"bytea", "bytea"},
                                                            {"boolean", "boolean"},
                                                            {"date", "date"},
                                                            {"time", "time without time zone"},
                                                            {"timestamp", "timestamp without time zone"},
                                                            {"timestamptz", "timestamp with time zone"},
                                                            {"jsonb", "jsonb"},
                                                            {"json", "json"},
                                                            {"uuid", "uuid"}}
         : std::vector<std::pair<std::string, std::string>>{{"BIGINT", "bigint(20)"},
                                                            {"DOUBLE", "double"},
                                                            {"DECIMAL(65,30)", "decimal(65,30)"},
                                                            {"DECIMAL(10,2)", "decimal(10,2)"},
                                                            {"LONGTEXT", "longtext"},
                                                            {"VARCHAR(20)", "varchar(20)"},
                                                            {"LONGBLOB", "longblob"},
                                                            {"VARBINARY(255)", "varbinary(255)"},
                                                            {"TINYINT(1)", "tinyint(1)"},
                                                            {"DATE", "date"},
                                                            {"TIME(6)", "time(6)"},
                                                            {"DATETIME(6)", "datetime(6)"},
                                                            {"JSON", "longtext"},
                                                            {"VARCHAR(36)", "varchar(36)"},
                                                            {"BINARY(32)", "binary(32)"}};
  std::string ddl = "CREATE TABLE vread_types (";
  for (size_t k = 0; k < types.size(); ++k) ddl += (k ? ", c" : "c") + std::to_string(k) + " " + types[k].first;
  this->sql(ddl + ")" + this->table_options());
  auto shape = this->catalog_->describe_tables({"vread_types"}).at(0);
  ASSERT_EQ(shape.columns.size(), types.size());
  for (size_t k = 0; k < types.size(); ++k) {
    litelift::TargetType planned;
    planned.sql = types[k].first;
    EXPECT_EQ(shape.columns[k].type, types[k].second);
    EXPECT_TRUE(this->catalog_->same_type(planned, shape.columns[k].type))
        << types[k].first << " vs " << shape.columns[k].type;
    planned.sql = pg ? "integer" : "INT";
    EXPECT_FALSE(this->catalog_->same_type(planned, shape.columns[k].type)) << shape.columns[k].type;
  }
}

}  // namespace
