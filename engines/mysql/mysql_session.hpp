// What the catalog and the writer connections share: the owned libmariadb
// handles, how they connect, the session they set up and how they word a
// failure to connect.
#pragma once

#include <mysql.h>

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "engines/target_url.hpp"
#include "mapping/error.hpp"

namespace litelift {

struct MySQLCloser {
  void operator()(MYSQL* m) const noexcept { mysql_close(m); }
};
struct MySQLResultFree {
  void operator()(MYSQL_RES* r) const noexcept { mysql_free_result(r); }
};
using MySQLConnPtr = std::unique_ptr<MYSQL, MySQLCloser>;
using MySQLResultPtr = std::unique_ptr<MYSQL_RES, MySQLResultFree>;

// Connects over TCP with utf8mb4 and a 10 s connect timeout; `local_infile`
// allows LOAD DATA LOCAL. Throws Error(TargetConnect) (mysql_connect_error).
MySQLConnPtr mysql_connect(const TargetUrl& url, bool local_infile);

// Run in order after connecting. NO_AUTO_VALUE_ON_ZERO keeps a rowid 0 as 0
// in an AUTO_INCREMENT column; foreign keys are added after the data and the
// source was checked for orphans, so the session does not check them.
struct MySQLSessionStep {
  std::string sql;
  std::string doing;  // for the error message
};

inline std::array<MySQLSessionStep, 3> mysql_session_setup(const std::string& collation) {
  return {{{"SET NAMES utf8mb4 COLLATE " + collation,
            "setting the session to utf8mb4 with collation " + collation + " (option --mysql-collation)"},
           {"SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION'",
            "setting the session's sql_mode"},
           {"SET SESSION foreign_key_checks = 0", "turning off foreign key checks for the session"}}};
}

// What every table litelift creates says after its columns.
inline std::string mysql_table_options(const std::string& collation) {
  return "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=" + collation;
}

// Server messages may span lines; ours are one line each.
inline std::string mysql_one_line(std::string_view message) {
  std::string out(message);
  for (char& c : out)
    if (c == '\n' || c == '\r') c = ' ';
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Whether a client or server error number means the server is not taking
// connections or queries (yet): 2002/2003 refused, 2005 unknown host (a
// container's name before it exists), 2006/2013/2055 gone or lost (a proxy
// that accepts before the server listens, a server going down), 2012
// handshake, 1040 too many connections, 1053 shutdown in progress, 1927
// connection killed, 3032 offline mode (MySQL). Not 1045/1044/1049 (wrong
// credentials or database): retrying those would only wait.
inline bool mysql_error_transient(int code) {
  switch (code) {
    case 1040:
    case 1053:
    case 1927:
    case 2002:
    case 2003:
    case 2005:
    case 2006:
    case 2012:
    case 2013:
    case 2055:
    case 3032:
      return true;
    default:
      return false;
  }
}

inline Error mysql_connect_error(const TargetUrl& url, std::string_view message, int server_code = 0) {
  Error e(ErrorKind::TargetConnect, "cannot connect to MySQL at " + url.host + ":" +
                                        std::to_string(url.effective_port()) + "/" + url.database + ": " +
                                        mysql_one_line(message));
  e.server_code = server_code;
  e.transient = mysql_error_transient(server_code);
  return e;
}

}  // namespace litelift
