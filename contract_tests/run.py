"""One contract run, prepared: the settings checked, the target found and preflighted, its parts made."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from schemathesis.schemas import BaseSchema

from contract_tests import schemathesis_run
from contract_tests.calls import Caller
from contract_tests.identity import Identity
from contract_tests.masking import Masker
from contract_tests.outcomes import Outcomes
from contract_tests.preflight import PreflightError, preflight
from contract_tests.recording import Recording
from contract_tests.reporting import remove_stale
from contract_tests.settings import NAMED, Settings, SettingsError
from contract_tests.target import Target, resolve
from contract_tests.verdict import Grade


@dataclass
class ContractRun:
    """Everything one run needs: settings, target, the Schemathesis schema, the caller, the outcomes, the recording of
    its exchanges, the masker."""

    settings: Settings
    target: Target
    schema: BaseSchema
    caller: Caller
    outcomes: Outcomes
    recording: Recording
    masker: Masker = field(repr=False)  # the run's one masker, of every key of the settings and the target

    @property
    def grade(self) -> Grade:
        return Grade(self.outcomes, self.settings.strict)


def prepare(settings: Settings, *, reports: bool = True) -> ContractRun:
    """Target, reports folder and preflight: a run ready to check, or SettingsError (a PreflightError): one line.
    `reports=False`: a replay, which writes none and leaves the reports folder as it is."""
    begun = Identity("")  # now: the run's duration counts its preflight too
    target = resolve(settings)
    masker = Masker([*settings.secrets, *target.secrets])
    try:
        if reports:
            remove_stale(settings.reports_dir)
            settings.reports_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        what = f"{NAMED['reports_dir']} {settings.reports_dir} cannot hold the reports: {error.strerror}"
        raise SettingsError(masker(what)) from None
    try:
        target = preflight(Caller(schemathesis_run.schema(settings, target), target, masker))
        schema = schemathesis_run.schema(settings, target)
    except PreflightError as error:
        raise PreflightError(masker(str(error))) from None
    except Exception as error:
        raise PreflightError(masker(f"the run could not start: {type(error).__name__}: {error}")) from None
    config = schema.config
    identity = replace(begun, target=target.name, reproduce=target.reproduce)
    outcomes = Outcomes(replace(identity, seed=config.seed, budget=config.generation.max_examples), masker)
    recording = Recording(config.output)
    caller = Caller(schema, target, masker, outcomes, recording)
    return ContractRun(settings, target, schema, caller, outcomes, recording, masker)
