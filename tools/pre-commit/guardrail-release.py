#!/usr/bin/env python3
"""pre-commit entry for the guardrail-release hooks (.pre-commit-hooks.yaml).

Runs the released guardrail binary instead of building it with Go:

  1. the version is the hook repository's own: at a release tag (the rev in
     .pre-commit-config.yaml) editors/vscode/package.json carries that
     release's version (the release workflow refuses a tag that differs);
     GUARDRAIL_VERSION=v1.2.3 overrides it;
  2. the archive for this OS and CPU,
     guardrail_<version>_<os>_<arch>.tar.gz (.zip on Windows), and the
     release's checksums.txt are downloaded from
     https://github.com/guardrail-dev/guardrail/releases/download/<tag>/
     (GUARDRAIL_DOWNLOAD_URL overrides the base, for mirrors and tests);
  3. the archive's sha256 must match checksums.txt, else nothing is run;
  4. the binary is kept in pre-commit's cache folder
     ($PRE_COMMIT_HOME, else $XDG_CACHE_HOME/pre-commit, else
     ~/.cache/pre-commit) under guardrail/<version>/<os>-<arch>/, so only
     the first run downloads;
  5. it runs with this script's arguments (`check [--fix] FILE...`); its exit
     code is the hook's.

Standard library only (pre-commit itself needs Python 3). Exit code 3 and a
message on stderr when the binary cannot be had.
"""

import hashlib
import io
import json
import os
import platform
import subprocess
import sys
import tarfile
import tempfile
import urllib.error
import urllib.request
import zipfile

DEFAULT_URL = "https://github.com/guardrail-dev/guardrail/releases/download"
HOOK_REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def die(msg):
    print(f"guardrail pre-commit hook: {msg}", file=sys.stderr)
    sys.exit(3)


def release_tag():
    v = os.environ.get("GUARDRAIL_VERSION", "").strip()
    if not v:
        try:
            with open(os.path.join(HOOK_REPO, "editors", "vscode", "package.json"), encoding="utf-8") as f:
                v = json.load(f)["version"]
        except (OSError, ValueError, KeyError) as e:
            die(f"cannot read the release version from editors/vscode/package.json: {e}")
    return v if v.startswith("v") else "v" + v


def target():
    oses = {"linux": "linux", "darwin": "darwin", "win32": "windows", "cygwin": "windows"}
    arches = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}
    goos = oses.get(sys.platform)
    goarch = arches.get(platform.machine().lower())
    if not goos or not goarch:
        die(f"no guardrail release binary for {sys.platform}/{platform.machine()}; use the golang hooks "
            "(id: guardrail) to build it with Go")
    return goos, goarch


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.read()
    except (urllib.error.URLError, OSError) as e:
        die(f"cannot download {url}: {e}")


def cache_root():
    if os.environ.get("PRE_COMMIT_HOME"):
        return os.environ["PRE_COMMIT_HOME"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "pre-commit")


def install(tag, goos, goarch, dest):
    version = tag[1:]
    ext = "zip" if goos == "windows" else "tar.gz"
    exe = "guardrail.exe" if goos == "windows" else "guardrail"
    asset = f"guardrail_{version}_{goos}_{goarch}.{ext}"
    base = os.environ.get("GUARDRAIL_DOWNLOAD_URL", DEFAULT_URL).rstrip("/") + "/" + tag
    sums = fetch(f"{base}/checksums.txt").decode("utf-8", "replace")
    want = next((line.split()[0] for line in sums.splitlines()
                 if len(line.split()) == 2 and line.split()[1].lstrip("*") == asset), None)
    if not want:
        die(f"checksums.txt of {tag} lists no {asset}")
    data = fetch(f"{base}/{asset}")
    got = hashlib.sha256(data).hexdigest()
    if got != want:
        die(f"checksum mismatch for {asset}: sha256 {got}, checksums.txt says {want}; not running it")
    if ext == "zip":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            binary = z.read(exe)
    else:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as t:
            member = t.extractfile(exe)
            if member is None:
                die(f"{asset} holds no {exe}")
            binary = member.read()
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    # Parallel hook processes may race: write aside, then rename into place.
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(dest), prefix=".guardrail-")
    with os.fdopen(fd, "wb") as f:
        f.write(binary)
    os.chmod(tmp, 0o755)
    os.replace(tmp, dest)
    print(f"guardrail pre-commit hook: installed {tag} ({asset}, sha256 verified) in {os.path.dirname(dest)}",
          file=sys.stderr)


def main():
    tag = release_tag()
    goos, goarch = target()
    exe = "guardrail.exe" if goos == "windows" else "guardrail"
    dest = os.path.join(cache_root(), "guardrail", tag[1:], f"{goos}-{goarch}", exe)
    if not os.path.isfile(dest):
        install(tag, goos, goarch, dest)
    return subprocess.run([dest, *sys.argv[1:]]).returncode


if __name__ == "__main__":
    sys.exit(main())
