#!/usr/bin/env python3
"""Checks litelift's verify outputs with real parsers (ctest: verify_output_parsers).

Runs verify_outputs_writer into a fresh directory, then reads what it wrote:
  - JUnit with xml.etree.ElementTree: the suite's tests/failures/errors
    attributes match its testcases, every table is a testcase, names survive
    escaping;
  - Prometheus with prometheus_client's own text parser (Debian's
    python3-prometheus-client) and the textfile collector's rules: # HELP and
    # TYPE before a family's samples, each family once and contiguous, valid
    metric and label names, no series twice, a final newline; every family
    is documented in docs/verify.md;
  - JSON with json.load.

usage: check_verify_outputs.py WRITER OUTPUT_DIR DOCS_VERIFY_MD
   or: check_verify_outputs.py --files COMMAND JUNIT PROMETHEUS DOCS_VERIFY_MD TABLE...
       (files a real run wrote, e.g. the live audit tests')
"""
import json
import math
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

from prometheus_client.parser import text_string_to_metric_families

METRIC_NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")
LABEL_NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")
# XML 1.0 Char production.
XML_CHAR = re.compile("^[\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*$")


def fail(message):
    sys.exit("check_verify_outputs: " + message)


def check(condition, message):
    if not condition:
        fail(message)


def check_junit(path, expected, must_fail=True):
    root = ET.parse(path).getroot()
    check(root.tag == "testsuite", f"{path}: root is <{root.tag}>, expected one <testsuite>")
    check(root.get("name") == expected["suite"], f"{path}: suite name {root.get('name')!r}")
    cases = root.findall("testcase")
    failures = [c for c in cases if c.find("failure") is not None]
    errors = [c for c in cases if c.find("error") is not None]
    check(int(root.get("tests")) == len(cases), f"{path}: tests={root.get('tests')} but {len(cases)} testcases")
    check(int(root.get("failures")) == len(failures),
          f"{path}: failures={root.get('failures')} but {len(failures)} <failure>")
    check(int(root.get("errors")) == len(errors), f"{path}: errors={root.get('errors')} but {len(errors)} <error>")
    check(int(root.get("skipped")) == 0, f"{path}: skipped")
    check(float(root.get("time")) >= 0, f"{path}: time")
    names = [c.get("name") for c in cases]
    for table in expected["tables"]:
        check(table in names, f"{path}: no testcase named {table!r} (have {names!r})")
    for c in cases:
        check(c.get("classname") == "litelift." + expected["suite"].split()[1], f"{path}: classname {c.get('classname')}")
        float(c.get("time"))
        check(len([e for e in c if e.tag in ("failure", "error")]) <= 1, f"{path}: {c.get('name')!r} has two outcomes")
        for e in c.iter():
            for text in [e.text or ""] + list(e.attrib.values()):
                check(XML_CHAR.match(text), f"{path}: a character XML 1.0 forbids in {text!r}")
    if must_fail:
        check(len(failures) > 0 and len(errors) > 0, f"{path}: the fixture should fail and error")
    return len(cases), len(failures), len(errors)


def check_textfile_rules(path, text):
    """What node_exporter's textfile collector requires beyond the parser."""
    check(text.endswith("\n"), f"{path}: does not end with a newline")
    helped, typed, closed, series = set(), set(), set(), set()
    current = None
    for number, line in enumerate(text.split("\n")[:-1], 1):
        where = f"{path}:{number}"
        check(line != "", f"{where}: empty line")
        if line.startswith("# HELP ") or line.startswith("# TYPE "):
            name = line.split(" ")[2]
            check(METRIC_NAME.match(name), f"{where}: bad metric name {name!r}")
            check(name not in closed, f"{where}: family {name} appears twice")
            if current is not None and current != name:
                closed.add(current)
            current = name
            seen = helped if line.startswith("# HELP ") else typed
            check(name not in seen, f"{where}: second {line[:6]} for {name}")
            seen.add(name)
            if line.startswith("# TYPE "):
                check(line.split(" ")[3] == "gauge", f"{where}: not a gauge")
            continue
        check(not line.startswith("#"), f"{where}: stray comment")
        name = re.match(r"^[^{ ]+", line).group(0)
        check(METRIC_NAME.match(name), f"{where}: bad metric name {name!r}")
        check(name == current, f"{where}: sample of {name} outside its family ({current})")
        check(name in helped and name in typed, f"{where}: {name} without # HELP and # TYPE before it")
        series_key = line.rsplit(" ", 1)[0]
        check(series_key not in series, f"{where}: series twice: {series_key}")
        series.add(series_key)
    return helped


def check_prometheus(path, expected, documented):
    mode = os.stat(path).st_mode & 0o777
    check(mode == 0o644, f"{path}: mode {oct(mode)}, node_exporter needs to read it")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    names = check_textfile_rules(path, text)
    families = list(text_string_to_metric_families(text))
    check(sorted(f.name for f in families) == sorted(names), f"{path}: the parser saw other families")
    tables = set()
    for family in families:
        check(family.type == "gauge", f"{path}: {family.name} is {family.type}")
        check(family.name in documented, f"{path}: {family.name} is not documented in docs/verify.md")
        check(family.documentation, f"{path}: {family.name} has no help")
        for sample in family.samples:
            check(sample.name == family.name, f"{path}: sample {sample.name} in {family.name}")
            check(math.isfinite(sample.value), f"{path}: {sample.name} = {sample.value}")
            check(sample.labels.get("command") == expected["suite"].split()[1], f"{path}: {sample}")
            for label in sample.labels:
                check(LABEL_NAME.match(label) and not label.startswith("__"), f"{path}: label name {label!r}")
            if family.name == "litelift_table_rows":
                tables.add(sample.labels["table"])
    check(tables == set(expected["tables"]), f"{path}: table labels {tables!r}, expected {expected['tables']!r}")
    return len(families), sum(len(f.samples) for f in families)


def check_files(args):
    if len(args) < 4:
        fail(__doc__.strip().splitlines()[-2])
    command, junit, prom, docs, *tables = args
    with open(docs, encoding="utf-8") as f:
        documented = set(re.findall(r"`(litelift_[a-z_]+)", f.read()))
    expected = {"suite": "litelift " + command, "tables": tables}
    tests, failures, errors = check_junit(junit, expected, must_fail=False)
    families, samples = check_prometheus(prom, expected, documented)
    print(f"{command}: JUnit {tests} tests, {failures} failures, {errors} errors; "
          f"Prometheus {families} families, {samples} samples")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--files":
        check_files(sys.argv[2:])
        return
    if len(sys.argv) != 4:
        fail(__doc__.strip().splitlines()[-1])
    writer, out, docs = sys.argv[1:]
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    subprocess.run([writer, out], check=True)
    with open(docs, encoding="utf-8") as f:
        documented = set(re.findall(r"`(litelift_[a-z_]+)", f.read()))
    with open(os.path.join(out, "expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    leftovers = sorted(n for n in os.listdir(out) if not re.match(r"^(verify|audit)\.(json|xml|prom)$|^expected\.json$", n))
    check(not leftovers, f"temporary files left behind: {leftovers}")
    for run, want in expected.items():
        with open(os.path.join(out, run + ".json"), encoding="utf-8") as f:
            doc = json.load(f)
        check(doc["schema_version"] == 1 and doc["exit_code"] == want["exit_code"], f"{run}.json: header")
        check([t["name"] for t in doc["tables"]] == want["tables"], f"{run}.json: table names")
        tests, failures, errors = check_junit(os.path.join(out, run + ".xml"), want)
        families, samples = check_prometheus(os.path.join(out, run + ".prom"), want, documented)
        print(f"{run}: JUnit {tests} tests, {failures} failures, {errors} errors; "
              f"Prometheus {families} families, {samples} samples; exit {want['exit_code']}")


if __name__ == "__main__":
    main()
