"""Checks of installer.json and settings.schema.json for validate.py.

The installer format is LSP4IJ's (docs/UserDefinedLanguageServerTemplate.md,
"Installer descriptor"; DownloadTaskFactory, InstallerTaskFactoryBase
.getStringFromOs and GitHubAssetFetcher.AssetMatcher in its sources):
resolution and asset matching below follow those classes.

validate.py binds problem, ok, run_server and split_command with bind().
"""

import hashlib
import http.server
import io
import json
import os
import re
import tarfile
import tempfile
import threading
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

_h = {}


def bind(**helpers):
    _h.update(helpers)


def problem(msg):
    _h["problem"](msg)


def ok(msg):
    _h["ok"](msg)


# --- settings.schema.json ------------------------------------------------------

JSON_TYPES = {"string": str, "array": list, "integer": int, "boolean": bool, "object": dict}


def validate(value, schema, where):
    """A draft-07 subset: type, enum, minimum, maximum, items, properties,
    additionalProperties false. Returns the problems."""
    out = []
    t = schema.get("type")
    if t:
        py = JSON_TYPES[t]
        if not isinstance(value, py) or (py is int and isinstance(value, bool)):
            return [f"{where}: want {t}, got {json.dumps(value)}"]
    if "enum" in schema and value not in schema["enum"]:
        out.append(f"{where}: {json.dumps(value)} not one of {schema['enum']}")
    if "minimum" in schema and value < schema["minimum"]:
        out.append(f"{where}: {value} < minimum {schema['minimum']}")
    if "maximum" in schema and value > schema["maximum"]:
        out.append(f"{where}: {value} > maximum {schema['maximum']}")
    if t == "array" and "items" in schema:
        for i, v in enumerate(value):
            out += validate(v, schema["items"], f"{where}[{i}]")
    if t == "object":
        props = schema.get("properties", {})
        for k, v in value.items():
            if k in props:
                out += validate(v, props[k], f"{where}.{k}")
            elif schema.get("additionalProperties") is False:
                out.append(f"{where}: unknown key {k!r}")
    return out


def check_settings_schema(schema, documents):
    if schema.get("$schema") != "http://json-schema.org/draft-07/schema#":
        problem("settings.schema.json: $schema is not draft-07")
    props = ((schema.get("properties") or {}).get("guardrail") or {}).get("properties") or {}
    with open(os.path.join(ROOT, "editors", "vscode", "package.json"), encoding="utf-8") as f:
        vscode = json.load(f)["contributes"]["configuration"]["properties"]
    want = {k.split(".", 1)[1]: v for k, v in vscode.items() if k not in ("guardrail.path", "guardrail.trace.server")}
    if set(props) != set(want):
        problem(f"settings.schema.json: settings {sorted(props)}, the server's (VS Code's guardrail.*) {sorted(want)}")
    for k in sorted(set(props) & set(want)):
        for field in ("type", "enum", "minimum", "maximum", "default", "items"):
            if props[k].get(field) != want[k].get(field):
                problem(f"settings.schema.json: guardrail.{k}.{field} is {props[k].get(field)!r}, "
                        f"VS Code's is {want[k].get(field)!r}")
        if not props[k].get("description"):
            problem(f"settings.schema.json: guardrail.{k} has no description")
    for name, doc in documents.items():
        if doc is not None:
            for p in validate(doc, schema, name):
                problem(f"settings.schema.json: {p}")
    # The validator itself must refuse what the server refuses.
    bad = {"guardrail": {"minSeverity": "loud", "maxFindings": -1, "nope": 1}}
    if len(validate(bad, schema, "bad")) != 3:
        problem("settings.schema.json: a bad document (minSeverity loud, maxFindings -1, unknown key) passed")
    ok(f"settings.schema.json: draft-07, {len(props)} settings as VS Code declares them; "
       f"{' and '.join(n for n, d in documents.items() if d is not None)} validate against it")


# --- installer.json ------------------------------------------------------------

TASKS = {"exec", "download", "configureServer", "showMessage"}
TASK_KEYS = {
    "exec": {"id", "name", "command", "timeout", "workingDir", "ignoreStderr", "onFail", "onSuccess"},
    "download": {"id", "name", "url", "github", "maven", "output", "onFail", "onSuccess"},
    "configureServer": {"id", "name", "command", "update", "onFail", "onSuccess"},
    "showMessage": {"id", "name", "content", "message", "actions", "onFail", "onSuccess"},
}

# (OS_KEY, CpuArch.CURRENT lower-cased, System.getProperty("os.arch")) -> goreleaser os, arch
PLATFORMS = [
    ("unix", "x86_64", "amd64", "linux", "amd64"),
    ("unix", "arm64", "aarch64", "linux", "arm64"),
    ("mac", "x86_64", "x86_64", "darwin", "amd64"),
    ("mac", "arm64", "aarch64", "darwin", "arm64"),
    ("windows", "x86_64", "amd64", "windows", "amd64"),
    ("windows", "arm64", "aarch64", "windows", "arm64"),
]


def string_for(value, os_key, cpu_arch, os_arch):
    """InstallerTaskFactoryBase.getStringFromOs."""
    if isinstance(value, dict):
        if os_key in value:
            value = value[os_key]
        elif "default" in value:
            value = value["default"]
    if isinstance(value, dict):
        for k in (cpu_arch, os_arch, "default"):
            if k in value:
                value = value[k]
                break
        else:
            return None
    return value if isinstance(value, str) else None


def asset_matches(pattern, name):
    """GitHubAssetFetcher.AssetMatcher: a glob with * (full match), else a substring."""
    if "*" in pattern:
        return re.fullmatch(pattern.replace(".", "\\.").replace("*", ".*"), name) is not None
    return pattern.lower() in name.lower()


def walk_tasks(task, where, found):
    if not isinstance(task, dict) or len(set(task) & TASKS) != 1 or set(task) - TASKS - {"onFail", "onSuccess"}:
        problem(f"installer.json: {where}: want one task of {sorted(TASKS)}, got {sorted(task) if isinstance(task, dict) else task}")
        return
    kind = next(iter(set(task) & TASKS))
    body = task[kind]
    if not isinstance(body, dict):
        problem(f"installer.json: {where}.{kind}: not an object")
        return
    for k in sorted(set(body) - TASK_KEYS[kind]):
        problem(f"installer.json: {where}.{kind}: unknown key {k!r}")
    found.setdefault(kind, []).append(body)
    for nxt in ("onFail", "onSuccess"):
        if nxt in body:
            walk_tasks(body[nxt], f"{where}.{kind}.{nxt}", found)


def check_installer(inst, flags):
    """Checks installer.json; returns its download task (or None)."""
    for k in ("id", "name", "check", "run"):
        if k not in inst:
            problem(f"installer.json: missing {k}")
    for k in sorted(set(inst) - {"id", "name", "executeOnStartServer", "properties", "check", "run"}):
        problem(f"installer.json: unknown key {k!r}")
    found = {}
    for k in ("check", "run"):
        if k in inst:
            walk_tasks(inst[k], k, found)
    downloads = found.get("download", [])
    if len(downloads) != 1:
        problem(f"installer.json: want one download task, found {len(downloads)}")
        return None
    d = downloads[0]
    gh = d.get("github") or {}
    if (gh.get("owner"), gh.get("repository")) != ("guardrail-dev", "guardrail") or gh.get("prerelease") is not False:
        problem(f"installer.json: download.github should be guardrail-dev/guardrail releases (prerelease false): {gh}")
    assets = gh.get("asset")
    version = "1.2.3"
    every = [f"guardrail_{version}_{g}_{a}.{'zip' if g == 'windows' else 'tar.gz'}"
             for g in ("linux", "darwin", "windows") for a in ("amd64", "arm64")]
    every += ["checksums.txt"] + [f"guardrail-{t}-{version}.vsix" for t in
                                  ("linux-x64", "linux-arm64", "darwin-x64", "darwin-arm64", "win32-x64", "win32-arm64")]
    picked = []
    for os_key, cpu, os_arch, goos, goarch in PLATFORMS:
        pattern = string_for(assets, os_key, cpu, os_arch)
        want = f"guardrail_{version}_{goos}_{goarch}.{'zip' if goos == 'windows' else 'tar.gz'}"
        hits = [n for n in every if pattern and asset_matches(pattern, n)]
        if hits != [want]:
            problem(f"installer.json: on {os_key}/{cpu} the asset {pattern!r} matches {hits}, want [{want}]")
        exe = string_for((d.get("output") or {}).get("file", {}).get("name"), os_key, cpu, os_arch)
        if exe != ("guardrail.exe" if goos == "windows" else "guardrail"):
            problem(f"installer.json: on {os_key}/{cpu} output.file.name is {exe!r}")
        picked.append(f"{os_key}/{cpu} -> {pattern}")
    out = d.get("output") or {}
    if not isinstance(out.get("dir"), str) or "$USER_HOME$" not in out["dir"]:
        problem(f"installer.json: output.dir should be under $USER_HOME$: {out.get('dir')!r}")
    if (out.get("file") or {}).get("executable") is not True:
        problem("installer.json: output.file.executable must be true")
    conf = found.get("configureServer", [])
    if not conf or conf[0].get("update") is not True:
        problem("installer.json: no configureServer task with update true")
    else:
        cmd = conf[0].get("command")
        args = _h["split_command"](cmd) if isinstance(cmd, str) else []
        if args[:1] != ["${output.dir}/${output.file.name}"] or args[1:2] != ["lsp"]:
            problem(f"installer.json: configureServer command {cmd!r}, want '${{output.dir}}/${{output.file.name}} lsp'")
        for a in args[2:]:
            if a.startswith("-") and a.lstrip("-").split("=", 1)[0] not in flags:
                problem(f"installer.json: configureServer flag {a} is not in `guardrail lsp --help`")
    checks = found.get("exec", [])
    if not any(c.get("command") == "${server.command}" for c in checks):
        problem("installer.json: the check task should try ${server.command}")
    ok("installer.json: check ${server.command}; download " + "; ".join(picked) +
       "; configureServer ${output.dir}/${output.file.name} lsp")
    return d


# --- the download path, against a local release ----------------------------------

def host():
    import platform
    import sys
    os_key = {"linux": "unix", "darwin": "mac", "win32": "windows"}.get(sys.platform, "unix")
    m = platform.machine().lower()
    cpu = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "arm64", "arm64": "arm64"}.get(m, m)
    os_arch = {"x86_64": "amd64", "arm64": "aarch64"}.get(cpu, m) if os_key != "mac" else \
        {"x86_64": "x86_64", "arm64": "aarch64"}.get(cpu, m)
    goos = {"unix": "linux", "mac": "darwin", "windows": "windows"}[os_key]
    goarch = {"x86_64": "amd64", "arm64": "arm64"}.get(cpu, cpu)
    return os_key, cpu, os_arch, goos, goarch


def release_files(binary, dist, tmp):
    """(version, {asset name: path}, checksums.txt text): dist/, or a one-platform release from binary."""
    if dist:
        with open(os.path.join(dist, "metadata.json")) as f:
            version = json.load(f)["version"]
        with open(os.path.join(dist, "checksums.txt")) as f:
            sums = f.read()
        names = [line.split()[1] for line in sums.splitlines() if len(line.split()) == 2]
        return version, True, {n: os.path.join(dist, n) for n in names}, sums
    _, _, _, goos, goarch = host()
    version = "0.0.0-validate"
    name = f"guardrail_{version}_{goos}_{goarch}.{'zip' if goos == 'windows' else 'tar.gz'}"
    path = os.path.join(tmp, name)
    exe = "guardrail.exe" if goos == "windows" else "guardrail"
    if goos == "windows":
        with zipfile.ZipFile(path, "w") as z:
            z.write(binary, exe)
    else:
        with tarfile.open(path, "w:gz") as t:
            t.add(binary, exe)
            t.add(os.path.join(ROOT, "README.md"), "README.md")
    with open(path, "rb") as f:
        sums = f"{hashlib.sha256(f.read()).hexdigest()}  {name}\n"
    return version, False, {name: path}, sums


def serve(tmp, version, files, sums):
    """A GitHub stand-in on 127.0.0.1: /repos/<o>/<r>/releases and the assets."""
    root = os.path.join(tmp, "www")
    tag = "v" + version
    d = os.path.join(root, "download", tag)
    os.makedirs(d)
    for n, p in files.items():
        os.symlink(p, os.path.join(d, n))
    with open(os.path.join(d, "checksums.txt"), "w") as f:
        f.write(sums)
    state = {}

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=root, **kw)

        def do_GET(self):
            if self.path == "/repos/guardrail-dev/guardrail/releases":
                base = state["base"]
                body = json.dumps([
                    # An older pre-release first: prerelease false must skip it.
                    {"tag_name": "v9.9.9-rc.1", "prerelease": True, "assets": [
                        {"name": n.replace(version, "9.9.9-rc.1"), "browser_download_url": f"{base}/nowhere"}
                        for n in sorted(files)]},
                    {"tag_name": tag, "prerelease": False, "assets": [
                        {"name": n, "browser_download_url": f"{base}/download/{tag}/{n}"}
                        for n in sorted(list(files) + ["checksums.txt"])]},
                ]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().do_GET()

        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state["base"] = f"http://127.0.0.1:{srv.server_address[1]}"
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, state["base"]


def fetch(url):
    import urllib.request
    with urllib.request.urlopen(url, timeout=60) as r:
        return r.read()


def check_download(d, binary, dist, pa, init_options, settings):
    os_key, cpu, os_arch, goos, goarch = host()
    with tempfile.TemporaryDirectory(prefix="guardrail-lsp4ij.") as tmp:
        version, real, files, sums = release_files(binary, dist, tmp)
        srv, base = serve(tmp, version, files, sums)
        try:
            pattern = string_for(d["github"]["asset"], os_key, cpu, os_arch)
            releases = json.loads(fetch(f"{base}/repos/guardrail-dev/guardrail/releases"))
            rel = next(r for r in releases if r["prerelease"] == d["github"].get("prerelease", False))
            asset = next((a for a in rel["assets"] if asset_matches(pattern, a["name"])), None)
            if asset is None:
                problem(f"installer.json: no asset of release {rel['tag_name']} matches {pattern!r}")
                return
            data = fetch(asset["browser_download_url"])
            sums_url = next(a["browser_download_url"] for a in rel["assets"] if a["name"] == "checksums.txt")
            want = {line.split()[1]: line.split()[0] for line in fetch(sums_url).decode().splitlines()
                    if len(line.split()) == 2}
            got = hashlib.sha256(data).hexdigest()
            if want.get(asset["name"]) != got:
                problem(f"installer.json: {asset['name']}: sha256 {got}, checksums.txt says {want.get(asset['name'])}")
                return
            out_dir = d["output"]["dir"].replace("$USER_HOME$", os.path.join(tmp, "home"))
            os.makedirs(out_dir)
            if asset["name"].endswith(".zip"):
                zipfile.ZipFile(io.BytesIO(data)).extractall(out_dir)
            else:
                with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as t:
                    if hasattr(tarfile, "data_filter"):
                        t.extractall(out_dir, filter="data")
                    else:  # Python before 3.11.4
                        t.extractall(out_dir)
            exe_name = string_for(d["output"]["file"]["name"], os_key, cpu, os_arch)
            exe = os.path.join(out_dir, exe_name)
            if not os.path.isfile(exe):
                problem(f"installer.json: {asset['name']} extracted into output.dir has no {exe_name}: "
                        f"{sorted(os.listdir(out_dir))}")
                return
            os.chmod(exe, 0o755)  # output.file.executable
            ok(f"LSP4IJ download ({'goreleaser dist/' if real else 'one-platform release'}, {rel['tag_name']}): "
               f"{os_key}/{cpu} -> {asset['name']} (skipped the pre-release), sha256 matches checksums.txt, "
               f"{exe_name} extracted")
            conf = d["onSuccess"]["configureServer"]["command"]
            command = conf.replace("${output.dir}", out_dir).replace("${output.file.name}", exe_name)
            args = _h["split_command"](command)
            _h["run_server"](args[0], {"default": " ".join(["guardrail"] + args[1:])}, init_options, settings)
        finally:
            srv.shutdown()
