"""An embedded mock of the eMabler drivers API, driven by openapi.yaml.

`create_app()` builds the ASGI app (in-process use); `python -m mock_server serve`
serves it over HTTP with uvicorn; `python -m mock_server behaviours` lists its faults,
variants and scenarios.
"""

from mock_server._behaviour import CLEAN, Behaviour, Kind
from mock_server._limits import MAX_JSON_DEPTH, json_depth_exceeds
from mock_server.app import MockApp, create_app
from mock_server.behaviours import CATALOG, choose_behaviour, get_behaviour, of_kind
from mock_server.data import DEMO_TENANTS, build_dataset

__all__ = [
    "CATALOG",
    "CLEAN",
    "DEMO_TENANTS",
    "MAX_JSON_DEPTH",
    "Behaviour",
    "Kind",
    "MockApp",
    "build_dataset",
    "choose_behaviour",
    "create_app",
    "get_behaviour",
    "json_depth_exceeds",
    "of_kind",
]
