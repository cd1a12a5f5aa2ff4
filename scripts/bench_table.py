#!/usr/bin/env python3
"""Prints scripts/bench.sh's results as a Markdown table of the targets.

Usage: bench_table.py RESULTS-DIR [MAX-RSS-KB]

RESULTS-DIR holds one hyperfine JSON export per measurement (NAME.json);
the wall time is the median, the CPU time the mean user + system time.
"""
import json
import os
import sys

res = sys.argv[1]
rss = sys.argv[2] if len(sys.argv) > 2 else ""


def t(name, cpu=False):
    try:
        r = json.load(open(os.path.join(res, name + ".json")))["results"][0]
    except (OSError, ValueError, KeyError, IndexError):
        return None
    return r["user"] + r["system"] if cpu else r["median"]


def ms(x):
    if x is None:
        return "—"
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def both(name):
    w, c = t(name), t(name, True)
    return "—" if w is None else f"{ms(w)} ({ms(c)} CPU)"


def ratio(a, b, fmt):
    return fmt.format(a / b) if a and b else "—"


def row(*cells):
    print("| " + " | ".join(cells) + " |")


def holds(ok):
    return "—" if ok is None else ("yes" if ok else "**no**")


row("work", "guardrail", "Vale 3.21", "grep -F", "measured: by wall time; by CPU time", "target", "holds")
row(*["---"] * 7)

g, v = t("md1k"), t("vale_md1k")
r = v / g if g and v else None
row("1 MB Markdown, 1,000 rules", both("md1k"), both("vale_md1k"), "—",
    ratio(v, g, "{:.0f}× faster than Vale") + "; " + ratio(t("vale_md1k", True), t("md1k", True), "{:.0f}×"),
    "≥ 60× Vale", holds(r >= 60 if r else None))

g, v, gr = t("tree1k"), t("vale_tree1k"), t("grep_tree1k")
r = g / gr if g and gr else None
vale = ", " + ratio(v, g, "{:.0f}× faster than Vale") if v else ""
row("tree: 2,000 files, 10.7 MB, 1,000 rules", both("tree1k"), both("vale_tree1k"), both("grep_tree1k"),
    ratio(g, gr, "{:.2f}× grep's time") + "; " + ratio(t("tree1k", True), t("grep_tree1k", True), "{:.2f}×") + vale,
    "≤ 2× grep", holds(r <= 2 if r else None))

g10, g10k, cold = t("md10"), t("md10k"), t("md10k_cold")
r = g10k / g10 if g10 and g10k else None
row("1 MB Markdown, 10,000 vs 10 rules (rules cache warm)", f"{both('md10k')} / {both('md10')}", "—", "—",
    ratio(g10k, g10, "{:.2f}×") + "; " + ratio(t("md10k", True), t("md10", True), "{:.2f}×"),
    "≤ 2×", holds(r <= 2 if r else None))
row("1 MB Markdown, 10,000 vs 10 rules (`--no-cache`)", f"{both('md10k_cold')} / {both('md10')}", "—", "—",
    ratio(cold, g10, "{:.2f}×") + "; " + ratio(t("md10k_cold", True), t("md10", True), "{:.2f}×"),
    "(reported)", "—")

e, ec = t("empty"), t("empty_cold")
row("empty file, default packs (rules cache warm)", both("empty"), "—", "—", ms(e), "≤ 5 ms",
    holds(e <= 0.005 if e else None))
row("empty file, default packs (`--no-cache`)", both("empty_cold"), "—", "—", ms(ec), "≤ 15 ms",
    holds(ec <= 0.015 if ec else None))
row("`guardrail version` (start-up alone)", both("version"), "—", "—", ms(t("version")), "(reported)", "—")

m = int(rss) / 1024 if rss else None
mm = f"{m:.0f} MB" if m else "—"
row("memory: the tree, 10,000 rules (max RSS)", mm, "—", "—", mm, "< 150 MB", holds(m < 150 if m else None))
