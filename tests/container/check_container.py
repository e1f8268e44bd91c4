#!/usr/bin/env python3
"""Checks the Dockerfile and docker-compose.example.yml without a container engine.

    check_container.py ROOT [BINARY]         structure (ctest, label unit)
    check_container.py ROOT --build WORKDIR  also run the build stage's cmake
                                              commands in WORKDIR (scripts/container-check)

Dockerfile: two stages on debian:12-slim / debian:bookworm, the build stage
installs every library -dev package scripts/install-deps lists (test-only ones
aside) and configures with CMake Release; the runtime stage installs no -dev
package, copies only the binary from the build stage, runs as a non-root
USER, has ENTRYPOINT litelift; its packages are exactly the Debian packages
of the libraries the binary needs (objdump -p NEEDED -> dpkg -S), less those
the base image has.
Compose (parsed with PyYAML): db with a healthcheck; migrate running
`litelift migrate`, depends_on db service_healthy, restart "no" (the string:
an unquoted no is YAML's false); app depends_on migrate
service_completed_successfully; no password literal anywhere.
"""
import os, re, shlex, subprocess, sys, tempfile

import yaml

BASES = {"debian:12-slim", "debian:bookworm", "debian:bookworm-slim", "debian:12"}
# In debian:12-slim already (essential or required by apt).
IN_BASE = {"libc6", "libgcc-s1", "libstdc++6", "zlib1g"}
TEST_ONLY_DEV = {"libgtest-dev", "libgmock-dev", "libbenchmark-dev"}

failures = []


def check(ok, message):
    if not ok:
        failures.append(message)


def instructions(path):
    """[(INSTRUCTION, argument text)] with continuations joined and comments dropped."""
    out, pending = [], ""
    for line in open(path):
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        text = pending + stripped
        pending = ""
        word, _, rest = text.partition(" ")
        out.append((word.upper(), rest.strip()))
    return out


def stages(instrs):
    result = []
    for word, arg in instrs:
        if word == "FROM":
            parts = arg.split()
            name = parts[2] if len(parts) >= 3 and parts[1].upper() == "AS" else str(len(result))
            result.append({"base": parts[0], "name": name, "instrs": []})
        else:
            check(result, "%s before the first FROM" % word)
            if result:
                result[-1]["instrs"].append((word, arg))
    return result


def apt_packages(stage):
    packages = []
    for word, arg in stage["instrs"]:
        if word != "RUN":
            continue
        for command in re.split(r"&&|;", arg):
            words = shlex.split(command)
            if words[:2] == ["apt-get", "install"]:
                packages += [w for w in words[2:] if not w.startswith("-")]
    return packages


def install_deps_libraries(root):
    text = open(os.path.join(root, "scripts/install-deps")).read()
    block = text[text.index("PACKAGES=("):text.index(")", text.index("PACKAGES=("))]
    words = [w for line in block.splitlines() for w in line.split("#")[0].split()]
    return {w for w in words if w.endswith("-dev")} - TEST_ONLY_DEV


def needed_packages(binary):
    dump = subprocess.run(["objdump", "-p", binary], capture_output=True, text=True, check=True).stdout
    needed = re.findall(r"^\s*NEEDED\s+(\S+)", dump, re.M)
    ldd = subprocess.run(["ldd", binary], capture_output=True, text=True, check=True).stdout
    paths = dict(re.findall(r"^\s*(\S+) => (\S+)", ldd, re.M))
    packages = set()
    for lib in needed:
        check(lib in paths, "ldd does not resolve %s" % lib)
        if lib not in paths:
            continue
        owner = subprocess.run(["dpkg", "-S", os.path.realpath(paths[lib])], capture_output=True, text=True)
        if owner.returncode != 0:  # /lib is a symlink to /usr/lib on Debian 12: try the other spelling
            alt = os.path.realpath(paths[lib]).replace("/usr/lib/", "/lib/", 1)
            owner = subprocess.run(["dpkg", "-S", alt], capture_output=True, text=True)
        check(owner.returncode == 0, "no Debian package owns %s" % paths[lib])
        if owner.returncode == 0:
            packages.add(owner.stdout.split(":")[0])
    return packages


def check_dockerfile(root, binary):
    s = stages(instructions(os.path.join(root, "Dockerfile")))
    check(len(s) == 2, "expected a build and a runtime stage, found %d" % len(s))
    if len(s) != 2:
        return []
    build, runtime = s
    for st in s:
        check(st["base"] in BASES, "stage %s is based on %s, not Debian 12" % (st["name"], st["base"]))
    dev = set(apt_packages(build))
    missing = install_deps_libraries(root) - dev
    check(not missing, "build stage lacks %s (scripts/install-deps has them)" % sorted(missing))
    cmake = [arg for word, arg in build["instrs"] if word == "RUN" and arg.startswith("cmake ")]
    configure = [c for c in cmake if " --build " not in c]
    check(len(configure) == 1 and "-DCMAKE_BUILD_TYPE=Release" in configure[0].split(),
          "build stage must configure once with -DCMAKE_BUILD_TYPE=Release: %s" % configure)
    check(any(" --build " in c and "--target litelift" in c for c in cmake), "build stage must build --target litelift")
    run_packages = apt_packages(runtime)
    check(not [p for p in run_packages if p.endswith("-dev")], "runtime stage installs -dev packages: %s" % run_packages)
    copies = [arg for word, arg in runtime["instrs"] if word == "COPY"]
    check(copies == ["--from=%s /build/litelift /usr/local/bin/litelift" % build["name"]],
          "runtime stage must copy only the binary from the build stage: %s" % copies)
    users = [arg for word, arg in runtime["instrs"] if word == "USER"]
    check(users and users[-1].split(":")[0] not in ("root", "0"), "runtime stage must end as a non-root USER: %s" % users)
    entry = [arg for word, arg in runtime["instrs"] if word == "ENTRYPOINT"]
    check(entry == ['["/usr/local/bin/litelift"]'], "ENTRYPOINT must be litelift in exec form: %s" % entry)
    if binary:
        want = needed_packages(binary) - IN_BASE
        have = set(run_packages) - {"ca-certificates"}
        check(want == have, "runtime packages %s, the binary needs %s" % (sorted(have), sorted(want)))
    return configure + [c for c in cmake if " --build " in c]


def strings(node):
    if isinstance(node, dict):
        for k, v in node.items():
            yield str(k)
            yield from strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v)
    elif node is not None:
        yield str(node)


def check_compose(root):
    doc = yaml.safe_load(open(os.path.join(root, "docker-compose.example.yml")))
    services = doc.get("services", {})
    check(set(services) >= {"db", "migrate", "app"}, "services db, migrate and app: %s" % sorted(services))
    db, migrate, app = services.get("db", {}), services.get("migrate", {}), services.get("app", {})
    check("test" in db.get("healthcheck", {}), "db needs a healthcheck test")
    command = migrate.get("command", [])
    if isinstance(command, str):
        command = shlex.split(command)
    check(command[:1] == ["migrate"], "migrate service must run litelift migrate: %s" % command)
    check(migrate.get("depends_on", {}).get("db", {}).get("condition") == "service_healthy",
          "migrate must depend on db with condition service_healthy")
    check(migrate.get("restart") == "no", "migrate needs restart: \"no\" (quoted), got %r" % migrate.get("restart"))
    check(app.get("depends_on", {}).get("migrate", {}).get("condition") == "service_completed_successfully",
          "app must depend on migrate with condition service_completed_successfully")
    if "--password-file" in command:
        secret = command[command.index("--password-file") + 1]
        check(secret.startswith("/run/secrets/"), "--password-file should read a secret: %s" % secret)
    for s in strings(doc):
        check(not re.search(r"://[^/@\s]*:[^/@\s]*@", s), "a password in a URL: %s" % s)
    for service, body in services.items():
        env = body.get("environment", {})
        items = env.items() if isinstance(env, dict) else [tuple((e.split("=", 1) + [""])[:2]) for e in env]
        for key, value in items:
            if re.search(r"PASSWORD|PWD|SECRET", key) and not key.endswith("_FILE"):
                check(re.fullmatch(r"\$\{?\w+\}?", str(value or "")) is not None,
                      "%s: %s holds a literal, not a variable or a *_FILE" % (service, key))


def main():
    root = sys.argv[1]
    build_dir = None
    binary = None
    if len(sys.argv) > 3 and sys.argv[2] == "--build":
        build_dir = sys.argv[3]
    elif len(sys.argv) > 2:
        binary = sys.argv[2]
    cmake = check_dockerfile(root, binary)
    check_compose(root)
    if build_dir and not failures:
        # The build stage's commands, with its /src and /build in a work directory.
        for c in cmake:
            c = c.replace("-S .", "-S " + shlex.quote(root)).replace("/build", shlex.quote(build_dir))
            print("+ " + c, flush=True)
            subprocess.run(c, shell=True, check=True)
        built = os.path.join(build_dir, "litelift")
        version = subprocess.run([built, "--version"], capture_output=True, text=True, check=True).stdout
        print(version, end="")
        check_dockerfile(root, built)
    for f in failures:
        print("container check: " + f, file=sys.stderr)
    if not failures:
        print("container check: ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
