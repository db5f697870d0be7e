"""Helm itself (helm-python-sdk, which embeds Helm's Go library) as the oracle for
values::helm. Reads one batch as JSON on stdin, answers one JSON document on stdout.

  {"parse": [{"kind": "set|string|json|literal|file", "expr": "..."}],
   "layered": [{"files": ["yaml", ...], "sets": [["set", "expr"], ...], "release": "ph"}],
   "chart_values": "path/to/values.yaml"}

Parse cases go to Helm's strvals functions as they are. Layered cases are computed as
`helm install -f ... --set ...` computes them: every -f file read by Helm
(values_from_yaml) and merged with Helm's MergeMaps (below: the SDK does not expose it);
each --set* flag applied into those values in Helm's order of flags, by Helm's own parser:
the values so far are written as top-level `key=<json>` assignments in front of the
expression given to Helm's --set-json parser (for --set, --set-string, --set-literal and
--set-file, the expression's own values, as Helm's parser typed them, are written the same
way after it); then the chart rendered by Helm with those values.
"""
import json
import os
import shutil
import sys
import tempfile

import helm_python as helm

ORDER = ["json", "set", "string", "file", "literal"]
PARSE = {
    "set": helm.parse_set_string,
    "string": helm.parse_set_string_values,
    "json": helm.parse_set_json,
    "literal": helm.parse_set_literal,
    "file": helm.parse_set_file,
}


def merge_maps(a, b):
    # Helm's loader.MergeMaps: maps merge, anything else replaces.
    out = dict(a)
    for k, v in b.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = merge_maps(out[k], v)
        else:
            out[k] = v
    return out


def esc(key):
    return "".join("\\" + c if c in "\\.[=," else c for c in key)


def assignments(tree, prefix=""):
    out = []
    for k, v in tree.items():
        path = prefix + esc(k)
        if isinstance(v, dict) and v:
            out.extend(assignments(v, path + "."))
        else:
            out.append(path + "=" + json.dumps(v))
    return out


def top_level(values):
    return [esc(k) + "=" + json.dumps(v) for k, v in values.items()]


# A scalar written with each parser, for `shape`: `--set-file` reads it from the file `f1`.
SHAPE_SCALAR = {"set": "0", "string": "0", "file": "f1"}


def shape(tree, kind, prefix=""):
    """Assignments, in the syntax of `kind`, that give a tree of the same shape as `tree`:
    the same maps (an empty one is simply not written: walking into it or into nothing is
    the same to the parser), a list with an item wherever `tree` has a list, a scalar wherever
    it has any other value (null included)."""
    out = []
    for k, v in tree.items():
        out.extend(shape_value(v, kind, prefix + esc(k)))
    return out


def shape_value(v, kind, path):
    if isinstance(v, dict):
        return shape(v, kind, path + ".")
    if isinstance(v, list):
        items = v or [0]
        return [a for i, item in enumerate(items) for a in shape_value(item, kind, f"{path}[{i}]")]
    return [path + "=" + SHAPE_SCALAR[kind]]


def apply(values, kind, expr):
    if kind == "json" and expr.strip().startswith("{"):
        return merge_maps(values, json.loads(expr.strip()))
    if kind in SHAPE_SCALAR:
        # Helm parses the expression into the values so far (strvals.ParseInto), and refuses
        # a `.` or `[i]` through a value that is not a map or list even when a later pair of
        # the same expression replaces it. The SDK parses into an empty map only, so the
        # values' shape is written in front of the expression, in its own syntax, to let
        # Helm's parser say whether it refuses. (--set-literal is one pair: the assignments
        # below meet the values in the same order Helm's would.)
        PARSE[kind](",".join(shape(values, kind) + [expr]))
    if kind == "json":
        parts = top_level(values) + [expr]
    else:
        parts = top_level(values) + assignments(PARSE[kind](expr))
    parts = [p for p in parts if p]
    if not parts:
        return values
    return helm.parse_set_json(",".join(parts))


def layered(chart, case):
    values = {}
    for text in case["files"]:
        values = merge_maps(values, helm.values_from_yaml(text))
    for kind in ORDER:
        for k, expr in case["sets"]:
            if k == kind:
                values = apply(values, kind, expr)
    out = chart.render(values=values, name=case["release"], namespace="hub")
    result = json.loads(out["primehub/templates/effective.yaml"])
    result["toYaml"] = out["primehub/templates/toyaml.yaml"]
    return result


def answer(fn):
    try:
        return {"ok": fn()}
    except helm.HelmError as e:
        return {"err": str(e)}
    except (ValueError, TypeError) as e:
        return {"err": "python: " + str(e)}


def main():
    batch = json.load(sys.stdin)
    result = {"parse": [], "layered": []}
    for case in batch.get("parse", []):
        result["parse"].append(answer(lambda: PARSE[case["kind"]](case["expr"])))
    if batch.get("layered"):
        with tempfile.TemporaryDirectory() as tmp:
            chart_dir = os.path.join(tmp, "primehub")
            shutil.copytree(os.path.join(os.path.dirname(__file__), "chart"), chart_dir)
            shutil.copy(batch["chart_values"], os.path.join(chart_dir, "values.yaml"))
            chart = helm.Chart.load(chart_dir)
            for case in batch["layered"]:
                result["layered"].append(answer(lambda: layered(chart, case)))
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
