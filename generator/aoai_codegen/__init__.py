"""aoai_codegen: pinned OpenAPI document -> verified bytes -> patched document -> generated package.

The pipeline behind `make generate`, plus the surface extractor and diff.
"""
