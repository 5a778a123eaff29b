"""Times the account forms for a known and an unknown address (see bench/enumeration).

Each form is fetched once for its CSRF token and session cookie; then the two cases alternate
in pairs of random order, so drift in the machine's speed falls on both alike. Prints the median and p90
of each, and the ratio of the medians: 1.00 means the time tells nothing.
"""
import random
import re
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

BASE = sys.argv[1]
REQUESTS = int(sys.argv[2])
KNOWN = "known@example.com"
PASSWORD = "Not the password 1"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def session(path):
    """A fresh session's cookie and the CSRF token of the form at `path`."""
    with OPENER.open(BASE + path) as response:
        cookies = [h.split(";", 1)[0] for h in response.headers.get_all("Set-Cookie") or []]
        html = response.read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    return "; ".join(cookies), token


def post(path, cookie, fields, n):
    body = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(BASE + path, data=body, method="POST")
    request.add_header("Cookie", cookie)
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    request.add_header("Accept", "text/html")
    request.add_header("X-Forwarded-For", f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}")
    started = time.perf_counter()
    try:
        with OPENER.open(request) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as answer:
        answer.read()
        status = answer.code
    return (time.perf_counter() - started) * 1000, status


CASES = {
    "/login": lambda email, token: {"csrf_token": token, "email": email, "password": PASSWORD},
    "/forgot-password": lambda email, token: {"csrf_token": token, "email": email},
    "/signup": lambda email, token: {
        "csrf_token": token,
        "email": email,
        "password": "Correct horse 1 battery",
        "password_confirm": "Correct horse 1 battery",
        "terms": "accepted",
    },
}

print(f"{'form':<18} {'case':<8} {'status':>6} {'median ms':>10} {'p90 ms':>8}")
counter = 0
for path, fields in CASES.items():
    cookie, token = session(path)
    times = {"known": [], "unknown": []}
    statuses = {"known": set(), "unknown": set()}
    # Pairs in random order, so neither case always follows the other (and its background work).
    order = []
    for _ in range(REQUESTS):
        order += random.sample(["known", "unknown"], 2)
    for i, case in enumerate(order):
        email = KNOWN if case == "known" else f"nobody-{i}@example.com"
        counter += 1
        elapsed, status = post(path, cookie, fields(email, token), counter)
        if i >= 10:  # the first few warm the caches
            times[case].append(elapsed)
        statuses[case].add(status)
    medians = {}
    for case in ("known", "unknown"):
        values = sorted(times[case])
        medians[case] = statistics.median(values)
        p90 = values[int(len(values) * 0.9)]
        status = ",".join(str(s) for s in sorted(statuses[case]))
        print(f"{path:<18} {case:<8} {status:>6} {medians[case]:>10.2f} {p90:>8.2f}")
    print(f"{path:<18} ratio of medians known/unknown: {medians['known'] / medians['unknown']:.3f}")
