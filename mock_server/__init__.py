"""An embedded mock of the eMabler drivers API, driven by openapi.yaml.

`create_app()` builds the ASGI app (in-process use); `python -m mock_server serve`
serves it over HTTP with uvicorn; `python -m mock_server faults` lists the faults.
"""

from mock_server.app import create_app
from mock_server.data import DEMO_TENANTS, build_dataset
from mock_server.faults import CATALOG, get_fault

__all__ = ["CATALOG", "DEMO_TENANTS", "build_dataset", "create_app", "get_fault"]
