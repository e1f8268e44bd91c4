#include "engines/target_url.hpp"

#include <cctype>

#include "engines/engine_registry.hpp"
#include "mapping/error.hpp"

namespace litelift {
namespace {

[[noreturn]] void bad(const std::string& why) {
  std::string forms;
  for (const Engine* e : engines()) forms += (forms.empty() ? "" : " or ") + e->url_form;
  throw Error(ErrorKind::Usage, "malformed target URL: " + why + " (expected " + forms + ")");
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decode(std::string_view s, const char* part) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) bad(std::string("bad percent-escape in the ") + part);
    int a = hex(s[i + 1]), b = hex(s[i + 2]);
    if (a < 0 || b < 0) bad(std::string("bad percent-escape in the ") + part);
    out += static_cast<char>(a * 16 + b);
    i += 2;
  }
  return out;
}

std::string encode(const std::string& s) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
      out += static_cast<char>(c);
    else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

}  // namespace

TargetUrl parse_target_url(std::string_view url) {
  TargetUrl u;
  size_t sep = url.find("://");
  if (sep == std::string_view::npos) bad("no scheme");
  std::string scheme(url.substr(0, sep));
  for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const Engine* engine = find_engine(scheme);
  if (!engine) bad("unknown scheme '" + scheme + "'");
  u.engine = engine->name;
  std::string_view rest = url.substr(sep + 3);
  std::string_view query;
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) bad("no database name");
  std::string_view authority = rest.substr(0, slash);
  u.database = decode(rest.substr(slash + 1), "database");
  if (u.database.empty()) bad("no database name");
  if (u.database.find('/') != std::string::npos) bad("the database name contains '/'");
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    size_t colon = userinfo.find(':');
    u.user = decode(userinfo.substr(0, colon), "user name");
    if (colon != std::string_view::npos) u.password = decode(userinfo.substr(colon + 1), "password");
  }
  std::string_view host = authority, port;
  if (!authority.empty() && authority[0] == '[') {  // [::1]:5432
    size_t close = authority.find(']');
    if (close == std::string_view::npos) bad("unclosed '[' in the host");
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') bad("unexpected text after the host");
      port = after.substr(1);
    }
  } else if (size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (!host.empty()) u.host = decode(host, "host");
  if (!port.empty()) {
    int p = 0;
    for (char c : port) {
      if (!std::isdigit(static_cast<unsigned char>(c)) || p > 65535) bad("the port is not a number from 1 to 65535");
      p = p * 10 + (c - '0');
    }
    if (p < 1 || p > 65535) bad("the port is not a number from 1 to 65535");
    u.port = p;
  }
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view kv = query.substr(0, amp);
    size_t eq = kv.find('=');
    if (eq == std::string_view::npos || eq == 0) bad("query parameters must be key=value");
    const std::string key = decode(kv.substr(0, eq), "query");
    // libpq's URIs allow ?password=: it is the password, never a parameter printed with the URL.
    if (key == "password") {
      if (!u.password.empty()) bad("two passwords (in the user part and in ?password=)");
      u.password = decode(kv.substr(eq + 1), "password");
    } else {
      u.params[key] = decode(kv.substr(eq + 1), "query");
    }
    if (amp == std::string_view::npos) break;
    query = query.substr(amp + 1);
  }
  return u;
}

TextSpan password_span(std::string_view url) {
  const size_t sep = url.find("://");
  if (sep == std::string_view::npos) return {};
  const size_t start = sep + 3;
  const std::string_view authority = url.substr(start, url.substr(start).find_first_of("/?"));
  const size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    const size_t colon = authority.substr(0, at).find(':');
    if (colon != std::string_view::npos) return {start + colon + 1, at - colon - 1};
  }
  const size_t query = url.find('?', start);
  for (size_t k = query; k != std::string_view::npos; k = url.find('&', k + 1)) {
    if (url.substr(k + 1, 9) != "password=") continue;
    const size_t value = k + 10;
    const size_t end = url.find('&', value);
    return {value, (end == std::string_view::npos ? url.size() : end) - value};
  }
  return {};
}

int TargetUrl::effective_port() const {
  return port ? port : engine_of(*this).default_port;
}

std::string TargetUrl::redacted() const {
  std::string out = engine + "://";
  if (!user.empty() || !password.empty()) {
    out += encode(user);
    if (!password.empty()) out += ":***";
    out += '@';
  }
  out += host.find(':') != std::string::npos ? "[" + host + "]" : encode(host);
  if (port) out += ":" + std::to_string(port);
  out += "/" + encode(database);
  char sep = '?';
  for (const auto& [k, v] : params) {
    // ?password=... (libpq takes it, and sslpassword) is a secret too.
    std::string key = k;
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out += sep + encode(k) + "=" + (key.find("password") != std::string::npos ? "***" : encode(v));
    sep = '&';
  }
  return out;
}

}  // namespace litelift
