#include "engines/engine_registry.hpp"

#include <cctype>

#include "engines/mysql/mysql_target.hpp"
#include "engines/postgres/postgres_target.hpp"
#include "mapping/error.hpp"

namespace litelift {

const std::vector<const Engine*>& engines() {
  static const std::vector<const Engine*> all = {&postgres_engine(), &mysql_engine()};
  return all;
}

const Engine* find_engine(std::string_view scheme) {
  std::string lower(scheme);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const Engine* e : engines())
    for (const auto& s : e->schemes)
      if (s == lower) return e;
  return nullptr;
}

const Engine& engine_of(const TargetUrl& url) {
  const Engine* e = find_engine(url.engine);
  if (!e) throw Error(ErrorKind::Internal, "no engine for target URL scheme '" + url.engine + "'");
  return *e;
}

std::unique_ptr<Target> make_target(const TargetUrl& url, const TargetOptions& options) {
  return engine_of(url).make(url, options);
}

}  // namespace litelift
