#!/usr/bin/env python3
"""Compare Vale's findings with guardrail's on the same corpus.

Usage: vale_compare.py VALE.json GUARDRAIL.json PACK.toml CORPUS-ROOT [--dump N]

VALE.json is `vale --output=JSON` output; GUARDRAIL.json is `guardrail
check --format json` output of the pack PACK.toml that `guardrail import
vale` wrote. Findings are compared by (file, line, Vale rule): a guardrail
rule counts for the Vale rule it was converted from (the comment above each
[[rule]] in the pack). Only Vale rules that the pack converts are compared;
for a rule converted in part (some tokens or swap keys not converted), a
Vale finding that none of the converted expressions can match is counted as
"from an unconverted token" and left out.

Prints the agreement (share of Vale's findings that guardrail also
reports), then each disagreement class with counts and examples.
"""
import collections
import json
import re
import sys


def load_pack(path):
    """guardrail rule id -> (vale check, python regexes); set of partial checks."""
    rules, partial = {}, set()
    check = None
    cur = None
    for line in open(path, encoding="utf-8"):
        m = re.match(r"^#\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+) \(.*\): `.*` not converted", line) or \
            re.match(r'^#\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+) \(.*\): ".*" not converted', line)
        if m:
            partial.add(m.group(1))
            continue
        m = re.match(r"^# ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+) \(", line)
        if m:
            check = m.group(1)
            continue
        m = re.match(r"^id = '(.*)'", line)
        if m and check:
            cur = {"check": check, "phrases": [], "patterns": [], "cs": False}
            rules[m.group(1)] = cur
            continue
        if cur is None:
            continue
        if line.startswith("case_sensitive = true"):
            cur["cs"] = True
    # Second pass for lists (toml module may be missing: parse lists by hand).
    key, rid = None, None
    for line in open(path, encoding="utf-8"):
        m = re.match(r"^id = '(.*)'", line)
        if m:
            rid = m.group(1)
            continue
        m = re.match(r"^(restricted|patterns) = \[(.*)\]?$", line)
        if m and rid:
            key = m.group(1)
            rest = m.group(2)
            if rest.endswith("]"):
                for item in re.findall(r"'([^']*)'|\"((?:[^\"\\]|\\.)*)\"", rest):
                    add_item(rules[rid], key, item)
                key = None
            continue
        if key and rid:
            if line.strip() == "]":
                key = None
                continue
            for item in re.findall(r"^\s*(?:'([^']*)'|\"((?:[^\"\\]|\\.)*)\"),", line):
                add_item(rules[rid], key, item)
    return rules, partial


def add_item(rule, key, item):
    lit, basic = item
    s = lit if lit else json.loads('"' + basic + '"')
    if key == "restricted":
        s = re.sub(r"\\(.)", r"\1", s)  # template escapes
        rule["phrases"].append(s)
    else:
        rule["patterns"].append(s)


def python_res(rule):
    flags = 0 if rule["cs"] else re.I
    out = []
    for p in rule["phrases"]:
        out.append(re.compile(r"\s+".join(re.escape(w) for w in p.split(" ")), flags))
    for p in rule["patterns"]:
        try:
            out.append(re.compile(p, flags))
        except re.error:
            pass
    return out


def main():
    args = sys.argv[1:]
    dump = 5
    if "--dump" in args:
        i = args.index("--dump")
        dump = int(args[i + 1])
        del args[i:i + 2]
    vale_path, gr_path, pack_path, root = args
    rules, partial = load_pack(pack_path)
    converted = {r["check"] for r in rules.values()}
    by_check = collections.defaultdict(list)
    for r in rules.values():
        by_check[r["check"]].extend(python_res(r))

    vale = json.load(open(vale_path, encoding="utf-8"))
    gr = json.load(open(gr_path, encoding="utf-8"))

    vcount = collections.Counter()
    vex = collections.defaultdict(list)
    total_vale = unconverted_rule = unconverted_token = 0
    for path, alerts in vale.items():
        for a in alerts:
            total_vale += 1
            c = a["Check"]
            if c not in converted:
                unconverted_rule += 1
                continue
            if c in partial and not any(x.search(a["Match"]) for x in by_check[c]):
                unconverted_token += 1
                continue
            k = (path, a["Line"], c)
            vcount[k] += 1
            vex[k].append(a)
    gcount = collections.Counter()
    gex = collections.defaultdict(list)
    for f in gr["findings"]:
        c = rules.get(f["rule"], {}).get("check")
        if c is None:
            continue
        k = (f["path"], f["line"], c)
        gcount[k] += 1
        gex[k].append(f)

    matched = sum(min(v, gcount[k]) for k, v in vcount.items())
    nv = sum(vcount.values())
    ng = sum(gcount.values())
    print(f"Vale findings: {total_vale} ({unconverted_rule} from rules not converted, "
          f"{unconverted_token} from tokens not converted, {nv} from converted rules)")
    print(f"guardrail findings: {ng}")
    print(f"matched (file, line, rule): {matched} = {100.0 * matched / max(nv, 1):.2f}% of Vale's findings for converted rules")
    print(f"Vale only: {nv - matched}; guardrail only: {ng - sum(min(g, vcount[k]) for k, g in gcount.items())}")

    lines_cache = {}

    def src_line(path, n):
        if path not in lines_cache:
            try:
                lines_cache[path] = open(path, encoding="utf-8").read().split("\n")
            except OSError:
                lines_cache[path] = []
        ls = lines_cache[path]
        return ls[n - 1] if 0 < n <= len(ls) else ""

    # Near misses: the same rule and match a line or two away.
    def near(path, line, check, pool):
        for d in (-2, -1, 1, 2):
            if pool[(path, line + d, check)]:
                return True
        return False

    per_check_v = collections.Counter()
    per_check_g = collections.Counter()
    vonly, gonly = [], []
    for k, v in vcount.items():
        for a in vex[k][gcount[k]:] if gcount[k] < v else []:
            vonly.append((k, a))
            per_check_v[k[2]] += 1
    for k, g in gcount.items():
        for f in gex[k][vcount[k]:] if vcount[k] < g else []:
            gonly.append((k, f))
            per_check_g[k[2]] += 1

    def in_front_matter(path, n):
        ls = [src_line(path, i) for i in range(1, n + 1)]
        if not ls or ls[0].strip() != "---":
            return False
        return all(l.strip() != "---" for l in ls[1:n - 1]) and ls[-1].strip() != "---"

    def classify_vale(k, a):
        path, line, check = k
        text = src_line(path, line)
        m = a["Match"]
        if in_front_matter(path, line):
            return "front matter (Vale checks every key; guardrail title/description only)"
        if "\n" in m:
            return "Vale match spans a line break"
        if near(path, line, check, gcount):
            return "line differs (same rule 1-2 lines away)"
        if m.strip() and m.strip() not in text and "&" in text:
            return "Vale match not on its line (entity or line attribution)"
        if "`" in text and re.search(r"`[^`]*" + re.escape(m.strip()[:20]) + r"[^`]*`", text):
            return "match inside or touching inline code"
        if re.search(r"\{\{|\{%|<[a-zA-Z/]", text):
            return "line with template tags or HTML"
        if text.lstrip().startswith("|"):
            return "table row"
        return "other"

    def classify_gr(k, f):
        path, line, check = k
        text = src_line(path, line)
        if re.search("[\u2019\u2018\u201c\u201d\u2013\u2014\u00a0]", f["match"]):
            return "typographic character in the match (guardrail folds it)"
        if f["endLine"] > f["line"]:
            return "match wrapped across lines"
        if "`" in f["match"]:
            return "match joins text across inline code"
        if "&" in f["match"] and re.search(r"&[a-z#0-9]+;", f["match"]):
            return "HTML entity in raw HTML"
        if near(path, line, check, vcount):
            return "line differs (same rule 1-2 lines away)"
        if re.search(r"\{\{|\{%|<[a-zA-Z/]", text):
            return "line with template tags or HTML"
        if text.lstrip().startswith("|"):
            return "table row"
        if "`" in text:
            return "line with inline code"
        return "other"

    for title, items, fn in (("Vale only", vonly, classify_vale), ("guardrail only", gonly, classify_gr)):
        classes = collections.defaultdict(list)
        for k, x in items:
            classes[fn(k, x)].append((k, x))
        print(f"\n== {title}: {len(items)}")
        for cls, xs in sorted(classes.items(), key=lambda kv: -len(kv[1])):
            rc = collections.Counter(k[2] for k, _ in xs)
            print(f"-- {cls}: {len(xs)}  (by rule: {', '.join(f'{r} {n}' for r, n in rc.most_common(6))})")
            for k, x in xs[:dump]:
                m = x.get("Match", x.get("match"))
                print(f"   {k[0]}:{k[1]} [{k[2]}] match={m!r}")
                print(f"      | {src_line(k[0], k[1])[:160]}")


if __name__ == "__main__":
    main()
