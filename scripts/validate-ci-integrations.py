#!/usr/bin/env python3
"""Validate .pre-commit-hooks.yaml and action.yml against the real binary.

    python3 scripts/validate-ci-integrations.py GUARDRAIL_BINARY [DIST]

1. Both files parse as YAML (PyYAML when installed, else the small parser
   below, which is checked against PyYAML whenever both are there).
2. .pre-commit-hooks.yaml: each hook has the keys pre-commit requires and
   runs `guardrail check` with flags `guardrail check --help` lists; the
   golang hooks build guardrail from the repository, the script hooks
   (guardrail-release*) run tools/pre-commit/guardrail-release.py, which
   must exist and be executable.
3. action.yml: a composite action with the inputs paths, version, config,
   fail-on, new-from-rev, shard, sarif-upload, go-install-fallback and
   download-url; it resolves
   the release, caches the binary with actions/cache, downloads it and
   checks it against checksums.txt, falls back to setup-go + go install
   only when go-install-fallback is true, writes SARIF, uploads it with
   github/codeql-action/upload-sarif unless the token cannot (fork pull
   requests: a ::notice), and annotates with --format github; every
   ${{ inputs.X }} and ${{ steps.X... }} is declared; no ${{ }} inside a
   run script (values reach scripts through env).
4. The action's shell steps run here as GitHub runs them (bash --noprofile
   --norc -eo pipefail; `if:` conditions evaluated; uses: steps stood in
   for: a cache miss, no setup-go), against a release served on 127.0.0.1:
   DIST (goreleaser's dist/ from scripts/release-snapshot.sh) or, without
   it, a one-platform release made here from GUARDRAIL_BINARY in the same
   layout. The download is verified against checksums.txt (a tampered
   checksums.txt fails, or falls back to go install when asked; a missing
   release fails), the version comes from the input, the action's tag or
   the latest-release redirect, and the downloaded binary then checks a
   sample repository: SARIF lists the finding, the check step prints
   ::error annotations and exits 1 with fail-on warning, 0 with fail-on
   never, and the config input is honoured; on a fork's pull request the
   upload is skipped with a ::notice. new-from-rev annotates only the lines
   added since a commit made here (an unknown revision exits 2); the
   annotations of shard 1/3..3/3 add up to the unsharded run's, each
   shard's SARIF carrying its own category (guardrail/shard-K-of-3).
5. The pre-commit release hook script downloads, verifies, caches and runs
   the same release (and refuses a tampered one).

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

def flags_in(command):
    return [a.lstrip("-").split("=", 1)[0] for a in command.split() if a.startswith("-") and a != "-"]


RELEASE_HOOK_SCRIPT = "tools/pre-commit/guardrail-release.py"


def check_pre_commit(binary, flags):
    path = os.path.join(ROOT, ".pre-commit-hooks.yaml")
    if not os.path.exists(path):
        problem(".pre-commit-hooks.yaml missing")
        return
    hooks = load_yaml(path)
    if not isinstance(hooks, list) or not hooks:
        problem(".pre-commit-hooks.yaml: want a list of hooks")
        return
    ids, languages = [], {}
    for i, h in enumerate(hooks):
        where = f".pre-commit-hooks.yaml[{i}]"
        if not isinstance(h, dict):
            problem(f"{where}: not a mapping")
            continue
        for k in ("id", "name", "entry", "language"):
            if not isinstance(h.get(k), str) or not h[k]:
                problem(f"{where}: missing {k}")
        ids.append(h.get("id"))
        languages[h.get("id")] = h.get("language")
        entry = h.get("entry", "")
        if h.get("language") == "golang":
            # pre-commit builds the repository with Go; the entry is the installed command.
            if not entry.startswith("guardrail check"):
                problem(f"{where}: entry {entry!r} should run `guardrail check`")
        elif h.get("language") == "script":
            # The entry is a path relative to the hook repository's root.
            script, _, rest = entry.partition(" ")
            full = os.path.join(ROOT, script)
            if script != RELEASE_HOOK_SCRIPT:
                problem(f"{where}: script entry {script!r}, want {RELEASE_HOOK_SCRIPT}")
            elif not os.access(full, os.X_OK):
                problem(f"{where}: {script} is missing or not executable")
            else:
                with open(full, encoding="utf-8") as f:
                    if not f.readline().startswith("#!/usr/bin/env python3"):
                        problem(f"{where}: {script} has no python3 shebang")
                mode = subprocess.run(["git", "-C", ROOT, "ls-files", "-s", script], capture_output=True,
                                      text=True).stdout.split(" ")[0]
                if mode and mode != "100755":
                    problem(f"{where}: {script} is committed with mode {mode}, want 100755 (executable)")
            if not rest.startswith("check"):
                problem(f"{where}: entry {entry!r} should run `guardrail check`")
            entry = "guardrail " + rest
        else:
            problem(f"{where}: language {h.get('language')!r}, want golang (built from the repo) or script "
                    "(the release binary)")
        for f in flags_in(entry):
            if f not in flags:
                problem(f"{where}: entry flag --{f} is not in `guardrail check --help`")
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
    if "script" not in languages.values():
        problem(".pre-commit-hooks.yaml: no hook that runs the release binary (language script)")
    if len(set(ids)) != len(ids):
        problem(".pre-commit-hooks.yaml: duplicate ids")
    ok(f".pre-commit-hooks.yaml: hooks {', '.join(f'{i} ({languages[i]})' for i in ids)}: entries, "
       "filenames, filters")


# --- GitHub Actions expressions (the subset action.yml uses) ------------------

class ExprError(Exception):
    pass


_TOKEN = re.compile(r"\s*(&&|\|\||==|!=|!|\(|\)|'(?:[^']|'')*'|[A-Za-z_][A-Za-z0-9_.\-]*(?:\(\))?|[0-9]+)")


def evaluate(expr, ctx, status):
    """Evaluates an expression: contexts, 'strings', ==, !=, !, &&, ||, ( ), and
    always() success() failure() cancelled(). status is 'success' or 'failure'."""
    expr = expr.strip()
    if expr.startswith("${{") and expr.endswith("}}"):
        expr = expr[3:-2]
    pos, toks = 0, []
    while pos < len(expr):
        if expr[pos:].strip() == "":
            break
        m = _TOKEN.match(expr, pos)
        if not m:
            raise ExprError(f"cannot read {expr[pos:]!r} in {expr!r}")
        toks.append(m.group(1))
        pos = m.end()
    i = 0

    def peek():
        return toks[i] if i < len(toks) else None

    def take():
        nonlocal i
        i += 1
        return toks[i - 1]

    def atom():
        t = take()
        if t == "(":
            v = orx()
            if take() != ")":
                raise ExprError(f"missing ) in {expr!r}")
            return v
        if t == "!":
            return not truthy(atom())
        if t.startswith("'"):
            return t[1:-1].replace("''", "'")
        if t in ("true", "false"):
            return t == "true"
        if t.isdigit():
            return int(t)
        if t.endswith("()"):
            fn = t[:-2]
            if fn == "always":
                return True
            if fn == "success":
                return status == "success"
            if fn == "failure":
                return status == "failure"
            if fn == "cancelled":
                return False
            raise ExprError(f"unknown function {t}")
        v = ctx
        for part in t.split("."):
            v = v.get(part) if isinstance(v, dict) else None
        return "" if v is None else v

    def cmp():
        left = atom()
        while peek() in ("==", "!="):
            op = take()
            right = atom()
            eq = str(left).lower() == str(right).lower() if isinstance(left, str) and isinstance(right, str) \
                else left == right
            left = eq if op == "==" else not eq
        return left

    def andx():
        v = cmp()
        while peek() == "&&":
            take()
            r = cmp()
            v = r if truthy(v) else v
        return v

    def orx():
        v = andx()
        while peek() == "||":
            take()
            r = andx()
            v = v if truthy(v) else r
        return v

    v = orx()
    if i != len(toks):
        raise ExprError(f"unexpected {toks[i]!r} in {expr!r}")
    return v


def truthy(v):
    return not (v is None or v is False or v == "" or v == 0)


def expand(value, ctx, status="success"):
    def sub(m):
        v = evaluate(m.group(1), ctx, status)
        return ("true" if v else "false") if isinstance(v, bool) else str(v)
    return re.sub(r"\$\{\{(.*?)\}\}", sub, str(value))


def step_runs(step, ctx, status):
    cond = step.get("if")
    if cond is None:
        return status == "success"
    text = str(cond)
    v = evaluate(text, ctx, status)
    if not re.search(r"\b(always|success|failure|cancelled)\(\)", text):
        return status == "success" and truthy(v)
    return truthy(v)


# --- checks -----------------------------------------------------------------

REQUIRED_INPUTS = ("paths", "version", "config", "fail-on", "new-from-rev", "shard", "sarif-upload",
                   "go-install-fallback", "download-url")


def check_action_static(action, flags):
    if not isinstance(action, dict):
        problem("action.yml: not a mapping")
        return []
    for k in ("name", "description", "runs"):
        if k not in action:
            problem(f"action.yml: missing {k}")
    inputs = action.get("inputs") or {}
    for k in REQUIRED_INPUTS:
        if k not in inputs:
            problem(f"action.yml: missing input {k}")
        elif "description" not in (inputs[k] or {}):
            problem(f"action.yml: input {k} has no description")
    if (inputs.get("go-install-fallback") or {}).get("default") != "false":
        problem("action.yml: go-install-fallback must default to \"false\" (go install only when asked)")
    runs = action.get("runs") or {}
    if runs.get("using") != "composite":
        problem(f"action.yml: runs.using is {runs.get('using')!r}, want composite")
    steps = runs.get("steps") or []
    by_id = {s.get("id"): s for s in steps if s.get("id")}
    uses = [s.get("uses", "") for s in steps]
    scripts = [s.get("run", "") for s in steps]
    cache = [s for s in steps if s.get("uses", "").startswith("actions/cache@")]
    if not cache or "steps.resolve.outputs" not in json.dumps(cache[0].get("with")):
        problem("action.yml: no actions/cache step keyed on the resolved release")
    dl = by_id.get("download", {})
    if "checksums.txt" not in dl.get("run", "") or "sha256" not in dl.get("run", ""):
        problem("action.yml: the download step does not verify the archive against checksums.txt")
    if "cache-hit" not in str(dl.get("if", "")):
        problem("action.yml: the download step does not depend on the cache")
    setup_go = [s for s in steps if s.get("uses", "").startswith("actions/setup-go@")]
    go_install = [s for s in steps if re.search(r'go install ["\']?github\.com/guardrail-dev/guardrail/cmd/guardrail@',
                                                  s.get("run", ""))]
    if not setup_go or not go_install:
        problem("action.yml: no setup-go + `go install github.com/guardrail-dev/guardrail/cmd/guardrail@...` fallback")
    for s in setup_go + go_install:
        if "fallback" not in str(s.get("if", "")):
            problem(f"action.yml: step {s.get('name')!r} must run only on the go-install fallback")
    if not any("--format sarif" in r for r in scripts):
        problem("action.yml: no `guardrail check --format sarif` step")
    up = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    if not up or "sarif_file" not in (up[0].get("with") or {}):
        problem("action.yml: no github/codeql-action/upload-sarif step with sarif_file")
    else:
        cond = str(up[0].get("if", ""))
        if "sarif-upload" not in cond or "upload-allowed" not in cond:
            problem("action.yml: the upload step does not depend on the sarif-upload input and the fork check")
    if "::notice" not in by_id.get("upload-allowed", {}).get("run", ""):
        problem("action.yml: no ::notice when the SARIF upload is skipped")
    if not any("--format" in r and "github" in r for r in scripts):
        problem("action.yml: no `guardrail check --format github` step")
    text = json.dumps(action)
    for name in set(re.findall(r"\$\{\{[^}]*?\binputs\.([A-Za-z0-9_-]+)", text)):
        if name not in inputs:
            problem(f"action.yml: ${{{{ inputs.{name} }}}} is not a declared input")
    for sid in set(re.findall(r"\bsteps\.([A-Za-z0-9_-]+)\.outputs", text)):
        if sid not in by_id:
            problem(f"action.yml: steps.{sid} is not a step id")
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
        if "if" in s:
            try:
                evaluate(str(s["if"]), {}, "success")
            except ExprError as e:
                problem(f"action.yml: step {i} ({s.get('name')}): if: {e}")
    shellcheck_steps(steps)
    ok(f"action.yml: composite, inputs {', '.join(inputs)}; cache, download + checksums.txt, go install fallback, "
       f"SARIF, upload-sarif (fork notice), annotations; uses {', '.join(u for u in uses if u)}")
    return steps


def shellcheck_steps(steps):
    """shellcheck (when installed) on each run script: actionlint checks
    workflows' scripts, not an action's."""
    import shutil
    if not shutil.which("shellcheck"):
        print("skip shellcheck of action.yml's run scripts: shellcheck not installed (Debian: shellcheck)")
        return
    n = 0
    for i, s in enumerate(steps):
        if "run" not in s:
            continue
        n += 1
        r = subprocess.run(["shellcheck", "-s", "bash", "-"], input=s["run"], capture_output=True,
                           text=True, timeout=60)
        if r.returncode != 0:
            problem(f"action.yml: step {i} ({s.get('name')}): shellcheck:\n{r.stdout}{r.stderr}")
    ok(f"action.yml: shellcheck (every severity) passes on {n} run scripts")


# --- a release served on 127.0.0.1 --------------------------------------------

def host_platform():
    import platform
    oses = {"linux": ("linux", "Linux"), "darwin": ("darwin", "macOS"), "win32": ("windows", "Windows")}
    arches = {"x86_64": ("amd64", "X64"), "amd64": ("amd64", "X64"), "aarch64": ("arm64", "ARM64"),
              "arm64": ("arm64", "ARM64")}
    goos, runner_os = oses.get(sys.platform, ("", ""))
    goarch, runner_arch = arches.get(platform.machine().lower(), ("", ""))
    return goos, goarch, runner_os, runner_arch


class Release:
    """A GitHub-like release tree under root, served on 127.0.0.1:

        /<name>/releases/download/<tag>/<asset>   the assets
        /<name>/releases/latest                   302 to /<name>/releases/tag/<tag>
    """

    def __init__(self, root):
        import http.server
        import threading
        self.root = root
        latest = {}
        self.latest = latest

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *a, **kw):
                super().__init__(*a, directory=root, **kw)

            def _redirect(self):
                m = re.fullmatch(r"/([^/]+)/releases/latest", self.path)
                if m and m.group(1) in latest:
                    self.send_response(302)
                    self.send_header("Location", f"/{m.group(1)}/releases/tag/{latest[m.group(1)]}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return True
                return False

            def do_GET(self):
                if not self._redirect():
                    super().do_GET()

            def do_HEAD(self):
                if not self._redirect():
                    super().do_HEAD()

            def log_message(self, *a):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def add(self, name, tag, files, checksums):
        """Publishes files (name -> path) and checksums.txt text as release tag of repo name."""
        d = os.path.join(self.root, name, "releases", "download", tag)
        os.makedirs(d, exist_ok=True)
        for n, src in files.items():
            os.symlink(os.path.abspath(src), os.path.join(d, n))
        with open(os.path.join(d, "checksums.txt"), "w") as f:
            f.write(checksums)
        t = os.path.join(self.root, name, "releases", "tag")
        os.makedirs(t, exist_ok=True)
        open(os.path.join(t, tag), "w").close()
        self.latest[name] = tag
        return f"{self.base}/{name}/releases/download"

    def close(self):
        self.server.shutdown()


def release_assets(binary, dist, workdir):
    """(tag, version known?, {asset: path}, checksums.txt text) from DIST, or a one-platform release."""
    import hashlib
    import tarfile
    import zipfile
    if dist:
        with open(os.path.join(dist, "metadata.json")) as f:
            version = json.load(f)["version"]
        files = {n: os.path.join(dist, n) for n in os.listdir(dist)
                 if n.startswith(f"guardrail_{version}_") or n.endswith(".vsix")}
        with open(os.path.join(dist, "checksums.txt")) as f:
            return "v" + version, True, files, f.read()
    goos, goarch, _, _ = host_platform()
    version = "0.0.0-validate"
    exe = "guardrail.exe" if goos == "windows" else "guardrail"
    asset = os.path.join(workdir, f"guardrail_{version}_{goos}_{goarch}.{'zip' if goos == 'windows' else 'tar.gz'}")
    if goos == "windows":
        with zipfile.ZipFile(asset, "w") as z:
            z.write(binary, exe)
            z.write(os.path.join(ROOT, "README.md"), "README.md")
    else:
        with tarfile.open(asset, "w:gz") as t:
            t.add(binary, exe)
            t.add(os.path.join(ROOT, "README.md"), "README.md")
    with open(asset, "rb") as f:
        sums = f"{hashlib.sha256(f.read()).hexdigest()}  {os.path.basename(asset)}\n"
    return "v" + version, False, {os.path.basename(asset): asset}, sums


def tamper(checksums, asset):
    out = []
    for line in checksums.splitlines():
        h, _, name = line.partition("  ")
        if name == asset:
            h = ("0" if h[0] != "0" else "1") + h[1:]
        out.append(f"{h}  {name}")
    return "\n".join(out) + "\n"


# --- running the action's steps ----------------------------------------------

def clean_path():
    """PATH without any folder holding a guardrail binary: the action must install its own."""
    keep = [d for d in os.environ.get("PATH", "").split(os.pathsep)
            if d and not os.path.exists(os.path.join(d, "guardrail"))]
    return os.pathsep.join(keep)


def run_action(action, overrides, workdir, tool_cache, github=None):
    """Runs the action's steps as the runner would; returns {step id: result}."""
    goos, goarch, runner_os, runner_arch = host_platform()
    inputs = {k: str((v or {}).get("default", "")) for k, v in (action.get("inputs") or {}).items()}
    inputs.update(overrides)
    gh = {"event_name": "push", "repository": "guardrail-dev/guardrail", "action_ref": "", "actor": "octocat",
          "event": {"pull_request": {"head": {"repo": {"full_name": ""}}}}}
    gh.update(github or {})
    ctx = {"inputs": inputs, "steps": {}, "github": gh,
           "runner": {"os": runner_os, "arch": runner_arch, "tool_cache": tool_cache}}
    path_file = os.path.join(workdir, ".github_path")
    open(path_file, "w").close()
    runner_temp = os.path.join(workdir, ".runner_temp")
    os.makedirs(runner_temp, exist_ok=True)
    status = "success"
    results = {}
    for i, s in enumerate(action["runs"]["steps"]):
        sid = s.get("id") or f"#{i}"
        if not step_runs(s, ctx, status):
            results[sid] = {"ran": False, "outputs": {}}
            ctx["steps"][sid] = {"outputs": {}, "outcome": "skipped"}
            continue
        if "uses" in s:
            # Not run here: actions/cache misses, setup-go and upload-sarif are only recorded.
            withs = {k: expand(v, ctx, status) for k, v in (s.get("with") or {}).items()}
            results[sid] = {"ran": False, "selected": True, "uses": s["uses"], "with": withs, "outputs": {}}
            ctx["steps"][sid] = {"outputs": {}, "outcome": "success"}
            continue
        if re.search(r"""go install ["']?github\.com/""", s["run"]):
            results[sid] = {"ran": False, "selected": True, "outputs": {}}
            ctx["steps"][sid] = {"outputs": {}, "outcome": "success"}
            continue
        out_file = os.path.join(workdir, f".github_output_{i}")
        open(out_file, "w").close()
        with open(path_file) as f:
            added = [line.strip() for line in f if line.strip()]
        env = dict(os.environ, PATH=os.pathsep.join(list(reversed(added)) + [clean_path()]),
                   GITHUB_OUTPUT=out_file, GITHUB_PATH=path_file, GITHUB_ACTION_PATH=ROOT,
                   RUNNER_OS=runner_os, RUNNER_ARCH=runner_arch, RUNNER_TOOL_CACHE=tool_cache,
                   RUNNER_TEMP=runner_temp, XDG_CONFIG_HOME=os.path.join(workdir, ".xdg"))
        for k, v in (s.get("env") or {}).items():
            env[k] = expand(v, ctx, status)
        script = os.path.join(workdir, f".step_{i}.sh")
        with open(script, "w") as f:
            f.write(s["run"])
        r = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=workdir, env=env,
                           capture_output=True, text=True, timeout=120)
        outputs = {}
        with open(out_file) as f:
            for line in f:
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    outputs[k] = v
        results[sid] = {"ran": True, "code": r.returncode, "stdout": r.stdout, "stderr": r.stderr, "outputs": outputs}
        ctx["steps"][sid] = {"outputs": outputs, "outcome": "success" if r.returncode == 0 else "failure"}
        if r.returncode != 0:
            status = "failure"
    return results


def sample_repo(repo):
    os.makedirs(os.path.join(repo, "docs"))
    with open(os.path.join(repo, "docs", "launch.md"), "w") as f:
        f.write("# Launch\n\nSRE enables access to OpenAI models.\n")
    with open(os.path.join(repo, "clean.md"), "w") as f:
        f.write("SRE is powered by OpenAI models.\n")
    with open(os.path.join(repo, "quiet.toml"), "w") as f:
        f.write('extends = ["builtin:sre-messaging"]\nroot = true\n\n[severity]\n"sre.access-claim" = "off"\n')
    subprocess.run(["git", "init", "-q", repo], check=False)


def out_of(r, sid):
    s = r.get(sid) or {}
    return (s.get("stdout") or "") + (s.get("stderr") or "")


def check_action_runs(binary, action, dist):
    goos, goarch, _, _ = host_platform()
    with tempfile.TemporaryDirectory(prefix="guardrail-action.") as tmp:
        repo = os.path.join(tmp, "repo")
        sample_repo(repo)
        tag, real, files, sums = release_assets(binary, dist, tmp)
        version = tag[1:]
        asset = f"guardrail_{version}_{goos}_{goarch}.{'zip' if goos == 'windows' else 'tar.gz'}"
        if asset not in files:
            problem(f"release {tag}: no {asset} for this machine")
            return
        srv = Release(os.path.join(tmp, "www"))
        try:
            good = srv.add("good", tag, files, sums)
            bad = srv.add("tampered", tag, files, tamper(sums, asset))
            source = f"goreleaser's dist/ ({tag})" if real else f"a one-platform release made from {binary} ({tag})"
            ok(f"release served on 127.0.0.1: {source}")
            cache = os.path.join(tmp, "toolcache")
            base = {"version": tag, "download-url": good}

            # Defaults: download, verify, cache, check (fail-on warning).
            r = run_action(action, dict(base, paths="docs clean.md"), repo, cache)
            dl = r.get("download", {})
            installed = os.path.join(cache, "guardrail", version, f"{goos}-{goarch}",
                                     "guardrail.exe" if goos == "windows" else "guardrail")
            c = r.get("cache", {})
            if not c.get("selected") or c.get("with", {}).get("path") != os.path.dirname(installed) or \
                    c.get("with", {}).get("key") != f"guardrail-{tag}-{goos}-{goarch}":
                problem(f"action.yml: actions/cache not keyed on the release and platform: {c}")
            if dl.get("code") != 0 or "matches checksums.txt" not in out_of(r, "download"):
                problem(f"action.yml: the download step failed: {out_of(r, 'download')}")
                return
            if not os.access(installed, os.X_OK):
                problem(f"action.yml: no executable guardrail at {installed}")
                return
            ok(f"action download: {good}/{tag}/{asset}, sha256 matches checksums.txt, installed in the tool cache")
            line = (r.get("path", {}).get("stdout") or "").strip()
            if r.get("path", {}).get("code") != 0 or not line.startswith("guardrail "):
                problem(f"action.yml: the PATH step did not run the installed guardrail: {out_of(r, 'path')}")
            elif real and not line.startswith(f"guardrail {tag} (commit "):
                problem(f"action.yml: `guardrail version` after the install printed {line!r}, want {tag}")
            else:
                ok(f"action install: on PATH, `guardrail version` -> {line}")
            for sid in ("go-install",):
                if r.get(sid, {}).get("selected") or r.get(sid, {}).get("ran"):
                    problem("action.yml: go install ran although the download worked")
            if any(v.get("uses", "").startswith("actions/setup-go@") for v in r.values() if v.get("selected")):
                problem("action.yml: setup-go ran although the download worked")
            sarif_step, check_step = r.get("sarif"), r.get("check")
            if not sarif_step or not check_step or not sarif_step.get("ran") or not check_step.get("ran"):
                problem(f"action.yml: the sarif and check steps did not run: {sorted(r)}")
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
            up = next((v for v in r.values() if v.get("uses", "").startswith("github/codeql-action/upload-sarif@")), None)
            if not up:
                problem("action.yml: on a push the SARIF upload step was not selected")
            if check_step["code"] != 1 or check_step["outputs"].get("exit-code") != "1":
                problem(f"action.yml: with fail-on warning the check step should exit 1 and set exit-code=1, got "
                        f"{check_step['code']} / {check_step['outputs']}: {check_step['stdout']}{check_step['stderr']}")
            elif not re.search(r"^::error file=docs/launch\.md,line=3", check_step["stdout"], re.M):
                problem(f"action.yml: no ::error annotation for docs/launch.md:3 in {check_step['stdout']!r}")
            else:
                ok("action steps: fail-on warning -> ::error annotation on docs/launch.md:3, exit code 1")

            # fail-on never.
            r = run_action(action, dict(base, paths="docs", **{"fail-on": "never"}), repo, cache)
            if r["check"].get("code") != 0:
                problem(f"action.yml: with fail-on never the check step exited {r['check'].get('code')}")
            elif "::error" not in r["check"]["stdout"]:
                problem("action.yml: with fail-on never the findings should still be annotated")
            else:
                ok("action steps: fail-on never -> annotated, exit code 0")

            # config input.
            r = run_action(action, dict(base, paths="docs", config="quiet.toml"), repo, cache)
            if r["check"].get("code") != 0 or "::error" in r["check"].get("stdout", ""):
                problem(f"action.yml: the config input was not honoured: {out_of(r, 'check')}")
            else:
                ok("action steps: config input -> guardrail check --config, clean, exit code 0")

            # annotate false.
            r = run_action(action, dict(base, paths="docs", annotate="false"), repo, cache)
            if "::error" in r["check"].get("stdout", "") or "sre.access-claim" not in r["check"].get("stdout", ""):
                problem(f"action.yml: annotate false should print text output: {r['check'].get('stdout')!r}")
            else:
                ok("action steps: annotate false -> text output")

            # A tampered checksums.txt: nothing installed, the job fails.
            cache2 = os.path.join(tmp, "toolcache2")
            r = run_action(action, {"version": tag, "download-url": bad, "paths": "docs"}, repo, cache2)
            if r["download"].get("code") == 0 or "checksum mismatch" not in out_of(r, "download") or \
                    "::error" not in out_of(r, "download"):
                problem(f"action.yml: a tampered checksums.txt was not refused: {out_of(r, 'download')}")
            elif r["sarif"].get("ran") or os.path.exists(os.path.join(cache2, "guardrail", version, f"{goos}-{goarch}",
                                                                       os.path.basename(installed))):
                problem("action.yml: after a checksum mismatch guardrail was installed or run")
            else:
                ok("action download: a tampered checksums.txt -> ::error checksum mismatch, nothing installed, step fails")

            # ... and with go-install-fallback: go install instead.
            r = run_action(action, {"version": tag, "download-url": bad, "paths": "docs",
                                    "go-install-fallback": "true"}, repo, os.path.join(tmp, "toolcache3"))
            setup = [v for v in r.values() if v.get("uses", "").startswith("actions/setup-go@")]
            if r["download"].get("code") != 0 or r["download"]["outputs"].get("fallback") != "true" or \
                    "::warning" not in out_of(r, "download") or not setup or \
                    not r.get("go-install", {}).get("selected"):
                problem(f"action.yml: go-install-fallback true did not switch to setup-go + go install: "
                        f"{out_of(r, 'download')} {sorted(k for k, v in r.items() if v.get('selected'))}")
            else:
                ok("action download: checksum mismatch + go-install-fallback -> ::warning, setup-go and go install "
                   f"{tag} selected (not run here)")

            # A release that does not exist.
            r = run_action(action, {"version": "v9.9.9", "download-url": good, "paths": "docs"}, repo,
                           os.path.join(tmp, "toolcache4"))
            if r["download"].get("code") == 0 or "cannot download" not in out_of(r, "download"):
                problem(f"action.yml: a missing release should fail the download step: {out_of(r, 'download')}")
            else:
                ok("action download: no such release v9.9.9 -> ::error cannot download, step fails")

            # Version: the action's own tag, else latest.
            r = run_action(action, {"version": "", "download-url": good, "paths": "docs"}, repo, cache,
                           github={"action_ref": tag})
            r2 = run_action(action, {"version": "", "download-url": good, "paths": "docs"}, repo, cache,
                            github={"action_ref": "main"})
            if r["resolve"]["outputs"].get("tag") != tag or r2["resolve"]["outputs"].get("tag") != tag or \
                    r2["download"].get("code") != 0:
                problem(f"action.yml: version resolution: action_ref {tag} -> {r['resolve']['outputs']}, "
                        f"main -> {r2['resolve']['outputs']} {out_of(r2, 'resolve')}")
            else:
                ok(f"action version: empty input at @{tag} -> {tag}; at @main -> latest release ({tag}, "
                   "followed the releases/latest redirect)")

            # Pull requests: a fork's token cannot upload SARIF.
            fork = {"event_name": "pull_request",
                    "event": {"pull_request": {"head": {"repo": {"full_name": "someone/guardrail"}}}}}
            r = run_action(action, dict(base, paths="docs"), repo, cache, github=fork)
            uploaded = any(v.get("uses", "").startswith("github/codeql-action/upload-sarif@") for v in r.values())
            if uploaded or r["upload-allowed"]["outputs"].get("allowed") != "false" or \
                    "::notice" not in out_of(r, "upload-allowed") or r["check"].get("code") != 1:
                problem(f"action.yml: a fork's pull request should skip the upload with a ::notice: "
                        f"{out_of(r, 'upload-allowed')} uploaded={uploaded}")
            else:
                ok("action SARIF: pull request from a fork -> ::notice, upload skipped, annotations and exit code kept")
            same = {"event_name": "pull_request",
                    "event": {"pull_request": {"head": {"repo": {"full_name": "guardrail-dev/guardrail"}}}}}
            r = run_action(action, dict(base, paths="docs"), repo, cache, github=same)
            if not any(v.get("uses", "").startswith("github/codeql-action/upload-sarif@") for v in r.values()):
                problem("action.yml: a same-repository pull request should upload SARIF")
            else:
                ok("action SARIF: pull request from a branch of the repository -> upload selected")

            check_action_new_from_rev(action, base, repo, cache)
            check_action_shard(action, base, repo, cache)

            check_release_hook(repo, tag, real, good, bad, tmp)
        finally:
            srv.close()


def annotations(step):
    return sorted(re.findall(r"^::\w+ file=([^,]+),line=(\d+)", (step or {}).get("stdout") or "", re.M))


def check_action_new_from_rev(action, base, repo, cache):
    """new-from-rev: only the lines changed since the revision are annotated."""
    git = ["git", "-C", repo, "-c", "user.name=ci", "-c", "user.email=ci@example.com", "-c", "commit.gpgsign=false"]
    launch = os.path.join(repo, "docs", "launch.md")
    with open(launch) as f:
        before = f.read()
    try:
        for args in (["add", "-A"], ["commit", "-q", "-m", "base"], ["tag", "-f", "ci-base"]):
            subprocess.run(git + args, check=True, capture_output=True, timeout=60)
        with open(launch, "a") as f:
            f.write("\nNew text: SRE enables access to OpenAI models.\n")
        r = run_action(action, dict(base, paths="docs", **{"new-from-rev": "ci-base"}), repo, cache)
        got = annotations(r.get("check"))
        sarif_results = []
        try:
            with open(os.path.join(repo, r["sarif"]["outputs"].get("sarif-file", "guardrail.sarif"))) as f:
                sarif_results = [x for run in json.load(f).get("runs", []) for x in run.get("results", [])]
        except (OSError, ValueError, KeyError):
            pass
        lines = sorted(x["locations"][0]["physicalLocation"]["region"]["startLine"] for x in sarif_results)
        if got != [("docs/launch.md", "5")] or lines != [5] or r["check"].get("code") != 1:
            problem(f"action.yml: new-from-rev should annotate only docs/launch.md:5 (the added line), got {got}, "
                    f"SARIF lines {lines}, exit {r['check'].get('code')}: {out_of(r, 'check')}")
        else:
            ok("action steps: new-from-rev ci-base -> only the added line docs/launch.md:5 annotated and in the SARIF")
        r = run_action(action, dict(base, paths="docs", **{"new-from-rev": "no-such-rev"}), repo, cache)
        if r["check"].get("code") != 2 or "unknown git revision" not in out_of(r, "check"):
            problem(f"action.yml: new-from-rev with an unknown revision should exit 2: {out_of(r, 'check')}")
        else:
            ok("action steps: new-from-rev no-such-rev -> exit 2, unknown git revision")
    except subprocess.CalledProcessError as e:
        problem(f"new-from-rev: git {e.cmd}: {e.stderr}")
    finally:
        with open(launch, "w") as f:
            f.write(before)


def check_action_shard(action, base, repo, cache):
    """shard: the shards' annotations add up to the whole; each its own SARIF category."""
    for i in range(12):
        with open(os.path.join(repo, "docs", f"page{i}.md"), "w") as f:
            f.write(f"Page {i}: SRE enables access to OpenAI models.\n")
    try:
        whole = annotations(run_action(action, dict(base, paths="docs"), repo, cache).get("check"))
        union, categories = [], []
        for k in (1, 2, 3):
            r = run_action(action, dict(base, paths="docs", shard=f"{k}/3"), repo, cache)
            union += annotations(r.get("check"))
            up = next((v for v in r.values() if v.get("uses", "").startswith("github/codeql-action/upload-sarif@")), {})
            categories.append((up.get("with") or {}).get("category"))
            with open(os.path.join(repo, r["sarif"]["outputs"].get("sarif-file", "guardrail.sarif"))) as f:
                ids = [(run.get("automationDetails") or {}).get("id") for run in json.load(f).get("runs", [])]
            if ids != [f"guardrail/shard-{k}-of-3/"]:
                problem(f"action.yml: shard {k}/3: SARIF automationDetails ids {ids}")
        if sorted(union) != whole or len(whole) < 13:
            problem(f"action.yml: the annotations of shards 1/3..3/3 ({len(union)}) differ from the whole ({len(whole)})")
        elif categories != ["guardrail/shard-1-of-3", "guardrail/shard-2-of-3", "guardrail/shard-3-of-3"]:
            problem(f"action.yml: shard upload categories {categories}")
        else:
            ok(f"action steps: shard 1/3..3/3 -> {len(whole)} annotations in all, as unsharded; SARIF categories "
               f"{', '.join(categories)}")
        r = run_action(action, dict(base, paths="docs"), repo, cache)
        up = next((v for v in r.values() if v.get("uses", "").startswith("github/codeql-action/upload-sarif@")), {})
        if (up.get("with") or {}).get("category") != "guardrail":
            problem(f"action.yml: without shard the upload category should stay guardrail: {up.get('with')}")
        r = run_action(action, dict(base, paths="docs", shard="4/3"), repo, cache)
        if r["check"].get("code") != 2 or "--shard wants K/N" not in out_of(r, "check"):
            problem(f"action.yml: shard 4/3 should exit 2: {out_of(r, 'check')}")
    finally:
        for i in range(12):
            os.remove(os.path.join(repo, "docs", f"page{i}.md"))


def check_release_hook(repo, tag, real, good, bad, tmp):
    """The pre-commit release hook script against the served release."""
    script = os.path.join(ROOT, RELEASE_HOOK_SCRIPT)
    home = os.path.join(tmp, "pre-commit-home")
    env = dict(os.environ, PATH=clean_path(), PRE_COMMIT_HOME=home, GUARDRAIL_VERSION=tag,
               GUARDRAIL_DOWNLOAD_URL=good, XDG_CONFIG_HOME=os.path.join(tmp, ".xdg"))
    r = subprocess.run([sys.executable, script, "check", "docs/launch.md", "clean.md"], cwd=repo, env=env,
                       capture_output=True, text=True, timeout=120)
    if r.returncode != 1 or "sre.access-claim" not in r.stdout or "sha256 verified" not in r.stderr:
        problem(f"pre-commit release hook: want exit 1 with the finding after a verified download, got "
                f"{r.returncode}: {r.stdout}{r.stderr}")
        return
    ok(f"pre-commit release hook: downloaded {tag} (sha256 verified) into PRE_COMMIT_HOME, flags docs/launch.md")
    # Cached: works with the server gone.
    env2 = dict(env, GUARDRAIL_DOWNLOAD_URL="http://127.0.0.1:9/none")
    fix = os.path.join(repo, "fixme.md")
    with open(fix, "w") as f:
        f.write("SRE enables access to OpenAI models.\n")
    r = subprocess.run([sys.executable, script, "check", "--fix", "fixme.md"], cwd=repo, env=env2,
                       capture_output=True, text=True, timeout=60)
    with open(fix) as f:
        fixed = f.read()
    if fixed != "SRE is powered by OpenAI models.\n":
        problem(f"pre-commit release hook: the cached binary did not fix fixme.md ({r.returncode}): {r.stderr} {fixed!r}")
    else:
        ok("pre-commit release hook: second run uses the cached binary (no download), check --fix rewrites the file")
    # Tampered release: refused, nothing cached.
    env3 = dict(env, PRE_COMMIT_HOME=os.path.join(tmp, "pre-commit-home-2"), GUARDRAIL_DOWNLOAD_URL=bad)
    r = subprocess.run([sys.executable, script, "check", "docs/launch.md"], cwd=repo, env=env3,
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 3 or "checksum mismatch" not in r.stderr or os.path.exists(env3["PRE_COMMIT_HOME"] + "/guardrail"):
        problem(f"pre-commit release hook: a tampered checksums.txt should be refused (exit 3): {r.returncode} "
                f"{r.stderr}")
    else:
        ok("pre-commit release hook: tampered checksums.txt -> refused, exit 3, nothing cached")
    # Without GUARDRAIL_VERSION the version is editors/vscode/package.json's.
    env4 = {k: v for k, v in env.items() if k != "GUARDRAIL_VERSION"}
    env4.update(PRE_COMMIT_HOME=os.path.join(tmp, "pre-commit-home-3"), GUARDRAIL_DOWNLOAD_URL="http://127.0.0.1:9")
    with open(os.path.join(ROOT, "editors", "vscode", "package.json")) as f:
        ext_version = json.load(f)["version"]
    r = subprocess.run([sys.executable, script, "check", "clean.md"], cwd=repo, env=env4,
                       capture_output=True, text=True, timeout=60)
    if f"http://127.0.0.1:9/v{ext_version}/checksums.txt" not in r.stderr:
        problem(f"pre-commit release hook: without GUARDRAIL_VERSION it should fetch v{ext_version}: {r.stderr}")
    else:
        ok(f"pre-commit release hook: the release version defaults to the hook repository's (v{ext_version})")


def check_flags(binary):
    r = subprocess.run([binary, "check", "--help"], capture_output=True, text=True, timeout=30)
    flags = set(re.findall(r"^\s+-{1,2}([a-z][a-z0-9-]*)", r.stdout + r.stderr, re.M))
    if not flags:
        problem("`guardrail check --help` lists no flags")
    return flags


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    dist = os.path.abspath(sys.argv[2]) if len(sys.argv) == 3 and sys.argv[2] else ""
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
                check_action_runs(binary, action, dist)
    if problems:
        print(f"FAIL CI integrations: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("PASS CI integrations (.pre-commit-hooks.yaml, action.yml, the release download path)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
