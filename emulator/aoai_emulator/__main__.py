"""`python -m aoai_emulator`: serve in the foreground and print the base URL and the API key."""

from __future__ import annotations

import argparse
import json
import os
import sys

from aoai_emulator.config import DEFAULT_STALL_SECONDS, DEFAULT_TRIGGER_WORD, EmulatorConfig
from aoai_emulator.quotas import DEFAULT_PERIOD, Quota, parse_quota


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="aoai-emulator", description="Local Azure OpenAI data-plane emulator"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port; 0 picks a free one (default 8080)")
    parser.add_argument(
        "--api-key", default=None, help="accepted api-key (default $AOAI_EMULATOR_API_KEY or emulator-key)"
    )
    parser.add_argument("--trigger-word", default=DEFAULT_TRIGGER_WORD, help="content-filter trigger word")
    parser.add_argument(
        "--deployments", default=None, help="comma-separated deployment names (default: the built-in set)"
    )
    parser.add_argument(
        "--fault-plan", default=None, help='seeded fault plan JSON, e.g. {"seed":1,"rates":{"429":0.05}}'
    )
    parser.add_argument(
        "--stall-seconds", type=float, default=DEFAULT_STALL_SECONDS, help="length of a `stall` fault"
    )
    parser.add_argument("--tpm", type=int, default=None, help="tokens per minute for every deployment")
    parser.add_argument("--rpm", type=int, default=None, help="requests per minute for every deployment")
    parser.add_argument(
        "--quota",
        action="append",
        default=[],
        metavar="DEPLOYMENT=TPM/RPM",
        help="quota of one deployment, e.g. gpt-4o-mini=60000/600 (repeatable; wins over --tpm/--rpm)",
    )
    parser.add_argument(
        "--quota-period",
        type=float,
        default=DEFAULT_PERIOD,
        help="renewal period of the quotas in seconds (default 60: limits are per minute)",
    )
    parser.add_argument("--identity-header", default=None, help="secret expected in X-IDENTITY-HEADER")
    parser.add_argument("--log-level", default="warning")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from aoai_emulator.app import EmulatorApp
    from aoai_emulator.server import bind, make_server

    extra = {"identity_header": args.identity_header} if args.identity_header else {}
    try:
        per_deployment: dict[str, Quota] = {}
        for spec in args.quota:
            name, quota = parse_quota(spec)
            per_deployment[name] = Quota(quota.tokens, quota.requests, args.quota_period)
        config = EmulatorConfig.create(
            api_key=args.api_key,
            trigger_word=args.trigger_word,
            deployments=args.deployments.split(",") if args.deployments else None,
            fault_plan=json.loads(args.fault_plan) if args.fault_plan else None,
            stall_seconds=args.stall_seconds,
            tpm=args.tpm,
            rpm=args.rpm,
            quotas=per_deployment,
            quota_period=args.quota_period,
            **extra,
        )
        app = EmulatorApp(config)
    except (ValueError, RuntimeError) as exc:
        print(f"aoai-emulator: {exc}", file=sys.stderr)
        return 2
    sock = bind(args.host, args.port)
    host, port = sock.getsockname()[:2]
    base_url = f"http://{host}:{port}"
    print(f"aoai-emulator listening on {base_url}", flush=True)
    print(f"AZURE_OPENAI_ENDPOINT={base_url}", flush=True)
    print(f"AZURE_OPENAI_API_KEY={config.api_key}", flush=True)
    print(f"IDENTITY_ENDPOINT={base_url}/_emulator/identity", flush=True)
    print(f"IDENTITY_HEADER={config.identity_header}", flush=True)
    print(f"api-versions: {', '.join(sorted(app.documents))}", flush=True)
    for routes in app.routes:
        if routes.takes_key_as_bearer:  # the plain OpenAI SDK's variable, for the v1 API's routes
            print(f"OPENAI_BASE_URL={base_url}{routes.server_path}/", flush=True)
    for name, quota in sorted(config.quotas.items()):
        print(
            f"quota {name}: {quota.tokens} tokens / {quota.requests} requests per {quota.period:g} s",
            flush=True,
        )
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    make_server(app, log_level=args.log_level).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
