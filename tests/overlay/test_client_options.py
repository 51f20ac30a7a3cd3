"""`aoai.types.ClientOptions` (the typed constructors' `**options`) names exactly the client's keywords."""

from __future__ import annotations

import inspect

from aoai._base_client import ClientCore
from aoai.types import ClientOptions


def test_client_options_match_the_constructor() -> None:
    parameters = inspect.signature(ClientCore.__init__).parameters
    public = {name for name in parameters if name not in ("self", "api_version") and not name.startswith("_")}
    assert set(ClientOptions.__annotations__) == public
    assert ClientOptions.__total__ is False
