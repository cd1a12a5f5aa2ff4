#!/usr/bin/env python3
"""A stand-in for the Open VSX registry's publish API, on 127.0.0.1 only.

    python3 tools/fake-openvsx/server.py PORT_FILE LOG_FILE

Lets the real `ovsx publish FILE.vsix -r http://127.0.0.1:PORT -p TOKEN`
run end to end in CI without a token or the network (the dry run of the
release workflow's Open VSX step). It answers:

  POST /api/-/publish?token=T   body: the .vsix. Reads the package the way
                                the registry does (extension.vsixmanifest:
                                publisher, id, version, target platform;
                                extension/package.json; a license file) and
                                answers the extension JSON that ovsx prints,
                                or {"error": ...} for a package the registry
                                would refuse.
  GET  /api/NS/verify-pat?token=T

Each publish is appended to LOG_FILE as one JSON line. Writes the port it
listens on to PORT_FILE. Standard library only; stops on SIGTERM.
"""

import io
import json
import re
import sys
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

TARGETS = {"win32-x64", "win32-arm64", "linux-x64", "linux-arm64", "linux-armhf", "darwin-x64",
           "darwin-arm64", "alpine-x64", "alpine-arm64", "web", "universal"}


def inspect(body):
    """The extension JSON Open VSX answers for a published .vsix."""
    try:
        z = zipfile.ZipFile(io.BytesIO(body))
    except zipfile.BadZipFile as e:
        return {"error": f"not a .vsix: {e}"}
    names = set(z.namelist())
    if "extension.vsixmanifest" not in names or "extension/package.json" not in names:
        return {"error": "missing extension.vsixmanifest or extension/package.json"}
    manifest = z.read("extension.vsixmanifest").decode("utf-8")
    ident = re.search(r'<Identity\b[^>]*>', manifest)
    if not ident:
        return {"error": "extension.vsixmanifest has no Identity"}
    attrs = dict(re.findall(r'(\w+)="([^"]*)"', ident.group(0)))
    pkg = json.loads(z.read("extension/package.json"))
    target = attrs.get("TargetPlatform", "universal")
    problems = []
    if attrs.get("Publisher") != pkg.get("publisher") or attrs.get("Id") != pkg.get("name"):
        problems.append("manifest identity differs from package.json")
    if attrs.get("Version") != pkg.get("version"):
        problems.append("manifest version differs from package.json")
    if target not in TARGETS:
        problems.append(f"unknown target platform {target}")
    if not pkg.get("license") or not any(n.lower().startswith("extension/license") for n in names):
        problems.append("no license")
    if not re.fullmatch(r"\d+\.\d+\.\d+", pkg.get("version", "")):
        problems.append(f"version {pkg.get('version')!r} is not major.minor.patch")
    if problems:
        return {"error": "; ".join(problems)}
    return {"namespace": pkg["publisher"], "name": pkg["name"], "version": pkg["version"],
            "targetPlatform": target, "files": {"download": "local"}}


class Handler(BaseHTTPRequestHandler):
    log_file = None

    def _json(self, code, obj):
        data = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self):
        if self.headers.get("Transfer-Encoding", "").lower() != "chunked":
            return self.rfile.read(int(self.headers.get("Content-Length", "0")))
        chunks = []
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip(), 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            chunks.append(self.rfile.read(size))
            self.rfile.readline()

    def do_POST(self):
        u = urlparse(self.path)
        body = self._body()
        if u.path != "/api/-/publish":
            return self._json(404, {"error": f"no route {u.path}"})
        if not parse_qs(u.query).get("token"):
            return self._json(400, {"error": "no token"})
        ext = inspect(body)
        with open(Handler.log_file, "a") as f:
            f.write(json.dumps({"size": len(body), **ext}) + "\n")
        return self._json(400 if "error" in ext else 201, ext)

    def do_GET(self):
        u = urlparse(self.path)
        if re.fullmatch(r"/api/[^/]+/verify-pat", u.path) and parse_qs(u.query).get("token"):
            return self._json(200, {"success": "ok"})
        return self._json(404, {"error": f"no route {u.path}"})

    def log_message(self, *args):
        pass


def main():
    port_file, Handler.log_file = sys.argv[1], sys.argv[2]
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(port_file, "w") as f:
        f.write(str(srv.server_address[1]))
    srv.serve_forever()


if __name__ == "__main__":
    main()
