#!/usr/bin/env python3
"""Dated series of assessments and what isomm must make of them (issue 11).

Usage:  python3 tools/make_trend.py [OUTDIR]      (default: <repo>/tests/series)

Writes, all from declarations in this file:

  delta/delta-2019.xlsx    ISOMM v2.1 sheet of デルタ電機株式会社, 評価日 2019-04-01
  delta/delta-2021.xlsx    ISOMM v2.1 sheet, the name in half-width kana, 評価日 as text
  delta/delta-2024.xlsx    X.1060 service portfolio (textbook service matrix), 令和6年3月15日
  later/delta-2025.xlsx    X.1060 service portfolio, 2025/03/14 (a fourth assessment)
  NAME.expected.json       for each of them: the portfolio `isomm convert --format json`
                           must write (the migration, or the portfolio's own values)
  delta.expected-trend.json / .csv     `isomm trend` of the three (isomm-trend/1)
  delta4.expected-trend.json           ... of the four
  delta.expected-cells.tsv, delta4…    cells of the trend workbooks: sheet, cell, value
                           (n:number, s:text, - blank)
  refused/undated.xlsx     デルタ's v2.1 sheet without a date (only the file's)
  refused/kappa-2022.xlsx  another organization's sheet
  group/                   a group folder: イプシロン証券 twice (2024, then 2022 in
                           file order) and ゼータ物流 once
  group.expected.csv       `isomm group group --format csv`: the latest of each
  group.expected-cells.tsv      its workbook's 概要 and 前回比 rows

The v2.1 sheets are rendered and migrated by tools/make_samples.py (its oracle of
the migration policy); the service portfolios are written here with openpyxl and
described by tools/fixture_oracle.py's PortfolioTruth.
The trend is computed from the declared values by the rules of docs/trend.md,
never by running isomm. Byte-for-byte reproducible.
"""
import datetime
import hashlib
import io
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_samples as ms  # noqa: E402  (also finds Debian's openpyxl)
from fixture_oracle import PortfolioTruth  # noqa: E402

import openpyxl  # noqa: E402

REPO = ms.REPO
BASE = "tests/series"   # paths in the expectations, as the tests give them
ORG = "デルタ電機株式会社"
TIE = 1e-9
TOP = 5


def h(*parts):
    return hashlib.sha256(":".join(map(str, parts)).encode()).digest()[0]


def v21(name, org, date, current, target, rin, rout, overrides, date_as_text=False):
    base = ms.SAMPLES[0]
    return {
        "name": name, "org": org, "date": date, "current": current, "target": target,
        "range_in": rin, "range_out": rout, "overrides": overrides,
        "layout": base["layout"],
        "prep": dict(base["prep"], date_as_text=date_as_text),
        "result_sheet": False, "shared_strings": True,
    }


V21 = {
    "delta-2019": v21("delta-2019", ORG, datetime.date(2019, 4, 1), "minimum-insource",
                      "hybrid", (1, 3), (1, 3), {
                          "A-1": ("i2", "方針は情報システム部で作成"),
                          "B-2": ("", "未評価"),
                          "C-2": ("o0", "フォレンジックは委託しない"),
                          "E-5": ("o0", None),
                          "G-9": ("", None),
                          "H-1": ("i1", None),
                      }),
    "delta-2021": v21("delta-2021", "ﾃﾞﾙﾀ電機株式会社", datetime.date(2021, 4, 12), "hybrid",
                      "minimum-outsource", (2, 4), (1, 3), {
                          "A-1": ("i3", "CISO 承認を得た"),
                          "B-2": ("o3", None),
                          "C-2": ("o2", "方針を変更して委託"),
                          "D-3": ("i2 o3", None),
                          "E-5": ("o0", None),
                          "H-1": ("i3", None),
                      }, date_as_text=True),
}

REC = ["basic", "standard", "advanced", "optional"]
REC_LABEL = {"basic": "ベーシック", "standard": "スタンダード", "advanced": "アドバンスド",
             "optional": "オプション", "not-required": "不要"}
ALLOC_LABEL = {"insource": "インソース", "outsource": "アウトソース", "combined": "併用",
               "unassigned": "未割り当て"}


def portfolio_from(cat, before, seed, not_required, moves):
    """Per service (rec, alloc, as_is, to_be) of a portfolio that grew from the
    portfolio document `before`: As-Is moved by -1..+2, To-Be set, a few
    services 不要, a few allocations moved."""
    out = {}
    for s in before["services"]:
        sid = s["id"]
        if sid in not_required:
            out[sid] = ("not-required", None, None, None)
            continue
        was = s["as_is"] if s["as_is"] is not None else 2
        as_is = max(1, min(5, was + (h(seed, sid) % 4) - 1))
        if h(seed, "blank", sid) % 17 == 0:
            as_is = None
        to_be = None if as_is is None else min(5, max(as_is, 3 + h(seed, "tb", sid) % 3))
        alloc = s["allocation"] if s["allocation"] not in (None, "unassigned") else "insource"
        alloc = moves.get(sid, alloc)
        rec = before_rec = s["recommendation"]
        if before_rec in (None, "not-required"):
            rec = REC[h(seed, "rec", sid) % 4]
        out[sid] = (rec, alloc, as_is, to_be)
    return out


def x1060_doc(cat, path, org, date, current, target, values):
    """The portfolio document of a service matrix as declared."""
    t = PortfolioTruth(cat, Path(path).stem, "サービスポートフォリオ")
    t.services = dict(values)
    t.org, t.date, t.current, t.target = org, date, current, target
    doc = t.doc()
    doc["source"]["path"] = path
    return doc


def x1060_book(cat, org, date_text, current, target, values):
    """The textbook's service matrix as a user fills it in openpyxl."""
    wb = openpyxl.Workbook()
    props = wb.properties
    props.creator = props.lastModifiedBy = "isomm tools/make_trend.py"
    props.created = props.modified = ms.FIXED_TIME
    ws = wb.active
    ws.title = "サービスポートフォリオ"
    ws["A1"] = "セキュリティ対応組織 サービスポートフォリオ"
    rows = [("組織名", org), ("評価日", date_text),
            ("現状のパターン", cat.pattern_by_key[current]["name"]),
            ("目標のパターン", cat.pattern_by_key[target]["name"])]
    for i, (label, value) in enumerate(rows):
        ws.cell(row=2 + i, column=1, value=label)
        ws.cell(row=2 + i, column=2, value=value)
    head = ["ID", "サービス", "推奨レベル", "サービス割り当て", "現状 (As-Is)", "あるべき姿 (To-Be)"]
    for col, text in enumerate(head, 1):
        ws.cell(row=7, column=col, value=text)
    for r, s in enumerate(cat.services, 8):
        rec, alloc, as_is, to_be = values[s["id"]]
        ws.cell(row=r, column=1, value=s["id"])
        ws.cell(row=r, column=2, value=s["name"])
        ws.cell(row=r, column=3, value=REC_LABEL.get(rec))
        ws.cell(row=r, column=4, value=ALLOC_LABEL.get(alloc))
        ws.cell(row=r, column=5, value=as_is)
        ws.cell(row=r, column=6, value=to_be)
    ws.column_dimensions["B"].width = 36
    return ms.reproducible_xlsx(wb, True)


def v21_files(cat, sample, path):
    rows = ms.declare(cat, sample)
    data = ms.reproducible_xlsx(ms.build_workbook(cat, sample, rows), True)
    if ms.read_back(data, cat, sample) != rows:
        raise SystemExit(f"{sample['name']}: workbook does not read back as declared")
    doc = ms.expected_doc(cat, sample, rows)
    doc["organization"] = sample["org"].strip() if sample["org"] else None
    doc["source"]["path"] = path
    return data, doc


# --------------------------------------------------------------------------
# the trend oracle (docs/trend.md)

def mean(values):
    vals = [v for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def diff(a, b):
    return None if a is None or b is None else b - a


def same(a, b):
    return abs(a - b) <= TIE


def ranks(values, direction):
    """The rank of each value among those above 0 (direction 1) or below 0
    (direction -1), ties in item order; 0 when not ranked."""
    out = []
    for i, x in enumerate(values):
        if x is None or same(x, 0) or (x < 0 if direction > 0 else x > 0):
            out.append(0)
            continue
        r = 0
        for j, y in enumerate(values):
            if y is None:
                continue
            if not same(y, x) and (y > x if direction > 0 else y < x):
                r += 1
            elif j <= i and same(y, x):
                r += 1
        out.append(r)
    return out


def top(values, direction):
    rk = ranks(values, direction)
    return [rk.index(k) for k in range(1, TOP + 1) if k in rk]


def origin(cat, kind, sid):
    if not kind.startswith("isomm-v2"):
        return "assessed"
    return "migrated" if cat.sources.get(sid) else "new-in-x1060"


def trend_doc(cat, entries):
    """entries: [(doc, date_source)], any order."""
    entries = sorted(entries, key=lambda e: e[0]["date"])
    docs = [d for d, _ in entries]
    n, prev, last = len(docs), len(docs) - 2, len(docs) - 1
    names = [d["organization"] for d in docs if d["organization"]]
    overall = [mean([s["as_is"] for s in d["services"]]) for d in docs]
    assessments = [{
        "date": d["date"], "path": d["source"]["path"], "kind": d["source"]["kind"],
        "date_source": src, "organization": d["organization"],
        "patterns": d["patterns"], "as_is": overall[i],
        "assessed": sum(1 for s in d["services"] if s["as_is"] is not None),
        "warnings": len(d["warnings"]),
    } for i, (d, src) in enumerate(entries)]

    services, change = [], []
    for k, s in enumerate(cat.services):
        sid = s["id"]
        col = [d["services"][k] for d in docs]
        c = diff(col[0]["as_is"], col[last]["as_is"])
        change.append(c)
        services.append({
            "id": sid, "name": s["name"], "category": s["category"],
            "as_is": [e["as_is"] for e in col], "to_be": [e["to_be"] for e in col],
            "allocation": [e["allocation"] for e in col],
            "recommendation": [e["recommendation"] for e in col],
            "sources": list(cat.sources.get(sid, [])),
            "origin": [origin(cat, d["source"]["kind"], sid) for d in docs],
            "change": c,
        })
    categories, cat_change = [], []
    for k, c in enumerate(cat.categories):
        series = [d["categories"][k]["as_is"] for d in docs]
        cat_change.append(diff(series[0], series[last]))
        categories.append({"id": c["id"], "name": c["name"], "as_is": series,
                           "change": cat_change[-1]})

    def pick(items, values, idx, a, b):
        return [{"id": items[i]["id"], "name": items[i]["name"], a[0]: a[1](i), b[0]: b[1](i),
                 "change" if a[0] == "first" else "gap": values[i]} for i in idx]

    first_as = lambda i: docs[0]["services"][i]["as_is"]  # noqa: E731
    last_as = lambda i: docs[last]["services"][i]["as_is"]  # noqa: E731
    gap = [diff(s["as_is"], s["to_be"]) for s in docs[last]["services"]]
    prev_gap = [diff(s["as_is"], s["to_be"]) for s in docs[prev]["services"]]
    cfirst = lambda i: categories[i]["as_is"][0]  # noqa: E731
    clast = lambda i: categories[i]["as_is"][last]  # noqa: E731
    ps, ls = docs[prev]["services"], docs[last]["services"]
    phases = {
        "recommendation": [{"id": p["id"], "name": p["name"], "previous": p["recommendation"],
                            "latest": q["recommendation"]}
                           for p, q in zip(ps, ls) if p["recommendation"] != q["recommendation"]],
        "allocation": [{"id": p["id"], "name": p["name"], "previous": p["allocation"],
                        "latest": q["allocation"]}
                       for p, q in zip(ps, ls) if p["allocation"] != q["allocation"]],
        "as_is": [{"id": p["id"], "name": p["name"], "previous": p["as_is"],
                   "latest": q["as_is"], "change": diff(p["as_is"], q["as_is"])}
                  for p, q in zip(ps, ls) if p["as_is"] != q["as_is"]],
        "gap": [{"id": p["id"], "name": p["name"], "previous": prev_gap[i], "latest": gap[i],
                 "change": gap[i] - prev_gap[i]}
                for i, (p, q) in enumerate(zip(ps, ls))
                if prev_gap[i] is not None and gap[i] is not None and gap[i] != prev_gap[i]],
    }
    at = [0, prev, last]
    changes = {
        "first": docs[0]["date"], "previous": docs[prev]["date"], "latest": docs[last]["date"],
        "as_is": {"first": overall[0], "previous": overall[prev], "latest": overall[last],
                  "change": diff(overall[0], overall[last]),
                  "change_previous": diff(overall[prev], overall[last])},
        "improved_services": pick(cat.services, change, top(change, 1), ("first", first_as),
                                  ("latest", last_as)),
        "regressed_services": pick(cat.services, change, top(change, -1), ("first", first_as),
                                   ("latest", last_as)),
        "improved_categories": pick(cat.categories, cat_change, top(cat_change, 1),
                                    ("first", cfirst), ("latest", clast)),
        "regressed_categories": pick(cat.categories, cat_change, top(cat_change, -1),
                                     ("first", cfirst), ("latest", clast)),
        "furthest_from_to_be": [{"id": cat.services[i]["id"], "name": cat.services[i]["name"],
                                 "as_is": ls[i]["as_is"], "to_be": ls[i]["to_be"],
                                 "gap": gap[i]} for i in top(gap, 1)],
        "phases": phases,
    }
    del at
    return {"schema": "isomm-trend/1", "organization": names[-1] if names else None,
            "assessments": assessments, "services": services, "categories": categories,
            "changes": changes}


def csv_text(s, guard=False):
    s = "" if s is None else str(s)
    quote = any(ch in s for ch in ',"\n\r') or s.startswith(" ") or s.endswith(" ")
    if guard and s[:1] in ("=", "+", "-", "@", "\t"):
        s = "'" + s
    s = s.replace('"', '""')
    return f'"{s}"' if quote else s


def trend_csv(cat, doc):
    cols = ["organization", "date", "assessment", "kind", "file", "service", "service_name",
            "category", "category_name", "origin", "as_is", "to_be", "allocation",
            "recommendation"]
    lines = [",".join(cols)]
    cat_name = {c["id"]: c["name"] for c in cat.categories}
    for i, a in enumerate(doc["assessments"]):
        for s in doc["services"]:
            lines.append(",".join([
                csv_text(doc["organization"], True), a["date"], str(i + 1), a["kind"],
                csv_text(a["path"], True), s["id"], csv_text(s["name"]), s["category"],
                csv_text(cat_name[s["category"]]), s["origin"][i],
                "" if s["as_is"][i] is None else str(s["as_is"][i]),
                "" if s["to_be"][i] is None else str(s["to_be"][i]),
                s["allocation"][i] or "", s["recommendation"][i] or ""]))
    return "\r\n".join(lines) + "\r\n"


# --------------------------------------------------------------------------
# the cells of the trend workbook a user reads (the layout of docs/trend.md)

def col(i):
    """0-based column -> letters."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def cell(c, r):
    """0-based column and row -> "A1"."""
    return f"{col(c)}{r + 1}"


def val(v):
    """A TSV value: n:NUMBER, s:TEXT, or - for a blank cell or ""."""
    if v is None or v == "":
        return "-"
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return f"n:{v!r}"
    return f"s:{v}"


REC_JA = dict(REC_LABEL)
ALLOC_JA = dict(ALLOC_LABEL)


def rec_verdict(before, after):
    if after == "not-required":
        return "不要になった"
    if before == "not-required":
        return "不要ではなくなった"
    return "新たに設定" if before is None else "設定なし" if after is None else "変更"


def alloc_verdict(before, after):
    had, has = before not in (None, "unassigned"), after not in (None, "unassigned")
    return "新たに割り当て" if not had else "割り当てなし" if not has else "変更"


def trend_cells(cat, doc):
    out = []
    n = len(doc["assessments"])
    last, prev = n - 1, n - 2
    # 推移: services from row 5; assessments from column E
    ch = 4 + n
    for k, s in enumerate(doc["services"]):
        r = 4 + k
        out += [("推移", cell(0, r), val(s["id"])), ("推移", cell(1, r), val(s["name"])),
                ("推移", cell(2, r), val(s["category"])),
                ("推移", cell(3, r), val(", ".join(s["sources"]) or "（新設）"))]
        for i in range(n):
            v = "新設" if s["origin"][i] == "new-in-x1060" else s["as_is"][i]
            out.append(("推移", cell(4 + i, r), val(v)))
        gap = diff(s["as_is"][last], s["to_be"][last])
        out += [("推移", cell(ch, r), val(s["change"])),
                ("推移", cell(ch + 1, r), val(diff(s["as_is"][prev], s["as_is"][last]))),
                ("推移", cell(ch + 2, r), val(s["to_be"][last])),
                ("推移", cell(ch + 3, r), val(gap))]
    # カテゴリー推移: categories from row 5, then 全体
    cc = 2 + n
    overall = [a["as_is"] for a in doc["assessments"]]
    rows = [(c["id"], f"{c['id']}. {c['name']}", c["as_is"]) for c in doc["categories"]]
    rows.append((None, "全体（全サービス）", overall))
    for k, (cid, label, series) in enumerate(rows):
        r = 4 + k
        out += [("カテゴリー推移", cell(0, r), val(cid)), ("カテゴリー推移", cell(1, r), val(label))]
        out += [("カテゴリー推移", cell(2 + i, r), val(series[i])) for i in range(n)]
        out += [("カテゴリー推移", cell(cc, r), val(diff(series[0], series[last]))),
                ("カテゴリー推移", cell(cc + 1, r), val(diff(series[prev], series[last])))]
    # サマリー: the five figures, the assessments, the five lists
    svc = doc["services"]
    gaps = [diff(s["as_is"][last], s["to_be"][last]) for s in svc]
    figures = [overall[last], diff(overall[0], overall[last]),
               sum(1 for s in svc if s["change"] is not None and s["change"] > 0),
               sum(1 for s in svc if s["change"] is not None and s["change"] < 0),
               sum(1 for g in gaps if g is not None and g > 0)]
    out += [("サマリー", cell(4, 5 + k), val(v)) for k, v in enumerate(figures)]
    shown = list(range(n)) if n <= 4 else [0] + list(range(n - 3, n))
    for row, i in enumerate(shown):
        a = doc["assessments"][i]
        r = 6 + row
        out += [("サマリー", cell(10, r), val(i + 1)), ("サマリー", cell(11, r), val(a["date"])),
                ("サマリー", cell(16, r), val(a["as_is"])), ("サマリー", cell(18, r), val(a["assessed"]))]
    c = doc["changes"]
    lists = [(c["improved_services"], "change", False), (c["regressed_services"], "change", False),
             (c["improved_categories"], "change", True),
             (c["regressed_categories"], "change", True), (c["furthest_from_to_be"], "gap", False)]
    for k, (items, key, of_categories) in enumerate(lists):
        for j in range(TOP):
            r = 34 + j
            if j < len(items):
                name = (f"{items[j]['id']}. {items[j]['name']}" if of_categories
                        else f"{items[j]['id']} {items[j]['name']}")
                out += [("サマリー", cell(4 * k, r), val(name)),
                        ("サマリー", cell(4 * k + 3, r), val(items[j][key]))]
            else:
                out += [("サマリー", cell(4 * k, r), val("（該当なし）" if j == 0 else "")),
                        ("サマリー", cell(4 * k + 3, r), "-")]
    # 評価プロセス: each phase's heading, summary and header rows, then one row
    # per service that changed (or one "none" row), a blank row between
    ph = c["phases"]
    r = 2
    for key in ("recommendation", "allocation", "as_is", "gap"):
        r += 1          # the blank row
        r += 3          # heading, summary, header
        items = ph[key]
        for e in items:
            sid = e["id"]
            out.append(("評価プロセス", cell(0, r), val(sid)))
            if key == "recommendation":
                out += [("評価プロセス", cell(3, r), val(REC_JA.get(e["previous"]))),
                        ("評価プロセス", cell(4, r), val(REC_JA.get(e["latest"]))),
                        ("評価プロセス", cell(5, r), val(rec_verdict(e["previous"], e["latest"])))]
            elif key == "allocation":
                out += [("評価プロセス", cell(3, r), val(ALLOC_JA.get(e["previous"]))),
                        ("評価プロセス", cell(4, r), val(ALLOC_JA.get(e["latest"]))),
                        ("評価プロセス", cell(5, r), val(alloc_verdict(e["previous"], e["latest"])))]
            else:
                out += [("評価プロセス", cell(3, r), val(e["previous"])),
                        ("評価プロセス", cell(4, r), val(e["latest"])),
                        ("評価プロセス", cell(5, r), val(e["change"]))]
            r += 1
        if not items:
            r += 1
    # 評価一覧
    for i, a in enumerate(doc["assessments"]):
        r = 4 + i
        out += [("評価一覧", cell(0, r), val(i + 1)), ("評価一覧", cell(1, r), val(a["date"])),
                ("評価一覧", cell(7, r), val(a["as_is"])), ("評価一覧", cell(8, r), val(a["assessed"])),
                ("評価一覧", cell(10, r), val(a["path"]))]
    return out


def write_cells(path, cells):
    write(path, "".join(f"{sheet}\t{ref}\t{v}\n" for sheet, ref, v in cells))


# --------------------------------------------------------------------------
# the group over time

GROUP = {
    # file name -> sample; 'current' sorts before 'previous': the latest file
    # is not the last one read.
    "epsilon-current": v21("epsilon-current", "イプシロン証券", datetime.date(2024, 6, 28),
                           "hybrid", "full-insource", (3, 5), (2, 4), {"B-2": ("o4", None)}),
    "epsilon-previous": v21("epsilon-previous", "イプシロン証券 ", datetime.date(2022, 6, 30),
                            "minimum-insource", "hybrid", (1, 3), (1, 3), {}),
    "zeta": v21("zeta", "ゼータ物流", datetime.date(2024, 5, 20), "minimum-outsource",
                "full-insource", (2, 4), (2, 5), {}),
}


def group_csv(cat, members):
    """members: [(name, doc)] in the group's order, each its latest doc."""
    cols = ["subsidiary", "service", "service_name", "category", "category_name", "allocation",
            "as_is", "to_be", "recommendation", "file", "current_pattern", "target_pattern",
            "date"]
    lines = [",".join(cols)]
    cat_name = {c["id"]: c["name"] for c in cat.categories}
    for name, d in members:
        for s in d["services"]:
            lines.append(",".join([
                csv_text(name, True), s["id"], csv_text(s["name"]), s["category"],
                csv_text(cat_name[s["category"]]), s["allocation"] or "",
                "" if s["as_is"] is None else str(s["as_is"]),
                "" if s["to_be"] is None else str(s["to_be"]), s["recommendation"] or "",
                csv_text(d["source"]["path"], True), d["patterns"]["current"] or "",
                d["patterns"]["target"] or "", d["date"] or ""]))
    return "\r\n".join(lines) + "\r\n"


def group_cells(cat, members, compare):
    """概要 and 前回比 of the group workbook (docs/group.md)."""
    out = []
    cats = len(cat.categories)
    after = 5 + cats  # 概要: the columns after the category averages
    for i, (name, d) in enumerate(members):
        r = 7 + i
        f = compare[name]
        out += [("概要", cell(1, r), val(name)), ("概要", cell(4, r), val(f["latest"][0])),
                ("概要", cell(after + 4, r), val(d["date"])),
                ("概要", cell(after + 5, r), val(f["assessments"])),
                ("概要", cell(after + 6, r), val(d["source"]["path"]))]
        out += [("前回比", cell(1, r), val(name)), ("前回比", cell(2, r), val(f["assessments"])),
                ("前回比", cell(3, r), val(f["previous_date"])), ("前回比", cell(4, r), val(f["date"]))]
        for k in range(1 + cats):
            c = 5 + 3 * k
            out += [("前回比", cell(c, r), val(f["previous"][k] if f["previous"] else None)),
                    ("前回比", cell(c + 1, r), val(f["latest"][k])),
                    ("前回比", cell(c + 2, r), val(f["change"][k] if f["change"] else None))]
        files = 5 + 3 * (1 + cats)
        out += [("前回比", cell(files, r), val(f["file"])),
                ("前回比", cell(files + 1, r), val(f["previous_file"]))]
    return out


def compare_figures(latest, previous):
    def figs(d):
        return ([mean([s["as_is"] for s in d["services"]])] +
                [c["as_is"] for c in d["categories"]]) if d else None
    now, then = figs(latest), figs(previous)
    return {"latest": now, "previous": then,
            "change": [diff(a, b) for a, b in zip(then, now)] if then else None,
            "assessments": 2 if previous else 1,
            "date": latest["date"], "previous_date": previous["date"] if previous else None,
            "file": latest["source"]["path"],
            "previous_file": previous["source"]["path"] if previous else None}


# --------------------------------------------------------------------------

def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


def write_json(path, doc):
    write(path, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ("-h", "--help")):
        print(__doc__.strip())
        return 0 if len(argv) == 2 else 2
    out = Path(argv[1]) if len(argv) == 2 else REPO / BASE
    cat = ms.Catalog()
    docs = {}
    for name, sample in V21.items():
        data, doc = v21_files(cat, sample, f"{BASE}/delta/{name}.xlsx")
        write(out / "delta" / f"{name}.xlsx", data)
        write_json(out / f"{name}.expected.json", doc)
        docs[name] = doc

    p2024 = portfolio_from(cat, docs["delta-2021"], 2024, {"E-5", "H-2"},
                           {"B-1": "combined", "C-1": "insource", "G-3": "outsource"})
    p2025 = portfolio_from(cat, x1060_doc(cat, "", ORG, "", "hybrid", "minimum-outsource",
                                          p2024), 2025, {"E-5", "D-4"},
                           {"B-2": "insource", "A-7": "outsource"})
    # Two more 推奨レベル move in 2025: to the next level of the list.
    for sid in ("A-3", "F-2"):
        r, a, s, t = p2025[sid]
        p2025[sid] = (REC[(REC.index(p2024[sid][0]) + 1) % len(REC)], a, s, t)
    for name, folder, date, text, values in (
            ("delta-2024", "delta", "2024-03-15", "令和6年3月15日", p2024),
            ("delta-2025", "later", "2025-03-14", "2025/03/14", p2025)):
        path = f"{BASE}/{folder}/{name}.xlsx"
        write(out / folder / f"{name}.xlsx",
              x1060_book(cat, ORG, text, "hybrid", "minimum-outsource", values))
        doc = x1060_doc(cat, path, ORG, date, "hybrid", "minimum-outsource", values)
        write_json(out / f"{name}.expected.json", doc)
        docs[name] = doc

    three = [(docs["delta-2021"], "sheet"), (docs["delta-2024"], "sheet"),
             (docs["delta-2019"], "sheet")]
    t3 = trend_doc(cat, three)
    write_json(out / "delta.expected-trend.json", t3)
    write(out / "delta.expected-trend.csv", trend_csv(cat, t3))
    write_cells(out / "delta.expected-cells.tsv", trend_cells(cat, t3))
    t4 = trend_doc(cat, three + [(docs["delta-2025"], "sheet")])
    write_json(out / "delta4.expected-trend.json", t4)
    write_cells(out / "delta4.expected-cells.tsv", trend_cells(cat, t4))

    undated = v21("undated", ORG, None, "hybrid", "minimum-outsource", (2, 4), (1, 3), {})
    data, _ = v21_files(cat, undated, f"{BASE}/refused/undated.xlsx")
    write(out / "refused" / "undated.xlsx", data)
    kappa = v21("kappa-2022", "カッパ工業株式会社", datetime.date(2022, 1, 20), "hybrid",
                "hybrid", (2, 4), (2, 4), {})
    data, _ = v21_files(cat, kappa, f"{BASE}/refused/kappa-2022.xlsx")
    write(out / "refused" / "kappa-2022.xlsx", data)

    gdocs = {}
    for name, sample in GROUP.items():
        data, doc = v21_files(cat, sample, f"{BASE}/group/{name}.xlsx")
        write(out / "group" / f"{name}.xlsx", data)
        gdocs[name] = doc
    # In file order: epsilon-current, epsilon-previous, zeta. イプシロン証券 is
    # one subsidiary (the second name differs in a trailing space only), shown
    # by its latest, the 2024 sheet, and named as its first sheet gives it.
    members = [("イプシロン証券", gdocs["epsilon-current"]), ("ゼータ物流", gdocs["zeta"])]
    write(out / "group.expected.csv", group_csv(cat, members))
    compare = {
        "イプシロン証券": compare_figures(gdocs["epsilon-current"], gdocs["epsilon-previous"]),
        "ゼータ物流": compare_figures(gdocs["zeta"], None),
    }
    write_cells(out / "group.expected-cells.tsv", group_cells(cat, members, compare))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
