"""openapi.yaml as a Python value: the one place that reads the spec and derives facts from it.

`Spec` is one version of the contract (a document, a file, or YAML text, such as an older
openapi.yaml from git or a candidate); `SPEC` is the project's own, read from this
package's data, so an installed toolkit carries its contract with it. The mock, the
contract tests, `spec_changes`, the benchmarks and the project's own tests read the
contract through it, so nothing the spec already says is written again by hand. The SDK
helpers cannot read it at run time (they ship without it): `make generate` writes the
facts they need into them (`python -m emabler_spec sdk-facts`).
"""

from importlib.resources import files

from emabler_spec._provenance import NULLABLE, Provenance
from emabler_spec._spec import (
    MISSING_SITE_STATUS,
    NullableProperty,
    Operation,
    Patch,
    Spec,
    pointer,
    ref_name,
    schema_types,
)

SPEC_FILENAME = "openapi.yaml"
"""The contract's file: at the project's root, and in this package's data."""

SPEC = Spec.from_text(files(__name__).joinpath(SPEC_FILENAME).read_text(encoding="utf-8"))
"""The project's own contract."""

__all__ = [
    "MISSING_SITE_STATUS",
    "NULLABLE",
    "SPEC",
    "SPEC_FILENAME",
    "NullableProperty",
    "Operation",
    "Patch",
    "Provenance",
    "Spec",
    "pointer",
    "ref_name",
    "schema_types",
]
