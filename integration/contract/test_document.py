"""openapi.yaml itself: a valid OpenAPI 3.1 document whose stated bounds are the README's valid ranges."""

from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from contract import SPEC_PATH, Contract, ContractViolation

import pytest


def test_the_document_is_valid_openapi_3_1():
    document, _ = read_from_filename(str(SPEC_PATH))
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_run_bodies_at_the_documented_bounds_are_accepted_and_past_them_refused():
    contract = Contract()
    run = {"$ref": "#/components/schemas/RunInput"}
    edge = {"id": -(2**63), "task_id": 2**63 - 1, "status": "s" * 256, "cost": 1_000_000, "time_taken": 2_592_000,
            "created": "9999-12-31T23:59:59.999Z", "tools": ["t" * 1024] * 1000, "initiator": None}
    contract.validate_value(run, edge, "edge run")
    contract.validate_value(run, {**edge, "time_taken": "720h", "created": "1970-01-01T00:00:00Z"}, "edge run")
    for field, value in [("cost", 1_000_000.01), ("cost", -0.01), ("time_taken", 2_592_000.5), ("id", 2**63),
                         ("status", ""), ("status", "s" * 257), ("created", "1969-12-31T23:59:59Z"),
                         ("created", "2023-08-01T12:00:60Z"), ("time_taken", "5 minutes"), ("tools", ["t"] * 1001)]:
        with pytest.raises(ContractViolation):
            contract.validate_value(run, {**edge, field: value}, f"{field}={value!r}")
    batch = {"$ref": "#/components/schemas/RunBatchRequest"}
    with pytest.raises(ContractViolation):
        contract.validate_value(batch, {"runs": [{"id": 1, "status": "ok"}] * 10_001}, "batch")


def test_every_keyed_operation_states_its_scope_for_both_schemes():
    contract = Contract()
    for path, item in contract.spec["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            scope = operation["x-required-scope"]
            if scope == "none":
                assert operation["security"] == [], f"{method} {path}"
            else:
                assert operation["security"] == [{"bearerAuth": [scope]}, {"apiKeyHeader": [scope]}], f"{method} {path}"
                assert "401" in operation["responses"] and "403" in operation["responses"], f"{method} {path}"
