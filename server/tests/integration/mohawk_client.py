"""A client of the data store's API signing with mohawk, the HAWK library the real service and
its clients use (run by datastore_hawk.rs against a running test app).

Usage: mohawk_client.py DATASETS_URL CLIENT_ID KEY

Prints one JSON object: what each request was answered, and whether mohawk accepted the answers'
Server-Authorization.
"""
import json
import sys
import urllib.error
import urllib.request

import mohawk
import mohawk.exc


def send(url, authorization):
    request = urllib.request.Request(url, headers={"Authorization": authorization})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def signed_get(url, credentials):
    sender = mohawk.Sender(credentials, url, "GET", content="", content_type="")
    status, headers, body = send(url, sender.request_header)
    return sender, status, headers, body


def accepted(sender, headers, body):
    """Whether mohawk takes the answer as ours (header names are case-insensitive here)."""
    signature = headers.get("Server-Authorization")
    if signature is None:
        return False
    try:
        sender.accept_response(signature, content=body, content_type=headers.get("Content-Type"))
        return True
    except mohawk.exc.HawkFail:
        return False


def main():
    url, client_id, key = sys.argv[1:4]
    credentials = {"id": client_id, "key": key, "algorithm": "sha256"}
    seen = {}

    sender, status, headers, body = signed_get(url, credentials)
    seen["signed"] = {
        "status": status,
        "answer_accepted": accepted(sender, headers, body),
        "datasets": [d["slug"] for d in json.loads(body)["datasets"]] if status == 200 else None,
    }
    seen["altered_answer_refused"] = not accepted(sender, headers, body + b" ")

    replayed, _, replayed_body = send(url, sender.request_header)
    seen["replayed"] = {"status": replayed, "body": replayed_body.decode()}

    query_sender, status, headers, body = signed_get(url + "?orientation=records", credentials)
    seen["with_query"] = {
        "status": status,
        "answer_accepted": accepted(query_sender, headers, body),
    }

    wrong = dict(credentials, key=key[::-1])
    _, status, _, body = signed_get(url, wrong)
    seen["wrong_key"] = {"status": status, "body": body.decode()}

    print(json.dumps(seen))


if __name__ == "__main__":
    main()
