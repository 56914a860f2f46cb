"""Schemathesis hooks for Anwei: a check that a schema-valid request is never refused by a rule
the schema itself declares (see schemathesis.toml)."""
import schemathesis

# The reader's codes: each names a rule that the OpenAPI document states for the field.
DECLARED = {
    "type", "format", "range", "too_long", "control_character", "unknown_field", "required",
    "choice", "too_many", "too_few", "duplicate",
}


@schemathesis.check
def declared_rules_agree(ctx, response, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    if response.status_code not in (400, 422):
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
