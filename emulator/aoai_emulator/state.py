"""The emulator's mutable state, owned by one app instance (no module globals, so two emulators in
one process never share counters or objects)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from aoai_emulator.faults import FaultPlan
from aoai_emulator.images import ImageStore
from aoai_emulator.objects import ObjectStore
from aoai_emulator.quotas import Quotas
from aoai_emulator.stats import Stats


@dataclass
class State:
    plan: FaultPlan
    stats: Stats = field(default_factory=Stats)
    images: ImageStore = field(default_factory=ImageStore)
    objects: ObjectStore = field(default_factory=ObjectStore)
    quotas: Quotas = field(default_factory=Quotas)
    started: int = field(default_factory=lambda: int(time.time()))
