#include "pipeline/run_ledger.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "mapping/defaults.hpp"
#include "mapping/error.hpp"

namespace litelift {

namespace {

using json = nlohmann::ordered_json;

constexpr const char* kColumns =
    "id, status, tool_version, started_at, finished_at, host, pid, lock_session, source_path, source_size, "
    "source_mtime, source_pages, source_schema_hash, target, options, result, exit_code, error, tables";

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

int64_t to_int(const std::string& s) {
  int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace

RunLedger::RunLedger(TargetCatalog& catalog, const Dialect& dialect, std::string table)
    : catalog_(catalog), dialect_(dialect), table_(std::move(table)) {}

std::string RunLedger::text(const std::string& v) const {
  return sql_string_literal(v, dialect_);
}

bool RunLedger::exists() {
  return !catalog_.existing_tables({table_}).empty();
}

int64_t RunLedger::start(const RunStart& run, const std::string& lock_session) {
  const std::string t = dialect_.quote_identifier(table_);
  const std::string integer = dialect_.integer_type;
  const std::string text_type = dialect_.text_type;
  auto varchar = [&](int n) { return dialect_.varchar_prefix + "(" + std::to_string(n) + ")"; };
  catalog_.execute("CREATE TABLE IF NOT EXISTS " + t + " (id " + integer + " NOT NULL PRIMARY KEY, status " +
                   varchar(16) + " NOT NULL, tool_version " + varchar(32) + " NOT NULL, started_at " + varchar(40) +
                   " NOT NULL, finished_at " + varchar(40) + ", host " + varchar(255) + " NOT NULL, pid " + integer +
                   " NOT NULL, lock_session " + varchar(64) + " NOT NULL, source_path " + text_type +
                   " NOT NULL, source_size " + integer + ", source_mtime " + varchar(40) + ", source_pages " + integer +
                   ", source_schema_hash " + varchar(64) + ", target " + text_type + " NOT NULL, options " + text_type +
                   " NOT NULL, result " + varchar(16) + ", exit_code " + integer + ", error " + text_type +
                   ", tables " + text_type + ")");
  // Only the lock holder inserts, so the next id cannot race.
  auto next = catalog_.query("SELECT COALESCE(MAX(id), 0) + 1 FROM " + t);
  const int64_t id = next.empty() || next[0].empty() || !next[0][0] ? 1 : to_int(*next[0][0]);
  json options = json::object();
  for (const RecordedOption& o : run.options) {
    if (o.list)
      options[o.name] = o.values;
    else
      options[o.name] = o.values.empty() ? "" : o.values.front();
  }
  catalog_.execute("INSERT INTO " + t + " (" + kColumns + ") VALUES (" + std::to_string(id) + ", " + text("running") +
                   ", " + text(run.tool_version) + ", " + text(run.started_at) + ", NULL, " + text(run.host) + ", " +
                   std::to_string(run.pid) + ", " + text(lock_session) + ", " + text(run.source_path) + ", " +
                   std::to_string(run.source.size) + ", " + text(run.source.mtime) + ", " +
                   std::to_string(run.source.page_count) + ", " + text(run.source.schema_hash) + ", " +
                   text(run.target) + ", " + text(dump(options)) + ", NULL, NULL, NULL, NULL)");
  return id;
}

void RunLedger::finish(int64_t id, const RunEnd& end) {
  json tables = json::array();
  for (const LedgerTable& lt : end.tables) {
    json j;
    j["table"] = lt.table;
    j["source_table"] = lt.source_table;
    j["source_rows"] = lt.source_rows;
    j["loaded_rows"] = lt.loaded_rows;
    j["rejected_rows"] = lt.rejected_rows;
    if (lt.target_rows >= 0) j["target_rows"] = lt.target_rows;
    if (!lt.source_checksum.empty() || !lt.target_checksum.empty()) {
      j["source_checksum"] = lt.source_checksum;
      j["target_checksum"] = lt.target_checksum;
    }
    j["completed"] = lt.completed;
    tables.push_back(j);
  }
  catalog_.execute("UPDATE " + dialect_.quote_identifier(table_) + " SET status = " + text(end.status) +
                   ", finished_at = " + text(end.finished_at) + ", result = " + text(end.result) +
                   ", exit_code = " + std::to_string(end.exit_code) +
                   ", error = " + (end.error.empty() ? std::string("NULL") : text(end.error)) +
                   ", tables = " + text(dump(tables)) + " WHERE id = " + std::to_string(id));
}

std::vector<LedgerRow> RunLedger::select(const std::string& where) {
  std::vector<LedgerRow> out;
  for (const auto& r : catalog_.query(std::string("SELECT ") + kColumns + " FROM " + dialect_.quote_identifier(table_) +
                                      where + " ORDER BY id DESC")) {
    auto v = [&](size_t i) { return i < r.size() && r[i] ? *r[i] : std::string(); };
    LedgerRow row;
    row.id = to_int(v(0));
    row.status = v(1);
    row.tool_version = v(2);
    row.started_at = v(3);
    row.finished_at = v(4);
    row.host = v(5);
    row.pid = v(6);
    row.lock_session = v(7);
    row.source_path = v(8);
    row.source_size = v(9);
    row.source_mtime = v(10);
    row.source_pages = v(11);
    row.source_schema_hash = v(12);
    row.target = v(13);
    row.options = v(14);
    row.result = v(15);
    row.exit_code = v(16);
    row.error = v(17);
    row.tables = v(18);
    out.push_back(std::move(row));
  }
  return out;
}

std::optional<LedgerRow> RunLedger::running_in_session(const std::string& session) {
  if (!exists()) return std::nullopt;
  std::vector<LedgerRow> rows = select(" WHERE status = " + text("running") + " AND lock_session = " + text(session));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

void RunLedger::record_completed(int64_t id, const std::vector<std::string>& tables) {
  json j = json::array();
  for (const auto& t : tables) j.push_back({{"table", t}, {"completed", true}});
  catalog_.execute("UPDATE " + dialect_.quote_identifier(table_) + " SET tables = " + text(dump(j)) +
                   " WHERE id = " + std::to_string(id));
}

std::optional<LedgerRow> RunLedger::previous(int64_t id) {
  std::vector<LedgerRow> rows = select(" WHERE id < " + std::to_string(id));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<std::string> completed_tables(const LedgerRow& row) {
  std::vector<std::string> out;
  json t = json::parse(row.tables, nullptr, false);
  if (!t.is_array()) return out;
  for (const auto& e : t)
    if (e.is_object() && e.value("completed", false) && e.contains("table") && e["table"].is_string())
      out.push_back(e["table"].get<std::string>());
  return out;
}

std::vector<LedgerRow> RunLedger::rows() {
  if (!exists()) return {};
  return select("");
}

namespace {

// Rows loaded, summed over the tables JSON; "-" while running or unreadable.
std::string loaded_rows(const LedgerRow& r) {
  json t = json::parse(r.tables, nullptr, false);
  if (!t.is_array() || r.tables.empty()) return "-";
  int64_t n = 0;
  for (const auto& e : t) n += e.value("loaded_rows", int64_t{0});
  return std::to_string(n);
}

std::string table_count(const LedgerRow& r) {
  json t = json::parse(r.tables, nullptr, false);
  return t.is_array() && !r.tables.empty() ? std::to_string(t.size()) : "-";
}

}  // namespace

std::string history_text(const std::vector<LedgerRow>& rows, const std::string& ledger_table) {
  if (rows.empty()) return "no runs recorded in " + ledger_table + "\n";
  std::vector<std::vector<std::string>> cells;
  cells.push_back(
      {"id", "status", "result", "started", "finished", "host", "pid", "tables", "rows", "version", "source"});
  for (const LedgerRow& r : rows)
    cells.push_back({std::to_string(r.id), r.status, r.result.empty() ? "-" : r.result, r.started_at,
                     r.finished_at.empty() ? "-" : r.finished_at, r.host, r.pid, table_count(r), loaded_rows(r),
                     r.tool_version, r.source_path});
  std::vector<size_t> width(cells.front().size(), 0);
  for (const auto& row : cells)
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  // Numbers right-aligned, text left-aligned, two spaces apart; the last column unpadded.
  const std::vector<bool> numeric = {true, false, false, false, false, false, true, true, true, false, false};
  std::string out;
  for (const auto& row : cells) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      const std::string pad(width[i] - row[i].size(), ' ');
      if (i) line += "  ";
      line += numeric[i] ? pad + row[i] : (i + 1 == row.size() ? row[i] : row[i] + pad);
    }
    out += line + "\n";
  }
  for (const LedgerRow& r : rows)
    if (!r.error.empty()) out += "run " + std::to_string(r.id) + ": " + r.error + "\n";
  return out;
}

std::string history_json(const std::vector<LedgerRow>& rows) {
  json out = json::array();
  auto number_or_null = [](const std::string& s) -> json {
    if (s.empty()) return nullptr;
    return to_int(s);
  };
  for (const LedgerRow& r : rows) {
    json j;
    j["id"] = r.id;
    j["status"] = r.status;
    j["tool_version"] = r.tool_version;
    j["started_at"] = r.started_at;
    j["finished_at"] = r.finished_at.empty() ? json(nullptr) : json(r.finished_at);
    j["host"] = r.host;
    j["pid"] = number_or_null(r.pid);
    j["lock_session"] = r.lock_session;
    j["source"] = {{"path", r.source_path},
                   {"size", number_or_null(r.source_size)},
                   {"mtime", r.source_mtime},
                   {"page_count", number_or_null(r.source_pages)},
                   {"schema_hash", r.source_schema_hash}};
    j["target"] = r.target;
    json options = json::parse(r.options, nullptr, false);
    j["options"] = options.is_discarded() ? json(r.options) : options;
    j["result"] = r.result.empty() ? json(nullptr) : json(r.result);
    j["exit_code"] = number_or_null(r.exit_code);
    j["error"] = r.error.empty() ? json(nullptr) : json(r.error);
    json tables = json::parse(r.tables, nullptr, false);
    j["tables"] = r.tables.empty() || tables.is_discarded() ? json::array() : tables;
    out.push_back(j);
  }
  return dump(out) + "\n";
}

}  // namespace litelift
