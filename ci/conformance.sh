#!/usr/bin/env bash
# The conformance run in any CI, with nothing but python3 and bash: make a virtual environment, install the
# toolkit (emabler-conformance) into it, and run `emabler-contract run` from the current folder, which then
# holds the reports (reports/: report.html, bundle.zip, junit.xml, summary.md, summary.json). Exits with the
# run's code: 0 conforms, 1 does not conform, 2 bad settings or a target that cannot be tested, 130 interrupted.
#
#   ci/conformance.sh [emabler-contract run options...]
#
# Settings come from the options or from the environment, keys from the environment only (docs/ci.md):
#   EMABLER_BASE_URL, EMABLER_CLIENT_ID, EMABLER_SITE_IDS, EMABLER_API_KEY (unset: the embedded mock), ...
# The recipe itself reads:
#   CONFORMANCE_TOOLKIT  what pip installs: a wheel, a URL or a requirement (default: the repository that holds
#                        this script, built by pip)
#   CONFORMANCE_VENV     where the virtual environment goes (default: a folder under ${TMPDIR:-/tmp}; reused
#                        when it is there)
#   PYTHON               the interpreter that makes it (default: python3)
set -euo pipefail

toolkit=${CONFORMANCE_TOOLKIT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
venv=${CONFORMANCE_VENV:-${TMPDIR:-/tmp}/emabler-conformance}

if [ ! -x "$venv/bin/python" ]; then
  "${PYTHON:-python3}" -m venv "$venv"
fi
echo "conformance: installing $toolkit into $venv" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$toolkit"

# The run's own exit code is the recipe's: the CI step fails exactly when the server does not conform.
exec "$venv/bin/emabler-contract" run "$@"
