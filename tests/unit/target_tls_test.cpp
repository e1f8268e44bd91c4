// The TLS modes of --ssl-mode and the URL parameters: MySQL's and libpq's names.
#include "engines/target_tls.hpp"

#include <gtest/gtest.h>

#include "mapping/error.hpp"

using litelift::parse_tls_mode;
using litelift::TlsMode;

TEST(TargetTls, BothFamiliesOfNamesInAnyCase) {
  EXPECT_EQ(parse_tls_mode("DISABLED", "x"), TlsMode::Disabled);
  EXPECT_EQ(parse_tls_mode("disable", "x"), TlsMode::Disabled);
  EXPECT_EQ(parse_tls_mode("Preferred", "x"), TlsMode::Preferred);
  EXPECT_EQ(parse_tls_mode("prefer", "x"), TlsMode::Preferred);
  EXPECT_EQ(parse_tls_mode("REQUIRED", "x"), TlsMode::Required);
  EXPECT_EQ(parse_tls_mode("require", "x"), TlsMode::Required);
  EXPECT_EQ(parse_tls_mode("VERIFY_CA", "x"), TlsMode::VerifyCa);
  EXPECT_EQ(parse_tls_mode("verify-ca", "x"), TlsMode::VerifyCa);
  EXPECT_EQ(parse_tls_mode("VERIFY_IDENTITY", "x"), TlsMode::VerifyIdentity);
  EXPECT_EQ(parse_tls_mode("verify-full", "x"), TlsMode::VerifyIdentity);
}

TEST(TargetTls, AnythingElseIsAUsageErrorNamingWhere) {
  try {
    parse_tls_mode("VERIFY", "--ssl-mode");
    FAIL() << "accepted";
  } catch (const litelift::Error& e) {
    EXPECT_EQ(e.kind(), litelift::ErrorKind::Usage);
    EXPECT_EQ(std::string(e.what()),
              "--ssl-mode: invalid TLS mode 'VERIFY': expected DISABLED, PREFERRED, REQUIRED, VERIFY_CA or "
              "VERIFY_IDENTITY");
  }
}
