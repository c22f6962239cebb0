"""The test oracle of tools/make_fixtures.py: what isomm must read from a
fixture, computed from what the generator wrote (never by running isomm).

A Truth records the declaration a fixture was rendered from: every role's
selections and note, the cell its ID is in, the warnings the reader must give
(in the reader's order), the patterns, organization and date. From it come

  NAME.expected.json          the JSON `isomm convert` / isomm_portfolio_read
                              gives (the migration policy of
                              docs/migration-policy.md, as in make_samples.py)
  NAME.expected-inspect.txt   the key lines of `isomm inspect` (text format)

A PortfolioTruth does the same for an X.1060 service portfolio read as input.
"""
import json

import make_samples as ms

FIXTURE_DIR = "tests/fixtures"

# Filled marks in the order docs/reader.md lists them (and src/reader_text.c
# reports them): the selection detail of `isomm inspect`.
MARK_ORDER = ["●", "◉", "⚫", "⬤", "■", "✓", "✔", "☑", "x", "X", "1", "TRUE"]

KIND_TEXT = {
    "isomm-v2.1": "ISOMM v2.1 self-check sheet",
    "isomm-v2.0": "ISOMM v2.0 self-check sheet",
    "x1060-portfolio": "X.1060 (ISOMM v3.1) service portfolio",
}


def write_json(path, doc):
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


class Truth:
    """A v2.1 / v2.0 self-check fixture as declared."""

    def __init__(self, cat, name, ext=".xlsx"):
        self.cat = cat
        self.name = name
        self.file = name + ext
        self.kind = "isomm-v2.1"
        self.sheet = None
        self.layout = "marker-grid"
        self.answers = {}         # role ID -> [insource set, outsource set, note, cell]
        self.reader_warnings = []  # the table's warnings, in the reader's order
        self.late_warnings = []    # form controls', patterns' and dates' warnings
        self.current = self.target = None  # pattern keys
        self.org = None
        self.date = None           # "YYYY-MM-DD"
        self.date_source = None    # "sheet" / "file"
        self.marks = set()         # filled marks used (MARK_ORDER entries)
        self.controls = None       # form controls: "ctrlProps" / "vml", how: set()
        self.control_how = set()   # {"checked", "linked"}

    def role(self, rid, cell, ins=(), out=(), note=None):
        """The role's row: its ID cell and its selections (level sets)."""
        if rid in self.answers:
            raise SystemExit(f"{self.name}: role {rid} declared twice")
        self.answers[rid] = [set(ins), set(out), note, cell]

    def mark(self, rid, side, level):
        a = self.answers[rid]
        (a[0] if side == "i" else a[1]).add(level)

    def warn(self, text):
        self.reader_warnings.append(text)

    # ---- results --------------------------------------------------------

    def rows(self):
        out = []
        for rid in self.cat.role_ids:
            ins, outs, note, _ = self.answers.get(rid, [set(), set(), None, None])
            out.append((rid, ins, outs, note))
        return out

    def warnings(self):
        w = list(self.reader_warnings)
        for rid in self.cat.role_ids:
            if rid not in self.answers:
                w.append(f"{self.sheet}: role {rid} not found in the table; treated as blank")
        w += self.late_warnings
        for rid in self.cat.role_ids:
            if rid not in self.answers:
                continue
            ins, outs, _, cell = self.answers[rid]
            for side, levels in (("insource", ins), ("outsource", outs)):
                if len(levels) >= 2:
                    lv = sorted(levels)
                    w.append(f"{self.sheet}!{cell} ({rid}): {len(lv)} marks on the {side} "
                             f"side (levels {', '.join(map(str, lv))}); kept {lv[-1]}")
        return w

    def doc(self):
        sample = {"name": self.name, "current": self.current, "target": self.target,
                  "layout": {"first_col": 1, "id_column": False, "header_row": 1}}
        doc = ms.expected_doc(self.cat, sample, self.rows())
        doc["organization"] = self.org
        doc["date"] = self.date
        doc["source"] = {"path": f"{FIXTURE_DIR}/{self.file}", "kind": self.kind,
                         "sheet": self.sheet, "layout": self.layout}
        doc["warnings"] = self.warnings()
        return doc

    def selections(self):
        if getattr(self, "selections_text", None):
            return self.selections_text
        if self.layout == "numeric":
            return "numbers 0–5 in one インソース and one アウトソース column"
        if self.layout == "form-controls":
            src = "xl/ctrlProps" if self.controls == "ctrlProps" else "legacy VML drawing"
            how = " and ".join(h for h in ("checked state", "linked cells (fmlaLink)")
                               if h.split()[0] in self.control_how)
            return f"option buttons (form controls in {src}): {how}"
        used = [m for m in MARK_ORDER if m in self.marks] or ["●"]
        return f"marks ({', '.join(used)}) in the level columns"

    def inspect(self):
        states = [ms.role_result(rid, ins, out)[0] for rid, ins, out, _ in self.rows()]
        lines = [
            f"  kind:          {KIND_TEXT[self.kind]} ({self.kind})",
            f"  sheet:         {self.sheet}",
            f"  layout:        {self.layout}",
            f"  selections:    {self.selections()}",
            f"  roles:         {len(states)}: {states.count('scored')} scored, "
            f"{states.count('declined')} declined, {states.count('blank')} blank",
        ]
        return lines + common_lines(self.cat, self.current, self.target, self.org,
                                    self.date, self.date_source, len(self.warnings()))

    def write(self, outdir):
        write_json(outdir / f"{self.name}.expected.json", self.doc())
        (outdir / f"{self.name}.expected-inspect.txt").write_text(
            "\n".join(self.inspect()) + "\n", encoding="utf-8")


def pattern_text(cat, key):
    if key is None:
        return "not found"
    return f"{cat.pattern_by_key[key]['name']} ({key})"


def common_lines(cat, current, target, org, date, date_source, nwarnings):
    if date:
        src = "from the sheet" if date_source == "sheet" else "the workbook's modification date"
        date_line = f"  date:          {date} ({src})"
    else:
        date_line = "  date:          not found"
    return [
        f"  patterns:      current {pattern_text(cat, current)}, target "
        f"{pattern_text(cat, target)}",
        f"  organization:  {org if org else 'not found'}",
        date_line,
        f"  warnings:      {nwarnings}",
    ]


class PortfolioTruth:
    """An X.1060 service portfolio fixture as declared: per service
    (recommendation key, allocation key, as_is, to_be), None for empty."""

    def __init__(self, cat, name, sheet):
        self.cat = cat
        self.name = name
        self.file = name + ".xlsx"
        self.sheet = sheet
        self.services = {}
        self.warnings = []
        self.current = self.target = None
        self.org = self.date = self.date_source = None

    def doc(self):
        services, categories = [], []
        for s in self.cat.services:
            rec, alloc, as_is, to_be = self.services.get(s["id"], (None, None, None, None))
            services.append({"id": s["id"], "category": s["category"], "name": s["name"],
                             "recommendation": rec, "allocation": alloc, "as_is": as_is,
                             "to_be": to_be, "sources": list(self.cat.sources.get(s["id"], [])),
                             "flags": []})
        for c in self.cat.categories:
            members = [e for e in services if e["category"] == c["id"]]
            a = [e["as_is"] for e in members if e["as_is"] is not None]
            t = [e["to_be"] for e in members if e["to_be"] is not None]
            categories.append({"id": c["id"], "name": c["name"],
                               "as_is": sum(a) / len(a) if a else None,
                               "to_be": sum(t) / len(t) if t else None,
                               "assessed": len(a), "total": len(members)})
        return {
            "schema": "isomm-portfolio/2",
            "organization": self.org,
            "date": self.date,
            "source": {"path": f"{FIXTURE_DIR}/{self.file}", "kind": "x1060-portfolio",
                       "sheet": self.sheet, "layout": "service-matrix"},
            "patterns": {"current": self.current, "target": self.target},
            "policy": {"merge": "min"},
            "roles": [],
            "services": services,
            "categories": categories,
            "warnings": self.warnings,
        }

    def inspect(self):
        assessed = sum(1 for v in self.services.values() if v[2] is not None)
        lines = [
            f"  kind:          {KIND_TEXT['x1060-portfolio']} (x1060-portfolio)",
            f"  sheet:         {self.sheet}",
            "  layout:        service-matrix",
            "  selections:    scores 1–5 in the 現状 (As-Is) / あるべき姿 (To-Be) columns",
            f"  services:      {assessed} of {len(self.cat.services)} assessed (with an As-Is)",
        ]
        return lines + common_lines(self.cat, self.current, self.target, self.org,
                                    self.date, self.date_source, len(self.warnings))

    def write(self, outdir):
        write_json(outdir / f"{self.name}.expected.json", self.doc())
        (outdir / f"{self.name}.expected-inspect.txt").write_text(
            "\n".join(self.inspect()) + "\n", encoding="utf-8")


def sample_inspect(cat, doc, sample):
    """Inspect lines of a re-saved sample (its expected JSON and declaration)."""
    states = [r["state"] for r in doc["roles"]]
    lines = [
        f"  kind:          {KIND_TEXT[doc['source']['kind']]} ({doc['source']['kind']})",
        f"  sheet:         {doc['source']['sheet']}",
        f"  layout:        {doc['source']['layout']}",
        "  selections:    marks (●) in the level columns",
        f"  roles:         {len(states)}: {states.count('scored')} scored, "
        f"{states.count('declined')} declined, {states.count('blank')} blank",
    ]
    return lines + common_lines(cat, doc["patterns"]["current"], doc["patterns"]["target"],
                                sample["org"], sample["date"].isoformat(), "sheet",
                                len(doc["warnings"]))


def write_error(outdir, name, message):
    """NAME.expected-error.txt: the reader's message after 'PATH: '."""
    (outdir / f"{name}.expected-error.txt").write_text(message + "\n", encoding="utf-8")
