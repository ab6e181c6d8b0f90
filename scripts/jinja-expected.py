#!/usr/bin/python3
"""Render every differential case in test/templates/cases/*.json with real Jinja2 and write the
expected outputs to test/templates/expected.json, which test/templates/differential.test.ts
compares Flagon against byte for byte.

Run with the system interpreter, which has Debian's python3-jinja2 (3.1):
    /usr/bin/python3 scripts/jinja-expected.py          # rewrite expected.json
    /usr/bin/python3 scripts/jinja-expected.py --check  # exit 1 if expected.json is stale

A case is either an object {"name", "templates": {name: source}, "entry", "context", "options"}
or the shorthand ["name", "source", context?, options?] (one template called "main.html").
Contexts use tagged JSON for values plain JSON cannot tell apart: {"$float": 2},
{"$markup": "<b>"}, {"$tuple": [...]}, {"$dict": [[k, v], ...]}.
Options: autoescape (default true), trim_blocks, lstrip_blocks, keep_trailing_newline, strict,
extensions (short names: "do", "loopcontrols").
"""
import glob
import json
import os
import sys

import jinja2
from markupsafe import Markup

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
CASES = os.path.join(ROOT, "test", "templates", "cases")
OUT = os.path.join(ROOT, "test", "templates", "expected.json")


def decode(v):
    if isinstance(v, list):
        return [decode(x) for x in v]
    if isinstance(v, dict):
        if len(v) == 1:
            (k, x), = v.items()
            if k == "$float":
                return float(x)
            if k == "$markup":
                return Markup(x)
            if k == "$tuple":
                return tuple(decode(i) for i in x)
            if k == "$dict":
                return {decode(a): decode(b) for a, b in x}
        return {k: decode(x) for k, x in v.items()}
    return v


def normalize(case):
    if isinstance(case, list):
        name, source = case[0], case[1]
        context = case[2] if len(case) > 2 else {}
        options = case[3] if len(case) > 3 else {}
        return {"name": name, "templates": {"main.html": source}, "entry": "main.html",
                "context": context, "options": options}
    case.setdefault("context", {})
    case.setdefault("options", {})
    case.setdefault("entry", "main.html")
    return case


def render(case):
    o = case["options"]
    env = jinja2.Environment(
        loader=jinja2.DictLoader(case["templates"]),
        autoescape=o.get("autoescape", True),
        trim_blocks=o.get("trim_blocks", False),
        lstrip_blocks=o.get("lstrip_blocks", False),
        keep_trailing_newline=o.get("keep_trailing_newline", False),
        undefined=jinja2.StrictUndefined if o.get("strict") else jinja2.Undefined,
        extensions=[f"jinja2.ext.{name}" for name in o.get("extensions", [])],
    )
    try:
        return {"out": env.get_template(case["entry"]).render(decode(case["context"]))}
    except Exception as e:  # the class name is what the suite compares
        return {"err": type(e).__name__}


def main():
    if not jinja2.__version__.startswith("3.1"):
        sys.exit(f"need Jinja2 3.1, found {jinja2.__version__}")
    expected = {}
    for path in sorted(glob.glob(os.path.join(CASES, "*.json"))):
        with open(path, encoding="utf-8") as f:
            for raw in json.load(f):
                case = normalize(raw)
                key = f"{os.path.basename(path)[:-5]}/{case['name']}"
                if key in expected:
                    sys.exit(f"duplicate case name {key}")
                expected[key] = render(case)
    text = json.dumps({"jinja2": jinja2.__version__, "cases": expected}, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if "--check" in sys.argv[1:]:
        with open(OUT, encoding="utf-8") as f:
            committed = json.load(f)["cases"]
        stale = sorted(k for k in expected.keys() | committed.keys() if expected.get(k) != committed.get(k))
        if stale:
            sys.exit(f"{os.path.relpath(OUT, ROOT)} is stale for {len(stale)} case(s), e.g. {', '.join(stale[:5])}; "
                     "run /usr/bin/python3 scripts/jinja-expected.py")
        print(f"{len(expected)} expected outputs match Jinja2 {jinja2.__version__}")
        return
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {len(expected)} expected outputs to {os.path.relpath(OUT, ROOT)}")


main()
