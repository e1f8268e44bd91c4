#include "engines/postgres/postgres_connection.hpp"

#include <vector>

#include "mapping/error.hpp"

namespace litelift {

bool postgres_sqlstate_transient(const std::string& sqlstate) {
  return sqlstate.rfind("08", 0) == 0 || sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03";
}

PgConnPtr postgres_connect(const PostgresConnectParams& params) {
  std::vector<const char*> keywords, values;
  for (size_t i = 0; i < params.keywords.size(); ++i) {
    keywords.push_back(params.keywords[i].c_str());
    values.push_back(params.values[i].c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  PgConnPtr conn(PQconnectdbParams(keywords.data(), values.data(), 0));
  if (conn && PQstatus(conn.get()) != CONNECTION_OK) {
    const PGPing ping = PQpingParams(keywords.data(), values.data(), 0);
    if (ping == PQPING_OK)  // up now; it may have been starting a moment ago
      conn.reset(PQconnectdbParams(keywords.data(), values.data(), 0));
    if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
      std::string reason = conn ? postgres_first_line(PQerrorMessage(conn.get())) : "out of memory";
      if (reason.find("certificate verify failed") != std::string::npos)
        reason += "; the server's certificate is not signed by the CA in sslrootcert (or --ssl-ca)";
      Error err(ErrorKind::TargetConnect, "cannot connect to PostgreSQL at " + params.location + ": " + reason);
      err.transient = ping == PQPING_REJECT || ping == PQPING_NO_RESPONSE;
      throw err;
    }
  }
  if (!conn)
    throw Error(ErrorKind::TargetConnect, "cannot connect to PostgreSQL at " + params.location + ": out of memory");
  PgResultPtr r(PQexec(conn.get(), "SET client_encoding TO 'UTF8'"));
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
    const bool lost = PQstatus(conn.get()) != CONNECTION_OK;
    Error err(lost ? ErrorKind::TargetConnect : ErrorKind::Target,
              "setting the client encoding: " + postgres_server_message(conn.get(), r.get()));
    err.sqlstate = postgres_error_field(r.get(), PG_DIAG_SQLSTATE);
    err.transient = lost || postgres_sqlstate_transient(err.sqlstate);
    throw err;
  }
  return conn;
}

void postgres_drain(PGconn* conn) noexcept {
  if (!conn) return;
  // Bounded: a connection that keeps answering "still copying" is given up on.
  for (int round = 0; round < 16; ++round) {
    PgResultPtr r(PQgetResult(conn));
    if (!r) return;
    switch (PQresultStatus(r.get())) {
      case PGRES_COPY_IN:
      case PGRES_COPY_BOTH:
        if (PQputCopyEnd(conn, "abandoned by litelift") != 1) return;
        break;
      case PGRES_COPY_OUT: {
        char* row = nullptr;
        int n = 0;
        while ((n = PQgetCopyData(conn, &row, 0)) > 0) PQfreemem(row);
        if (n == -2) return;
        break;
      }
      default:
        break;
    }
  }
}

std::string postgres_error_field(const PGresult* result, int code) {
  const char* v = result ? PQresultErrorField(result, code) : nullptr;
  return v ? v : "";
}

std::string postgres_server_message(const PGconn* conn, const PGresult* result) {
  std::string message = postgres_error_field(result, PG_DIAG_MESSAGE_PRIMARY);
  if (message.empty() && result) message = PQresultErrorMessage(result);
  if (message.empty() && conn) message = PQerrorMessage(conn);
  message = postgres_first_line(message);
  // libpq prefixes its own and the server's messages with the severity ("ERROR:  ").
  size_t p = message.find(":  ");
  if (p != std::string::npos && p > 0 && p <= 24 && message.find(' ') > p) message = message.substr(p + 3);
  return message;
}

}  // namespace litelift
