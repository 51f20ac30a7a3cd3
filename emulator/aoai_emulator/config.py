"""The emulator's knobs in one immutable object, shared by the CLI, the app and the test fixture."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aoai_emulator.quotas import DEFAULT_PERIOD, Quota

DEFAULT_API_KEY = "emulator-key"
DEFAULT_TRIGGER_WORD = "forbidden"
DEFAULT_STALL_SECONDS = 30.0
AUDIENCE = "https://cognitiveservices.azure.com"

# deployment name -> model name reported in responses
DEFAULT_DEPLOYMENTS: Mapping[str, str] = {
    "gpt-4o": "gpt-4o-2024-08-06",
    "gpt-4o-mini": "gpt-4o-mini-2024-07-18",
    "gpt-35-turbo-instruct": "gpt-35-turbo-instruct",
    "text-embedding-3-small": "text-embedding-3-small",
    "dall-e-3": "dall-e-3",
    "whisper": "whisper",
    "tts": "tts",
}


def _deployments(value: Mapping[str, str] | list[str] | tuple[str, ...] | None) -> dict[str, str]:
    if value is None:
        return dict(DEFAULT_DEPLOYMENTS)
    if isinstance(value, Mapping):
        return dict(value)
    return {name: DEFAULT_DEPLOYMENTS.get(name, name) for name in value}


@dataclass(frozen=True)
class EmulatorConfig:
    """Everything that changes the emulator's behaviour; defaults are the documented ones."""

    api_key: str = DEFAULT_API_KEY
    trigger_word: str = DEFAULT_TRIGGER_WORD
    deployments: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_DEPLOYMENTS))
    fault_plan: dict[str, Any] | None = None
    stall_seconds: float = DEFAULT_STALL_SECONDS
    # identity endpoint secret (X-IDENTITY-HEADER) and the key that signs issued tokens
    identity_header: str = "emulator-identity-header"
    signing_key: bytes = b"aoai-emulator-signing-key"
    # deployment name -> its quota (quotas.py); a deployment without one is not metered
    quotas: dict[str, Quota] = field(default_factory=dict)

    @classmethod
    def create(
        cls,
        *,
        api_key: str | None = None,
        trigger_word: str | None = None,
        deployments: Mapping[str, str] | list[str] | tuple[str, ...] | None = None,
        fault_plan: dict[str, Any] | None = None,
        stall_seconds: float | None = None,
        tpm: int | None = None,
        rpm: int | None = None,
        quotas: Mapping[str, Quota] | None = None,
        quota_period: float = DEFAULT_PERIOD,
        **extra: Any,
    ) -> EmulatorConfig:
        """Build from optional values; the API key falls back to env `AOAI_EMULATOR_API_KEY`.

        `tpm`/`rpm` give every deployment that quota (per `quota_period` seconds, 60 by
        default); `quotas` sets it per deployment and wins over them.
        """
        names = _deployments(deployments)
        metered: dict[str, Quota] = {}
        if tpm is not None or rpm is not None:
            metered = {name: Quota(tokens=tpm, requests=rpm, period=quota_period) for name in names}
        for name, quota in (quotas or {}).items():
            if name not in names:
                raise ValueError(
                    f"quota for unknown deployment {name!r}; deployments: {', '.join(sorted(names))}"
                )
            metered[name] = quota
        return cls(
            api_key=api_key or os.environ.get("AOAI_EMULATOR_API_KEY") or DEFAULT_API_KEY,
            trigger_word=trigger_word or DEFAULT_TRIGGER_WORD,
            deployments=names,
            fault_plan=fault_plan,
            stall_seconds=DEFAULT_STALL_SECONDS if stall_seconds is None else float(stall_seconds),
            quotas=metered,
            **extra,
        )
