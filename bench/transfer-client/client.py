"""The transfer benchmark's browser without JavaScript (bench/transfer): sets the member's
password from the CLI's link, signs in, goes through the journey, uploads the folder as one
streamed multipart POST, and waits for the checks to be over, reading the app's SQLite database.

Cookies are kept by hand: the app runs in production, which marks them Secure, and this client
talks plain HTTP on the loopback, as bench/page-load does.

    client.py APP_URL PASSWORD_LINK FOLDER DATABASE_FILE
"""
import os
import re
import sqlite3
import sys
import time
import uuid

import requests

PASSWORD = "Benchmark transfer 1 password"


class Browser:
    def __init__(self, base):
        self.base = base
        self.cookies = {}
        self.http = requests.Session()

    def _keep(self, response):
        for header in response.raw.headers.getlist("Set-Cookie"):
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in header or value == "":
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value

    def _headers(self, extra=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        headers.update(extra or {})
        return headers

    def get(self, path):
        response = self.http.get(self.base + path, headers=self._headers(), allow_redirects=False)
        self._keep(response)
        return response

    def token(self, path):
        page = self.get(path).text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def post(self, path, fields, data=None, content_type=None):
        if data is None:
            fields = [("csrf_token", self.token(path))] + list(fields)
            response = self.http.post(
                self.base + path, data=fields, headers=self._headers(), allow_redirects=False
            )
        else:
            response = self.http.post(
                self.base + path,
                data=data,
                headers=self._headers({"Content-Type": content_type}),
                allow_redirects=False,
            )
        self._keep(response)
        return response


def expect_redirect(response, what):
    if response.status_code not in (302, 303):
        sys.exit(f"{what}: {response.status_code} {response.text[:500]}")
    return response.headers["Location"]


def multipart(token, folder, boundary):
    """The form's body, streamed: the CSRF token, then each file as the browser sends a folder."""
    yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n").encode()
    top = os.path.basename(folder)
    for name in sorted(os.listdir(folder)):
        yield (
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; "
            f"filename=\"{top}/{name}\"\r\nContent-Type: application/pdf\r\n\r\n"
        ).encode()
        with open(os.path.join(folder, name), "rb") as f:
            while chunk := f.read(1 << 20):
                yield chunk
        yield b"\r\n"
    yield f"--{boundary}--\r\n".encode()


def main():
    base, link, folder, database = sys.argv[1:5]
    browser = Browser(base)
    reset_path = link[len(base):] if link.startswith(base) else link
    expect_redirect(
        browser.post(reset_path, [("password", PASSWORD), ("password_confirm", PASSWORD)]),
        "setting the password",
    )
    expect_redirect(
        browser.post("/login", [("email", "bench@example.gov.uk"), ("password", PASSWORD)]),
        "signing in",
    )
    # A new account gives its name before anything else.
    expect_redirect(
        browser.post("/user/about-you/new", [("name_first", "Bench"), ("name_last", "Mark")]),
        "giving a name",
    )
    series_page = expect_redirect(browser.post("/transfer", []), "starting a transfer")
    consignment = series_page.split("/")[3]
    series = re.search(r'<option[^>]* value="([0-9a-f-]{36})"', browser.get(series_page).text).group(1)
    agreement = expect_redirect(browser.post(series_page, [("series", series)]), "the series")
    continued = expect_redirect(
        browser.post(agreement, [("legal_status", "Public Record(s)")]), "the agreement"
    )
    upload = expect_redirect(
        browser.post(continued, [("droAppraisalSelection", "true"), ("droSensitivity", "true")]),
        "the agreement's sign-offs",
    )
    token = browser.token(upload)
    boundary = uuid.uuid4().hex
    files = len(os.listdir(folder))

    start = time.monotonic()
    checks = expect_redirect(
        browser.post(
            upload,
            None,
            data=multipart(token, folder, boundary),
            content_type=f"multipart/form-data; boundary={boundary}",
        ),
        "the upload",
    )
    uploaded = time.monotonic()
    if not checks.endswith("/file-checks"):
        sys.exit(f"the upload went to {checks}")
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    deadline = uploaded + 600
    while True:
        over = db.execute(
            "SELECT COUNT(*) FROM consignment_statuses WHERE consignment_id = ? "
            "AND status_type IN ('ServerAntivirus', 'ServerChecksum', 'ServerFFID') "
            "AND value <> 'InProgress'",
            (consignment,),
        ).fetchone()[0]
        if over == 3:
            break
        if time.monotonic() > deadline:
            sys.exit("the checks did not end within 10 minutes")
        time.sleep(0.1)
    checked = time.monotonic()
    succeeded = db.execute(
        "SELECT COUNT(*) FROM consignment_statuses WHERE consignment_id = ? AND value = 'Completed' "
        "AND status_type IN ('ServerAntivirus', 'ServerChecksum', 'ServerFFID')",
        (consignment,),
    ).fetchone()[0]
    print(f"upload {uploaded - start:.2f}")
    print(f"checks {checked - uploaded:.2f}")
    print(f"total {checked - start:.2f}")
    print(f"checks succeeded: {succeeded == 3}")
    for check, first, last, done in db.execute(
        "SELECT check_name, MIN(started_at), MAX(finished_at), COUNT(finished_at) "
        "FROM transfer_check_runs GROUP BY check_name ORDER BY check_name"
    ):
        seconds = (parse(last) - parse(first)) if last else float("nan")
        print(f"files/s {check}={done / seconds:.0f} ({done} in {seconds:.2f} s)")
    print(f"files {files}")


def parse(stamp):
    """An RFC 3339 time as the app's SQLite rows hold it, in seconds."""
    from datetime import datetime

    stamp = re.sub(r"(\.\d{6})\d*", r"\1", stamp.replace("Z", "+00:00"))
    return datetime.fromisoformat(stamp).timestamp()


if __name__ == "__main__":
    main()
