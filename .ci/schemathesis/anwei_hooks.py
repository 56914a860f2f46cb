"""Schemathesis hooks for Anwei.

- `declared_rules_agree`: a schema-valid request is never refused by a rule the schema itself
  declares (see schemathesis.toml).
- `filter_case`: drops the coverage phase's "missing required property" cases for a property the
  operation's body does not require. Schemathesis fills a template with every property and then
  takes one away, calling the result invalid; a body may leave out any property it does not
  require, so those cases are valid requests, not invalid ones.
"""
import schemathesis

# The reader's codes: each names a rule that the OpenAPI document states for the field.
DECLARED = {
    "type", "format", "range", "too_long", "control_character", "unknown_field", "required",
    "choice", "too_many", "too_few", "duplicate",
}


def _required_body_properties(case):
    required = set()
    for body in getattr(case.operation, "body", None) or []:
        schema = getattr(body, "raw_schema", None) or {}
        if isinstance(schema, dict):
            required |= set(schema.get("required", []) or [])
    return required


def _lacks_a_required_query_parameter(case):
    given = case.query or {}
    for parameter in getattr(case.operation, "query", None) or []:
        if getattr(parameter, "is_required", False) and parameter.name not in given:
            return True
    return False


@schemathesis.hook
def filter_case(ctx, case):
    try:
        data = case.meta.phase.data
        scenario = getattr(getattr(data, "scenario", None), "value", None)
        if scenario == "object_missing_required_property":
            return getattr(data, "parameter", None) in _required_body_properties(case)
    except Exception:
        return True
    return True


@schemathesis.check
def declared_rules_agree(ctx, response, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    if response.status_code not in (400, 422):
        return None
    # A stateful step may build a request without a parameter the schema requires; the server is
    # right to refuse it, and such a request is not schema-valid data.
    if _lacks_a_required_query_parameter(case):
        return None
    try:
        body = response.json()
    except Exception:
        body = None
    errors = body.get("errors", []) if isinstance(body, dict) else []
    codes = {e.get("code") for e in errors if isinstance(e, dict)}
    declared = sorted(c for c in codes if c in DECLARED)
    if response.status_code == 400 or declared or not codes:
        raise AssertionError(
            f"schema-valid data refused with {response.status_code} by a rule the schema declares: "
            f"{declared or sorted(c for c in codes if c) or (body or {}).get('detail')}"
        )
    return None
