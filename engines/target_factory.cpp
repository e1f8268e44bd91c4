#include "engines/mysql/mysql_target.hpp"
#include "engines/postgres/postgres_target.hpp"
#include "engines/target.hpp"

namespace litelift {

std::unique_ptr<Target> make_target(const TargetUrl& url, const TargetOptions& options) {
  switch (url.scheme) {
    case TargetUrl::Scheme::Postgres: return make_postgres_target(url, options);
    case TargetUrl::Scheme::MySQL: return make_mysql_target(url, options);
  }
  return nullptr;
}

}  // namespace litelift
