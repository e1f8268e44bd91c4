#include "engines/target_url.hpp"

#include <gtest/gtest.h>

#include "mapping/error.hpp"

using namespace litelift;

TEST(TargetUrl, ParsesPostgresWithParamsAndHidesThePassword) {
  TargetUrl u = parse_target_url("postgresql://app:s%40cret@db.example:6543/shop?sslmode=require");
  EXPECT_EQ(u.engine, "postgresql");
  EXPECT_EQ(u.user, "app");
  EXPECT_EQ(u.password, "s@cret");
  EXPECT_EQ(u.host, "db.example");
  EXPECT_EQ(u.port, 6543);
  EXPECT_EQ(u.database, "shop");
  EXPECT_EQ(u.params.at("sslmode"), "require");
  EXPECT_EQ(u.redacted(), "postgresql://app:***@db.example:6543/shop?sslmode=require");
}

TEST(TargetUrl, MariadbIsMysqlAndPortsDefault) {
  TargetUrl u = parse_target_url("mariadb://root@[::1]/app");
  EXPECT_EQ(u.engine, "mysql");
  EXPECT_EQ(u.host, "::1");
  EXPECT_EQ(u.effective_port(), 3306);
  EXPECT_EQ(u.redacted(), "mysql://root@[::1]/app");
}

TEST(TargetUrl, MalformedUrlsAreUsageErrors) {
  auto message = [](const char* url) {
    try {
      parse_target_url(url);
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::Usage);
      std::string m = e.what();
      return m.substr(0, m.find(" (expected"));
    }
    return std::string("accepted");
  };
  EXPECT_EQ(message("localhost/db"), "malformed target URL: no scheme");
  EXPECT_EQ(message("oracle://u@h/db"), "malformed target URL: unknown scheme 'oracle'");
  EXPECT_EQ(message("postgresql://u@h:99999/db"), "malformed target URL: the port is not a number from 1 to 65535");
  EXPECT_EQ(message("postgresql://u@h:5432"), "malformed target URL: no database name");
  EXPECT_EQ(message("mysql://u:%zz@h/db"), "malformed target URL: bad percent-escape in the password");
}

TEST(TargetUrl, PasswordSpanIsWhereParseReadsIt) {
  auto at = [](std::string_view url) {
    litelift::TextSpan s = litelift::password_span(url);
    return std::string(url.substr(s.offset, s.length));
  };
  EXPECT_EQ(at("postgresql://u:s3cr%2Ft@h:5432/db?sslmode=require"), "s3cr%2Ft");
  EXPECT_EQ(at("--target=mysql://u:a:b@c@h/db"), "a:b@c");  // the last '@' ends it, as parse_target_url reads
  EXPECT_EQ(at("-tpostgresql://u:p@h/db"), "p");
  EXPECT_EQ(at("postgresql://u@h/db"), "");
  EXPECT_EQ(at("postgresql://h/db?user=a:b@c"), "");  // '@' after the path is not userinfo
  EXPECT_EQ(at("app.db"), "");
  EXPECT_EQ(at("postgresql://u@h/db?sslmode=require&password=p%40ss&x=1"), "p%40ss");
  // libpq's ?password= is the password: kept out of the parameters the redacted URL prints.
  TargetUrl q = parse_target_url("postgresql://u@h/db?sslmode=require&password=p%40ss");
  EXPECT_EQ(q.password, "p@ss");
  EXPECT_EQ(q.params.count("password"), 0u);
  EXPECT_EQ(q.redacted(), "postgresql://u:***@h/db?sslmode=require");
  EXPECT_THROW(parse_target_url("postgresql://u:a@h/db?password=b"), Error);
  EXPECT_EQ(litelift::parse_target_url("mysql://u:a:b@c@h/db").password, "a:b@c");
}
