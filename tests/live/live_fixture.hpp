// The typed fixture every live suite shares: a fresh database per test on
// each server, found through its environment variable.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "live_support.hpp"

namespace live {

struct Postgres {
  static constexpr bool pg = true;
  static const char* env() { return "LITELIFT_PG_URL"; }
};
struct MySQL {
  static constexpr bool pg = false;
  static const char* env() { return "LITELIFT_MYSQL_URL"; }
};
using Servers = ::testing::Types<Postgres, MySQL>;

template <typename Server>
class LiveTarget : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv(Server::env());
    // Live tests must not pass by not running: the server is required.
    ASSERT_NE(url, nullptr) << Server::env() << " is not set; run: eval \"$(scripts/dev-servers env)\"";
    db_ = std::make_unique<TargetDb>(url, Server::pg);
  }
  TargetDb& db() { return *db_; }
  std::string target() { return " --target " + quote(db_->url()); }
  std::unique_ptr<TargetDb> db_;
};

}  // namespace live
