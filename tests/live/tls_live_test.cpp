// TLS to the target, live: the suite starts its own throwaway PostgreSQL and
// MariaDB servers with TLS on free ports (tls_servers.sh; never the shared
// dev servers), with a CA it makes and a server certificate for "localhost"
// only, and stops and removes them when it ends, failed or not.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "engines/target_url.hpp"
#include "live_support.hpp"

using live::quote;

namespace {

int free_port() {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  close(s);
  return ntohs(a.sin_port);
}

const std::string kScript = std::string(LITELIFT_SOURCE_DIR) + "/tests/live/tls_servers.sh";

// The pair of servers; stopped and removed on destruction.
class TlsServers {
 public:
  TlsServers()
      : dir_(std::filesystem::temp_directory_path() / ("litelift-tls-" + std::to_string(getpid()))),
        pg_port_(free_port()),
        my_port_(free_port()) {
    std::filesystem::remove_all(dir_);
    const std::string cmd = quote(kScript) + " start " + quote(dir_.string()) + " " + std::to_string(pg_port_) + " " +
                            std::to_string(my_port_) + " >" + quote(dir_.string() + ".log") + " 2>&1";
    started_ = std::system(cmd.c_str()) == 0;
  }
  ~TlsServers() {
    const std::string cmd = quote(kScript) + " stop " + quote(dir_.string()) + " >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "tls_servers.sh stop failed\n");
    std::filesystem::remove(dir_.string() + ".log");
  }
  TlsServers(const TlsServers&) = delete;
  TlsServers& operator=(const TlsServers&) = delete;

  bool started() const { return started_; }
  std::string log() const { return dir_.string() + ".log"; }
  std::string ca() const { return (dir_ / "ca.pem").string(); }
  std::string wrong_ca() const { return (dir_ / "wrong-ca.pem").string(); }
  // Admin URLs (on 127.0.0.1), for the test's own connections.
  std::string pg_admin() const { return "postgresql://tls@127.0.0.1:" + std::to_string(pg_port_) + "/tls"; }
  std::string my_admin() const { return "mysql://tls:tls-pw@127.0.0.1:" + std::to_string(my_port_) + "/tls"; }

 private:
  std::filesystem::path dir_;
  int pg_port_, my_port_;
  bool started_ = false;
};

// `url` with its host 127.0.0.1 replaced by `host`. libpq still connects to
// 127.0.0.1 (hostaddr), so that a "localhost" resolving to ::1 first (where
// nothing listens) does not change its message.
std::string at_host(std::string url, const std::string& host) {
  const size_t at = url.find("@127.0.0.1:");
  if (at != std::string::npos) url.replace(at + 1, 9, host);
  if (url.rfind("postgresql:", 0) == 0) url += "?hostaddr=127.0.0.1";
  return url;
}

// Where the URL's host and port are, as litelift names them in errors.
std::string location(const std::string& url) {
  const size_t at = url.find('@');
  return url.substr(at + 1, url.find('?') == std::string::npos ? std::string::npos : url.find('?') - at - 1);
}

struct Engine {
  bool pg;
  std::string name;
};
const Engine kEngines[] = {{true, "PostgreSQL"}, {false, "MySQL"}};

std::string admin(const Engine& e, const TlsServers& s) {
  return e.pg ? s.pg_admin() : s.my_admin();
}

void verify_identity_with_the_right_ca_migrates_and_reads_back_equal(const TlsServers& servers) {
  for (const Engine& e : kEngines) {
    SCOPED_TRACE(e.name);
    live::TargetDb db(admin(e, servers), e.pg);
    const std::string url = at_host(db.url(), "localhost");
    live::Run r = live::litelift("migrate " + quote(live::fixture("sample.db")) + " --target " + quote(url) +
                                 " --ssl-mode VERIFY_IDENTITY --ssl-ca " + quote(servers.ca()) + " -q");
    ASSERT_EQ(r.code, 0) << r.err;
    const std::vector<std::string> diff = live::compare_all(live::fixture("sample.db"), db);
    EXPECT_TRUE(diff.empty()) << diff.front();
    // The URL's own parameters do the same.
    const std::string in_url =
        url + (e.pg ? "&sslmode=verify-full&sslrootcert=" : "?ssl-mode=VERIFY_IDENTITY&ssl-ca=") + servers.ca();
    r = live::litelift("verify " + quote(live::fixture("sample.db")) + " --target " + quote(in_url) + " -q");
    EXPECT_EQ(r.code, 0) << r.err;
  }
}

void a_certificate_not_signed_by_the_given_ca_is_refused(const TlsServers& servers) {
  for (const Engine& e : kEngines) {
    SCOPED_TRACE(e.name);
    const std::string url = at_host(admin(e, servers), "localhost");
    for (const char* mode : {"VERIFY_IDENTITY", "VERIFY_CA"}) {
      live::Run r = live::litelift("migrate " + quote(live::fixture("sample.db")) + " --target " + quote(url) +
                                   " --ssl-mode " + mode + " --ssl-ca " + quote(servers.wrong_ca()));
      EXPECT_EQ(r.code, 5);
      if (e.pg)
        EXPECT_EQ(r.err, "litelift: error: cannot connect to PostgreSQL at " + location(url) +
                             ": connection to server at \"127.0.0.1\", port " +
                             url.substr(url.rfind(':') + 1, url.rfind('/') - url.rfind(':') - 1) +
                             " failed: SSL error: certificate verify failed; the server's certificate is not signed "
                             "by the CA in sslrootcert (or --ssl-ca)\n");
      else
        EXPECT_EQ(r.err, "litelift: error: cannot connect to MySQL at " + location(url) +
                             ": TLS/SSL error: self-signed certificate in certificate chain; the server's certificate "
                             "is not signed by a CA given with --ssl-ca (or ?ssl-ca=)\n");
    }
  }
}

// The certificate names "localhost" only: connecting to 127.0.0.1 is the
// wrong host name for VERIFY_IDENTITY, and fine for VERIFY_CA.
void the_wrong_host_name_fails_under_verify_identity_and_passes_under_verify_ca(const TlsServers& servers) {
  for (const Engine& e : kEngines) {
    SCOPED_TRACE(e.name);
    live::TargetDb db(admin(e, servers), e.pg);
    const std::string url = db.url();
    const std::string port = url.substr(url.rfind(':') + 1, url.rfind('/') - url.rfind(':') - 1);
    live::Run r = live::litelift("migrate " + quote(live::fixture("sample.db")) + " --target " + quote(url) +
                                 " --ssl-mode VERIFY_IDENTITY --ssl-ca " + quote(servers.ca()));
    EXPECT_EQ(r.code, 5);
    if (e.pg)
      EXPECT_EQ(r.err, "litelift: error: cannot connect to PostgreSQL at 127.0.0.1:" + port + "/" +
                           url.substr(url.rfind('/') + 1) + ": connection to server at \"127.0.0.1\", port " + port +
                           " failed: server certificate for \"localhost\" (and 1 other name) does not match host "
                           "name \"127.0.0.1\"\n");
    else
      EXPECT_EQ(r.err, "litelift: error: cannot connect to MySQL at 127.0.0.1:" + port + "/" +
                           url.substr(url.rfind('/') + 1) +
                           ": TLS/SSL error: Validation of SSL server certificate failed; the server's certificate "
                           "does not name the host '127.0.0.1' (ssl-mode VERIFY_IDENTITY): connect by a name it "
                           "holds, or use VERIFY_CA\n");
    EXPECT_TRUE(db.tables().empty()) << "nothing was written";
    r = live::litelift("migrate " + quote(live::fixture("sample.db")) + " --target " + quote(url) +
                       " --ssl-mode VERIFY_CA --ssl-ca " + quote(servers.ca()) + " -q");
    ASSERT_EQ(r.code, 0) << r.err;
    const std::vector<std::string> diff = live::compare_all(live::fixture("sample.db"), db);
    EXPECT_TRUE(diff.empty()) << diff.front();
  }
}

// One server start (about 10 s) for all three: ctest runs each test in a
// process of its own.
TEST(Tls, VerifyModesAgainstItsOwnTlsServers) {
  const TlsServers servers;
  ASSERT_TRUE(servers.started()) << "the TLS servers did not start; see " << servers.log();
  {
    SCOPED_TRACE("the right CA");
    verify_identity_with_the_right_ca_migrates_and_reads_back_equal(servers);
  }
  {
    SCOPED_TRACE("a wrong CA");
    a_certificate_not_signed_by_the_given_ca_is_refused(servers);
  }
  {
    SCOPED_TRACE("the wrong host name");
    the_wrong_host_name_fails_under_verify_identity_and_passes_under_verify_ca(servers);
  }
}

// The shared dev servers have no TLS (the run stops at connecting: nothing is written).
TEST(TlsRequired, RequiredAgainstAServerWithoutTlsFails) {
  for (const Engine& e : kEngines) {
    SCOPED_TRACE(e.name);
    const char* env = std::getenv(e.pg ? "LITELIFT_PG_URL" : "LITELIFT_MYSQL_URL");
    ASSERT_NE(env, nullptr) << "run: eval \"$(scripts/dev-servers env)\"";
    const litelift::TargetUrl u = litelift::parse_target_url(env);
    const std::string where = u.host + ":" + std::to_string(u.port) + "/" + u.database;
    live::Run r = live::litelift("migrate " + quote(live::fixture("sample.db")) + " --target " + quote(env) +
                                 " --ssl-mode REQUIRED");
    EXPECT_EQ(r.code, 5);
    if (e.pg)
      EXPECT_EQ(r.err, "litelift: error: cannot connect to PostgreSQL at " + where + ": connection to server at \"" +
                           u.host + "\", port " + std::to_string(u.port) +
                           " failed: server does not support SSL, but SSL was required\n");
    else
      EXPECT_EQ(r.err, "litelift: error: cannot connect to MySQL at " + where +
                           ": server does not support TLS, but ssl-mode REQUIRED requires it\n");
  }
}

}  // namespace
