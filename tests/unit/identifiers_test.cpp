#include "mapping/identifiers.hpp"

#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "engines/mysql/mysql_dialect.hpp"
#include "engines/postgres/postgres_dialect.hpp"
#include "mapping/utf8.hpp"

using namespace litelift;

namespace {

std::string repeat(std::string_view s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

bool valid(std::string_view s) {
  size_t code_points = 0;
  return valid_utf8(s, code_points);
}

std::string snake(std::string_view s) {
  return apply_identifier_case(s, IdentifierCase::Snake);
}
std::string lower(std::string_view s) {
  return apply_identifier_case(s, IdentifierCase::Lower);
}

// A 40-character Greek name: 80 bytes of UTF-8.
const std::string kGreek40 = repeat("β", 40);

}  // namespace

TEST(Identifiers, PreserveKeepsTheName) {
  for (const char* n : {"UserName", "HTTPServer", "a b", "", "ab\xFF"})
    EXPECT_EQ(apply_identifier_case(n, IdentifierCase::Preserve), n);
}

TEST(Identifiers, LowerIsUnicodeAware) {
  EXPECT_EQ(lower("UserName"), "username");
  EXPECT_EQ(lower("First Name"), "first name");  // only the case changes
  EXPECT_EQ(lower("ΌνομαΧρήστη"), "όνομαχρήστη");
  EXPECT_EQ(lower("ΟΔΟΣ"), "οδος");  // final sigma
  EXPECT_EQ(lower("ÄÖÜ_Straße"), "äöü_straße");
  EXPECT_EQ(lower("already lower"), "already lower");
  EXPECT_EQ(lower(""), "");
  EXPECT_EQ(lower("AB\xFF"), "AB\xFF");  // not valid UTF-8: unchanged
}

TEST(Identifiers, SnakeSplitsWords) {
  EXPECT_EQ(snake("UserName"), "user_name");
  EXPECT_EQ(snake("userName"), "user_name");
  EXPECT_EQ(snake("HTTPServer"), "http_server");
  EXPECT_EQ(snake("userID"), "user_id");
  EXPECT_EQ(snake("getHTTPResponseCode"), "get_http_response_code");
  EXPECT_EQ(snake("First Name"), "first_name");
  EXPECT_EQ(snake("order-id"), "order_id");
  EXPECT_EQ(snake("user.name"), "user_name");
  EXPECT_EQ(snake("price ($)"), "price");
  EXPECT_EQ(snake("  Leading  and--trailing__ "), "leading_and_trailing");
  EXPECT_EQ(snake("already_snake"), "already_snake");
  EXPECT_EQ(snake("ID"), "id");
  EXPECT_EQ(snake("A"), "a");
}

TEST(Identifiers, SnakeKeepsLettersAndDigitsTogether) {
  EXPECT_EQ(snake("address2"), "address2");
  EXPECT_EQ(snake("utf8mb4"), "utf8mb4");
  EXPECT_EQ(snake("Address2"), "address2");
  EXPECT_EQ(snake("userName2"), "user_name2");
  EXPECT_EQ(snake("2fast"), "2fast");
  // A capital after a digit starts a word, as after a small letter.
  EXPECT_EQ(snake("address2Line"), "address2_line");
  EXPECT_EQ(snake("HTTP2Server"), "http2_server");
}

TEST(Identifiers, SnakeBeyondAscii) {
  EXPECT_EQ(snake("ΌνομαΧρήστη"), "όνομα_χρήστη");
  EXPECT_EQ(snake("Όνομα Χρήστη"), "όνομα_χρήστη");
  EXPECT_EQ(snake("ÄußereGröße"), "äußere_größe");
  EXPECT_EQ(snake("用户名"), "用户名");  // no case: one word
  EXPECT_EQ(snake("用户 名"), "用户_名");
  EXPECT_EQ(snake("Cafe\xCC\x81Name"), "cafe\xCC\x81_name");  // a combining accent stays in its word
  EXPECT_EQ(snake("m²"), "m²");
  EXPECT_EQ(snake("🎉party"), "party");  // symbols separate words
}

TEST(Identifiers, SnakeLeavesNamesItWouldEmpty) {
  EXPECT_EQ(snake("---"), "---");
  EXPECT_EQ(snake("_"), "_");
  EXPECT_EQ(snake(" "), " ");
  EXPECT_EQ(snake(""), "");
  EXPECT_EQ(snake("User\xFFName"), "User\xFFName");  // not valid UTF-8: unchanged
}

TEST(Identifiers, ShortenLeavesFittingNames) {
  const Dialect& pg = postgres_dialect();
  const Dialect& my = mysql_dialect();
  EXPECT_EQ(shorten_identifier("users", pg), "users");
  EXPECT_EQ(shorten_identifier(repeat("a", 63), pg), repeat("a", 63));
  EXPECT_EQ(shorten_identifier(repeat("a", 64), my), repeat("a", 64));
  EXPECT_EQ(shorten_identifier(kGreek40, my), kGreek40);  // 40 characters fit MySQL's 64
  EXPECT_EQ(shorten_identifier(repeat("β", 64), my), repeat("β", 64));
}

TEST(Identifiers, ShortenCutsAndAppendsAHashOfTheWholeName) {
  const Dialect& pg = postgres_dialect();
  // FNV-1a 32-bit of 70 'a's is 0x5904740b.
  EXPECT_EQ(shorten_identifier(repeat("a", 70), pg), repeat("a", 54) + "_5904740b");
  EXPECT_EQ(shorten_identifier(repeat("a", 64), pg).size(), 63u);

  std::string one = repeat("a", 63) + "bbbbbbb", two = repeat("a", 63) + "ccccccc";
  std::string s1 = shorten_identifier(one, pg), s2 = shorten_identifier(two, pg);
  EXPECT_EQ(s1, repeat("a", 54) + "_31a536d0");
  EXPECT_EQ(s2, repeat("a", 54) + "_572834c9");
  EXPECT_NE(s1, s2);
  EXPECT_EQ(pg.check_identifier(s1), "");
  EXPECT_EQ(pg.check_identifier(s2), "");
  // Deterministic: the same name, the same result.
  EXPECT_EQ(shorten_identifier(one, pg), s1);

  const Dialect& my = mysql_dialect();
  std::string long_my = repeat("x", 70);
  EXPECT_EQ(shorten_identifier(long_my, my).size(), 64u);
  EXPECT_EQ(shorten_identifier(long_my, my).substr(0, 55), repeat("x", 55));
}

TEST(Identifiers, ShortenCutsOnCharacterBoundaries) {
  const Dialect& pg = postgres_dialect();
  const Dialect& my = mysql_dialect();
  // 80 bytes: too long for PostgreSQL, which counts bytes; 27 two-byte letters fit before the suffix.
  EXPECT_EQ(shorten_identifier(kGreek40, pg), repeat("β", 27) + "_6ad770c5");
  // Odd offsets: "a" then two-byte letters; 54 bytes of room takes "a" and 26 letters (53 bytes).
  std::string mixed = "a" + repeat("β", 40);
  std::string cut = shorten_identifier(mixed, pg);
  EXPECT_TRUE(valid(cut));
  EXPECT_EQ(cut.size(), 62u);
  EXPECT_EQ(cut.substr(0, 53), "a" + repeat("β", 26));
  // Four-byte characters: bytes on PostgreSQL, characters on MySQL.
  std::string emoji = repeat("😀", 70);
  cut = shorten_identifier(emoji, pg);
  EXPECT_TRUE(valid(cut));
  EXPECT_EQ(cut.substr(0, 52), repeat("😀", 13));
  EXPECT_EQ(cut.size(), 61u);
  cut = shorten_identifier(emoji, my);
  EXPECT_TRUE(valid(cut));
  EXPECT_EQ(my.identifier_length(cut), 64u);
  EXPECT_EQ(cut.substr(0, 55 * 4), repeat("😀", 55));
  for (size_t n = 60; n < 80; ++n) {
    for (const char* unit : {"é", "€", "😀", "a"}) {
      std::string name = "x" + repeat(unit, n);
      for (const Dialect* d : {&pg, &my}) {
        std::string s = shorten_identifier(name, *d);
        EXPECT_TRUE(valid(s)) << name;
        EXPECT_EQ(d->check_identifier(s), "") << name;
      }
    }
  }
}

TEST(Identifiers, ClaimKeepsFreeNamesThatFit) {
  NameSpace ns(postgres_dialect());
  std::string why = "stale";
  EXPECT_EQ(ns.claim("users", why), "users");
  EXPECT_EQ(why, "");
  EXPECT_TRUE(ns.taken("users"));
  EXPECT_FALSE(ns.taken("Users"));
  EXPECT_EQ(ns.claim("name ", why), "name ");  // PostgreSQL allows a trailing space
  EXPECT_EQ(why, "");
  EXPECT_EQ(ns.claim(kGreek40.substr(0, 62), why), kGreek40.substr(0, 62));
  EXPECT_EQ(why, "");
}

TEST(Identifiers, ClaimCollisionChains) {
  NameSpace ns(postgres_dialect());
  std::string why;
  ns.reserve("users");
  EXPECT_EQ(ns.claim("users", why), "users_2");
  EXPECT_EQ(why, "collides with \"users\"");
  EXPECT_EQ(ns.claim("users", why), "users_3");
  EXPECT_EQ(why, "collides with \"users\"");
  EXPECT_TRUE(ns.taken("users_2"));
  EXPECT_TRUE(ns.taken("users_3"));

  ns.reserve("t");
  ns.reserve("t_2");
  ns.reserve("t_3");
  EXPECT_EQ(ns.claim("t", why), "t_4");
  EXPECT_EQ(why, "collides with \"t\"");
  EXPECT_EQ(ns.claim("t_2", why), "t_2_2");
  EXPECT_EQ(why, "collides with \"t_2\"");
}

TEST(Identifiers, ClaimCollisionsFollowTheTargetsCase) {
  std::string why;
  NameSpace my(mysql_dialect());
  EXPECT_EQ(my.claim("Name", why), "Name");
  EXPECT_EQ(why, "");
  EXPECT_TRUE(my.taken("NAME"));
  EXPECT_EQ(my.claim("name", why), "name_2");
  EXPECT_EQ(why, "collides with \"Name\"");  // the holder's own spelling
  EXPECT_EQ(my.claim("NAME", why), "NAME_3");
  EXPECT_EQ(why, "collides with \"Name\"");
  EXPECT_EQ(my.claim("ΌΝΟΜΑ", why), "ΌΝΟΜΑ");
  EXPECT_EQ(my.claim("όνομα", why), "όνομα_2");
  EXPECT_EQ(why, "collides with \"ΌΝΟΜΑ\"");

  NameSpace pg(postgres_dialect());
  EXPECT_EQ(pg.claim("Name", why), "Name");
  EXPECT_EQ(pg.claim("name", why), "name");
  EXPECT_EQ(why, "");
  EXPECT_EQ(pg.claim("όνομα", why), "όνομα");
  EXPECT_EQ(pg.claim("ΌΝΟΜΑ", why), "ΌΝΟΜΑ");
}

TEST(Identifiers, ClaimStripsTrailingSpacesOnMySQL) {
  const std::string space = "ends with a space, which MySQL does not allow";
  EXPECT_EQ(mysql_dialect().check_identifier("name "), space);  // the same text as the dialect's
  NameSpace ns(mysql_dialect());
  std::string why;
  EXPECT_EQ(ns.claim("name  ", why), "name");
  EXPECT_EQ(why, space);
  EXPECT_EQ(ns.claim("name ", why), "name_2");
  EXPECT_EQ(why, space + "; collides with \"name\"");
  EXPECT_EQ(ns.claim("   ", why), "_");
  EXPECT_EQ(why, space);
  EXPECT_EQ(ns.claim(" lead", why), " lead");  // only trailing spaces are refused
  EXPECT_EQ(why, "");
}

TEST(Identifiers, ClaimRepairsInvalidUtf8AndEmptyNames) {
  NameSpace ns(postgres_dialect());
  std::string why;
  EXPECT_EQ(ns.claim(std::string("ab\xFF") + "cd", why), std::string("ab\xEF\xBF\xBD") + "cd");
  EXPECT_EQ(why, "is not valid UTF-8");
  // Each maximal invalid subpart becomes one U+FFFD.
  EXPECT_EQ(ns.claim("x\xE2\x82y\xC0", why), "x\xEF\xBF\xBDy\xEF\xBF\xBD");
  EXPECT_EQ(why, "is not valid UTF-8");
  EXPECT_EQ(ns.claim("", why), "_");
  EXPECT_EQ(why, "is empty");
  EXPECT_EQ(ns.claim("", why), "__2");
  EXPECT_EQ(why, "is empty; collides with \"_\"");

  NameSpace my(mysql_dialect());
  EXPECT_EQ(my.claim("ab\xFF ", why), "ab\xEF\xBF\xBD");
  EXPECT_EQ(why, "is not valid UTF-8; ends with a space, which MySQL does not allow");
  EXPECT_EQ(my.claim("AB\xFE", why), "AB\xEF\xBF\xBD_2");
  EXPECT_EQ(why, "is not valid UTF-8; collides with \"ab\xEF\xBF\xBD\"");
}

TEST(Identifiers, ClaimShortensLongNames) {
  const Dialect& pg = postgres_dialect();
  std::string why;
  NameSpace ns(pg);
  std::string one = repeat("a", 63) + "bbbbbbb", two = repeat("a", 63) + "ccccccc";
  std::string s1 = ns.claim(one, why);
  EXPECT_EQ(s1, shorten_identifier(one, pg));
  EXPECT_EQ(why, "is 70 bytes long; postgresql allows 63");
  std::string s2 = ns.claim(two, why);
  EXPECT_EQ(s2, shorten_identifier(two, pg));
  EXPECT_EQ(why, "is 70 bytes long; postgresql allows 63");
  EXPECT_NE(s1, s2);

  EXPECT_EQ(ns.claim(kGreek40, why), repeat("β", 27) + "_6ad770c5");
  EXPECT_EQ(why, "is 80 bytes long; postgresql allows 63");
  NameSpace my(mysql_dialect());
  EXPECT_EQ(my.claim(kGreek40, why), kGreek40);
  EXPECT_EQ(why, "");
  EXPECT_EQ(my.claim(repeat("x", 70) + "  ", why).size(), 64u);
  EXPECT_EQ(why, "ends with a space, which MySQL does not allow; is 70 characters long; mysql allows 64");
}

TEST(Identifiers, ClaimShortensAgainForASuffix) {
  const Dialect& pg = postgres_dialect();
  std::string why;
  NameSpace ns(pg);
  // A long name whose shortened form is taken: the suffix goes after the hash.
  std::string long_name = repeat("a", 70);
  ns.reserve(shorten_identifier(long_name, pg));
  EXPECT_EQ(ns.claim(long_name, why), repeat("a", 52) + "_5904740b_2");
  EXPECT_EQ(why, "is 70 bytes long; postgresql allows 63; collides with \"" + repeat("a", 54) + "_5904740b\"");
  EXPECT_EQ(ns.claim(long_name, why), repeat("a", 52) + "_5904740b_3");

  // A name that fits, but not with "_2".
  std::string near = repeat("n", 62);
  ns.reserve(near);
  std::string s = ns.claim(near, why);
  EXPECT_EQ(s.size(), 63u);
  EXPECT_EQ(s.substr(0, 52), repeat("n", 52));
  EXPECT_EQ(s.substr(61), "_2");
  EXPECT_EQ(why, "collides with \"" + near + "\"");
  EXPECT_EQ(pg.check_identifier(s), "");

  // On MySQL the suffix is counted in characters.
  NameSpace my(mysql_dialect());
  std::string greek = repeat("β", 64);
  my.reserve(greek);
  s = my.claim(greek, why);
  EXPECT_TRUE(valid(s));
  EXPECT_EQ(mysql_dialect().identifier_length(s), 64u);
  EXPECT_EQ(s.substr(s.size() - 2), "_2");
}

TEST(Identifiers, ClaimIsDeterministicAcrossNameSpaces) {
  std::vector<std::string> names = {"users", "Users", "users", "", "name ", "name", "x\xFF", "x\xFE", "Ω", "ω"};
  names.insert(names.end(), {repeat("a", 70), repeat("a", 63) + "zzzzzzz", repeat("a", 70), kGreek40, kGreek40,
                             repeat("😀", 70), "ω"});
  for (const Dialect* d : {&postgres_dialect(), &mysql_dialect()}) {
    NameSpace first(*d), second(*d);
    std::set<std::string> seen;
    for (const auto& n : names) {
      std::string why1, why2;
      std::string a = first.claim(n, why1);
      std::string b = second.claim(n, why2);
      EXPECT_EQ(a, b) << n;
      EXPECT_EQ(why1, why2) << n;
      EXPECT_EQ(d->check_identifier(a), "") << n;
      EXPECT_TRUE(seen.insert(a).second) << a;
      EXPECT_EQ(why1.empty(), a == n) << n;
    }
  }
}
