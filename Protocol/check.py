#!/usr/bin/env python3
"""Checks the DSO Sync protocol folder.

- every JSON Schema in schemas/ is a valid JSON Schema 2020-12 document;
- every golden vector in examples/ validates against the schema of its message type
  (chosen by file-name prefix) and is in canonical form (2-space indentation, sorted keys,
  upper-case UUIDs, problem `type` derived from `code`, journal change id/hlc = fact id/hlc);
- every message schema has at least one example;
- openapi.yaml is a valid OpenAPI 3.1 document (external $refs to schemas/ resolved).

Prints one line per file and exits non-zero on any failure.
Needs: jsonschema (with its `referencing` dependency), openapi-spec-validator, PyYAML.
"""

import json
import re
import sys
from pathlib import Path

import jsonschema
import yaml
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parent
SCHEMAS = ROOT / "schemas"
EXAMPLES = ROOT / "examples"
OPENAPI = ROOT / "openapi.yaml"

# File-name prefix of an example -> schema of its message type. Longest prefix wins.
PREFIXES = {
    "hello-response": "hello.schema.json",
    "push-request": "push-request.schema.json",
    "push-response": "push-response.schema.json",
    "pull-response": "pull-response.schema.json",
    "problem": "problem.schema.json",
}

# Field-journal kinds: a pushed change carries the fact's own id and hlc (PROTOCOL.md section 5).
JOURNAL_KINDS = {"qualification.add", "action.event", "contact.edit", "conflict.resolve"}

PROBLEM_TYPE_PREFIX = "https://dso-sync.dev/problems/"
UUID_ANY_CASE = re.compile(r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")
UUID7_UPPER = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-7[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$")

failures = 0


def report(ok: bool, name: str, note: str = "") -> None:
    global failures
    if not ok:
        failures += 1
    print(f"{'ok  ' if ok else 'FAIL'} {name}{'  ' + note if note else ''}")


def load_schemas() -> tuple[dict[str, dict], Registry]:
    schemas: dict[str, dict] = {}
    resources = []
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        rel = path.relative_to(ROOT).as_posix()
        try:
            schema = json.loads(path.read_text(encoding="utf-8"))
            Draft202012Validator.check_schema(schema)
            if schema.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
                raise ValueError("$schema is not JSON Schema 2020-12")
            expected_id = f"https://dso-sync.dev/schemas/v1/{path.name}"
            if schema.get("$id") != expected_id:
                raise ValueError(f"$id should be {expected_id}")
        except Exception as error:  # noqa: BLE001 - report every kind of failure
            report(False, rel, str(error).splitlines()[0])
            continue
        schemas[path.name] = schema
        resources.append((schema["$id"], Resource.from_contents(schema, default_specification=DRAFT202012)))
    registry = Registry().with_resources(resources)
    # Second pass: every $ref of every schema resolves.
    for name, schema in schemas.items():
        rel = f"schemas/{name}"
        try:
            resolver = registry.resolver(base_uri=schema["$id"])
            for ref in iter_refs(schema):
                resolver.lookup(ref)
        except Exception as error:  # noqa: BLE001
            report(False, rel, f"unresolvable $ref: {error}")
            continue
        report(True, rel, "schema ok")
    return schemas, registry


def iter_refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from iter_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from iter_refs(value)


def iter_strings(node, pointer=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from iter_strings(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from iter_strings(value, f"{pointer}/{index}")
    elif isinstance(node, str):
        yield pointer, node


def schema_for(example: Path) -> str | None:
    stem = example.stem
    for prefix in sorted(PREFIXES, key=len, reverse=True):
        if stem == prefix or stem.startswith(prefix + "-"):
            return PREFIXES[prefix]
    return None


def canonical_problems(document, schema_name: str) -> list[str]:
    """Rules the schemas cannot express but every golden vector must follow."""
    problems = []
    for pointer, text in iter_strings(document):
        if UUID_ANY_CASE.match(text) and not UUID7_UPPER.match(text):
            problems.append(f"{pointer}: UUIDs in examples are upper-case UUIDv7 ({text})")
    if schema_name == "problem.schema.json":
        expected = PROBLEM_TYPE_PREFIX + document["code"].replace("_", "-")
        if document["type"] != expected:
            problems.append(f"/type: expected {expected}")
    if schema_name == "push-request.schema.json":
        ids = [change["id"].upper() for change in document["changes"]]
        if len(ids) != len(set(ids)):
            problems.append("/changes: duplicate change ids")
        for index, change in enumerate(document["changes"]):
            if change["kind"] in JOURNAL_KINDS:
                fact = change["payload"]
                if fact["id"].upper() != change["id"].upper():
                    problems.append(f"/changes/{index}/id: differs from the fact id")
                if fact["hlc"] != change["hlc"]:
                    problems.append(f"/changes/{index}/hlc: differs from the fact hlc")
                if fact["replicaID"].upper() != document["replicaID"].upper():
                    problems.append(f"/changes/{index}/payload/replicaID: differs from the pushing replica")
    if schema_name == "pull-response.schema.json" and not document["snapshot"]:
        seqs = [change["seq"] for change in document["changes"]]
        if seqs != sorted(seqs) or len(seqs) != len(set(seqs)):
            problems.append("/changes: log pages carry strictly increasing seq")
    return problems


def check_examples(schemas: dict[str, dict], registry: Registry) -> None:
    covered = set()
    for path in sorted(EXAMPLES.glob("*.json")):
        rel = path.relative_to(ROOT).as_posix()
        schema_name = schema_for(path)
        if schema_name is None or schema_name not in schemas:
            report(False, rel, "no schema for this file-name prefix")
            continue
        text = path.read_text(encoding="utf-8")
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            report(False, rel, f"not JSON: {error}")
            continue
        validator = Draft202012Validator(schemas[schema_name], registry=registry, format_checker=FormatChecker())
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        if errors:
            first = errors[0]
            where = "/" + "/".join(str(p) for p in first.absolute_path)
            report(False, rel, f"{schema_name}: {where}: {first.message} ({len(errors)} error(s))")
            continue
        notes = canonical_problems(document, schema_name)
        if text != json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n":
            notes.append("not canonical (2-space indentation, sorted keys, trailing newline)")
        if notes:
            report(False, rel, "; ".join(notes))
            continue
        covered.add(schema_name)
        report(True, rel, f"valid {schema_name}")
    for schema_name in sorted(set(PREFIXES.values()) - covered):
        report(False, f"schemas/{schema_name}", "no valid example of this message type")


def check_openapi() -> None:
    rel = OPENAPI.relative_to(ROOT).as_posix()
    try:
        document = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))
        if document.get("openapi") != "3.1.0":
            raise ValueError("openapi is not 3.1.0")
        validate_openapi(document, base_uri=OPENAPI.as_uri())
    except Exception as error:  # noqa: BLE001
        report(False, rel, str(error).splitlines()[0] if str(error) else type(error).__name__)
        return
    report(True, rel, "valid OpenAPI 3.1")


def main() -> int:
    schemas, registry = load_schemas()
    check_examples(schemas, registry)
    check_openapi()
    print(f"{'FAILED' if failures else 'passed'}: {failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
