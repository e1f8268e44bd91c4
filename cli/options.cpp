#include "cli/options.hpp"

#include <boost/program_options.hpp>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "engines/engine_registry.hpp"
#include "mapping/cast_rule.hpp"
#include "mapping/error.hpp"
#include "verify/run_report.hpp"

namespace po = boost::program_options;

namespace litelift {
namespace {

// "postgresql://user[:password]@host[:port]/database or mysql://...", from the engine registry.
std::string url_forms(bool short_form) {
  std::string out;
  for (const Engine* e : engines())
    out += (out.empty() ? "" : " or ") + (short_form ? e->name + "://..." : e->url_form);
  return out;
}

std::string engine_names() {
  std::string out;
  for (const Engine* e : engines()) out += (out.empty() ? "" : "|") + e->name;
  return out;
}

std::string usage() {
  return "usage: litelift <command> [options]\n"
         "\n"
         "commands:\n"
         "  migrate SOURCE.db --target URL   copy the SQLite database into the target, then check it\n"
         "  verify  SOURCE.db --target URL   prove the target holds what the source holds\n"
         "  audit   --target URL [--source SOURCE.db]\n"
         "                                   integrity and drift since the last audit, for cron\n"
         "  history --target URL             the runs recorded in the target's run ledger\n"
         "  schema  SOURCE.db --dialect D    print the DDL migrate would run (D: " +
         engine_names() +
         ")\n"
         "\n"
         "URL: " +
         url_forms(false) +
         "\n"
         "Run 'litelift <command> --help' for the options of a command.\n";
}

// One option per statement: the help text reads as a table in the source too.
po::options_description common_options() {
  po::options_description o("options");
  auto add = o.add_options();
  add("help,h", "show this help");
  add("target,t", po::value<std::string>(), ("target URL (" + url_forms(true) + ")").c_str());
  add("wait", po::value<double>()->default_value(0, "0"),
      "wait up to SECONDS for the target to accept connections and queries (a starting server), trying again "
      "with backoff");
  add("password-file", po::value<std::string>(), "read the target password from the first line of this file");
  add("config", po::value<std::string>(),
      "INI file with options (command-line values win); cast rules go in its [cast] section");
  add("report", po::value<std::vector<std::string>>()->composing(),
      "write the report to FILE (.json or .md); repeatable");
  add("jobs,j", po::value<int>()->default_value(2), "concurrent streams (connections to the target)");
  add("tables", po::value<std::vector<std::string>>()->composing(),
      "migrate only the tables matching these globs (case-insensitive); repeatable");
  add("exclude", po::value<std::vector<std::string>>()->composing(),
      "leave out the tables matching these globs; repeatable");
  add("cast", po::value<std::vector<std::string>>()->composing(),
      "a column's target type: TYPE=TARGET, TABLE.COLUMN=TARGET, optionally 'using epoch|epoch_ms|julianday'; "
      "repeatable");
  add("identifier-case", po::value<std::string>()->default_value("preserve"), "target names: preserve|lower|snake");
  add("skip-integrity-check", po::bool_switch(),
      "do not run PRAGMA quick_check on the source first (it reads the whole file once: ~3 s per GB cached)");
  add("busy-timeout", po::value<int>()->default_value(5),
      "seconds to wait while another process holds a lock on the source");
  add("quiet,q", po::bool_switch(), "print nothing but errors");
  add("verbose,v", po::bool_switch(), "log each phase to stderr");
  // An option several engines share (--ssl-ca) is offered once.
  std::set<std::string> offered;
  for (const Engine* e : engines())
    for (const EngineOption& opt : e->options)
      if (offered.insert(opt.name).second)
        add(opt.name.c_str(), po::value<std::string>()->default_value(opt.default_value), opt.help.c_str());
  return o;
}

po::options_description migrate_options() {
  po::options_description o("migrate options");
  auto add = o.add_options();
  add("if-exists", po::value<std::string>()->default_value("fail"),
      "when target tables exist: fail|drop|truncate|append");
  add("resume", po::bool_switch(),
      "continue the last run on this target that did not complete (failed, killed, interrupted): keep the "
      "tables it completed, empty and load the others; refused when the source changed since");
  add("on-bad-row", po::value<std::string>()->default_value("fail"),
      "a value that does not fit its column: fail (stop, nothing kept) | reject (leave the row out, list it)");
  add("rejects", po::value<std::string>(),
      "JSON Lines file for rejected rows (default: litelift-rejects-TIME.jsonl, made when needed)");
  add("max-rejects", po::value<int64_t>(), "stop once more than N rows are rejected");
  add("batch-rows", po::value<int>()->default_value(4096), "rows per batch in flight");
  add("lock-timeout", po::value<double>()->default_value(0, "0"),
      "wait up to SECONDS for another litelift migrate on the same target to finish (default: fail at once)");
  add("ledger-table", po::value<std::string>()->default_value(kDefaultLedgerTable),
      "the target table that records every run (litelift history)");
  return o;
}

// The options as given, for the run ledger: the URL redacted.
std::vector<RecordedOption> recorded_options(const po::variables_map& vm, const TargetUrl& target) {
  std::vector<RecordedOption> out;
  for (const auto& [name, value] : vm) {
    if (name == "help") continue;
    RecordedOption o;
    o.name = name;
    const boost::any& v = value.value();
    if (name == "target")
      o.values.push_back(target.redacted());
    else if (const auto* s = boost::any_cast<std::string>(&v))
      o.values.push_back(*s);
    else if (const auto* list = boost::any_cast<std::vector<std::string>>(&v)) {
      o.values = *list;
      o.list = true;
    } else if (const auto* i = boost::any_cast<int>(&v))
      o.values.push_back(std::to_string(*i));
    else if (const auto* l = boost::any_cast<int64_t>(&v))
      o.values.push_back(std::to_string(*l));
    else if (const auto* u = boost::any_cast<uint64_t>(&v))
      o.values.push_back(std::to_string(*u));
    else if (const auto* d = boost::any_cast<double>(&v)) {
      std::ostringstream text;
      text << *d;
      o.values.push_back(text.str());
    } else if (const auto* b = boost::any_cast<bool>(&v))
      o.values.push_back(*b ? "true" : "false");
    else
      continue;
    out.push_back(std::move(o));
  }
  return out;
}

// What the values should look like in the target: migrate applies these,
// verify and audit expect them (give them the same values).
po::options_description value_options() {
  po::options_description o("value options (give verify and audit the migration's)");
  auto add = o.add_options();
  add("invalid-utf8", po::value<std::string>()->default_value("fail"),
      "text that is not valid UTF-8: fail|replace|reject");
  add("nul", po::value<std::string>()->default_value("fail"),
      "U+0000 in text where the target cannot store it (PostgreSQL): fail|strip|reject");
  add("normalize", po::value<std::string>()->default_value("none"), "Unicode normalisation of text: none|nfc");
  add("orphans", po::value<std::string>()->default_value("fail"),
      "rows whose foreign key matches no parent: fail (stop before writing) | keep (load them, key unchecked) | "
      "null (set the key to NULL) | reject (leave the rows out, list them)");
  return o;
}

po::options_description check_options(const std::string& command) {
  po::options_description o(command == "migrate" ? "check options (after loading)" : "check options");
  auto add = o.add_options();
  if (command == "migrate")
    add("verify", po::value<std::string>()->default_value("full"),
        "check after loading: none | counts (rows per table) | full (every row, orphans, schema)");
  else
    add("verify", po::value<std::string>()->default_value("full"),
        "counts (rows per table, orphans, schema) | full (also every row, by checksums)");
  if (command == "verify" || command == "audit")
    add("rejects", po::value<std::string>(), "the migration's reject file: its rows are expected missing");
  add("sample", po::value<double>()->default_value(1.0),
      "compare this fraction (0 < P <= 1) of each table's key ranges, picked by --seed");
  add("seed", po::value<uint64_t>()->default_value(0), "picks the sampled key ranges (same seed, same ranges)");
  add("show", po::value<int>()->default_value(10), "differing rows to name per table");
  add("junit", po::value<std::string>(), "write the check as JUnit XML (one test case per table)");
  add("prometheus", po::value<std::string>(), "write the check's metrics for node_exporter's textfile collector");
  return o;
}

[[noreturn]] void usage_error(const std::string& m) {
  throw Error(ErrorKind::Usage, m);
}

// One of `choices` or a usage error naming the option.
std::string choice(const po::variables_map& vm, const char* option, std::initializer_list<const char*> choices) {
  std::string v = vm[option].as<std::string>();
  std::string list;
  size_t i = 0;
  for (const char* c : choices) {
    if (v == c) return v;
    list += (i == 0 ? "" : (i + 1 == choices.size() ? " or " : ", ")) + std::string(c);
    ++i;
  }
  usage_error(std::string("--") + option + " must be " + list + " (got '" + v + "')");
}

// Every option of `command`, as its --help lists them.
po::options_description command_options(const std::string& command) {
  po::options_description visible = common_options();
  if (command == "migrate") visible.add(migrate_options());
  if (command == "migrate" || command == "verify" || command == "audit") {
    visible.add(value_options());
    visible.add(check_options(command));
  }
  if (command == "audit") {
    po::options_description o("audit options");
    auto add = o.add_options();
    add("source", po::value<std::string>(), "the SQLite file the target was migrated from: also verify against it");
    add("history", po::value<std::string>(), "JSON Lines file keeping one entry per audit, for drift");
    add("history-table", po::value<std::string>(), "or keep the history in this table of the target");
    add("ledger-table", po::value<std::string>()->default_value(kDefaultLedgerTable),
        "migrate's run ledger in the target: not audited as a user table");
    visible.add(o);
  }
  if (command == "history") {
    po::options_description o("history options");
    o.add_options()("ledger-table", po::value<std::string>()->default_value(kDefaultLedgerTable),
                    "the run ledger's table");
    visible.add(o);
  }
  if (command == "schema") {
    po::options_description o("schema options");
    o.add_options()("dialect", po::value<std::string>(), ("the target's SQL: " + engine_names()).c_str());
    visible.add(o);
  }
  return visible;
}

std::string trimmed(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// Checks an INI file line by line before Boost reads it (Boost knows no line
// numbers): sections, unknown keys, values that do not parse, a
// single-valued key given twice. An option of another command is ignored,
// so migrate, verify and audit can share one file.
void check_config_file(const std::string& path, std::istream& in, const po::options_description& all,
                       const std::string& command) {
  std::map<std::string, int> seen;
  std::string section, raw;
  for (int n = 1; std::getline(in, raw); ++n) {
    auto fail = [&](const std::string& m) {
      usage_error("--config " + path + ": line " + std::to_string(n) + ": " + m);
    };
    const std::string line = trimmed(raw.substr(0, raw.find('#')));  // Boost's comments: '#' to the end of the line
    if (line.empty()) continue;
    if (line.front() == '[') {
      if (line.back() != ']') fail("'" + line + "' is not a section header");
      section = trimmed(line.substr(1, line.size() - 2));
      if (section != "cast")
        fail("unknown section [" + section + "] (the only section is [cast]; other options go before any section)");
      continue;
    }
    const size_t eq = line.find('=');
    if (eq == std::string::npos) fail("expected NAME = VALUE, got '" + line + "'");
    const std::string key = trimmed(line.substr(0, eq));
    const std::string value = trimmed(line.substr(eq + 1));
    const std::string full = section.empty() ? key : "[" + section + "] " + key;
    if (key.empty()) fail("expected NAME = VALUE, got '" + line + "'");
    if (value.empty()) fail(full + " has no value");
    const po::option_description* d = section.empty() ? all.find_nothrow(key, false) : nullptr;
    if (section.empty() && !d) {
      bool other = false;
      for (const char* c : {"migrate", "verify", "audit", "schema"})
        if (c != command && command_options(c).find_nothrow(key, false)) other = true;
      if (!other) fail("unknown option '" + key + "'");
      continue;
    }
    if (key == "config" || key == "help") fail(key + " cannot be set in a config file");
    if (d) {
      try {
        boost::any parsed;
        d->semantic()->parse(parsed, {value}, false);
      } catch (const po::error&) {
        fail(key + " = " + value + ": not a valid value (see litelift " + command + " --help)");
      }
      if (d->semantic()->is_composing()) continue;
    }
    auto [it, fresh] = seen.emplace(full, n);
    if (!fresh) fail(full + " is set twice (first on line " + std::to_string(it->second) + ")");
  }
}

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
  if (argc < 2) usage_error("no command given\n" + usage());
  std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    out.help = true;
    out.help_text = usage();
    return out;
  }
  if (command == "--version") {
    out.version = true;
    return out;
  }
  if (command != "migrate" && command != "verify" && command != "audit" && command != "schema" && command != "history")
    usage_error("unknown command '" + command +
                "' (commands: migrate, verify, audit, history, schema; see litelift --help)");
  out.command = command;

  po::options_description visible = command_options(command);
  const bool takes_source = command != "audit" && command != "history";
  po::options_description all = visible;
  if (takes_source) all.add_options()("source", po::value<std::string>(), "SQLite file");
  po::positional_options_description positional;
  if (takes_source) positional.add("source", 1);

  po::variables_map vm;
  std::vector<std::string> config_casts;
  try {
    po::store(po::command_line_parser(argc - 1, argv + 1).options(all).positional(positional).run(), vm);
    if (vm.count("config")) {
      std::string path = vm["config"].as<std::string>();
      std::ifstream f(path);
      if (!f) usage_error("--config " + path + ": cannot be read");
      check_config_file(path, f, all, command);
      f.clear();
      f.seekg(0);
      po::parsed_options parsed = po::parse_config_file(f, all, /*allow_unregistered=*/true);
      // The [cast] section holds rules as NAME = TYPE; the other unregistered
      // keys are another command's options (check_config_file said so).
      std::vector<po::option> kept;
      for (auto& o : parsed.options) {
        if (!o.unregistered) {
          kept.push_back(o);
          continue;
        }
        if (o.string_key.rfind("cast.", 0) == 0) config_casts.push_back(o.string_key.substr(5) + "=" + o.value.front());
      }
      parsed.options = kept;
      po::store(parsed, vm);
    }
    po::notify(vm);
  } catch (const po::error& e) {
    usage_error(std::string(e.what()) + " (see litelift " + command + " --help)");
  }

  const std::string synopsis =
      command == "audit" ? "litelift audit --target URL [--source SOURCE.db] [--history FILE | --history-table NAME]"
      : command == "history" ? "litelift history --target URL [--ledger-table NAME] [--report FILE.json]"
                             : "litelift " + command + " SOURCE.db " +
                                   (command == "schema" ? "--dialect " + engine_names() : "--target URL");
  if (vm.count("help")) {
    std::ostringstream s;
    s << "usage: " << synopsis << " [options]\n\n" << visible;
    out.help = true;
    out.help_text = s.str();
    return out;
  }
  if (!vm.count("source") && takes_source) usage_error("no SOURCE.db given (usage: " + synopsis + ")");
  if (vm.count("source")) out.source = vm["source"].as<std::string>();
  out.source_options.integrity_check = !vm["skip-integrity-check"].as<bool>();
  out.source_options.busy_timeout_seconds = vm["busy-timeout"].as<int>();
  if (out.source_options.busy_timeout_seconds < 0 || out.source_options.busy_timeout_seconds > 86400)
    usage_error("--busy-timeout must be between 0 and 86400 seconds");
  if (command == "audit") {
    if (vm.count("history")) out.history = vm["history"].as<std::string>();
    if (vm.count("history-table")) out.history_table = vm["history-table"].as<std::string>();
    if (!out.history.empty() && !out.history_table.empty()) usage_error("give --history or --history-table, not both");
    if (vm.count("history") && out.history.empty()) usage_error("--history needs a file name");
    if (vm.count("history-table") && out.history_table.empty()) usage_error("--history-table needs a table name");
  }
  if (command == "schema") {
    if (!vm.count("dialect")) usage_error("no --dialect given (usage: " + synopsis + ")");
    const Engine* e = find_engine(vm["dialect"].as<std::string>());
    if (!e) usage_error("--dialect must be " + engine_names() + " (got '" + vm["dialect"].as<std::string>() + "')");
    out.target.engine = e->name;  // renders the engine's SQL; never connects
    out.target.database = "schema";
  } else {
    if (!vm.count("target")) usage_error("no --target URL given (usage: " + synopsis + ")");
    out.target = parse_target_url(vm["target"].as<std::string>());
  }
  if (out.target.password.empty()) {
    if (vm.count("password-file"))
      out.target.password = read_password_file(vm["password-file"].as<std::string>());
    else if (const char* env = std::getenv(engine_of(out.target).password_env.c_str()))
      out.target.password = env;
  }
  for (const Engine* e : engines())
    for (const EngineOption& opt : e->options) out.target_options.values[opt.name] = vm[opt.name].as<std::string>();
  // Config-file rules first, so that command-line rules (later) win.
  std::vector<std::string> casts = config_casts;
  if (vm.count("cast"))
    for (const auto& c : vm["cast"].as<std::vector<std::string>>()) casts.push_back(c);
  for (const auto& c : casts) out.migrate.mapping.casts.push_back(parse_cast_rule(c));
  if (vm.count("tables")) out.migrate.mapping.include_tables = vm["tables"].as<std::vector<std::string>>();
  if (vm.count("exclude")) out.migrate.mapping.exclude_tables = vm["exclude"].as<std::vector<std::string>>();
  const std::string ic = choice(vm, "identifier-case", {"preserve", "lower", "snake"});
  out.migrate.mapping.identifier_case = ic == "lower"   ? IdentifierCase::Lower
                                        : ic == "snake" ? IdentifierCase::Snake
                                                        : IdentifierCase::Preserve;
  out.migrate.jobs = vm["jobs"].as<int>();
  if (out.migrate.jobs < 1 || out.migrate.jobs > 64) usage_error("--jobs must be between 1 and 64");
  if (vm.count("report")) out.reports = vm["report"].as<std::vector<std::string>>();
  for (const auto& r : out.reports) check_report_path(r);
  out.quiet = vm["quiet"].as<bool>();
  out.verbose = vm["verbose"].as<bool>();
  out.wait_seconds = vm["wait"].as<double>();
  if (!(out.wait_seconds >= 0 && out.wait_seconds <= 86400)) usage_error("--wait must be between 0 and 86400 seconds");
  if (vm.count("ledger-table")) {
    out.ledger_table = vm["ledger-table"].as<std::string>();
    if (out.ledger_table.empty()) usage_error("--ledger-table needs a table name");
  }
  if (command == "history")
    for (const auto& r : out.reports)
      if (r.size() < 5 || r.compare(r.size() - 5, 5, ".json") != 0)
        usage_error("history writes --report as JSON only (got '" + r + "')");

  if (command == "migrate") {
    std::string ie = vm["if-exists"].as<std::string>();
    if (ie == "fail")
      out.migrate.if_exists = IfExists::Fail;
    else if (ie == "drop")
      out.migrate.if_exists = IfExists::Drop;
    else if (ie == "truncate")
      out.migrate.if_exists = IfExists::Truncate;
    else if (ie == "append")
      out.migrate.if_exists = IfExists::Append;
    else
      usage_error("--if-exists must be fail, drop, truncate or append (got '" + ie + "')");
    out.migrate.resume = vm["resume"].as<bool>();
    if (out.migrate.resume && !vm["if-exists"].defaulted())
      usage_error("--resume keeps the tables of the run it continues: give --resume or --if-exists, not both");
    const bool reject_bad = choice(vm, "on-bad-row", {"fail", "reject"}) == "reject";
    out.migrate.policies.bad_value = reject_bad ? RowPolicy::Reject : RowPolicy::Fail;
    if (vm.count("rejects")) {
      out.migrate.rejects_path = vm["rejects"].as<std::string>();
      if (out.migrate.rejects_path.empty()) usage_error("--rejects needs a file name");
    }
    if (vm.count("max-rejects")) {
      out.migrate.max_rejects = vm["max-rejects"].as<int64_t>();
      if (out.migrate.max_rejects < 0) usage_error("--max-rejects must be 0 or more");
    }
    int batch = vm["batch-rows"].as<int>();
    if (batch < 1 || batch > 1000000) usage_error("--batch-rows must be between 1 and 1000000");
    out.migrate.batch_rows = static_cast<size_t>(batch);
    out.lock_timeout = vm["lock-timeout"].as<double>();
    if (!(out.lock_timeout >= 0 && out.lock_timeout <= 86400))
      usage_error("--lock-timeout must be between 0 and 86400 seconds");
    out.migrate.reserved_tables = {out.ledger_table};
    out.recorded = recorded_options(vm, out.target);
  }
  if (command == "migrate" || command == "verify" || command == "audit") {
    const std::string utf8 = choice(vm, "invalid-utf8", {"fail", "replace", "reject"});
    const std::string nul = choice(vm, "nul", {"fail", "strip", "reject"});
    out.migrate.policies.invalid_utf8 = utf8 == "reject" ? RowPolicy::Reject : RowPolicy::Fail;
    out.migrate.policies.nul = nul == "reject" ? RowPolicy::Reject : RowPolicy::Fail;
    out.migrate.mapping.replace_invalid_utf8 = utf8 == "replace";
    out.migrate.mapping.strip_nul = nul == "strip";
    out.migrate.mapping.nfc = choice(vm, "normalize", {"none", "nfc"}) == "nfc";
    const std::string orphans = choice(vm, "orphans", {"fail", "keep", "null", "reject"});
    out.migrate.orphans = orphans == "keep"     ? OrphanPolicy::Keep
                          : orphans == "null"   ? OrphanPolicy::Null
                          : orphans == "reject" ? OrphanPolicy::Reject
                                                : OrphanPolicy::Fail;
    VerifyOptions& v = out.verify;
    v.mode = command == "migrate" ? choice(vm, "verify", {"none", "counts", "full"})
                                  : choice(vm, "verify", {"counts", "full"});
    v.jobs = out.migrate.jobs;
    v.orphans = out.migrate.orphans;
    v.sample = vm["sample"].as<double>();
    if (!(v.sample > 0 && v.sample <= 1)) usage_error("--sample must be more than 0 and at most 1");
    v.seed = vm["seed"].as<uint64_t>();
    const int show = vm["show"].as<int>();
    if (show < 0 || show > 100000) usage_error("--show must be between 0 and 100000");
    v.show = static_cast<size_t>(show);
    if (command != "migrate" && vm.count("rejects")) v.rejects_path = vm["rejects"].as<std::string>();
    if (vm.count("junit")) out.junit = vm["junit"].as<std::string>();
    if (vm.count("prometheus")) out.prometheus = vm["prometheus"].as<std::string>();
  }
  return out;
}

}  // namespace litelift
