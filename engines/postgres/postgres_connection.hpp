// Owned libpq handles and the one way litelift opens a libpq connection
// (the catalog and the COPY writer both use it).
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>

#include "engines/postgres/postgres_target.hpp"

namespace litelift {

struct PgConnCloser {
  void operator()(PGconn* c) const noexcept { PQfinish(c); }
};
struct PgResultClearer {
  void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using PgConnPtr = std::unique_ptr<PGconn, PgConnCloser>;
using PgResultPtr = std::unique_ptr<PGresult, PgResultClearer>;

// Connects with `params` and sets client_encoding to UTF8. Throws
// Error(TargetConnect) "cannot connect to PostgreSQL at host:port/db: ...",
// transient when the server is not taking connections: nothing answers, or
// it answers "not now" (SQLSTATE 57P03: starting up, shutting down, in
// recovery). libpq does not hand out a failed connection's SQLSTATE, so
// this asks PQpingParams, as pg_isready does: a server that answered
// anything else (a wrong password, an unknown database) is up, and the
// failure is not transient.
PgConnPtr postgres_connect(const PostgresConnectParams& params);

// Whether a statement's SQLSTATE means the server is not taking queries
// yet or any more: class 08 (connection exception), 57P01 admin_shutdown,
// 57P02 crash_shutdown, 57P03 cannot_connect_now.
bool postgres_sqlstate_transient(const std::string& sqlstate);

// Reads what is left of the statement in progress so that the connection
// takes the next one: ends a COPY FROM with an error, reads a COPY TO to its
// end, discards the results. Never throws.
void postgres_drain(PGconn* conn) noexcept;

// A diagnostic field of `result` (PG_DIAG_SQLSTATE, ...), "" when absent.
std::string postgres_error_field(const PGresult* result, int code);

// The server's message for a failed `result` without libpq's "ERROR:  "
// prefix, one line; falls back to the connection's message.
std::string postgres_server_message(const PGconn* conn, const PGresult* result);

}  // namespace litelift
