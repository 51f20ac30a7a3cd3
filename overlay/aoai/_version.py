"""The overlay's version, sent in `User-Agent` so service-side logs can tell clients apart."""

__version__ = "0.1.0"
