#!/usr/bin/env python3
"""Validate the Zed extension in editors/zed against Zed's real formats.

    python3 editors/zed/validate.py

The extension is Rust compiled to WebAssembly against zed_extension_api from
crates.io, which this machine cannot reach: it is NOT compiled here. What is
checked instead:

1. extension/extension.toml has the keys of Zed's extension manifest
   (id, name, version, schema_version 1, authors, description, repository)
   and a [language_servers.guardrail] table whose languages are all names of
   real Zed languages (the `name` of each language's config.toml, listed
   below with where it comes from: "CSharp", not "C#").
2. extension/Cargo.toml builds a cdylib against a pinned zed_extension_api,
   with the extension's version.
3. extension/LICENSE exists (Zed's extension registry requires a license
   file) and is the repository's.
4. extension/src/lib.rs downloads the archives goreleaser makes
   (.goreleaser.yaml name_template guardrail_{{ .Version }}_{{ .Os }}_{{ .Arch }},
   tar.gz, zip on Windows) from guardrail-dev/guardrail releases, for every
   Os/Architecture of the API, after the binary setting and PATH; only the
   API functions of zed_extension_api 0.7 are used.
5. settings.json (a sample of Zed's settings, JSON with comments) names the
   language server and real languages.

Python 3.11+ (tomllib). Exits 1 with a message per problem.
"""

import json
import os
import re
import sys

try:
    import tomllib
except ImportError:  # Python < 3.11
    print("FAIL editors/zed: needs Python 3.11+ (tomllib)", file=sys.stderr)
    sys.exit(1)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXT = os.path.join(HERE, "extension")

# Zed language names: the `name` in each language's config.toml.
ZED_LANGUAGES = {
    # built in (zed-industries/zed crates/languages/src/<dir>/config.toml)
    "Markdown": "crates/languages/src/markdown",
    "Go": "crates/languages/src/go",
    "Python": "crates/languages/src/python",
    "JavaScript": "crates/languages/src/javascript",
    "TypeScript": "crates/languages/src/typescript",
    "TSX": "crates/languages/src/tsx",
    "Java": "crates/languages/src/java",
    "C": "crates/languages/src/c",
    "C++": "crates/languages/src/cpp",
    "CSharp": "crates/languages/src/csharp (and the csharp extension)",
    "Rust": "crates/languages/src/rust",
    "Ruby": "crates/languages/src/ruby (and the ruby extension)",
    "Shell Script": "crates/languages/src/bash",
    "JSON": "crates/languages/src/json",
    "JSONC": "crates/languages/src/jsonc",
    "YAML": "crates/languages/src/yaml",
    # crates/language: the plain-text language every unknown file gets
    "Plain Text": "crates/language (PLAIN_TEXT)",
    # extensions
    "HTML": "extensions/html/languages/html",
    "TOML": "the toml extension, languages/toml",
}
# Names people write that Zed does not know, and what Zed calls them.
WRONG = {"C#": "CSharp", "Shell": "Shell Script", "Bash": "Shell Script", "PlainText": "Plain Text",
         "Text": "Plain Text", "Typescript": "TypeScript", "Javascript": "JavaScript"}

MANIFEST_KEYS = {"id", "name", "version", "schema_version", "authors", "description", "repository",
                 "language_servers", "grammars", "themes", "icon_themes", "languages", "context_servers",
                 "slash_commands", "debug_adapters", "debug_locators", "capabilities", "snippets", "lib"}
API_FUNCTIONS = {"latest_github_release", "current_platform", "download_file", "make_file_executable",
                 "set_language_server_installation_status", "register_extension"}

problems = []


def problem(msg):
    problems.append(msg)
    print("FAIL: " + msg, file=sys.stderr)


def ok(msg):
    print("ok   " + msg)


def check_language(name, where):
    if name in ZED_LANGUAGES:
        return True
    hint = f" (Zed calls it {WRONG[name]!r})" if name in WRONG else ""
    problem(f"{where}: {name!r} is not a Zed language name{hint}")
    return False


def check_manifest():
    with open(os.path.join(EXT, "extension.toml"), "rb") as f:
        m = tomllib.load(f)
    for k in sorted(set(m) - MANIFEST_KEYS):
        problem(f"extension.toml: unknown key {k!r}")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", str(m.get("id", ""))):
        problem(f"extension.toml: id {m.get('id')!r} must be lower case letters, digits and dashes")
    if m.get("schema_version") != 1:
        problem(f"extension.toml: schema_version {m.get('schema_version')!r}, want 1")
    if not re.fullmatch(r"\d+\.\d+\.\d+", str(m.get("version", ""))):
        problem(f"extension.toml: version {m.get('version')!r} is not major.minor.patch")
    for k in ("name", "description"):
        if not isinstance(m.get(k), str) or not m[k]:
            problem(f"extension.toml: {k} must be a non-empty string")
    if not isinstance(m.get("authors"), list) or not m["authors"]:
        problem("extension.toml: authors must be a non-empty list")
    if not str(m.get("repository", "")).startswith("https://github.com/"):
        problem(f"extension.toml: repository {m.get('repository')!r} should be the GitHub URL")
    servers = m.get("language_servers") or {}
    if set(servers) != {"guardrail"}:
        problem(f"extension.toml: language_servers {sorted(servers)}, want guardrail")
        return m
    s = servers["guardrail"]
    if "language" in s:
        problem("extension.toml: language_servers.guardrail.language is the old single form; use languages")
    langs = s.get("languages") or []
    if len(set(langs)) != len(langs):
        problem("extension.toml: duplicate languages")
    good = [lang for lang in langs if check_language(lang, "extension.toml language_servers.guardrail")]
    for must in ("Markdown", "Plain Text", "CSharp"):
        if must not in langs:
            problem(f"extension.toml: guardrail is not registered for {must}")
    ok(f"extension.toml: {m.get('id')} {m.get('version')}, schema_version 1, guardrail for {len(good)} Zed "
       f"languages: {', '.join(good)}")
    return m


def check_cargo(manifest):
    with open(os.path.join(EXT, "Cargo.toml"), "rb") as f:
        c = tomllib.load(f)
    if (c.get("lib") or {}).get("crate-type") != ["cdylib"]:
        problem("Cargo.toml: [lib] crate-type must be [\"cdylib\"] (Zed loads a WebAssembly component)")
    api = (c.get("dependencies") or {}).get("zed_extension_api")
    if not isinstance(api, str) or not re.fullmatch(r"=?\d+\.\d+\.\d+", api):
        problem(f"Cargo.toml: zed_extension_api {api!r}: pin a version")
    if (c.get("package") or {}).get("version") != manifest.get("version"):
        problem(f"Cargo.toml: version {(c.get('package') or {}).get('version')!r} differs from extension.toml's "
                f"{manifest.get('version')!r}")
    ok(f"Cargo.toml: cdylib, zed_extension_api {api}, version {(c.get('package') or {}).get('version')}")


def check_license():
    path = os.path.join(EXT, "LICENSE")
    if not os.path.isfile(path):
        problem("extension/LICENSE missing (Zed's extension registry requires a license file)")
        return
    with open(path, encoding="utf-8") as f, open(os.path.join(ROOT, "LICENSE"), encoding="utf-8") as g:
        if f.read() != g.read():
            problem("extension/LICENSE differs from the repository's LICENSE")
            return
    ok("extension/LICENSE: the repository's license")


def check_lib():
    with open(os.path.join(EXT, "src", "lib.rs"), encoding="utf-8") as f:
        src = f.read()
    with open(os.path.join(ROOT, ".goreleaser.yaml"), encoding="utf-8") as f:
        gr = f.read()
    tmpl = re.search(r'name_template:\s*"guardrail_\{\{ \.Version \}\}_\{\{ \.Os \}\}_\{\{ \.Arch \}\}"', gr)
    if not tmpl:
        problem(".goreleaser.yaml: the archive name_template is no longer guardrail_{{ .Version }}_{{ .Os }}_{{ .Arch }}")
    if 'const REPOSITORY: &str = "guardrail-dev/guardrail";' not in src:
        problem("lib.rs: REPOSITORY is not guardrail-dev/guardrail")
    for fmt, ext in (('"guardrail_{version}_{goos}_{goarch}.tar.gz"', "GzipTar"),
                     ('"guardrail_{version}_{goos}_{goarch}.zip"', "Zip")):
        if fmt not in src or f"zed::DownloadedFileType::{ext}" not in src:
            problem(f"lib.rs: no {fmt} downloaded as {ext}")
    for os_name, goos in (("Mac", "darwin"), ("Linux", "linux"), ("Windows", "windows")):
        if not re.search(rf'zed::Os::{os_name} => "{goos}"', src):
            problem(f"lib.rs: Os::{os_name} should map to {goos}")
    for arch, goarch in (("Aarch64", "arm64"), ("X8664", "amd64")):
        if not re.search(rf'zed::Architecture::{arch} => "{goarch}"', src):
            problem(f"lib.rs: Architecture::{arch} should map to {goarch}")
    if "strip_prefix('v')" not in src:
        problem("lib.rs: the archive version is the tag without its v (goreleaser's .Version)")
    order = [src.find(s) for s in ("b.path.clone()", 'worktree.which("guardrail")', "self.downloaded_binary(")]
    if -1 in order or order != sorted(order):
        problem("lib.rs: want the binary setting, then PATH, then the download")
    used = set(re.findall(r"zed::([a-z_]+)\(", src)) | set(re.findall(r"zed::([a-z_]+)!", src))
    for fn in sorted(used - API_FUNCTIONS):
        problem(f"lib.rs: zed::{fn} is not one of the API functions checked for zed_extension_api 0.7")
    ok("lib.rs: setting, then PATH, then the latest guardrail-dev/guardrail release: "
       "guardrail_<version>_{darwin,linux,windows}_{amd64,arm64}.tar.gz/.zip, as .goreleaser.yaml names them")


def check_settings():
    with open(os.path.join(HERE, "settings.json"), encoding="utf-8") as f:
        text = f.read()
    # JSON with comments: drop // comments outside strings.
    stripped = re.sub(r'("(?:\\.|[^"\\])*")|//[^\n]*', lambda m: m.group(1) or "", text)
    try:
        s = json.loads(stripped)
    except ValueError as e:
        problem(f"settings.json: not JSON with comments: {e}")
        return
    if "guardrail" not in (s.get("lsp") or {}):
        problem("settings.json: no lsp.guardrail")
    langs = s.get("languages") or {}
    for name, cfg in langs.items():
        check_language(name, "settings.json languages")
        if "guardrail" not in (cfg or {}).get("language_servers", []):
            problem(f"settings.json: languages.{name} does not list guardrail")
    ok(f"settings.json: lsp.guardrail; languages {', '.join(langs)}")


def main():
    m = check_manifest()
    check_cargo(m)
    check_license()
    check_lib()
    check_settings()
    print("note editors/zed: not compiled here (zed_extension_api comes from crates.io, which this machine "
          "cannot reach); checked against Zed's manifest format and language names instead")
    if problems:
        print(f"FAIL editors/zed: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("PASS editors/zed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
