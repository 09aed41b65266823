"""Prepares a wrk grab run against an embedded API in Development mode (stdlib only).

  prepare.py tokens BASE_URL COUNT FILE   mint COUNT distinct users' tokens via POST /dev/token, one per line
  prepare.py envelope BASE_URL SHARES     fund a sender, create one lucky envelope, print its id
"""
import http.client
import json
import sys
import threading
import urllib.parse
import uuid


def connect(base):
    url = urllib.parse.urlsplit(base)
    return http.client.HTTPConnection(url.hostname, url.port, timeout=30)


def call(conn, method, path, body=None, token=None, key=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    if key:
        headers["Idempotency-Key"] = key
    conn.request(method, path, json.dumps(body) if body is not None else None, headers)
    response = conn.getresponse()
    data = response.read()
    if response.status >= 300:
        raise SystemExit(f"{method} {path}: {response.status} {data[:300]!r}")
    return json.loads(data)


def token(conn, user, roles=()):
    return call(conn, "POST", "/dev/token", {"userId": user, "roles": list(roles)})["accessToken"]


def mint(base, count, file):
    run = uuid.uuid4().hex[:8]
    tokens = [None] * count
    workers = 4

    def work(offset):
        conn = connect(base)
        for i in range(offset, count, workers):
            tokens[i] = token(conn, f"wrk-{run}-u{i}")

    threads = [threading.Thread(target=work, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if any(t is None for t in tokens):
        raise SystemExit("some tokens were not minted")
    with open(file, "w") as out:
        out.write("\n".join(tokens) + "\n")


def envelope(base, shares):
    conn = connect(base)
    run = uuid.uuid4().hex[:8]
    sender = f"wrk-{run}-sender"
    admin = token(conn, f"wrk-{run}-admin", ["admin"])
    total = shares * 10
    call(conn, "POST", f"/wallets/{sender}/deposits", {"amount": total}, admin, "wrk-" + run)
    created = call(conn, "POST", "/envelopes", {"kind": "lucky", "totalAmount": total, "shares": shares},
                   token(conn, sender), "wrk-env-" + run)
    print(created["id"])


if __name__ == "__main__":
    if sys.argv[1] == "tokens":
        mint(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif sys.argv[1] == "envelope":
        envelope(sys.argv[2], int(sys.argv[3]))
    else:
        raise SystemExit(__doc__)
