"""Run the public scim2-tester suite against a running Gatehouse SCIM endpoint.

Usage: python conformance.py BASE_URL TOKEN
Exits non-zero when any check reports ERROR (a violated MUST) or the run itself fails.
"""

import sys
from collections import Counter

from httpx2 import Client
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server


def main() -> int:
    base_url, token = sys.argv[1], sys.argv[2]
    http = Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    client = SyncSCIMClient(http)
    results = check_server(client)
    counts = Counter(r.status.name for r in results)
    failed = [r for r in results if r.status == Status.ERROR]
    for r in results:
        where = f"[{r.resource_type}] " if r.resource_type else ""
        line = f"{r.status.name:<10} {where}{r.title}"
        if r.status not in (Status.SUCCESS, Status.COMPLIANT):
            line += f" — {r.reason}"
        print(line)
    print()
    summary = ", ".join(f"{n} {s.lower()}" for s, n in sorted(counts.items()))
    print(f"scim2-tester: {len(results)} checks: {summary}")
    passed = len(results) - len(failed)
    print(f"conformance: {passed} passed, {len(failed)} failed")
    if not results:
        print("scim2-tester ran no check", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
