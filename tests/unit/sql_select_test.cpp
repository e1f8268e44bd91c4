#include <gtest/gtest.h>

#include "mapping/sql_expression.hpp"
#include "tests/unit/sql_test_schema.hpp"

using namespace litelift;
using litelift::test::expect_translation;
using litelift::test::outcome;
using litelift::test::test_context;
using litelift::test::ViewCase;

TEST(SqlSelectParser, Structure) {
  std::string error;
  auto s = parse_select(
      "WITH a(x) AS (SELECT 1), b AS NOT MATERIALIZED (SELECT 2) SELECT DISTINCT t.*, u.id AS uid, 'n' name, count(*) "
      "FROM main.users AS u LEFT OUTER JOIN orders o ON o.user_id = u.id, (SELECT 1) s CROSS JOIN a INDEXED BY ix "
      "JOIN b USING (x, y) WHERE u.id > 0 GROUP BY u.id, 2 HAVING count(*) > 1 UNION ALL SELECT 1, 2, 3, 4 ORDER BY "
      "2 DESC NULLS LAST, uid LIMIT 5, 10;",
      error);
  ASSERT_TRUE(s) << error;
  ASSERT_EQ(s->with.size(), 2u);
  EXPECT_EQ(s->with[0].name, "a");
  EXPECT_EQ(s->with[0].columns, std::vector<std::string>{"x"});
  EXPECT_EQ(s->with[1].name, "b");
  ASSERT_EQ(s->cores.size(), 2u);
  EXPECT_EQ(s->compounds, std::vector<std::string>{"UNION ALL"});
  const SelectCore& c = s->cores[0];
  EXPECT_TRUE(c.distinct);
  ASSERT_EQ(c.columns.size(), 4u);
  EXPECT_EQ(c.columns[0].star_table, "t");
  EXPECT_FALSE(c.columns[0].expr);
  EXPECT_EQ(c.columns[1].alias, "uid");
  EXPECT_EQ(c.columns[2].alias, "name");
  EXPECT_EQ(c.columns[3].alias, "");
  ASSERT_EQ(c.from.size(), 5u);
  EXPECT_EQ(c.from[0].table, "users");
  EXPECT_EQ(c.from[0].alias, "u");
  EXPECT_EQ(c.from[1].join, "LEFT JOIN");
  EXPECT_TRUE(c.from[1].on);
  EXPECT_EQ(c.from[2].join, ",");
  EXPECT_TRUE(c.from[2].subquery);
  EXPECT_EQ(c.from[2].alias, "s");
  EXPECT_EQ(c.from[3].join, "CROSS JOIN");
  EXPECT_EQ(c.from[4].using_columns, (std::vector<std::string>{"x", "y"}));
  EXPECT_TRUE(c.where);
  EXPECT_EQ(c.group_by.size(), 2u);
  EXPECT_TRUE(c.having);
  ASSERT_EQ(s->order_by.size(), 2u);
  EXPECT_TRUE(s->order_by[0].descending);
  EXPECT_EQ(s->order_by[0].nulls, OrderTerm::Nulls::Last);
  EXPECT_FALSE(s->order_by[1].descending);
  EXPECT_EQ(s->order_by[1].nulls, OrderTerm::Nulls::Default);
  EXPECT_EQ(s->offset->text, "5");  // LIMIT offset, count
  EXPECT_EQ(s->limit->text, "10");
}

TEST(SqlSelectParser, Refusals) {
  std::string error;
  auto refused = [&](const char* sql) {
    EXPECT_FALSE(parse_select(sql, error)) << sql;
    return error;
  };
  EXPECT_EQ(refused("SELECT a FROM t WINDOW w AS (ORDER BY a)"), "window functions are not translated: WINDOW");
  EXPECT_EQ(refused("SELECT a FROM t,"), "expected a table name, found the end of the text at offset 16");
  EXPECT_EQ(refused("SELECT FROM t"), "expected an expression, found \"FROM\" at offset 7");
  EXPECT_EQ(refused("SELECT a FROM t FULL JOIN u"), "RIGHT and FULL joins are not translated: FULL");
  EXPECT_EQ(refused("SELECT 1 UNION VALUES (2)"), "VALUES lists are not translated: VALUES");
  EXPECT_EQ(refused("SELECT 1 ORDER BY 1 NULLS"),
            "expected FIRST or LAST after NULLS, found the end of the text at offset 25");
}

// Views: joins, aliases, GROUP BY, ORDER BY, LIMIT, compound SELECTs, common
// tables, subqueries. Run on both servers as sql_test_schema.hpp says, and
// compared row by row with SQLite on a small data set.
TEST(SqlTranslateSelect, Views) {
  const ViewCase cases[] = {
      {R"(SELECT u.id, u.name, count(o.id) AS orders FROM users u LEFT JOIN orders o ON o.user_id = u.id )"
       R"(GROUP BY u.id ORDER BY orders DESC, u.name LIMIT 10)",
       R"(SELECT "u"."id", "u"."name", count("o"."id") AS "orders" FROM "users" AS "u" LEFT JOIN "orders" AS )"
       R"("o" ON "o"."user_id" = "u"."id" GROUP BY "u"."id" ORDER BY "orders" DESC NULLS LAST, "u"."name" )"
       R"(NULLS FIRST LIMIT 10)",
       R"(SELECT `u`.`id`, `u`.`name`, COUNT(`o`.`id`) AS `orders` FROM `users` AS `u` LEFT JOIN `orders` AS )"
       R"(`o` ON `o`.`user_id` = `u`.`id` GROUP BY `u`.`id` ORDER BY `orders` DESC, `u`.`name` LIMIT 10)"},
      {R"(SELECT status, count(*), sum(price * qty) AS revenue FROM orders WHERE placed_at >= '2024-01-01 )"
       R"(00:00:00' GROUP BY status HAVING count(*) > 1)",
       R"x(SELECT "status", count(*) AS "count(*)", sum("price" * "qty") AS "revenue" FROM "orders" WHERE )x"
       R"x("placed_at" >= '2024-01-01 00:00:00+00' GROUP BY "status" HAVING count(*) > 1)x",
       R"(SELECT `status`, COUNT(*) AS `count(*)`, SUM(`price` * `qty`) AS `revenue` FROM `orders` WHERE )"
       R"(`placed_at` >= '2024-01-01 00:00:00' GROUP BY `status` HAVING COUNT(*) > 1)"},
      {R"(SELECT * FROM users WHERE active AND deleted_at IS NULL)",
       R"(SELECT "users"."id", "users"."email", "users"."name", "users"."active", "users"."created_at", )"
       R"("users"."deleted_at", "users"."age", "users"."score", "users"."balance", "users"."birthday", )"
       R"("users"."data", "users"."seen_at", "users"."photo", "users"."misc", "users"."full_name" FROM )"
       R"("users" WHERE "active" AND "deleted_at" IS NULL)",
       R"(SELECT `users`.`id`, `users`.`email`, `users`.`name`, `users`.`active`, `users`.`created_at`, )"
       R"(`users`.`deleted_at`, `users`.`age`, `users`.`score`, `users`.`balance`, `users`.`birthday`, )"
       R"(`users`.`data`, `users`.`seen_at`, `users`.`photo`, `users`.`misc`, `users`.`full_name` FROM )"
       R"(`users` WHERE `active` AND `deleted_at` IS NULL)"},
      {R"(SELECT o.*, i.product, i."Unit Price" AS unit FROM orders AS o JOIN "Order Items" AS i ON )"
       R"(i.order_id = o.id WHERE o.status IN (SELECT status FROM orders WHERE qty BETWEEN 1 AND 5))",
       R"(SELECT "o"."id", "o"."user_id", "o"."status", "o"."price", "o"."qty", "o"."total", "o"."placed_at", )"
       R"("o"."code", "i"."product", "i"."unit_price" AS "unit" FROM "orders" AS "o" JOIN "order_items" AS )"
       R"("i" ON "i"."order_id" = "o"."id" WHERE "o"."status" IN (SELECT "status" FROM "orders" WHERE "qty" )"
       R"(BETWEEN 1 AND 5))",
       R"(SELECT `o`.`id`, `o`.`user_id`, `o`.`status`, `o`.`price`, `o`.`qty`, `o`.`total`, )"
       R"(`o`.`placed_at`, `o`.`code`, `i`.`product`, `i`.`unit_price` AS `unit` FROM `orders` AS `o` JOIN )"
       R"(`order_items` AS `i` ON `i`.`order_id` = `o`.`id` WHERE `o`.`status` IN (SELECT `status` FROM )"
       R"(`orders` WHERE `qty` BETWEEN 1 AND 5))"},
      {R"(SELECT id, name FROM users UNION ALL SELECT id, status FROM orders ORDER BY name DESC)",
       R"(SELECT "id", "name" FROM "users" UNION ALL SELECT "id", "status" FROM "orders" ORDER BY "name" DESC )"
       R"(NULLS LAST)",
       R"(SELECT `id`, `name` FROM `users` UNION ALL SELECT `id`, `status` FROM `orders` ORDER BY `name` DESC)"},
      {R"(WITH big(uid, total) AS (SELECT user_id, sum(qty) FROM orders GROUP BY user_id) SELECT u.name, )"
       R"(big.total FROM users u JOIN big ON big.uid = u.id WHERE big.total > 10)",
       R"x(WITH "big"("uid", "total") AS (SELECT "user_id", sum("qty") AS "sum(qty)" FROM "orders" GROUP BY )x"
       R"x("user_id") SELECT "u"."name", "big"."total" FROM "users" AS "u" JOIN "big" ON "big"."uid" = "u"."id" )x"
       R"x(WHERE "big"."total" > 10)x",
       R"(WITH `big`(`uid`, `total`) AS (SELECT `user_id`, SUM(`qty`) AS `sum(qty)` FROM `orders` GROUP BY )"
       R"(`user_id`) SELECT `u`.`name`, `big`.`total` FROM `users` AS `u` JOIN `big` ON `big`.`uid` = `u`.`id` )"
       R"(WHERE `big`.`total` > 10)"},
      {R"(SELECT name, CASE WHEN age >= 18 THEN 'adult' ELSE 'minor' END AS grp, CAST(score AS INTEGER) AS s )"
       R"(FROM users WHERE name LIKE 'a%' ORDER BY age DESC NULLS FIRST)",
       R"(SELECT "name", CASE WHEN "age" >= 18 THEN 'adult' ELSE 'minor' END AS "grp", CAST(trunc("score") AS )"
       R"(bigint) AS "s" FROM "users" WHERE "name" ILIKE 'a%' ORDER BY "age" DESC NULLS FIRST)",
       R"(SELECT `name`, CASE WHEN `age` >= 18 THEN 'adult' ELSE 'minor' END AS `grp`, )"
       R"(CAST(TRUNCATE(`score`, 0) AS SIGNED) AS `s` FROM `users` WHERE `name` LIKE 'a%' ORDER BY `age` IS )"
       R"(NULL DESC, `age` DESC)"},
      {R"(SELECT lower(email), age + 1, date('now') FROM users)",
       R"x(SELECT lower("email") AS "lower(email)", "age" + 1 AS "age + 1", CAST((CURRENT_TIMESTAMP AT TIME )x"
       R"x(ZONE 'UTC') AS date) AS "date('now')" FROM "users")x",
       R"(SELECT LOWER(`email`) AS `lower(email)`, `age` + 1 AS `age + 1`, UTC_DATE() AS `date('now')` FROM )"
       R"(`users`)"},
      {R"(SELECT o.id, i.product FROM orders o, "Order Items" i WHERE i.order_id = o.id)",
       R"(SELECT "o"."id", "i"."product" FROM "orders" AS "o" CROSS JOIN "order_items" AS "i" WHERE )"
       R"("i"."order_id" = "o"."id")",
       R"(SELECT `o`.`id`, `i`.`product` FROM `orders` AS `o` CROSS JOIN `order_items` AS `i` WHERE )"
       R"(`i`.`order_id` = `o`.`id`)"},
      {R"(SELECT * FROM orders JOIN users USING (id))",
       R"(SELECT "orders"."id", "orders"."user_id", "orders"."status", "orders"."price", "orders"."qty", )"
       R"("orders"."total", "orders"."placed_at", "orders"."code", "users"."email", "users"."name", )"
       R"("users"."active", "users"."created_at", "users"."deleted_at", "users"."age", "users"."score", )"
       R"("users"."balance", "users"."birthday", "users"."data", "users"."seen_at", "users"."photo", )"
       R"("users"."misc", "users"."full_name" FROM "orders" JOIN "users" USING ("id"))",
       R"(SELECT `orders`.`id`, `orders`.`user_id`, `orders`.`status`, `orders`.`price`, `orders`.`qty`, )"
       R"(`orders`.`total`, `orders`.`placed_at`, `orders`.`code`, `users`.`email`, `users`.`name`, )"
       R"(`users`.`active`, `users`.`created_at`, `users`.`deleted_at`, `users`.`age`, `users`.`score`, )"
       R"(`users`.`balance`, `users`.`birthday`, `users`.`data`, `users`.`seen_at`, `users`.`photo`, )"
       R"(`users`.`misc`, `users`.`full_name` FROM `orders` JOIN `users` USING (`id`))"},
      {R"(SELECT x.n FROM (SELECT name AS n FROM users WHERE active = 1) x WHERE x.n <> '')",
       R"(SELECT "x"."n" FROM (SELECT "name" AS "n" FROM "users" WHERE CAST("active" AS integer) = 1) AS "x" )"
       R"(WHERE "x"."n" <> '')",
       R"(SELECT `x`.`n` FROM (SELECT `name` AS `n` FROM `users` WHERE `active` = 1) AS `x` WHERE `x`.`n` <> '')"},
      {R"(SELECT id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id) AND NOT active)",
       R"(SELECT "id" FROM "users" AS "u" WHERE EXISTS (SELECT 1 FROM "orders" AS "o" WHERE "o"."user_id" = )"
       R"("u"."id") AND NOT "active")",
       R"(SELECT `id` FROM `users` AS `u` WHERE EXISTS (SELECT 1 FROM `orders` AS `o` WHERE `o`.`user_id` = )"
       R"(`u`.`id`) AND NOT `active`)"},
      {R"(SELECT count(DISTINCT user_id) AS buyers, total(qty), avg(qty) FROM orders)",
       R"x(SELECT count(DISTINCT "user_id") AS "buyers", COALESCE(sum(CAST("qty" AS double precision)), 0) AS )x"
       R"x("total(qty)", avg(CAST("qty" AS double precision)) AS "avg(qty)" FROM "orders")x",
       R"(SELECT COUNT(DISTINCT `user_id`) AS `buyers`, COALESCE(SUM(CAST(`qty` AS DOUBLE)), 0) AS )"
       R"(`total(qty)`, AVG(CAST(`qty` AS DOUBLE)) AS `avg(qty)` FROM `orders`)"},
      {R"(SELECT user_id AS uid, max(placed_at) AS last FROM orders GROUP BY uid ORDER BY 2 LIMIT 5 OFFSET 10)",
       R"(SELECT "user_id" AS "uid", max("placed_at") AS "last" FROM "orders" GROUP BY "uid" ORDER BY 2 NULLS )"
       R"(FIRST LIMIT 5 OFFSET 10)",
       R"(SELECT `user_id` AS `uid`, MAX(`placed_at`) AS `last` FROM `orders` GROUP BY `uid` ORDER BY 2 )"
       R"(LIMIT 5 OFFSET 10)"},
      {R"(SELECT name, (SELECT count(*) FROM orders o WHERE o.user_id = users.id) AS n FROM users)",
       R"(SELECT "name", (SELECT count(*) FROM "orders" AS "o" WHERE "o"."user_id" = "users"."id") AS "n" )"
       R"(FROM "users")",
       R"(SELECT `name`, (SELECT COUNT(*) FROM `orders` AS `o` WHERE `o`.`user_id` = `users`.`id`) AS `n` )"
       R"(FROM `users`)"},
      {R"(SELECT id, name FROM users INTERSECT SELECT user_id, status FROM orders)",
       R"(SELECT "id", "name" FROM "users" INTERSECT SELECT "user_id", "status" FROM "orders")",
       R"(SELECT `id`, `name` FROM `users` INTERSECT SELECT `user_id`, `status` FROM `orders`)"},
      {R"(SELECT id FROM users EXCEPT SELECT user_id FROM orders ORDER BY 1 DESC)",
       R"(SELECT "id" FROM "users" EXCEPT SELECT "user_id" FROM "orders" ORDER BY 1 DESC NULLS LAST)",
       R"(SELECT `id` FROM `users` EXCEPT SELECT `user_id` FROM `orders` ORDER BY 1 DESC)"},
      {R"(SELECT group_concat(name, ', ') AS names FROM users)",
       R"(SELECT string_agg("name", ', ') AS "names" FROM "users")",
       R"(!function group_concat() is not translated: MySQL's GROUP_CONCAT() cuts its result at )"
       R"(group_concat_max_len (1024 bytes by default): group_concat(name, ', '))"},
      {R"(SELECT id, name || ' (' || age || ')' AS label FROM users ORDER BY name COLLATE BINARY)",
       R"(SELECT "id", "name" || ' (' || CAST("age" AS text) || ')' AS "label" FROM "users" ORDER BY "name" )"
       R"(COLLATE "C" NULLS FIRST)",
       R"(SELECT `id`, CONCAT(`name`, ' (', `age`, ')') AS `label` FROM `users` ORDER BY `name` COLLATE )"
       R"(utf8mb4_nopad_bin)"},
      {R"(SELECT DISTINCT status FROM orders ORDER BY status)",
       R"(SELECT DISTINCT "status" FROM "orders" ORDER BY "status" NULLS FIRST)",
       R"(SELECT DISTINCT `status` FROM `orders` ORDER BY `status`)"},
      {R"(SELECT name FROM users ORDER BY age NULLS LAST)", R"(SELECT "name" FROM "users" ORDER BY "age" NULLS LAST)",
       R"(SELECT `name` FROM `users` ORDER BY `age` IS NULL, `age`)"},
  };
  for (const ViewCase& c : cases) expect_translation(c);
}

TEST(SqlTranslateSelect, ViewColumnNamesBecomeAliases) {
  TranslateContext c = test_context(postgres_dialect(), Purpose::View);
  c.view_columns = {"who", "n"};
  EXPECT_EQ(outcome(translate_select("SELECT name, count(*) FROM users GROUP BY name", c)),
            R"(SELECT "name" AS "who", count(*) AS "n" FROM "users" GROUP BY "name")");
  EXPECT_EQ(outcome(translate_select("SELECT id FROM users", c)), "!the view names 2 columns, its SELECT has 1");
  // Duplicate names are fine once the view names its columns.
  EXPECT_EQ(
      outcome(translate_select("SELECT users.id, orders.id FROM users JOIN orders ON orders.user_id = users.id", c)),
      R"(SELECT "users"."id" AS "who", "orders"."id" AS "n" FROM "users" JOIN "orders" ON "orders"."user_id" = )"
      R"("users"."id")");
}

TEST(SqlTranslateSelect, WithoutTableColumnsStarIsKept) {
  TranslateContext c = test_context(mysql_dialect(), Purpose::View);
  c.table_columns = nullptr;
  EXPECT_EQ(outcome(translate_select("SELECT * FROM \"Order Items\" i WHERE i.qty > 1", c)),
            "SELECT * FROM `order_items` AS `i` WHERE `i`.`qty` > 1");
  EXPECT_EQ(outcome(translate_select("SELECT o.*, 1 FROM orders o", c)), "SELECT `o`.*, 1 AS `1` FROM `orders` AS `o`");
  EXPECT_EQ(outcome(translate_select("SELECT s.id FROM (SELECT * FROM users) s", c)),
            "!cannot tell the columns of a subquery that selects *: s.id");
  EXPECT_EQ(outcome(translate_select("SELECT * FROM users UNION SELECT * FROM users", c)),
            "!a compound SELECT with * whose columns are not known");
  c.view_columns = {"a"};
  EXPECT_EQ(outcome(translate_select("SELECT * FROM users", c)),
            "!the view names its columns but its SELECT * cannot be expanded here");
}

TEST(SqlTranslateSelect, GroupingByAWholeKeyNeedsTheKey) {
  TranslateContext c = test_context(postgres_dialect(), Purpose::View);
  const char* sql = "SELECT u.id, u.name, count(o.id) FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.id";
  EXPECT_TRUE(translate_select(sql, c).ok);
  c.primary_key = nullptr;
  EXPECT_EQ(outcome(translate_select(sql, c)),
            "!column \"name\" is neither grouped nor aggregated (SQLite takes it from any row): u.name");
}

TEST(SqlTranslateSelect, ColumnNumbers) {
  TranslateContext c = test_context(postgres_dialect(), Purpose::View);
  EXPECT_EQ(outcome(translate_select("SELECT id, age FROM users GROUP BY 0x1, 2 ORDER BY 0x2 LIMIT 0x10", c)),
            R"(SELECT "id", "age" FROM "users" GROUP BY 1, 2 ORDER BY 2 NULLS FIRST LIMIT 16)");
  EXPECT_EQ(outcome(translate_select("SELECT id FROM users ORDER BY 2", c)), "!ORDER BY column number out of range: 2");
  EXPECT_EQ(outcome(translate_select("SELECT id FROM users UNION SELECT id FROM orders ORDER BY 3", c)),
            "!ORDER BY column number out of range: 3");
  c.table_columns = nullptr;  // * is not expanded: the number is not checked
  EXPECT_EQ(outcome(translate_select("SELECT * FROM users ORDER BY 3", c)),
            R"(SELECT * FROM "users" ORDER BY 3 NULLS FIRST)");
}

TEST(SqlTranslateSelect, BareNullArgumentsAreTyped) {
  // abs(NULL) is ambiguous on PostgreSQL ("function abs(unknown) is not unique").
  EXPECT_EQ(outcome(translate_select("SELECT abs(NULL) AS a, lower(NULL) AS b",
                                     test_context(postgres_dialect(), Purpose::View))),
            R"(SELECT abs(CAST(NULL AS bigint)) AS "a", lower(CAST(NULL AS text)) AS "b")");
}

TEST(SqlTranslateSelect, ViewsMayUseTheTime) {
  Translation t = translate_select("SELECT id FROM orders WHERE placed_at > datetime('now')",
                                   test_context(postgres_dialect(), Purpose::Check));
  EXPECT_EQ(outcome(t), R"(SELECT "id" FROM "orders" WHERE "placed_at" > CURRENT_TIMESTAMP)");
  EXPECT_FALSE(t.deterministic);
}
