"""Every handler, by the operation's facade name (`chat.completions.create`, `files.list`, ...).

The facade name is the same in every api-version and route model (the generator derives it from
the route and the method, see `aoai_codegen.facade_names`), so a dated and a v1 chat share one
handler; an operation whose name has no handler here answers 501 naming it.
"""

from __future__ import annotations

from aoai_emulator.assistants import HANDLERS as OBJECTS
from aoai_emulator.files import HANDLERS as FILES
from aoai_emulator.inference import HANDLERS as INFERENCE
from aoai_emulator.models import HANDLERS as MODELS
from aoai_emulator.responses import HANDLERS as RESPONSES

HANDLERS = {**INFERENCE, **OBJECTS, **FILES, **MODELS, **RESPONSES}
