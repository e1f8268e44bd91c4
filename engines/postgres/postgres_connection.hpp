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
// Error(TargetConnect) "cannot connect to PostgreSQL at host:port/db: ...".
PgConnPtr postgres_connect(const PostgresConnectParams& params);

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
