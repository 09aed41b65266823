"""Prepares a wrk grab run against an embedded API in Development mode (stdlib only).

  prepare.py tokens BASE_URL COUNT FILE   mint COUNT distinct users' tokens via POST /dev/token, one per line
  prepare.py sign KEY COUNT FILE          sign COUNT distinct users' tokens here with the API's HS256 key (as the
                                          API's own issuer would: iss hongbao, aud hongbao-api, 8 hours); fast
                                          enough for hundreds of thousands of users
  prepare.py envelope BASE_URL SHARES [COUNT]
                                          fund a sender, create COUNT (default 1) lucky envelopes of SHARES shares,
                                          print their ids separated by commas
"""
import base64
import hashlib
import hmac
import http.client
import json
import sys
import threading
import time
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


def envelope(base, shares, count=1):
    conn = connect(base)
    run = uuid.uuid4().hex[:8]
    sender = f"wrk-{run}-sender"
    admin = token(conn, f"wrk-{run}-admin", ["admin"])
    total = shares * 10
    call(conn, "POST", f"/wallets/{sender}/deposits", {"amount": total * count}, admin, "wrk-" + run)
    sender_token = token(conn, sender)
    ids = [call(conn, "POST", "/envelopes", {"kind": "lucky", "totalAmount": total, "shares": shares},
                sender_token, f"wrk-env-{run}-{i}")["id"] for i in range(count)]
    print(",".join(ids))


def encode(part):
    return base64.urlsafe_b64encode(part).rstrip(b"=")


def sign(key, count, file):
    run = uuid.uuid4().hex[:8]
    now = int(time.time())
    header = encode(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    with open(file, "w") as out:
        for i in range(count):
            claims = {"iss": "hongbao", "aud": "hongbao-api", "iat": now, "nbf": now, "exp": now + 8 * 3600,
                      "sub": f"wrk-{run}-u{i}", "role": []}
            signed = header + b"." + encode(json.dumps(claims, separators=(",", ":")).encode())
            signature = encode(hmac.new(key.encode(), signed, hashlib.sha256).digest())
            out.write((signed + b"." + signature).decode() + "\n")


if __name__ == "__main__":
    if sys.argv[1] == "tokens":
        mint(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif sys.argv[1] == "sign":
        sign(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif sys.argv[1] == "envelope":
        envelope(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    else:
        raise SystemExit(__doc__)
