#!/usr/bin/env python3
"""Check the library's layering against docs/architecture.md.

  python3 tools/check_layers.py [--doc docs/architecture.md] OBJECT...

OBJECT are the compiled objects of the library and of the CLI (ctest passes
them: the test `layers`). From the objects' symbols (nm) and the sources'
includes it checks what docs/architecture.md promises:

  1. every folder of src/ has exactly one header;
  2. a file includes only the public headers, its own folder's header and
     the headers of the folders its folder may use (the CLI: only the
     public headers and its own);
  3. a file calls only into its own folder and the folders it may use;
  4. no two files depend on each other, directly or around a circle;
  5. every global symbol the library defines has a prefix of its own
     (isomm_ for the public API, the folder prefixes for internals), so it
     cannot take the place of another library's symbol.

Exit status 0 when all hold, 1 otherwise (each violation is printed).
"""
import argparse
import os
import re
import subprocess
import sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PREFIXES = ("isomm_", "core_", "catalog_", "ooxml_", "reader_", "migrate_",
            "advice_", "export_", "xw_", "rollup_", "trend_")


# The other libraries' functions the isomm program (never the library)
# defines in their place.
PROGRAM_OVERRIDES = ("lxw_", "_write_", "zipOpenNewFileInZip")


def read_rules(doc):
    """{folder: set of folders it may use} from the table of the doc."""
    rules = {}
    row = re.compile(r"^\|\s*`src/([a-z0-9_]+)/`\s*\|.*\|\s*([^|]*)\|\s*$")
    for line in open(doc, encoding="utf-8"):
        m = row.match(line.strip())
        if not m:
            continue
        uses = {u.strip().strip("`").strip("/").replace("src/", "")
                for u in m.group(2).split(",")}
        rules[m.group(1)] = {u for u in uses if u and u not in ("—", "-", "nothing")}
    return rules


def source_of(obj):
    """src/read/table.c for .../CMakeFiles/x.dir/src/read/table.c.o."""
    m = re.search(r"\.dir/(.*)\.o$", obj)
    path = m.group(1) if m else obj
    i = path.find("src/")
    return path[i:] if i >= 0 else os.path.basename(path)


def folder_of(src):
    parts = src.split("/")
    if len(parts) >= 3 and parts[0] == "src":
        return parts[1]
    if src.endswith("catalog_data.c"):  # generated from templates/
        return "catalog"
    return None


def symbols(obj):
    out = subprocess.run(["nm", "-P", obj], check=True, capture_output=True,
                         text=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        f = line.split()
        if len(f) < 2:
            continue
        name, kind = f[0], f[1]
        if kind == "U":
            used.add(name)
        elif kind.isupper() and kind != "N":
            defined.add(name)
    return defined, used


def includes(path):
    found = []
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
        if m:
            found.append((n, m.group(1)))
    return found


def check_headers(rules, problems):
    for folder in sorted(rules):
        d = os.path.join(ROOT, "src", folder)
        if not os.path.isdir(d):
            problems.append(f"src/{folder}/ is in the doc's table but not in the tree")
            continue
        headers = sorted(f for f in os.listdir(d) if f.endswith(".h"))
        if len(headers) != 1:
            problems.append(f"src/{folder}/ has {len(headers)} headers ({', '.join(headers)}); "
                            "one internal header per folder")
    for folder in sorted(os.listdir(os.path.join(ROOT, "src"))):
        if os.path.isdir(os.path.join(ROOT, "src", folder)) and folder not in rules:
            problems.append(f"src/{folder}/ is missing from the table of docs/architecture.md")


def header_of(folder):
    d = os.path.join(ROOT, "src", folder)
    hs = [f for f in os.listdir(d) if f.endswith(".h")] if os.path.isdir(d) else []
    return hs[0] if len(hs) == 1 else None


def check_includes(rules, problems):
    for folder, uses in sorted(rules.items()):
        d = os.path.join(ROOT, "src", folder)
        if not os.path.isdir(d):
            continue
        own = header_of(folder)
        for name in sorted(os.listdir(d)):
            if not name.endswith((".c", ".h")):
                continue
            for line, inc in includes(os.path.join(d, name)):
                if inc.startswith("isomm/"):
                    continue
                if folder == "cli":
                    ok = "/" not in inc and inc == own
                elif "/" not in inc:
                    ok = inc == own
                else:
                    dep, hdr = inc.split("/", 1)
                    ok = (dep == folder or dep in uses) and hdr == header_of(dep)
                if not ok:
                    problems.append(f"src/{folder}/{name}:{line}: includes \"{inc}\", "
                                    f"which src/{folder}/ may not use")


def circles(edges, nodes):
    """Strongly connected components with more than one file (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def check_symbols(rules, objects, problems):
    defined_in, uses = {}, {}
    for obj in objects:
        src = source_of(obj)
        d, u = symbols(obj)
        uses[src] = u
        for name in d:
            if name.startswith("__"):  # the compiler's own (__odr_asan.x, …)
                continue
            if folder_of(src) == "cli" and name.startswith(PROGRAM_OVERRIDES):
                # the program standing in for libxlsxwriter's or minizip's
                # function (src/cli/scratch.c, zip_level.c, xml_writer.c):
                # a call to it from the library is a call to that library
                continue
            defined_in[name] = src
            if folder_of(src) != "cli" and not name.startswith(PREFIXES):
                problems.append(f"{src}: defines the global symbol {name}, which has no "
                                "isomm prefix (it could take the place of another "
                                "library's symbol)")
    edges = defaultdict(set)
    why = defaultdict(set)
    for src, used in uses.items():
        for name in used:
            dst = defined_in.get(name)
            if dst and dst != src:
                edges[src].add(dst)
                why[(src, dst)].add(name)
    for src in sorted(edges):
        a = folder_of(src)
        for dst in sorted(edges[src]):
            b = folder_of(dst)
            if a and b and a != b and b not in rules.get(a, set()) and \
                    not (a == "cli" and "libisomm" in " ".join(rules.get("cli", []))):
                names = ", ".join(sorted(why[(src, dst)])[:4])
                problems.append(f"{src} calls into src/{b}/ ({dst}: {names}), which "
                                f"src/{a}/ may not use")
    for comp in circles(edges, set(uses)):
        ties = []
        for s in comp:
            for t in comp:
                if t in edges[s]:
                    ties.append(f"{s} -> {t} ({', '.join(sorted(why[(s, t)])[:3])})")
        problems.append("files depending on each other: " + "; ".join(ties))
    return len(uses), sum(len(v) for v in edges.values())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--doc", default=os.path.join(ROOT, "docs", "architecture.md"))
    ap.add_argument("objects", nargs="*")
    args = ap.parse_args()
    # ctest passes each generator list as one argument, joined by ';'.
    args.objects = [o for a in args.objects for o in a.split(";") if o]
    rules = read_rules(args.doc)
    problems = []
    if not rules:
        problems.append(f"{args.doc}: no table of folders (| `src/x/` | … | may use |) found")
    check_headers(rules, problems)
    check_includes(rules, problems)
    files, deps = check_symbols(rules, args.objects, problems) if args.objects else (0, 0)
    for p in problems:
        print("layers:", p)
    if problems:
        print(f"layers: {len(problems)} problem(s)")
        return 1
    print(f"layers: {len(rules)} folders, {files} files, {deps} file dependencies: "
          "no cycle, every dependency downward")
    return 0


if __name__ == "__main__":
    sys.exit(main())
