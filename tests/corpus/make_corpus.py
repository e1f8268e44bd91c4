#!/usr/bin/env python3
"""Builds the value-fidelity corpus: SQLite files holding every case litelift
must carry unchanged or name, and a manifest saying what must happen to them.

    make_corpus.py OUT_DIR

plain.db     an ordinary app table of everyday values: no bad rows, no casts
numbers.db   integers over the whole 64-bit range under every integer type name,
             floats that must keep their bits, +-infinity, exact decimals
             (integer and real), MONEY, booleans in their many spellings
numeric_text.db  exact decimal text in NUMERIC columns (written under a TEXT
             declaration that is then rewritten: SQLite's NUMERIC affinity
             would have made lossy REALs of it)
temporal.db  dates, times and date-times in the ISO-8601 shapes applications
             write (T or space, 1-9 fraction digits, Z and offsets), and Unix
             seconds, milliseconds and Julian days with their cast rules
text.db      Greek, emoji, NFD text, every text type name, a value longer than
             its VARCHAR(n), control characters; invalid UTF-8 in four shapes
             and a NUL; blobs of every byte; JSON and JSONB; UUIDs
types.db     ENUM, SET, YEAR, TINYINT UNSIGNED, MONEY, GEOMETRY, STRING (NUMERIC
             affinity!), a made-up FOOBAR, and columns with no declared type
names.db     reserved words, mixed case, spaces, dots, quotes, backticks,
             backslashes and Unicode in names; two table names longer than 63
             bytes sharing their first 63; a WITHOUT ROWID table with a bad row
peers.db     one table per SQLite value the peer tools lost or choked on, each
             citing its issue

corpus.json, written independently of litelift's code, gives for each file:
  "casts"     the --cast rules to pass ("table.column=timestamp using epoch")
  "temporal"  how the oracle reads numbers in those columns ("table.column": "epoch")
  "rejects"   per target ("postgresql", "mysql"), the exact rows that must be
              rejected under --on-bad-row reject --invalid-utf8 reject --nul reject:
              {"table", "rowid" or (WITHOUT ROWID) "key", "column", "refusal"},
              refusal being "bad-value", "invalid-utf8" or "nul".
Every bad row sits between good rows of the same table: those must all arrive.
The output is deterministic (no clock, no unseeded randomness).
"""
import json
import os
import sqlite3
import sys

BOTH = ("postgresql", "mysql")
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
DBL_MAX = 1.7976931348623157e308
INF = float("inf")


class AsText:
    """Bytes SQLite must store with the TEXT storage class, valid UTF-8 or not."""

    def __init__(self, data):
        self.data = data


def q(name):
    return '"' + name.replace('"', '""') + '"'


class SourceFile:
    def __init__(self, out, name, about):
        self.path = os.path.join(out, name)
        if os.path.exists(self.path):
            os.remove(self.path)
        self.db = sqlite3.connect(self.path)
        self.name, self.about = name, about
        self.casts, self.temporal, self.rejects, self.retyped = [], {}, [], []

    def script(self, sql):
        self.db.executescript(sql)

    def insert(self, table, row):
        cols = list(row)
        marks = ["CAST(? AS TEXT)" if isinstance(v, AsText) else "?" for v in row.values()]
        params = [v.data if isinstance(v, AsText) else v for v in row.values()]
        cur = self.db.execute("INSERT INTO %s (%s) VALUES (%s)" % (q(table), ", ".join(q(c) for c in cols),
                                                                   ", ".join(marks)), params)
        return cur.lastrowid

    def good(self, table, cols, rows):
        for r in rows:
            self.insert(table, dict(zip(cols, r)))

    def bad(self, table, column, refusal, row, targets=BOTH, key=None):
        """Inserts `row`, whose value in `column` must be refused on `targets` (kept on the others)."""
        rowid = self.insert(table, row)
        where = {"key": key} if key is not None else {"rowid": rowid}
        for t in targets:
            self.rejects.append(dict(target=t, table=table, column=column, refusal=refusal, **where))

    def cast(self, table, column, how):
        self.casts.append("%s.%s=timestamp using %s" % (table, column, how))
        self.temporal["%s.%s" % (table, column)] = how

    def retype(self, table, sql):
        """Replaces the table's declaration after its rows are in, so values keep the storage class
        they were inserted with (SQLite's affinity would have turned this text into a lossy REAL)."""
        self.retyped.append((table, sql))

    def finish(self):
        self.db.commit()
        if self.retyped:
            self.db.execute("PRAGMA writable_schema = ON")
            for table, sql in self.retyped:
                self.db.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (sql, table))
            self.db.commit()
        self.db.close()
        db = sqlite3.connect(self.path)
        problems = [r[0] for r in db.execute("PRAGMA integrity_check") if r[0] != "ok"]
        db.close()
        retyped = {t for t, _ in self.retyped}
        assert all(p.startswith("TEXT value in ") and p[14:].split(".")[0] in retyped for p in problems), problems
        rejects = {}
        for t in BOTH:
            rows = [{k: v for k, v in r.items() if k != "target"} for r in self.rejects if r["target"] == t]
            rejects[t] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))
        return {"file": self.name, "about": self.about, "casts": self.casts, "temporal": self.temporal,
                "rejects": rejects}


def plain(f):
    # Everyday values of the types the product has handled from the start: the harness's smoke entry.
    f.script("""
      CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email VARCHAR(100), balance DECIMAL(10,2),
                              score REAL, active BOOLEAN, born DATE, seen DATETIME, prefs JSON, photo BLOB);
      CREATE TABLE visits (customer_id INTEGER, page TEXT);
    """)
    f.good("customers", ["id", "name", "email", "balance", "score", "active", "born", "seen", "prefs", "photo"], [
        (1, "Ελένη", "eleni@example.gr", 12.5, 4.25, 1, "1980-05-17", "2024-03-01 08:15:00", '{"lang": "el"}', b"\x89PNG"),
        (2, "Bob", None, -0.01, 0.1, 0, "2000-02-29", "2024-03-01 08:15:00.5", "[]", b""),
        (3, "Zoë 🧀", "zoe@example.org", 0, None, 1, None, None, None, None),
    ])
    f.good("visits", ["customer_id", "page"], [(1, "/"), (1, "/"), (2, "/cart"), (None, None)])


def numbers(f):
    int_types = ["i INTEGER", "bi BIGINT", "n INT", "si SMALLINT", "ti TINYINT", "mi MEDIUMINT", "i2 INT2", "i8 INT8",
                 "bu BIGINT UNSIGNED", "ubi UNSIGNED BIG INT", "i11 INT(11)"]
    cols = [c.split()[0] for c in int_types]
    # ints: every integer type name holds every int64; the target column must too (no clamping, no INSERT IGNORE).
    f.script("CREATE TABLE ints (id INTEGER PRIMARY KEY, %s);" % ", ".join(int_types))
    for v in [INT64_MIN, INT64_MAX, 2**53 + 1, -(2**53 + 1), 2**31, -(2**31) - 1, 65536, 255, 0, -1, None]:
        f.insert("ints", {c: v for c in cols})
    # floats: bit-for-bit under every floating type name (FLOAT is a double in SQLite; not single precision).
    # SQLite itself stores -0.0 in a REAL column as 0.0; the untyped table in types.db keeps a real -0.0.
    f.script("CREATE TABLE floats (id INTEGER PRIMARY KEY, r REAL, d DOUBLE, dp DOUBLE PRECISION, f FLOAT);")
    for v in [-0.0, 5e-324, 2.2250738585072014e-308, DBL_MAX, -DBL_MAX, 0.1, 1 / 3, 2.3084764314988293, 1e300,
              123456.789, 2.0**53, 1e-7, None]:
        f.insert("floats", {"r": v, "d": v, "dp": v, "f": v})
    # infinities: PostgreSQL's double precision keeps them; MySQL/MariaDB has no infinity, so those rows are bad there.
    f.script("CREATE TABLE infinities (id INTEGER PRIMARY KEY, v REAL, note TEXT);")
    f.good("infinities", ["v", "note"], [(1.5, "before")])
    f.bad("infinities", "v", "bad-value", {"v": INF, "note": "9e999"}, targets=("mysql",))
    f.good("infinities", ["v", "note"], [(2.5, "between")])
    f.bad("infinities", "v", "bad-value", {"v": -INF, "note": "-9e999"}, targets=("mysql",))
    f.good("infinities", ["v", "note"], [(-3.5, "after")])
    # decimals: exact values as integers and reals (n gets text that SQLite's NUMERIC affinity turns into a lossy REAL:
    # the target must hold that REAL's shortest text); DECIMAL(20,0) holding 2^53+1; MONEY. p is DECIMAL(5,2): 1234.5 is
    # out of its range and 1.005 has a third decimal (the target would round both). Exact text: numeric_text.db.
    f.script("CREATE TABLE decimals (id INTEGER PRIMARY KEY, n NUMERIC, d DECIMAL(20,0), p DECIMAL(5,2), m MONEY);")
    dcols = ["n", "d", "p", "m"]
    f.good("decimals", dcols, [
        (42, 2**53 + 1, 123.45, 12.34),
        (0.1, -(2**53 + 1), -999.99, 1000),
        (1e-7, 0, 0.5, -5.5),
        ("12345678901234567890.123456789", 10**18, "-0.01", "12.50"),
    ])
    f.bad("decimals", "p", "bad-value", {"n": 1, "d": 1, "p": 1234.5, "m": 1})
    f.good("decimals", dcols, [(2.5, 99999999999999999, 12, 0.01)])
    f.bad("decimals", "p", "bad-value", {"n": 2, "d": 2, "p": 1.005, "m": 2})
    f.good("decimals", dcols, [(None, None, None, None), (-7, 7, 7, 7)])
    # booleans: the spellings applications store; 2 and 'maybe' are neither true nor false.
    f.script("CREATE TABLE booleans (id INTEGER PRIMARY KEY, b BOOLEAN, bb BOOL);")
    bcols = ["b", "bb"]
    f.good("booleans", bcols, [(0, "t"), (1, "f"), ("t", "true"), ("f", "false"), ("true", "TRUE")])
    f.bad("booleans", "b", "bad-value", {"b": 2, "bb": 1})
    f.good("booleans", bcols, [("false", "yes"), ("TRUE", "no")])
    f.bad("booleans", "b", "bad-value", {"b": "maybe", "bb": 0})
    f.good("booleans", bcols, [(None, 1), (1, None)])


def numeric_text(f):
    # exact: decimal literals stored as TEXT in NUMERIC columns, exactly as written. SQLite's own affinity would turn
    # them into lossy REALs on insert, so the rows go in under a TEXT declaration that is then rewritten (the values
    # keep their storage class; SQLite's integrity_check notes "TEXT value in exact.n", nothing else).
    f.script("CREATE TABLE exact (id INTEGER PRIMARY KEY, n TEXT, d TEXT);")
    f.good("exact", ["n", "d"], [("12345678901234567890.123456789", "1234567890123456789012345678.9012345678"),
                                 ("-0.000000000000000000000000000001", "0.5"), ("1e-5", "-1E+3"),
                                 ("+00012.3400", "12.3400")])
    f.bad("exact", "d", "bad-value", {"n": "1", "d": "0.12345678901"})  # DECIMAL(40,10) keeps 10 decimals
    f.good("exact", ["n", "d"], [("7", "7"), (None, None)])
    # MySQL's DECIMAL keeps at most 30 decimals (65,30 for an unconstrained NUMERIC); PostgreSQL keeps them all.
    f.bad("exact", "n", "bad-value", {"n": "0.1234567890123456789012345678901", "d": "1"}, targets=("mysql",))
    f.good("exact", ["n", "d"], [("-7", "-7")])
    f.retype("exact", "CREATE TABLE exact (id INTEGER PRIMARY KEY, n NUMERIC, d DECIMAL(40,10))")


def temporal(f):
    # dates and times of day; 2021 has no February 29th.
    f.script("CREATE TABLE dates (id INTEGER PRIMARY KEY, d DATE, t TIME);")
    f.good("dates", ["d", "t"], [("2024-02-29", "13:45:07"), ("1970-01-01", "13:45"), ("9999-12-31", "23:59:59.999999"),
                                 ("2000-01-01", "00:00:00")])
    f.bad("dates", "d", "bad-value", {"d": "yesterday", "t": "12:00:00"})
    f.good("dates", ["d", "t"], [("1999-12-31", "12:30:00.5")])
    f.bad("dates", "d", "bad-value", {"d": "2021-02-29", "t": None})
    f.good("dates", ["d", "t"], [(None, None)])
    # date-times: fractions of 1, 3, 6 and 9 digits (digits past the microsecond must be zeros), Z and offsets
    # (an offset names an instant: stored in UTC, which may change the date).
    f.script("CREATE TABLE stamps (id INTEGER PRIMARY KEY, dt DATETIME, ts TIMESTAMP);")
    for v in ["2024-02-29T13:45:07", "2024-02-29 13:45", "2024-02-29 13:45:07.1", "2024-02-29 13:45:07.123",
              "2024-02-29 13:45:07.123456", "2024-02-29 13:45:07.123456000", "2014-08-27T15:36:41.000Z",
              "2023-06-15T08:30:00+03:00", "2023-12-31T23:30:00-01:00", "2024-01-01 10:00:00 +0200", "2024-02-29"]:
        f.insert("stamps", {"dt": v, "ts": v})
    f.bad("stamps", "dt", "bad-value", {"dt": "2024-02-29 13:45:07.1234567", "ts": "2024-02-29 13:45:07.123456"})
    f.good("stamps", ["dt", "ts"], [("1999-12-31 23:59:59.999999", None)])
    f.bad("stamps", "ts", "bad-value", {"dt": None, "ts": "yesterday"})
    f.bad("stamps", "dt", "bad-value", {"dt": "2021-02-29 10:00:00", "ts": None})
    f.good("stamps", ["dt", "ts"], [(None, "2000-01-01 00:00:00")])
    # A number in a date-time column means nothing without a cast rule saying how to read it.
    f.bad("stamps", "dt", "bad-value", {"dt": 1700000000, "ts": None})
    f.good("stamps", ["dt", "ts"], [("2024-12-31 23:59:59", "2025-01-01 00:00:00")])
    # events: Unix seconds, Julian days (SQLite's julianday()) and Unix milliseconds, each with its cast rule.
    f.script("CREATE TABLE events (id INTEGER PRIMARY KEY, created INTEGER, occurred_at REAL, created_ms INTEGER);")
    f.cast("events", "created", "epoch")
    f.cast("events", "occurred_at", "julianday")
    f.cast("events", "created_ms", "epoch_ms")
    f.good("events", ["created", "occurred_at", "created_ms"], [
        (0, 2440587.5, 0), (1700000000, 2451544.5, 1647950409737), (-1, 2460000.25, 1700000000123),
        (253402300799, 2460123.123456789, -1), (None, None, None)])


def text(f):
    # texts: every text type name; 4-byte characters (utf8mb4 on MySQL); NFD kept as bytes by default; a 28-character
    # value in a VARCHAR(5) (SQLite ignores the length: litelift widens the column and says so, not a reject);
    # trailing spaces in CHARACTER(3) (a blank-padding CHAR target would change them).
    f.script("CREATE TABLE texts (id INTEGER PRIMARY KEY, t TEXT, c CHAR(10), vc VARCHAR(20), nv NVARCHAR(30), "
             "ch CHARACTER(3), cl CLOB, short VARCHAR(5));")
    tcols = ["t", "c", "vc", "nv", "ch", "cl", "short"]
    samples = ["Καλημέρα κόσμε", "🫒🍯 👍🏽 🇬🇷", "𝄞 𠜎 😀", "cafe\u0301", "tab\tnew\nline\r\n back\\slash 'single' \"double\" `tick`",
               "", "ab ", "twenty-eight characters long"]
    assert len(samples[-1]) == 28
    for s in samples[:4]:
        f.insert("texts", {c: s for c in tcols})
    # invalid UTF-8: a lone continuation byte, a truncated 3-byte sequence, an overlong '/', a UTF-16 surrogate.
    f.bad("texts", "t", "invalid-utf8", {"t": AsText(b"caf\x65\x90"), "c": "x"})
    f.insert("texts", {c: samples[4] for c in tcols})
    f.bad("texts", "t", "invalid-utf8", {"t": AsText(b"euro \xe2\x82"), "c": "x"})
    f.insert("texts", {c: samples[5] for c in tcols})
    f.bad("texts", "t", "invalid-utf8", {"t": AsText(b"\xc0\xaf"), "c": "x"})
    f.insert("texts", {"t": samples[6], "ch": samples[6]})
    f.bad("texts", "t", "invalid-utf8", {"t": AsText(b"\xed\xa0\x80"), "c": "x"})
    f.insert("texts", {"t": samples[7], "short": samples[7]})
    # PostgreSQL text cannot hold NUL; MySQL stores it.
    f.bad("texts", "t", "nul", {"t": AsText(b"a\x00b"), "c": "x"}, targets=("postgresql",))
    f.insert("texts", {c: None for c in tcols})
    # blobs: every byte, empty, and TEXT values in a BLOB column (kept as their UTF-8 bytes).
    f.script("CREATE TABLE blobs (id INTEGER PRIMARY KEY, b BLOB);")
    f.good("blobs", ["b"], [(bytes(range(256)),), (b"",), ("héllo",), ('{"json": "in a blob"}',), (b"\xc0\xaf",), (None,)])
    # docs: JSON and JSONB; an integer stored in a JSON column is a JSON number. '{not json' is no JSON;
    # PostgreSQL's jsonb keeps neither duplicate keys nor \u0000 (MariaDB's JSON is text and keeps both).
    f.script("CREATE TABLE docs (id INTEGER PRIMARY KEY, j JSON, jb JSONB);")
    docs = ['{"a": 1, "b": [true, false, null]}', '[1, 2.5e3, -1E-2, 1.5e300]', '"caf\\u00e9 \\ud83d\\ude00"',
            '{"nested": {"deep": {"x": "y"}}}', '{"n": 9007199254740993}', 42]
    for d in docs[:3]:
        f.insert("docs", {"j": d, "jb": d})
    f.bad("docs", "j", "bad-value", {"j": "{not json", "jb": "{}"})
    f.insert("docs", {"j": docs[3], "jb": docs[3]})
    f.bad("docs", "jb", "bad-value", {"j": "[]", "jb": '{"a":1,"a":2}'}, targets=("postgresql",))
    f.insert("docs", {"j": docs[4], "jb": docs[4]})
    f.bad("docs", "jb", "bad-value", {"j": "[]", "jb": '{"s": "a\\u0000b"}'}, targets=("postgresql",))
    f.insert("docs", {"j": docs[5], "jb": docs[5]})
    # One whole document, nothing after it: '2024-01-31' and '{"a": 1} x' are no JSON (PostgreSQL and MariaDB
    # refuse them), nor is a byte-order mark before it. An escaped backslash before "u0000" is no U+0000.
    # (Text that reads as a number, such as '01', would be stored as one here: JSON has NUMERIC affinity.)
    f.bad("docs", "jb", "bad-value", {"j": "[]", "jb": '{"a": 1} x'})
    f.insert("docs", {"j": '"C:\\\\u0000"', "jb": '["C:\\\\u0000", {"\\\\u0000": 1}]'})
    f.bad("docs", "jb", "bad-value", {"j": "[]", "jb": "2024-01-31"})
    f.bad("docs", "j", "bad-value", {"j": "\ufeff{}", "jb": "{}"})
    # Numbers beyond a double's range: jsonb holds them as numeric and MariaDB keeps the text. numeric keeps
    # at most 16383 digits after the point, so 1e-20000 is refused by PostgreSQL only.
    f.insert("docs", {"j": "[1e400, -1e-400]", "jb": '{"n": -1.5E+400}'})
    f.bad("docs", "jb", "bad-value", {"j": "[]", "jb": "[1e-20000]"}, targets=("postgresql",))
    f.insert("docs", {"j": None, "jb": None})
    # uuids: canonical lower-case text.
    f.script("CREATE TABLE uuids (id INTEGER PRIMARY KEY, u UUID);")
    f.good("uuids", ["u"], [("123e4567-e89b-12d3-a456-426614174000",), ("00000000-0000-0000-0000-000000000000",),
                            ("ffffffff-ffff-4fff-bfff-ffffffffffff",), (None,)])


def types(f):
    # odd_types: MySQL-dump type names and names SQLite never heard of, all holding text (or what SQLite's affinity
    # made of it: STRING has NUMERIC affinity, so '007' is stored as the integer 7 and '1e3' as 1000; the column holds
    # integers and text, so it must arrive as text).
    f.script("""CREATE TABLE odd_types (id INTEGER PRIMARY KEY, e "ENUM('a','b')", s "SET('x','y')", y YEAR,
                  tu TINYINT UNSIGNED, m MONEY, g GEOMETRY, st STRING, fb FOOBAR);""")
    f.good("odd_types", ["e", "s", "y", "tu", "m", "g", "st", "fb"], [
        ("a", "x", 1999, 0, 12.34, "POINT(1 2)", "hello", "anything"),
        ("b", "x,y", 2024, 255, 1000, "LINESTRING(0 0,1 1)", "007", "x"),
        (None, "y", None, None, -0.5, None, "1e3", None),
    ])
    # untyped: no declared type (BLOB affinity keeps every storage class as inserted). mixed holds integers, a real
    # and text: litelift must choose text, never a number. ints, blobs and reals hold one storage class each.
    f.script("CREATE TABLE untyped (id INTEGER PRIMARY KEY, mixed, ints, blobs, reals);")
    f.good("untyped", ["mixed", "ints", "blobs", "reals"], [
        (1, 1, b"\x00", -0.0), ("two", 2, b"\xff", 0.1), (3, INT64_MAX, bytes(range(8)), 5e-324),
        (2.5, INT64_MIN, b"", DBL_MAX), (None, None, None, None)])


def names(f):
    # Names the targets must quote, shorten or keep: each table a key and one value column.
    tables = [("select", "order"), ("group", "from"), ("UserName", "MiXeD Case"), ("with space", "a column"),
              ("dot.ted", "x.y"), ('quo"te', 'q"c'), ("back`tick", "b`c"), ("back\\slash", "b\\c"),
              ("ταβλή", "στήλη"), ("a" * 63 + "_one", "v"), ("a" * 63 + "_two", "c" * 70)]
    for table, column in tables:
        f.script("CREATE TABLE %s (id INTEGER PRIMARY KEY, %s TEXT);" % (q(table), q(column)))
        f.good(table, ["id", column], [(1, table), (2, column), (3, None)])
    # keyed: WITHOUT ROWID with a composite text key; its bad row is named by key, not rowid.
    f.script("CREATE TABLE keyed (region TEXT, code TEXT, price DECIMAL(5,2), PRIMARY KEY (region, code)) WITHOUT ROWID;")
    f.good("keyed", ["region", "code", "price"], [("eu", "a", 1.5), ("eu", "c", 999.99)])
    f.bad("keyed", "price", "bad-value", {"region": "eu", "code": "b", "price": 1234.5}, key={"region": "eu", "code": "b"})
    f.good("keyed", ["region", "code", "price"], [("us", "a", 2.25), ("ελ", "α", -0.5)])


def peers(f):
    # https://github.com/dimitri/pgloader/issues/921 — "double precision" as a SQLite type name broke the load.
    f.script('CREATE TABLE pgloader_921 (id INTEGER PRIMARY KEY, v double precision);')
    f.good("pgloader_921", ["v"], [(0.1,), (1 / 3,), (2.2250738585072014e-308,)])
    # https://github.com/dimitri/pgloader/issues/59 — DOUBLE columns: 'type "double" does not exist'.
    f.script("CREATE TABLE pgloader_59 (id INTEGER, amount DOUBLE, d_amount DOUBLE, d_threshold INTEGER);")
    f.good("pgloader_59", ["id", "amount", "d_amount", "d_threshold"], [(1, 19.99, 0.0, 3), (2, 1e-300, -5.25, None)])
    # https://github.com/dimitri/pgloader/issues/747 — decimal(5,2) holding 1230.99 went out as "1230.99d0". 1230.99
    # does not fit decimal(5,2) (three integer digits): a bad value, named; its neighbours arrive.
    f.script("CREATE TABLE pgloader_747 (title varchar(20), price decimal(5,2));")
    f.good("pgloader_747", ["title", "price"], [("Widget", 123.99)])
    f.bad("pgloader_747", "price", "bad-value", {"title": "Thingy", "price": 1230.99})
    f.good("pgloader_747", ["title", "price"], [("Gadget", 0.5)])
    # https://github.com/dimitri/pgloader/issues/249 — reals in an INTEGER column ("2.32d0"). 2.32 is no integer.
    f.script("CREATE TABLE pgloader_249 (id INTEGER PRIMARY KEY, price INTEGER);")
    f.good("pgloader_249", ["price"], [(12,), (0.0,)])
    f.bad("pgloader_249", "price", "bad-value", {"price": 2.32})
    f.good("pgloader_249", ["price"], [(7,)])
    # https://github.com/dimitri/pgloader/issues/73 — 'invalid input syntax for type real: "0.0d0"'.
    f.script("CREATE TABLE pgloader_73 (id INTEGER PRIMARY KEY, rank REAL);")
    f.good("pgloader_73", ["rank"], [(0.0,), (0.5,), (-1e-310,)])
    # https://github.com/dimitri/pgloader/issues/1341 — infinity in a REAL column ("#.DOUBLE-FLOAT-POSITIVE-INFINITY").
    f.script("CREATE TABLE pgloader_1341 (id INTEGER PRIMARY KEY, fuel_mmbtu_per_unit REAL);")
    f.good("pgloader_1341", ["fuel_mmbtu_per_unit"], [(5.8,)])
    f.bad("pgloader_1341", "fuel_mmbtu_per_unit", "bad-value", {"fuel_mmbtu_per_unit": INF}, targets=("mysql",))
    f.good("pgloader_1341", ["fuel_mmbtu_per_unit"], [(1.2,)])
    # https://github.com/dimitri/pgloader/issues/1314 — epoch milliseconds in a datetime read as a year
    # ("1627303906122-01-01").
    f.script("CREATE TABLE pgloader_1314 (id INTEGER PRIMARY KEY, created_at datetime);")
    f.cast("pgloader_1314", "created_at", "epoch_ms")
    f.good("pgloader_1314", ["created_at"], [(1627303906122,), (1627303906000,)])
    # https://github.com/dimitri/pgloader/issues/1381 — 1647950409737 became "+54191-06-21"; it is 2022-03-22 12:00:09.737.
    f.script("CREATE TABLE pgloader_1381 (id INTEGER PRIMARY KEY, created_at datetime);")
    f.cast("pgloader_1381", "created_at", "epoch_ms")
    f.good("pgloader_1381", ["created_at"], [(1647950409737,)])
    # https://github.com/dimitri/pgloader/issues/1618 — Prisma's DateTime columns hold Unix milliseconds.
    f.script('CREATE TABLE pgloader_1618 (id TEXT PRIMARY KEY, "createdAt" DateTime NOT NULL);')
    f.cast("pgloader_1618", "createdAt", "epoch_ms")
    f.good("pgloader_1618", ["id", "createdAt"], [("clx1", 1729843200000), ("clx2", 1729843200999)])
    # https://github.com/dimitri/pgloader/issues/100 — DATETIME columns holding 0: without a cast rule a bad value.
    f.script('CREATE TABLE pgloader_100 ("JobId" INTEGER PRIMARY KEY, "StartTime" DATETIME);')
    f.good("pgloader_100", ["StartTime"], [("2014-07-28 10:00:00",)])
    f.bad("pgloader_100", "StartTime", "bad-value", {"StartTime": 0})
    f.good("pgloader_100", ["StartTime"], [("2014-07-28 11:00:00",)])
    # https://github.com/dimitri/pgloader/issues/99 — Bacula file names that are not UTF-8 stopped the load.
    f.script('CREATE TABLE pgloader_99 ("FilenameId" INTEGER PRIMARY KEY, "Name" TEXT);')
    f.good("pgloader_99", ["Name"], [("ok.txt",)])
    f.bad("pgloader_99", "Name", "invalid-utf8", {"Name": AsText(b"caf\xe9.txt")})  # Latin-1 é
    f.good("pgloader_99", ["Name"], [("b.txt",)])
    # https://github.com/dimitri/pgloader/issues/377 — text 'null' in a BLOB column ("is not of type (UNSIGNED-BYTE 8)").
    f.script('CREATE TABLE pgloader_377 (id INTEGER PRIMARY KEY NOT NULL, json BLOB DEFAULT (null));')
    f.good("pgloader_377", ["json"], [("null",), ('{"a": 1}',), (b"\x00\xff",)])
    # https://github.com/techouse/sqlite3-to-mysql/issues/104 — 10010000000000001 arrived as 2147483647 in an INT.
    f.script("CREATE TABLE s2m_104 (id INTEGER PRIMARY KEY, v INT);")
    f.good("s2m_104", ["v"], [(10010000000000001,), (2147483648,), (-2147483649,)])
    # https://github.com/techouse/sqlite3-to-mysql/issues/3 — an INT64 type name made MySQL's CREATE TABLE fail.
    f.script("CREATE TABLE s2m_3 (id INTEGER PRIMARY KEY, rank INT64 NOT NULL, nation CHAR(5) NOT NULL);")
    f.good("s2m_3", ["rank", "nation"], [(INT64_MAX, "de"), (-1, "gr")])
    # https://github.com/techouse/sqlite3-to-mysql/issues/4 — Unix seconds in datetime columns became 0000-00-00.
    f.script("CREATE TABLE s2m_4 (id INTEGER PRIMARY KEY, created datetime);")
    f.cast("s2m_4", "created", "epoch")
    f.good("s2m_4", ["created"], [(1586822400,), (1586908800,)])
    # https://github.com/techouse/sqlite3-to-mysql/issues/32 — milliseconds in created_at became 0000-00-00.
    f.script("CREATE TABLE s2m_32 (id INTEGER PRIMARY KEY AUTOINCREMENT, name text NOT NULL, created_at datetime);")
    f.cast("s2m_32", "created_at", "epoch_ms")
    f.good("s2m_32", ["name", "created_at"], [("Sample Name", 1637995103544), ("Other", 1637995103000)])
    # https://github.com/techouse/sqlite3-to-mysql/issues/109 — BOOL became VARCHAR(255); values must stay booleans.
    f.script("CREATE TABLE s2m_109 (id INT IDENTITY, test_string VARCHAR(255) NULL, test_bool BOOL NULL);")
    f.good("s2m_109", ["id", "test_string", "test_bool"], [(1, "A string", 0), (2, "Another string", 1)])
    # https://github.com/techouse/sqlite3-to-mysql/issues/120 — a DATE column holding '2024-05-21 00:00:00'.
    f.script("CREATE TABLE s2m_120 (id INTEGER PRIMARY KEY, d DATE);")
    f.good("s2m_120", ["d"], [("2024-05-21 00:00:00",), ("2024-05-22",)])
    # https://github.com/techouse/sqlite3-to-mysql/issues/18 — a plain '2021-03-23 22:17:07' DATETIME failed to parse.
    f.script("CREATE TABLE s2m_18 (id INTEGER PRIMARY KEY, t DATETIME);")
    f.good("s2m_18", ["t"], [("2021-03-23 22:17:07",), ("2021-03-01 00:00:00",)])


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    entries = []
    # The module docstring's lines, one per file.
    about = {}
    for line in __doc__.split("corpus.json,")[0].splitlines():
        if line[:1].isalpha() and ".db" in line:
            name, what = line.split(None, 1)
            about[name] = what.strip()
        elif line.startswith(" ") and about:
            about[name] += " " + line.strip()
    for name, build in [("plain.db", plain), ("numbers.db", numbers), ("numeric_text.db", numeric_text),
                        ("temporal.db", temporal), ("text.db", text),
                        ("types.db", types), ("names.db", names), ("peers.db", peers)]:
        f = SourceFile(out, name, about[name])
        build(f)
        entries.append(f.finish())
    manifest = {
        "reject_flags": ["--on-bad-row", "reject", "--invalid-utf8", "reject", "--nul", "reject"],
        "files": entries,
    }
    with open(os.path.join(out, "corpus.json"), "w") as m:
        json.dump(manifest, m, indent=1, ensure_ascii=False, sort_keys=True)
        m.write("\n")


main()
