#include "cli/options.hpp"

#include <boost/program_options.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "mapping/error.hpp"
#include "verify/run_report.hpp"

namespace po = boost::program_options;

namespace litelift {
namespace {

const char* kUsage =
    "usage: litelift <command> [options]\n"
    "\n"
    "commands:\n"
    "  migrate SOURCE.db --target URL   copy the SQLite database into the target, then check it\n"
    "  verify  SOURCE.db --target URL   compare source and target (row counts)\n"
    "\n"
    "URL: postgresql://user[:password]@host[:port]/db[?sslmode=...] or mysql://user[:password]@host[:port]/db\n"
    "Run 'litelift <command> --help' for the options of a command.\n";

po::options_description common_options() {
  po::options_description o("options");
  o.add_options()
      ("help,h", "show this help")
      ("target,t", po::value<std::string>(), "target URL (postgresql://... or mysql://...)")
      ("password-file", po::value<std::string>(), "read the target password from the first line of this file")
      ("config", po::value<std::string>(), "INI file with options (command-line values win)")
      ("report", po::value<std::vector<std::string>>()->composing(), "write the report to FILE (.json or .md); repeatable")
      ("mysql-collation", po::value<std::string>()->default_value("utf8mb4_unicode_ci"), "collation of MySQL tables and sessions")
      ("jobs,j", po::value<int>()->default_value(2), "concurrent streams (connections to the target)")
      ("quiet,q", po::bool_switch(), "print nothing but errors")
      ("verbose,v", po::bool_switch(), "log each phase to stderr");
  return o;
}

po::options_description migrate_options() {
  po::options_description o("migrate options");
  o.add_options()
      ("if-exists", po::value<std::string>()->default_value("fail"), "when target tables exist: fail|drop|truncate|append")
      ("verify", po::value<std::string>()->default_value("counts"), "check after loading: none|counts")
      ("batch-rows", po::value<int>()->default_value(4096), "rows per batch in flight");
  return o;
}

[[noreturn]] void usage_error(const std::string& m) { throw Error(ErrorKind::Usage, m); }

std::string read_password_file(const std::string& path) {
  std::ifstream f(path);
  if (!f) usage_error("--password-file " + path + ": cannot be read");
  std::string line;
  std::getline(f, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

CliOptions parse_options(int argc, char** argv) {
  CliOptions out;
  if (argc < 2) usage_error(std::string("no command given\n") + kUsage);
  std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    out.help = true;
    out.help_text = kUsage;
    return out;
  }
  if (command == "--version") {
    out.version = true;
    return out;
  }
  if (command != "migrate" && command != "verify")
    usage_error("unknown command '" + command + "' (commands: migrate, verify; see litelift --help)");
  out.command = command;

  po::options_description visible = common_options();
  if (command == "migrate") visible.add(migrate_options());
  po::options_description all = visible;
  all.add_options()("source", po::value<std::string>(), "SQLite file");
  po::positional_options_description positional;
  positional.add("source", 1);

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc - 1, argv + 1).options(all).positional(positional).run(), vm);
    if (vm.count("config")) {
      std::string path = vm["config"].as<std::string>();
      std::ifstream f(path);
      if (!f) usage_error("--config " + path + ": cannot be read");
      po::store(po::parse_config_file(f, all), vm);
    }
    po::notify(vm);
  } catch (const po::error& e) {
    usage_error(std::string(e.what()) + " (see litelift " + command + " --help)");
  }

  if (vm.count("help")) {
    std::ostringstream s;
    s << "usage: litelift " << command << " SOURCE.db --target URL [options]\n\n" << visible;
    out.help = true;
    out.help_text = s.str();
    return out;
  }
  if (!vm.count("source")) usage_error("no SOURCE.db given (usage: litelift " + command + " SOURCE.db --target URL)");
  if (!vm.count("target")) usage_error("no --target URL given (usage: litelift " + command + " SOURCE.db --target URL)");
  out.source = vm["source"].as<std::string>();
  out.target = parse_target_url(vm["target"].as<std::string>());
  if (out.target.password.empty()) {
    if (vm.count("password-file")) out.target.password = read_password_file(vm["password-file"].as<std::string>());
    else if (const char* env = std::getenv(out.target.scheme == TargetUrl::Scheme::Postgres ? "PGPASSWORD" : "MYSQL_PWD"))
      out.target.password = env;
  }
  out.target_options.mysql_collation = vm["mysql-collation"].as<std::string>();
  for (char c : out.target_options.mysql_collation)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') usage_error("--mysql-collation: not a collation name");
  out.migrate.jobs = vm["jobs"].as<int>();
  if (out.migrate.jobs < 1 || out.migrate.jobs > 64) usage_error("--jobs must be between 1 and 64");
  if (vm.count("report")) out.reports = vm["report"].as<std::vector<std::string>>();
  for (const auto& r : out.reports) check_report_path(r);
  out.quiet = vm["quiet"].as<bool>();
  out.verbose = vm["verbose"].as<bool>();

  if (command == "migrate") {
    std::string ie = vm["if-exists"].as<std::string>();
    if (ie == "fail") out.migrate.if_exists = IfExists::Fail;
    else if (ie == "drop") out.migrate.if_exists = IfExists::Drop;
    else if (ie == "truncate") out.migrate.if_exists = IfExists::Truncate;
    else if (ie == "append") out.migrate.if_exists = IfExists::Append;
    else usage_error("--if-exists must be fail, drop, truncate or append (got '" + ie + "')");
    out.verify_mode = vm["verify"].as<std::string>();
    if (out.verify_mode != "none" && out.verify_mode != "counts")
      usage_error("--verify must be none or counts (got '" + out.verify_mode + "')");
    int batch = vm["batch-rows"].as<int>();
    if (batch < 1 || batch > 1000000) usage_error("--batch-rows must be between 1 and 1000000");
    out.migrate.batch_rows = static_cast<size_t>(batch);
  }
  return out;
}

}  // namespace litelift
