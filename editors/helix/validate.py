#!/usr/bin/env python3
"""Check editors/helix/languages.toml against Helix's defaults.

    python3 editors/helix/validate.py [HELIX_LANGUAGES_TOML]

In Helix a [[language]]'s `language-servers` replaces the default list, so
every language this file (or its commented examples) sets must list all of
Helix's default servers for that language, in order, with guardrail added.
The defaults are those of Helix's own languages.toml (helix master, July
2026, below); pass a languages.toml of Helix to check against it instead.
The `text` language, which Helix lacks, must have only guardrail.
"""

import os
import re
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))

DEFAULTS = {
    "markdown": ["marksman", "markdown-oxide", "rumdl"],
    "html": ["vscode-html-language-server", "superhtml"],
    "python": ["ty", "ruff", "jedi", "pylsp", "zuban"],
    "go": ["gopls", "golangci-lint-lsp"],
    "toml": ["taplo", "tombi"],
}


def main():
    defaults = DEFAULTS
    if len(sys.argv) > 1:
        with open(sys.argv[1], "rb") as f:
            defaults = {lang["name"]: lang.get("language-servers", []) for lang in tomllib.load(f)["language"]}
    with open(os.path.join(HERE, "languages.toml"), encoding="utf-8") as f:
        text = f.read()
    cfg = tomllib.loads(text)
    # The commented examples too: uncommented, they must be right as well.
    examples = tomllib.loads("\n".join(re.findall(r"^# ?((?:\[\[language\]\]|name = |language-servers = ).*)$", text, re.M)))
    problems = []
    if cfg.get("language-server", {}).get("guardrail", {}).get("args") != ["lsp"]:
        problems.append("[language-server.guardrail] should run `guardrail lsp`")
    checked = []
    for lang in cfg.get("language", []) + examples.get("language", []):
        name, servers = lang["name"], [s if isinstance(s, str) else s.get("name") for s in lang.get("language-servers", [])]
        if "guardrail" not in servers:
            problems.append(f"{name}: guardrail missing from {servers}")
        if name == "text":
            if servers != ["guardrail"]:
                problems.append(f"text: want only guardrail, got {servers}")
        elif name not in defaults:
            problems.append(f"{name}: not a Helix language (or not in the defaults checked)")
        elif [s for s in servers if s != "guardrail"] != defaults[name]:
            problems.append(f"{name}: {servers} drops or reorders Helix's defaults {defaults[name]}")
        checked.append(f"{name} {servers}")
    for p in problems:
        print("FAIL: helix " + p, file=sys.stderr)
    if problems:
        print(f"FAIL editors/helix: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    for c in checked:
        print("ok   helix " + c)
    print("PASS editors/helix (Helix's default servers kept, guardrail beside them)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
