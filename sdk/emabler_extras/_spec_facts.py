"""Facts of openapi.yaml the helpers need, written by `make generate`: do not edit."""

from typing import Final

VERSION: Final = "1.0.1"
KEY_HEADER: Final = "x-functions-key"
CLIENT_ID_PARAMETER: Final = "clientId"
ID_LIST_PROPERTY: Final = "groupIds"
MAX_IDS_PER_CALL: Final = 20
DEFAULT_BASE_URL: Final = "https://api.emabler.net/api"
