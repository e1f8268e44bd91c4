// Writes the JSON, JUnit and Prometheus outputs of a verify and an audit
// whose names and values are awkward for every format (quotes, <, &,
// backslashes, newlines, control characters, invalid UTF-8, Greek, CJK),
// and expected.json with what check_verify_outputs.py should find in them.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "verify/verify_output.hpp"

using namespace litelift;

namespace {

TableVerify table(const std::string& name, int64_t rows) {
  TableVerify t;
  t.table = t.source_table = name;
  t.source_rows = t.target_rows = t.rows_compared = rows;
  t.compared = true;
  t.seconds = 0.25;
  return t;
}

VerifyResult verify_run() {
  VerifyResult r;
  r.source = "/data/shop \"&<prod>\".db";
  r.target = "postgresql://app@db/shop";
  r.server_version = "16.2";
  r.started_at = "2024-05-01T02:00:00Z";
  r.seconds = 3.75;
  r.tables.push_back(table("πελάτες", 3));
  TableVerify orders = table("orders \"2024\" <eu> & co", 5);
  orders.target_rows = 4;
  orders.counts_match = false;
  orders.missing = 1;
  orders.changed = 1;
  orders.differences.push_back({"missing", "id = 7", 1, {{"id", "7", ""}, {"note", "'a]]>b'", ""}}});
  orders.differences.push_back({"changed", "id = 9", 1, {{"note", "'x\x01y\x1b[0m'", "'x\xffy'"}}});
  r.tables.push_back(orders);
  TableVerify multi = table("line\nbreak\\back", 2);
  multi.error = "server closed the connection: \"<EOF>\" & \x07";
  r.tables.push_back(multi);
  r.tables.push_back(table("订单", 12));
  r.orphans.push_back({"target", "订单", "(customer_id) -> πελάτες (id)", 2, {"id = 1 (customer_id = 99)"}});
  r.orphans.push_back({"source", "orders \"2024\" <eu> & co", "(x) -> y (id)", 1, {}});
  r.schema.push_back({"订单", "column total", "type numeric(12,2), expected numeric(10,2) <\"&\">"});
  return r;
}

VerifyResult audit_run() {
  VerifyResult r = verify_run();
  r.command = "audit";
  r.source = "";
  r.integrity.push_back({"πελάτες", "duplicates", "(email)", 2, {"id = 4", "id = 5"}});
  r.integrity.push_back({"订单", "orphans", "(customer_id)", 2, {}});
  r.drift.push_back({"", "table added", "", "sessions"});
  r.drift.push_back({"订单", "rows", "10", "12"});
  r.previous_audit = "2024-04-30T02:00:00Z";
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: verify_outputs_writer DIR\n";
    return 2;
  }
  const std::string dir = argv[1];
  nlohmann::json expected;
  for (const auto& [name, r] : {std::pair{"verify", verify_run()}, std::pair{"audit", audit_run()}}) {
    write_verify_outputs(r, {.json = dir + "/" + name + ".json",
                             .junit = dir + "/" + name + ".xml",
                             .prometheus = dir + "/" + name + ".prom"});
    nlohmann::json tables = nlohmann::json::array();
    for (const auto& t : r.tables) tables.push_back(t.table);
    expected[name] = {{"suite", "litelift " + r.command}, {"tables", tables}, {"exit_code", r.exit_code()}};
  }
  std::ofstream(dir + "/expected.json") << expected.dump(2) << "\n";
  return 0;
}
