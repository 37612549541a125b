#!/usr/bin/python3
"""check_report.py — checks of a report folder written by postprocess/report (issue 6), for report.sh.

    check_report.py images DIR                  every <img> of DIR/index.html is a real PNG in DIR
    check_report.py probabilities DIR NC...     probabilities.csv in [0, 1] and equal to counts over the members
    check_report.py sweep DIR NC...             sweep_design.csv lists each row's sweep_row values
    check_report.py title DOM N                 the title a browser wrote: N images or more, none broken
    check_report.py sfc DIR                     the balance-sheet and transactions-flow tables are in
                                                index.html and each of their columns sums to zero
Prints one line per check; exit 1 if one fails.
"""
import csv
import html.parser
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.image  # noqa: E402
import numpy as np  # noqa: E402
import xarray as xr  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class Refs(html.parser.HTMLParser):
    """Collects <img src> and <a href> of a page."""
    def __init__(self):
        super().__init__()
        self.images, self.links = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.images.append(a.get("src", ""))
        if tag == "a":
            self.links.append(a.get("href", ""))


def refs(folder):
    p = Refs()
    with open(os.path.join(folder, "index.html"), encoding="utf-8") as f:
        p.feed(f.read())
    return p


def check_images(folder):
    page = refs(folder)
    bad = []
    if not page.images:
        bad.append("no <img> in index.html")
    for src in page.images + page.links:
        if "/" in src or src.startswith(".."):
            bad.append(f"{src}: refers outside the report folder")
        elif not os.path.isfile(os.path.join(folder, src)):
            bad.append(f"{src}: missing")
    for src in page.images:
        path = os.path.join(folder, src)
        if not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            if f.read(8) != PNG_SIGNATURE:
                bad.append(f"{src}: not a PNG (signature)")
                continue
        img = matplotlib.image.imread(path)
        if img.ndim != 3 or img.shape[0] < 50 or img.shape[1] < 50:
            bad.append(f"{src}: matplotlib reads shape {img.shape}")
    print(f"{len(page.images)} images, {len(page.links)} links checked")
    return bad


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_members(paths):
    out = []
    for p in paths:
        with xr.open_dataset(p, decode_times=False) as ds:
            names = {k: [n.decode() if isinstance(n, bytes) else str(n) for n in ds[k + "_name"].values]
                     for k in ("lab", "cloud")}
            labs = ds["lab_default"].values   # a restructured lab defaulted too (lab_restructured)
            if "lab_restructured" in ds:
                labs = np.maximum(labs, ds["lab_restructured"].values)
            out.append({"names": names, "lab_default": labs,
                        "cloud_default": ds["cloud_default"].values, "units": ds["time"].attrs["units"]})
    return out


def december(member, by):
    """Record of December of `by` (YYYY-12) in a member starting at 'days since YYYY-MM'."""
    start = member["units"].split("since")[1].strip()
    y0, m0 = int(start[:4]), int(start[5:7])
    y = int(by[:4])
    m = (y - y0) * 12 + 12 - (m0 - 1)
    return m if 1 <= m < member["lab_default"].shape[0] else None


def first_default(member):
    best = None
    for kind in ("lab", "cloud"):
        for i, name in enumerate(member["names"][kind]):
            hit = np.flatnonzero(member[kind + "_default"][:, i] > 0.5)
            if hit.size and (best is None or hit[0] < best[0]):
                best = (int(hit[0]), [f"{kind} {name}"])
            elif hit.size and hit[0] == best[0]:
                best[1].append(f"{kind} {name}")
    return best


def check_probabilities(folder, paths):
    rows = read_csv(os.path.join(folder, "probabilities.csv"))
    members = load_members(paths)
    bad, counted = [], 0
    events = {r["event"] for r in rows}
    for need in ("defaulted", "annualised revenue >= 100 billion USD/year", "no default"):
        if need not in events:
            bad.append(f"probabilities.csv has no {need!r} rows")
    for r in rows:
        p, n, k = r["probability"], int(r["members"]), int(r["members_with_event"])
        if p == "":
            if n != 0:
                bad.append(f"{r}: no probability although {n} members simulate the date")
            continue
        p = float(p)
        if not 0.0 <= p <= 1.0 or abs(p - k / n) > 1e-6:
            bad.append(f"{r}: probability {p} not in [0, 1] or not {k}/{n}")
        if r["event"] == "defaulted":
            kind, name = r["subject"].split(" ", 1)
            i = members[0]["names"][kind].index(name)
            want = sum(1 for m in members if december(m, r["by"]) is not None
                       and m[kind + "_default"][december(m, r["by"]), i] > 0.5)
            have = sum(1 for m in members if december(m, r["by"]) is not None)
            counted += 1
            if (k, n) != (want, have):
                bad.append(f"{r}: members say {want} of {have}")
        if r["event"] == "no default":
            want = sum(1 for m in members if first_default(m) is None)
            counted += 1
            if (k, n) != (want, len(members)):
                bad.append(f"{r}: members say {want} of {len(members)} without a default")
        if r["event"] == "falls first":
            want = sum(1 for m in members if first_default(m) and " & ".join(first_default(m)[1]) == r["subject"])
            counted += 1
            if k != want:
                bad.append(f"{r}: members say {want} fall first")
    print(f"{len(rows)} probabilities, {counted} recounted from {len(members)} members")
    return bad


def check_sweep(folder, paths):
    rows = read_csv(os.path.join(folder, "sweep_design.csv"))
    bad = [] if len(rows) == len(paths) else [f"{len(rows)} design rows for {len(paths)} files"]
    for p, row in zip(paths, rows):
        with xr.open_dataset(p, decode_times=False) as ds:
            for line in str(ds.attrs["sweep_row"]).splitlines():
                key, _, value = line.partition("=")
                if key not in row or abs(float(row[key]) - float(value)) > 1e-9 * abs(float(value)):
                    bad.append(f"{p}: {key}={value}, design says {row.get(key)}")
            if int(row["sweep_index"]) != int(ds.attrs["sweep_index"]):
                bad.append(f"{p}: sweep_index {ds.attrs['sweep_index']}, design says {row['sweep_index']}")
    print(f"{len(rows)} sweep rows checked")
    return bad


def check_title(dom, minimum):
    with open(dom, encoding="utf-8", errors="replace") as f:
        text = f.read()
    start, end = text.find("<title>"), text.find("</title>")
    title = text[start + 7:end] if start >= 0 else ""
    print(f"browser title: {title!r}")
    parts = title.split()
    if len(parts) != 4 or parts[0] != "IMAGES" or parts[2] != "BROKEN":
        return [f"the page's check did not run (title {title!r})"]
    if int(parts[1]) < minimum or int(parts[3]) != 0:
        return [f"{parts[3]} of {parts[1]} images broken (want at least {minimum}, none broken)"]
    return []


def check_sfc(folder):
    """Both tables, for at least one month, linked from the page; every sector's column (and the
    transactions' every row) sums to zero to 1e-9 of its largest entry, the Σ row included."""
    bad = []
    page = refs(folder)
    sheets = [f for f in page.links if f.startswith("balance_sheet_") and f.endswith(".csv")]
    flows = [f for f in page.links if f.startswith("flows_") and f.endswith(".csv")]
    if not sheets or not flows:
        return [f"index.html links no balance-sheet or transactions-flow table ({page.links})"]
    for name in sheets + flows:
        with open(os.path.join(folder, name), newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        header, body = rows[0], [r for r in rows[1:] if r[0] != "Σ"]
        values = np.array([[float(x) if x else 0.0 for x in r[1:]] for r in body])
        if values.shape[1] != len(header) - 1 or len(header) < 4:
            bad.append(f"{name}: {values.shape[1]} columns of numbers for header {header}")
            continue
        for j, sector in enumerate(header[1:]):
            col = values[:, j]
            if abs(col.sum()) > 1e-9 * max(1.0, np.abs(col).max()):
                bad.append(f"{name}: column {sector} sums to {col.sum():.6g} billion USD, not 0")
        if name.startswith("flows_"):
            for r, row in zip(body, values):
                if abs(row[:-1].sum()) > 1e-9 * max(1.0, np.abs(row).max()):
                    bad.append(f"{name}: row {r[0]} sums to {row[:-1].sum():.6g} billion USD, not 0")
        print(f"{name}: {len(body)} rows x {len(header) - 2} sectors checked")
    return bad


def main(argv):
    what = argv[1]
    if what == "images":
        bad = check_images(argv[2])
    elif what == "probabilities":
        bad = check_probabilities(argv[2], argv[3:])
    elif what == "sweep":
        bad = check_sweep(argv[2], argv[3:])
    elif what == "sfc":
        bad = check_sfc(argv[2])
    elif what == "title":
        bad = check_title(argv[2], int(argv[3]))
    else:
        print(__doc__)
        return 2
    for b in bad:
        print("FAIL:", b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
