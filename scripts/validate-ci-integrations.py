#!/usr/bin/env python3
"""Validate .pre-commit-hooks.yaml and action.yml against the real binary.

    python3 scripts/validate-ci-integrations.py GUARDRAIL_BINARY

1. Both files parse as YAML (PyYAML when installed, else the small parser
   below, which is checked against PyYAML whenever both are there).
2. .pre-commit-hooks.yaml: each hook has the keys pre-commit requires, runs
   `guardrail check` with flags `guardrail check --help` lists, builds with
   language golang and passes file names.
3. action.yml: a composite action with the inputs paths, version, config,
   fail-on and sarif-upload; it sets up Go, installs
   github.com/guardrail-dev/guardrail/cmd/guardrail@<version>, writes SARIF,
   uploads it with github/codeql-action/upload-sarif and annotates with
   --format github; every ${{ inputs.X }} is declared; no ${{ }} inside a
   run script (inputs reach scripts through env).
4. The action's shell steps (all but the Go install) run here, as GitHub
   runs them (bash --noprofile --norc -eo pipefail), with the real binary on
   PATH, on a sample repository: the SARIF report lists the finding, the
   check step prints ::error annotations and exits 1 with fail-on warning,
   0 with fail-on never, and the config input is honoured.

Standard library only (PyYAML optional). Exits 1 with a message per problem.
"""

import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
problems = []


def problem(msg):
    problems.append(msg)
    print("FAIL: " + msg, file=sys.stderr)


def ok(msg):
    print("ok   " + msg)


# --- a small YAML subset parser ---------------------------------------------
# Block mappings and sequences, flow sequences of scalars, literal block
# scalars (|), quoted and plain scalars, comments. Enough for the two files.

class YAMLError(Exception):
    pass


def _strip_comment(line):
    out, q = [], None
    for i, c in enumerate(line):
        if q:
            if c == q:
                q = None
        elif c in "'\"" and (i == 0 or line[i - 1] in " [,:{"):
            q = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            break
        out.append(c)
    return "".join(out).rstrip()


def _scalar(s):
    s = s.strip()
    if s == "":
        return None
    if s[0] == '"' and s[-1] == '"' and len(s) >= 2:
        return json.loads(s)
    if s[0] == "'" and s[-1] == "'" and len(s) >= 2:
        return s[1:-1].replace("''", "'")
    if s[0] == "[" and s[-1] == "]":
        inner = s[1:-1].strip()
        return [_scalar(x) for x in inner.split(",")] if inner else []
    if s in ("true", "True"):
        return True
    if s in ("false", "False"):
        return False
    if s in ("null", "~"):
        return None
    if re.fullmatch(r"-?[0-9]+", s):
        return int(s)
    return s


def mini_yaml(text):
    raw = text.split("\n")
    lines = []  # (indent, content, raw_index)
    for i, r in enumerate(raw):
        if "\t" in r[: len(r) - len(r.lstrip())]:
            raise YAMLError(f"line {i + 1}: tab in indentation")
        c = _strip_comment(r)
        if c.strip():
            lines.append((len(c) - len(c.lstrip(" ")), c.strip(), i))
    pos = 0

    def block_scalar(parent_indent, raw_index):
        # Literal block scalar: the raw lines after raw_index indented deeper.
        nonlocal pos
        body, ind = [], None
        j = raw_index + 1
        while j < len(raw):
            r = raw[j]
            if r.strip() == "":
                body.append("")
                j += 1
                continue
            k = len(r) - len(r.lstrip(" "))
            if k <= parent_indent:
                break
            ind = k if ind is None else min(ind, k)
            body.append(r)
            j += 1
        while pos < len(lines) and lines[pos][2] < j:
            pos += 1
        while body and body[-1] == "":
            body.pop()
        return "\n".join(b[ind:] if b else "" for b in body) + "\n"

    def value_after(text_value, indent, raw_index):
        nonlocal pos
        if text_value in ("|", "|-", "|+"):
            v = block_scalar(indent, raw_index)
            return v.rstrip("\n") if text_value == "|-" else v
        if text_value == "":
            if pos < len(lines) and (lines[pos][0] > indent or
                                     (lines[pos][0] == indent and lines[pos][1].startswith("- "))):
                return node(lines[pos][0])
            return None
        return _scalar(text_value)

    def node(indent):
        nonlocal pos
        if lines[pos][1].startswith("- ") or lines[pos][1] == "-":
            seq = []
            while pos < len(lines) and lines[pos][0] == indent and \
                    (lines[pos][1].startswith("- ") or lines[pos][1] == "-"):
                _, content, ri = lines[pos]
                rest = content[2:].strip()
                item_indent = indent + 2
                if re.match(r"^[^'\"\[{][^:]*:( |$)", rest):
                    # A mapping starting on the dash line.
                    lines[pos] = (item_indent, rest, ri)
                    seq.append(node(item_indent))
                else:
                    pos += 1
                    seq.append(value_after(rest, indent, ri))
            return seq
        m = {}
        while pos < len(lines) and lines[pos][0] == indent and not lines[pos][1].startswith("- "):
            _, content, ri = lines[pos]
            mm = re.match(r"^((?:\"[^\"]*\")|(?:'[^']*')|[^:]+?):(?: (.*))?$", content)
            if not mm:
                raise YAMLError(f"line {ri + 1}: expected 'key: value', got {content!r}")
            key = _scalar(mm.group(1))
            pos += 1
            m[key] = value_after((mm.group(2) or "").strip(), indent, ri)
        if pos < len(lines) and lines[pos][0] > indent:
            raise YAMLError(f"line {lines[pos][2] + 1}: unexpected indentation")
        return m

    if not lines:
        return None
    result = node(lines[0][0])
    if pos != len(lines):
        raise YAMLError(f"line {lines[pos][2] + 1}: unexpected content")
    return result


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        import yaml  # noqa: PLC0415
    except ImportError:
        yaml = None
    try:
        mine = mini_yaml(text)
    except YAMLError as e:
        mine = e
    if yaml is not None:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as e:
            problem(f"{os.path.basename(path)}: invalid YAML: {e}")
            return None
        if mine != data:
            problem(f"{os.path.basename(path)}: the fallback YAML parser disagrees with PyYAML "
                    f"(fix scripts/validate-ci-integrations.py): {mine!r}")
        ok(f"{os.path.basename(path)}: valid YAML (PyYAML {yaml.__version__}; fallback parser agrees)")
        return data
    if isinstance(mine, YAMLError):
        problem(f"{os.path.basename(path)}: invalid YAML: {mine}")
        return None
    ok(f"{os.path.basename(path)}: valid YAML (built-in parser; PyYAML not installed)")
    return mine


# --- checks -----------------------------------------------------------------

def check_flags(binary):
    r = subprocess.run([binary, "check", "--help"], capture_output=True, text=True, timeout=30)
    flags = set(re.findall(r"^\s+-{1,2}([a-z][a-z0-9-]*)", r.stdout + r.stderr, re.M))
    if not flags:
        problem("`guardrail check --help` lists no flags")
    return flags


def flags_in(command):
    return [a.lstrip("-").split("=", 1)[0] for a in command.split() if a.startswith("-") and a != "-"]


def check_pre_commit(binary, flags):
    path = os.path.join(ROOT, ".pre-commit-hooks.yaml")
    if not os.path.exists(path):
        problem(".pre-commit-hooks.yaml missing")
        return
    hooks = load_yaml(path)
    if not isinstance(hooks, list) or not hooks:
        problem(".pre-commit-hooks.yaml: want a list of hooks")
        return
    ids = []
    for i, h in enumerate(hooks):
        where = f".pre-commit-hooks.yaml[{i}]"
        if not isinstance(h, dict):
            problem(f"{where}: not a mapping")
            continue
        for k in ("id", "name", "entry", "language"):
            if not isinstance(h.get(k), str) or not h[k]:
                problem(f"{where}: missing {k}")
        ids.append(h.get("id"))
        entry = h.get("entry", "")
        if not entry.startswith("guardrail check"):
            problem(f"{where}: entry {entry!r} should run `guardrail check`")
        for f in flags_in(entry):
            if f not in flags:
                problem(f"{where}: entry flag --{f} is not in `guardrail check --help`")
        if h.get("language") != "golang":
            problem(f"{where}: language {h.get('language')!r}, want golang (pre-commit builds guardrail from the repo)")
        if h.get("pass_filenames", True) is not True:
            problem(f"{where}: pass_filenames must be true")
        if not any(k in h for k in ("types", "types_or", "files")):
            problem(f"{where}: no types, types_or or files filter")
        known = {"id", "name", "entry", "language", "files", "exclude", "types", "types_or", "exclude_types",
                 "always_run", "fail_fast", "verbose", "pass_filenames", "require_serial", "description",
                 "language_version", "log_file", "minimum_pre_commit_version", "args", "stages"}
        for k in sorted(set(h) - known):
            problem(f"{where}: unknown key {k!r}")
    if "guardrail" not in ids:
        problem(".pre-commit-hooks.yaml: no hook with id guardrail")
    if len(set(ids)) != len(ids):
        problem(".pre-commit-hooks.yaml: duplicate ids")
    ok(f".pre-commit-hooks.yaml: hooks {', '.join(str(i) for i in ids)}: entry, language golang, filenames, filters")


def check_action_static(action, flags):
    if not isinstance(action, dict):
        problem("action.yml: not a mapping")
        return []
    for k in ("name", "description", "runs"):
        if k not in action:
            problem(f"action.yml: missing {k}")
    inputs = action.get("inputs") or {}
    for k in ("paths", "version", "config", "fail-on", "sarif-upload"):
        if k not in inputs:
            problem(f"action.yml: missing input {k}")
        elif "description" not in (inputs[k] or {}):
            problem(f"action.yml: input {k} has no description")
    runs = action.get("runs") or {}
    if runs.get("using") != "composite":
        problem(f"action.yml: runs.using is {runs.get('using')!r}, want composite")
    steps = runs.get("steps") or []
    uses = [s.get("uses", "") for s in steps]
    scripts = [s.get("run", "") for s in steps]
    if not any(u.startswith("actions/setup-go@") for u in uses):
        problem("action.yml: no actions/setup-go step")
    if not any(re.search(r'go install ["\']?github\.com/guardrail-dev/guardrail/cmd/guardrail@', r) for r in scripts):
        problem("action.yml: no `go install github.com/guardrail-dev/guardrail/cmd/guardrail@...` step")
    if not any("--format sarif" in r for r in scripts):
        problem("action.yml: no `guardrail check --format sarif` step")
    up = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    if not up or "sarif_file" not in (up[0].get("with") or {}):
        problem("action.yml: no github/codeql-action/upload-sarif step with sarif_file")
    elif "sarif-upload" not in str(up[0].get("if", "")):
        problem("action.yml: the upload step does not depend on the sarif-upload input")
    if not any("--format" in r and "github" in r for r in scripts):
        problem("action.yml: no `guardrail check --format github` step")
    text = json.dumps(action)
    for name in set(re.findall(r"\$\{\{\s*inputs\.([A-Za-z0-9_-]+)", text)):
        if name not in inputs:
            problem(f"action.yml: ${{{{ inputs.{name} }}}} is not a declared input")
    for i, s in enumerate(steps):
        if "run" in s:
            if "shell" not in s:
                problem(f"action.yml: step {i} ({s.get('name')}) has no shell (composite steps need one)")
            if "${{" in s["run"]:
                problem(f"action.yml: step {i} ({s.get('name')}) uses ${{{{ }}}} inside run; pass it through env")
            for cmd in re.findall(r"guardrail check ([^\n]*)", s["run"]):
                for f in flags_in(cmd):
                    if f not in flags:
                        problem(f"action.yml: step {i}: flag --{f} is not in `guardrail check --help`")
            for f in re.findall(r"""\(?\s*--([a-z][a-z-]+)\b""", s["run"]):
                if f not in flags and f not in ("noprofile", "norc"):
                    problem(f"action.yml: step {i}: flag --{f} is not in `guardrail check --help`")
    ok(f"action.yml: composite, inputs {', '.join(inputs)}; setup-go, go install, SARIF, upload-sarif, annotations")
    return steps


def expand(value, inputs):
    def sub(m):
        expr = m.group(1).strip()
        mm = re.fullmatch(r"inputs\.([A-Za-z0-9_-]+)", expr)
        if not mm:
            raise KeyError(expr)
        return str(inputs[mm.group(1)])
    return re.sub(r"\$\{\{(.*?)\}\}", sub, str(value))


def run_steps(binary, action, steps, overrides, workdir):
    """Run the action's shell steps except the Go install; return per-step results."""
    inputs = {k: (v or {}).get("default", "") for k, v in (action.get("inputs") or {}).items()}
    inputs.update(overrides)
    bindir = os.path.join(workdir, ".bin")
    os.makedirs(bindir, exist_ok=True)
    link = os.path.join(bindir, "guardrail")
    if not os.path.exists(link):
        os.symlink(os.path.abspath(binary), link)
    results = {}
    for i, s in enumerate(steps):
        if "run" not in s or "go install" in s["run"]:
            continue
        out_file = os.path.join(workdir, f".github_output_{i}")
        open(out_file, "w").close()
        env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"], GITHUB_OUTPUT=out_file,
                   GITHUB_PATH=os.path.join(workdir, ".github_path"), XDG_CONFIG_HOME=os.path.join(workdir, ".xdg"))
        for k, v in (s.get("env") or {}).items():
            env[k] = expand(v, inputs)
        script = os.path.join(workdir, f".step_{i}.sh")
        with open(script, "w") as f:
            f.write(s["run"])
        r = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=workdir, env=env,
                           capture_output=True, text=True, timeout=60)
        outputs = {}
        with open(out_file) as f:
            for line in f:
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    outputs[k] = v
        results[s.get("id") or str(i)] = {"code": r.returncode, "stdout": r.stdout, "stderr": r.stderr,
                                          "outputs": outputs}
    return results


def check_action_runs(binary, action, steps):
    with tempfile.TemporaryDirectory(prefix="guardrail-action.") as repo:
        os.makedirs(os.path.join(repo, "docs"))
        with open(os.path.join(repo, "docs", "launch.md"), "w") as f:
            f.write("# Launch\n\nSRE enables access to OpenAI models.\n")
        with open(os.path.join(repo, "clean.md"), "w") as f:
            f.write("SRE is powered by OpenAI models.\n")
        with open(os.path.join(repo, "quiet.toml"), "w") as f:
            f.write('extends = ["builtin:sre-messaging"]\nroot = true\n\n[severity]\n"sre.access-claim" = "off"\n')
        subprocess.run(["git", "init", "-q", repo], check=False)

        # Defaults: fail-on warning.
        r = run_steps(binary, action, steps, {"paths": "docs clean.md"}, repo)
        sarif_step, check_step = r.get("sarif"), r.get("check")
        if not sarif_step or not check_step:
            problem("action.yml: want run steps with ids sarif and check")
            return
        if sarif_step["code"] != 0:
            problem(f"action.yml: the SARIF step exited {sarif_step['code']}: {sarif_step['stderr']}")
        sarif_path = os.path.join(repo, sarif_step["outputs"].get("sarif-file", "guardrail.sarif"))
        try:
            with open(sarif_path) as f:
                sarif = json.load(f)
            results = [x for run in sarif.get("runs", []) for x in run.get("results", [])]
            if sarif.get("version") != "2.1.0" or not any(x.get("ruleId") == "sre.access-claim" for x in results):
                problem(f"action.yml: the SARIF report lacks the sre.access-claim result: {json.dumps(sarif)[:500]}")
            else:
                ok(f"action steps: SARIF 2.1.0 report with {len(results)} result(s), sarif-file output "
                   f"{sarif_step['outputs'].get('sarif-file')!r}")
        except (OSError, ValueError) as e:
            problem(f"action.yml: no valid SARIF report at {sarif_path}: {e}")
        if check_step["code"] != 1 or check_step["outputs"].get("exit-code") != "1":
            problem(f"action.yml: with fail-on warning the check step should exit 1 and set exit-code=1, got "
                    f"{check_step['code']} / {check_step['outputs']}: {check_step['stdout']}{check_step['stderr']}")
        elif not re.search(r"^::error file=docs/launch\.md,line=3", check_step["stdout"], re.M):
            problem(f"action.yml: no ::error annotation for docs/launch.md:3 in {check_step['stdout']!r}")
        else:
            ok("action steps: fail-on warning -> ::error annotation on docs/launch.md:3, exit code 1")

        # fail-on never.
        r = run_steps(binary, action, steps, {"paths": "docs", "fail-on": "never"}, repo)
        if r["check"]["code"] != 0:
            problem(f"action.yml: with fail-on never the check step exited {r['check']['code']}")
        elif "::error" not in r["check"]["stdout"]:
            problem("action.yml: with fail-on never the findings should still be annotated")
        else:
            ok("action steps: fail-on never -> annotated, exit code 0")

        # config input.
        r = run_steps(binary, action, steps, {"paths": "docs", "config": "quiet.toml"}, repo)
        if r["check"]["code"] != 0 or "::error" in r["check"]["stdout"]:
            problem(f"action.yml: the config input was not honoured: exit {r['check']['code']}, "
                    f"{r['check']['stdout']}{r['check']['stderr']}")
        else:
            ok("action steps: config input -> guardrail check --config, clean, exit code 0")

        # annotate false.
        r = run_steps(binary, action, steps, {"paths": "docs", "annotate": "false"}, repo)
        if "::error" in r["check"]["stdout"] or "sre.access-claim" not in r["check"]["stdout"]:
            problem(f"action.yml: annotate false should print text output: {r['check']['stdout']!r}")
        else:
            ok("action steps: annotate false -> text output")


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary = sys.argv[1]
    flags = check_flags(binary)
    check_pre_commit(binary, flags)
    path = os.path.join(ROOT, "action.yml")
    if not os.path.exists(path):
        problem("action.yml missing")
    else:
        action = load_yaml(path)
        if action is not None:
            steps = check_action_static(action, flags)
            if steps:
                check_action_runs(binary, action, steps)
    if problems:
        print(f"FAIL CI integrations: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("PASS CI integrations (.pre-commit-hooks.yaml, action.yml)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
