#include "engines/mysql/mysql_session.hpp"

namespace litelift {

MySQLConnPtr mysql_connect(const TargetUrl& url, bool local_infile) {
  MySQLConnPtr conn(mysql_init(nullptr));
  if (!conn) throw mysql_connect_error(url, "out of memory");
  MYSQL* m = conn.get();
  unsigned int timeout = 10;
  unsigned int infile = local_infile ? 1 : 0;
  // "localhost" would otherwise mean the Unix socket.
  unsigned int protocol = MYSQL_PROTOCOL_TCP;
  mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  mysql_options(m, MYSQL_OPT_LOCAL_INFILE, &infile);
  mysql_options(m, MYSQL_OPT_PROTOCOL, &protocol);
  mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  // 2002/2003/2005/2013 (unreachable), 1045 (credentials), 1044/1049 (database).
  if (!mysql_real_connect(m, url.host.c_str(), url.user.c_str(), url.password.c_str(), url.database.c_str(),
                          static_cast<unsigned int>(url.effective_port()), nullptr, 0))
    throw mysql_connect_error(url, mysql_error(m), static_cast<int>(mysql_errno(m)));
  return conn;
}

}  // namespace litelift
