"""Checks HTTP responses against openapi.yaml with jsonschema (OpenAPI 3.1 schemas are JSON Schema 2020-12).

`Contract.check(method, path, status, headers, body)` finds the operation whose path template matches (literal
segments win over parameters, as in the server's router), then requires the status to be documented, every
required header to be present, each documented header to match its schema, the media type to be one the
response documents, and a JSON body to validate against its schema. It raises `ContractViolation` naming what
differs, so a test sees every way a response can drift from the document.
"""

import copy
import json
import re
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "openapi.yaml"
BASE = "urn:agent-metrics:openapi"


class ContractViolation(AssertionError):
    pass


def load_spec(path=SPEC_PATH):
    return yaml.safe_load(Path(path).read_text())


class Contract:
    def __init__(self, spec=None):
        self.spec = spec if spec is not None else load_spec()
        self.registry = Registry().with_resource(BASE, Resource.from_contents(self.spec, DRAFT202012))
        self.templates = []
        for template in self.spec["paths"]:
            pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
            self.templates.append((template.count("{"), template, re.compile(pattern)))
        self.templates.sort(key=lambda entry: entry[0])

    def operation(self, method, path):
        path = path.split("?", 1)[0]
        for _, template, pattern in self.templates:
            if pattern.match(path):
                operation = self.spec["paths"][template].get(method.lower())
                if operation is None:
                    raise ContractViolation(f"{method} {template} is not documented")
                return template, operation
        raise ContractViolation(f"no documented path matches {path}")

    def resolve(self, node):
        while isinstance(node, dict) and "$ref" in node:
            pointer = node["$ref"].removeprefix("#/").split("/")
            node = self.spec
            for part in pointer:
                node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def _absolute(self, schema):
        """The schema with its local `#/...` references pointed at the whole document."""
        schema = copy.deepcopy(schema)

        def walk(node):
            if isinstance(node, dict):
                if isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
                    node["$ref"] = BASE + node["$ref"]
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(schema)
        return schema

    def validate_value(self, schema, value, what):
        validator = Draft202012Validator(
            self._absolute(schema), registry=self.registry, format_checker=FormatChecker()
        )
        errors = sorted(validator.iter_errors(value), key=lambda error: list(error.absolute_path))
        if errors:
            details = "; ".join(f"{list(error.absolute_path)}: {error.message}" for error in errors[:5])
            raise ContractViolation(f"{what} does not match the document: {details}")

    def check(self, method, path, status, headers, body):
        """Raises ContractViolation unless the response is one the document allows; returns the parsed JSON body."""
        template, operation = self.operation(method, path)
        where = f"{method} {template} -> {status}"
        responses = operation["responses"]
        response = responses.get(str(status)) or responses.get(f"{status // 100}XX") or responses.get("default")
        if response is None:
            raise ContractViolation(f"{where}: status not documented (documented: {sorted(responses)})")
        response = self.resolve(response)
        lowered = {name.lower(): value for name, value in headers.items()}
        for name, header in response.get("headers", {}).items():
            header = self.resolve(header)
            value = lowered.get(name.lower())
            if value is None:
                if header.get("required"):
                    raise ContractViolation(f"{where}: required header {name} is missing")
                continue
            schema = self.resolve(header["schema"])
            if schema.get("type") == "integer":
                try:
                    value = int(value)
                except ValueError:
                    raise ContractViolation(f"{where}: header {name}: {value!r} is not an integer") from None
            self.validate_value(header["schema"], value, f"{where}: header {name}")
        content = response.get("content")
        if not content:
            return None
        media_type = lowered.get("content-type", "").split(";", 1)[0].strip().lower()
        if media_type not in content:
            raise ContractViolation(f"{where}: Content-Type {media_type!r} not documented ({sorted(content)})")
        if media_type == "application/yaml":
            parsed = yaml.safe_load(body)
            self.validate_value(content[media_type].get("schema", {}), parsed, f"{where}: body")
            return body
        if media_type != "application/json":
            return body
        try:
            parsed = json.loads(body)
        except ValueError as error:
            raise ContractViolation(f"{where}: body is not JSON: {error}") from None
        schema = content[media_type].get("schema")
        if schema is not None:
            self.validate_value(schema, parsed, f"{where}: body")
        return parsed
