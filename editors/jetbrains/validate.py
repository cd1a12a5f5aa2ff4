#!/usr/bin/env python3
"""Validate the LSP4IJ template in editors/jetbrains against the real binary.

    python3 validate.py GUARDRAIL_BINARY [DIST]

Checks:
  1. template.json, settings.json and initializationOptions.json are valid
     JSON with the keys LSP4IJ reads (the template descriptor: id, name,
     programArgs with a "default" command, fileTypeMappings of
     {fileType: {name?, patterns?}, languageId}, languageMappings of
     {language, languageId}); settings carry only the server's settings.
  2. Each OS command is `guardrail[.exe] lsp [flags]`, every flag appears in
     `guardrail lsp --help`, and the real binary started with the default
     command's arguments answers initialize (with initializationOptions.json),
     takes settings.json through workspace/didChangeConfiguration and
     workspace/configuration without complaint, and exits 0 after
     shutdown/exit.
  3. The file mappings cover every file type guardrail checks by default.
  4. settings.schema.json is a draft-07 schema of exactly the server's
     settings (types, enums, bounds and defaults as the VS Code extension
     declares them), and settings.json and initializationOptions.json
     validate against it.
  5. installer.json is an LSP4IJ installer descriptor (check/run tasks of
     the kinds LSP4IJ knows: exec, download, configureServer, showMessage)
     whose download task picks, as LSP4IJ resolves it (OS key windows, mac
     or unix, then the CPU as IntelliJ's CpuArch or os.arch names it), the
     goreleaser archive guardrail_<version>_<os>_<arch> for each of the six
     platforms and no other asset; its configureServer command runs
     `guardrail lsp`.
  6. The download path, as LSP4IJ takes it, against a release served on
     127.0.0.1 (DIST: goreleaser's dist/ from scripts/release-snapshot.sh;
     without it, a one-platform release made from GUARDRAIL_BINARY): the
     releases JSON of the GitHub API, the first matching asset's
     browser_download_url, sha256 against the release's checksums.txt (LSP4IJ
     itself does not check it), extraction into output.dir, output.file.name
     executable, and the configured command answers initialize.

Standard library only. Exits 1 with a message per problem.
"""

import fnmatch
import json
import os
import queue
import re
import shlex
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))

TEMPLATE_KEYS = {"id", "name", "url", "dev", "programArgs", "fileTypeMappings", "languageMappings",
                 "env", "workingDir", "expandConfiguration", "disablePromotionFor"}
OS_KEYS = {"default", "windows", "mac", "unix"}
SETTING_KEYS = {"configPath": str, "extraPacks": list, "minSeverity": str, "logLevel": str,
                "maxDocumentSize": int, "maxFindings": int, "analysisTimeout": int}
# Limits: whole numbers from 0 (no limit) to 2^31-1, the server's defaults
# (server/limits.go) in the template.
LIMIT_DEFAULTS = {"maxDocumentSize": 10485760, "maxFindings": 1000, "analysisTimeout": 5000}
MAX_LIMIT = 2**31 - 1
SEVERITIES = {"error", "warning", "info", "hint"}
LOG_LEVELS = {"debug", "info", "warn", "error"}

# One file name per file type guardrail checks by default (README: "Files
# checked by default"), plus .guardrail.toml for config diagnostics.
MUST_COVER = {
    "Markdown": ["README.md", "notes.markdown", "page.mdx"],
    "HTML": ["index.html", "page.htm"],
    "plain text": ["notes.txt"],
    "Go": ["main.go"],
    "Python": ["app.py"],
    "JavaScript": ["app.js", "app.jsx", "mod.mjs"],
    "TypeScript": ["app.ts", "app.tsx"],
    "Java": ["App.java"],
    "C": ["main.c", "main.h"],
    "C++": ["main.cpp", "main.cc", "main.hpp"],
    "C#": ["Program.cs"],
    "Rust": ["main.rs"],
    "Ruby": ["app.rb"],
    "shell": ["run.sh", "run.bash", "run.zsh"],
    "JSON": ["messages.json"],
    "YAML": ["messages.yaml", "messages.yml"],
    "guardrail config": [".guardrail.toml"],
}

problems = []


def problem(msg):
    problems.append(msg)
    print("FAIL: " + msg, file=sys.stderr)


def ok(msg):
    print("ok   " + msg)


def load_json(name):
    path = os.path.join(HERE, name)
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        problem(f"{name}: missing")
    except json.JSONDecodeError as e:
        problem(f"{name}:{e.lineno}:{e.colno}: invalid JSON: {e.msg}")
    return None


def check_settings(name, data):
    if not isinstance(data, dict) or not isinstance(data.get("guardrail"), dict):
        problem(f'{name}: want an object with a "guardrail" object')
        return
    extra = set(data) - {"guardrail"}
    if extra:
        problem(f"{name}: unexpected top-level keys {sorted(extra)}")
    for k, v in data["guardrail"].items():
        if k not in SETTING_KEYS:
            problem(f"{name}: unknown setting guardrail.{k} (known: {', '.join(SETTING_KEYS)})")
        elif not isinstance(v, SETTING_KEYS[k]) or (SETTING_KEYS[k] is int and isinstance(v, bool)):
            problem(f"{name}: guardrail.{k} should be a {SETTING_KEYS[k].__name__}")
        elif k in LIMIT_DEFAULTS and not 0 <= v <= MAX_LIMIT:
            problem(f"{name}: guardrail.{k} should be a whole number from 0 (no limit) to {MAX_LIMIT}")
        elif k in LIMIT_DEFAULTS and v != LIMIT_DEFAULTS[k]:
            problem(f"{name}: guardrail.{k} is {v}, the server's default is {LIMIT_DEFAULTS[k]}")
    g = data["guardrail"]
    if "minSeverity" in g and g["minSeverity"] not in SEVERITIES:
        problem(f"{name}: minSeverity {g['minSeverity']!r} not one of {sorted(SEVERITIES)}")
    if "logLevel" in g and g["logLevel"] not in LOG_LEVELS:
        problem(f"{name}: logLevel {g['logLevel']!r} not one of {sorted(LOG_LEVELS)}")
    if "extraPacks" in g and not all(isinstance(p, str) for p in g["extraPacks"]):
        problem(f"{name}: extraPacks must be strings")
    ok(f"{name}: guardrail settings {sorted(g)}")


def check_template(t):
    if not isinstance(t, dict):
        problem("template.json: not an object")
        return None
    for k in sorted(set(t) - TEMPLATE_KEYS):
        problem(f"template.json: unknown key {k!r} (LSP4IJ reads {sorted(TEMPLATE_KEYS)})")
    for k in ("id", "name"):
        if not isinstance(t.get(k), str) or not t[k]:
            problem(f"template.json: {k} must be a non-empty string")
    if t.get("name") != "guardrail":
        problem(f"template.json: name is {t.get('name')!r}, want 'guardrail'")
    pa = t.get("programArgs")
    if not isinstance(pa, dict) or not isinstance(pa.get("default"), str):
        # Older LSP4IJ releases read programArgs.default unconditionally.
        problem('template.json: programArgs must be an object with a "default" command')
        pa = {}
    for k in sorted(set(pa) - OS_KEYS):
        problem(f"template.json: programArgs key {k!r} is not an OS key {sorted(OS_KEYS)}")

    patterns = []  # (pattern, languageId)
    ftm = t.get("fileTypeMappings")
    if not isinstance(ftm, list) or not ftm:
        problem("template.json: fileTypeMappings must be a non-empty list")
        ftm = []
    for i, m in enumerate(ftm):
        where = f"template.json: fileTypeMappings[{i}]"
        if not isinstance(m, dict) or not isinstance(m.get("fileType"), dict):
            problem(f"{where}: want {{fileType: {{...}}, languageId}}")
            continue
        if set(m) - {"fileType", "languageId"}:
            problem(f"{where}: unknown keys {sorted(set(m) - {'fileType', 'languageId'})}")
        if not isinstance(m.get("languageId"), str) or not m["languageId"]:
            # Older LSP4IJ releases drop mappings without a languageId.
            problem(f"{where}: languageId must be a non-empty string")
        ft = m["fileType"]
        if set(ft) - {"name", "patterns"}:
            problem(f"{where}.fileType: unknown keys {sorted(set(ft) - {'name', 'patterns'})}")
        if "name" not in ft and "patterns" not in ft:
            problem(f"{where}.fileType: needs a name or patterns")
        if "name" in ft and (not isinstance(ft["name"], str) or not ft["name"]):
            problem(f"{where}.fileType.name must be a non-empty string")
        if "patterns" in ft:
            if not isinstance(ft["patterns"], list) or not ft["patterns"] or \
                    not all(isinstance(p, str) and p for p in ft["patterns"]):
                problem(f"{where}.fileType.patterns must be a non-empty list of strings")
            else:
                patterns += [(p, m.get("languageId")) for p in ft["patterns"]]
    for i, m in enumerate(t.get("languageMappings") or []):
        where = f"template.json: languageMappings[{i}]"
        if not isinstance(m, dict) or set(m) != {"language", "languageId"} or \
                not all(isinstance(m[k], str) and m[k] for k in m):
            problem(f"{where}: want {{language, languageId}} strings")
    ok(f"template.json: id {t.get('id')!r}, {len(ftm)} file type mappings, "
       f"{len(patterns)} file name patterns, {len(t.get('languageMappings') or [])} language mappings")
    return patterns


def check_coverage(patterns):
    missing = []
    for kind, names in MUST_COVER.items():
        for n in names:
            if not any(fnmatch.fnmatchcase(n, p) for p, _ in patterns):
                missing.append(f"{kind} ({n})")
    if missing:
        problem("template.json: file mappings miss " + ", ".join(missing))
    else:
        ok("file mappings cover " + ", ".join(MUST_COVER))


def help_flags(binary):
    r = subprocess.run([binary, "lsp", "--help"], capture_output=True, text=True, timeout=30)
    out = r.stdout + r.stderr
    flags = set(re.findall(r"^\s+-{1,2}([a-z][a-z0-9-]*)", out, re.M))
    if r.returncode not in (0, 2) or not flags:
        problem(f"`guardrail lsp --help` exited {r.returncode} and listed no flags:\n{out}")
    return flags


def split_command(cmd):
    # LSP4IJ accepts IntelliJ macros such as $USER_HOME$ in commands.
    return shlex.split(cmd, posix=True)


def check_commands(pa, flags):
    for os_key, cmd in sorted(pa.items()):
        args = split_command(cmd)
        exe = os.path.basename(args[0].replace("\\", "/")) if args else ""
        if exe not in ("guardrail", "guardrail.exe"):
            problem(f"template.json: programArgs.{os_key} runs {exe!r}, want guardrail")
            continue
        if args[1:2] != ["lsp"]:
            problem(f"template.json: programArgs.{os_key}: want `guardrail lsp ...`, got {cmd!r}")
            continue
        bad = [a for a in args[2:] if a.startswith("-") and a.lstrip("-").split("=", 1)[0] not in flags]
        for a in bad:
            problem(f"template.json: programArgs.{os_key}: flag {a} is not in `guardrail lsp --help` "
                    f"(known: {', '.join('--' + f for f in sorted(flags))})")
        if not bad:
            ok(f"programArgs.{os_key}: {cmd!r}: flags known to the binary")


class Server:
    """A minimal LSP client over the server's stdio."""

    def __init__(self, argv, env):
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, env=env)
        self.q = queue.Queue()
        self.stderr = b""
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_err, daemon=True).start()

    def _read(self):
        f = self.p.stdout
        while True:
            headers = {}
            while True:
                line = f.readline()
                if not line:
                    self.q.put(None)
                    return
                line = line.decode("ascii", "replace").strip()
                if not line:
                    break
                k, _, v = line.partition(":")
                headers[k.strip().lower()] = v.strip()
            n = int(headers.get("content-length", "0"))
            self.q.put(json.loads(f.read(n)))

    def _read_err(self):
        self.stderr = self.p.stderr.read()

    def send(self, msg):
        msg["jsonrpc"] = "2.0"
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.p.stdin.flush()

    def recv(self, timeout=15):
        return self.q.get(timeout=timeout)


def run_server(binary, pa, init_options, settings):
    args = split_command(pa.get("unix") or pa["default"])
    argv = [binary] + args[1:]
    tmp = tempfile.mkdtemp(prefix="guardrail-jetbrains.")
    env = dict(os.environ, XDG_CONFIG_HOME=tmp)
    srv = Server(argv, env)
    complaints = []
    try:
        srv.send({"id": 1, "method": "initialize", "params": {
            "processId": os.getpid(), "rootUri": "file://" + tmp,
            "workspaceFolders": [{"uri": "file://" + tmp, "name": "t"}],
            "capabilities": {"workspace": {"configuration": True, "didChangeConfiguration": {}}},
            "initializationOptions": init_options,
        }})
        pending_shutdown = False
        answered = {}
        deadline_msgs = 200
        srv_initialized = False
        while deadline_msgs:
            deadline_msgs -= 1
            m = srv.recv()
            if m is None:
                problem(f"{' '.join(argv)} closed stdout early; stderr:\n{srv.stderr.decode(errors='replace')}")
                return
            if m.get("id") == 1 and "method" not in m:
                if "error" in m:
                    problem(f"initialize failed: {m['error']}")
                    return
                answered["initialize"] = m["result"].get("serverInfo", {})
                srv.send({"method": "initialized", "params": {}})
                srv.send({"method": "workspace/didChangeConfiguration", "params": {"settings": settings}})
                srv_initialized = True
                # A request after the notifications: its answer means they were read.
                srv.send({"id": 2, "method": "shutdown"})
                pending_shutdown = True
            elif m.get("method") == "workspace/configuration":
                items = m["params"].get("items", [])
                srv.send({"id": m["id"], "result": [
                    settings.get(it.get("section"), settings) if it.get("section") else settings for it in items]})
                answered["workspace/configuration"] = True
            elif "method" in m and "id" in m:
                srv.send({"id": m["id"], "result": None})  # registerCapability, workDoneProgress/create, ...
            elif m.get("method") == "window/showMessage" and m["params"].get("type") in (1, 2):
                complaints.append(m["params"].get("message"))
            elif m.get("method") == "window/logMessage" and m["params"].get("type") == 1:
                complaints.append(m["params"].get("message"))
            elif m.get("id") == 2 and pending_shutdown:
                if "error" in m:
                    problem(f"shutdown failed: {m['error']}")
                srv.send({"method": "exit"})
                break
        if not srv_initialized:
            problem("the server never answered initialize")
        while True:  # anything said before the process ended
            m = srv.recv()
            if m is None:
                break
            if m.get("method") in ("window/showMessage", "window/logMessage") and m["params"].get("type") in (1, 2):
                complaints.append(m["params"].get("message"))
        code = srv.p.wait(timeout=15)
    except (queue.Empty, subprocess.TimeoutExpired):
        srv.p.kill()
        problem(f"{' '.join(argv)}: no answer in time; stderr:\n{srv.stderr.decode(errors='replace')}")
        return
    if complaints:
        problem("the server complained about the template's settings: " + "; ".join(dict.fromkeys(complaints)))
    if code != 0:
        problem(f"{' '.join(argv)} exited {code} after shutdown/exit; stderr:\n{srv.stderr.decode(errors='replace')}")
    if code == 0 and not complaints:
        info = answered.get("initialize") or {}
        ok(f"`{' '.join(['guardrail'] + args[1:])}` ({info.get('name', '?')} {info.get('version', '?')}): "
           f"initialize with initializationOptions.json, settings.json via didChangeConfiguration"
           f"{' and workspace/configuration' if answered.get('workspace/configuration') else ''}, "
           f"shutdown/exit -> exit code 0")


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    dist = os.path.abspath(sys.argv[2]) if len(sys.argv) == 3 and sys.argv[2] else ""
    t = load_json("template.json")
    settings = load_json("settings.json")
    init_options = load_json("initializationOptions.json")
    for name in sorted(os.listdir(HERE)):
        if name.endswith(".json") and name not in ("template.json", "settings.json", "initializationOptions.json",
                                                   "installer.json", "settings.schema.json"):
            load_json(name)
    schema = load_json("settings.schema.json")
    if schema is not None:
        check_settings_schema(schema, {"settings.json": settings, "initializationOptions.json": init_options})
    installer = load_json("installer.json")
    if settings is not None:
        check_settings("settings.json", settings)
    if init_options is not None:
        check_settings("initializationOptions.json", init_options)
    if not os.path.exists(os.path.join(HERE, "README.md")):
        problem("README.md missing (LSP4IJ shows it as the template's help)")
    if t is not None:
        patterns = check_template(t)
        if patterns is not None:
            check_coverage(patterns)
            flags = help_flags(binary)
            pa = t.get("programArgs") or {}
            check_commands(pa, flags)
            if "default" in pa and settings is not None and init_options is not None:
                run_server(binary, pa, init_options, settings)
            if installer is not None:
                download = check_installer(installer, flags)
                if download and settings is not None and init_options is not None:
                    check_download(download, binary, dist, pa, init_options, settings)
    if problems:
        print(f"FAIL editors/jetbrains: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("PASS editors/jetbrains")
    return 0


sys.path.insert(0, HERE)
from installer_check import bind, check_download, check_installer, check_settings_schema  # noqa: E402

bind(problem=problem, ok=ok, run_server=run_server, split_command=split_command)

if __name__ == "__main__":
    sys.exit(main())
