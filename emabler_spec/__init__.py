"""openapi.yaml as Python: the one place that reads the spec and derives facts from it.

The mock, the contract tests, `spec_changes`, the benchmarks and the project's own tests
read the contract through this package, so nothing the spec already says is written
again by hand. The SDK helpers cannot read it at run time (they ship without it):
`make generate` writes the facts they need into them (`python -m emabler_spec sdk-facts`).
"""

from emabler_spec._document import SPEC_PATH, SPEC_URI, load_spec, parse, ref_name, registry
from emabler_spec._facts import (
    API_PREFIX,
    CLIENT_ID_PARAMETER,
    DRIVERS_FOR_SITES,
    HOME_SITE,
    ID_LIST_PROPERTY,
    KEY_HEADER,
    KEY_SCHEME,
    LOCAL_HOST,
    LOCAL_PORT,
    LOCAL_SERVER_URL,
    MAX_IDS_PER_CALL,
    MIN_IDS_PER_CALL,
    SERVER_URL,
    VERSION,
    Operation,
    operation,
    operations,
)
from emabler_spec._provenance import NULLABLE, Provenance, contract_level_spec, provenance
from emabler_spec._schemas import (
    NullableProperty,
    component_validator,
    iter_property_values,
    nullable_properties,
    pointer,
    response_schema,
    validator_at,
)

__all__ = [
    "API_PREFIX",
    "CLIENT_ID_PARAMETER",
    "DRIVERS_FOR_SITES",
    "HOME_SITE",
    "ID_LIST_PROPERTY",
    "KEY_HEADER",
    "KEY_SCHEME",
    "LOCAL_HOST",
    "LOCAL_PORT",
    "LOCAL_SERVER_URL",
    "MAX_IDS_PER_CALL",
    "MIN_IDS_PER_CALL",
    "NULLABLE",
    "SERVER_URL",
    "SPEC_PATH",
    "SPEC_URI",
    "VERSION",
    "NullableProperty",
    "Operation",
    "Provenance",
    "component_validator",
    "contract_level_spec",
    "iter_property_values",
    "load_spec",
    "nullable_properties",
    "operation",
    "operations",
    "parse",
    "pointer",
    "provenance",
    "ref_name",
    "registry",
    "response_schema",
    "validator_at",
]
