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

namespace litelift {

// Temporary defaults until every engine implements the verifier's catalog calls.
namespace {
[[noreturn]] void not_yet(const char* what) {
  throw Error(ErrorKind::Internal, std::string(what) + " is not implemented for this target");
}
}  // namespace
std::unique_ptr<TargetRowStream> TargetCatalog::read_rows(const TableRead&) {
  not_yet("read_rows");
}
std::vector<TableShape> TargetCatalog::describe_tables(const std::vector<std::string>&) {
  not_yet("describe_tables");
}
bool TargetCatalog::same_type(const TargetType&, const std::string&) const {
  not_yet("same_type");
}
std::vector<std::vector<std::optional<std::string>>> TargetCatalog::query(const std::string&) {
  not_yet("query");
}
void TargetCatalog::execute(const std::string&) {
  not_yet("execute");
}
std::vector<std::string> TargetCatalog::list_tables() {
  not_yet("list_tables");
}

}  // namespace litelift
