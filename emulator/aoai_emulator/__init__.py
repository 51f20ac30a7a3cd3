"""A local Azure OpenAI data-plane emulator driven by the pinned OpenAPI documents.

It exists so the demo and every end-to-end test can run offline against something that speaks
Azure's dialect (routes, auth, errors, streaming quirks, faults), not just our own client's.
"""

from aoai_emulator.config import DEFAULT_API_KEY, DEFAULT_DEPLOYMENTS, EmulatorConfig

__all__ = ["DEFAULT_API_KEY", "DEFAULT_DEPLOYMENTS", "EmulatorConfig"]
