"""The person's side of .ci/prod_smoke: sign in, publish the map, wait for its PDF from the
worker, and read the public page and PDF, all over HTTP as the TLS proxy would forward it.

    python .ci/prod_smoke_client.py http://127.0.0.1:8765 <partnership-slug>
"""

from __future__ import annotations

import re
import sys
import time

import requests

DEMO_PASSWORD = "pathways-demo"  # the demo's published logins (README)


class Browser:
    """A requests session that behaves as if it spoke https through our proxy."""

    def __init__(self, base: str):
        self.base = base
        self.origin = "https://" + base.split("://", 1)[1]
        self.session = requests.Session()
        self.session.headers.update(
            {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
        )

    def _send(self, method: str, path: str, **kwargs) -> requests.Response:
        # Cookies are Secure (https only): the proxy would carry them; here we do.
        cookies = {c.name: c.value for c in self.session.cookies}
        response = self.session.request(
            method, self.base + path, cookies=cookies, allow_redirects=False, timeout=60,
            **kwargs,
        )  # fmt: skip
        for cookie in self.session.cookies:
            cookie.secure = False
        return response

    def get(self, path: str) -> requests.Response:
        return self._send("GET", path)

    def post(self, path: str, data: dict, referer: str) -> requests.Response:
        data = {"csrfmiddlewaretoken": self.session.cookies.get("csrftoken", ""), **data}
        headers = {"Referer": self.origin + referer, "Origin": self.origin}
        return self._send("POST", path, data=data, headers=headers)


def check(condition: bool, what: str) -> None:
    if not condition:
        print(f"smoke: FAILED: {what}", file=sys.stderr)
        sys.exit(1)
    print(f"smoke: ok: {what}")


def wait_for(probe, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = probe()
        except requests.ConnectionError:
            value = None
        if value:
            return value
        time.sleep(1)
    check(False, what)


def main(base: str, slug: str) -> None:
    browser = Browser(base)
    wait_for(lambda: browser.get("/healthz").status_code == 200, 120, "gunicorn answers")
    plain = requests.get(base + "/healthz", timeout=60, allow_redirects=False)
    check(plain.status_code == 200, "the health check answers without the proxy header")
    home = requests.get(base + "/", timeout=60, allow_redirects=False)
    check(home.status_code == 301, "a request that did not come through https is redirected")

    check(browser.get("/accounts/login/").status_code == 200, "the sign-in page opens")
    signed_in = browser.post(
        "/accounts/login/",
        {"username": "convener", "password": DEMO_PASSWORD},
        referer="/accounts/login/",
    )
    check(signed_in.status_code == 302, "the convener signs in")

    published = browser.post(f"/maps/{slug}/publish/", {}, referer=f"/maps/{slug}/draft/")
    check(published.status_code == 302, "the convener publishes the map")
    draft = browser.get(f"/maps/{slug}/draft/").text
    found = re.search(r"Version (\d+) is published", draft)
    check(found is not None, "the draft page says which version was published")
    number = int(found.group(1))

    def version_pdf():
        response = browser.get(f"/maps/{slug}/v/{number}/map.pdf")
        return response if response.status_code == 200 else None

    pdf = wait_for(version_pdf, 300, f"the worker renders version {number}'s PDF")
    check(pdf.content.startswith(b"%PDF-"), f"version {number}'s PDF is a PDF")

    visitor = Browser(base)
    public = visitor.get(f"/maps/{slug}/")
    check(public.status_code == 200 and "</html>" in public.text, "the public map page opens")
    check(f"/maps/{slug}/map.pdf" in public.text, "the public page links its PDF")
    current = visitor.get(f"/maps/{slug}/map.pdf")
    check(
        current.status_code == 200 and current.content.startswith(b"%PDF-"),
        "anyone downloads the map's PDF",
    )
    static = re.search(r'href="(/static/[^"]+\.css)"', public.text)
    check(static is not None, "the page links its stylesheet")
    css = visitor.get(static.group(1))
    check(css.status_code == 200, "static files are served (collectstatic, WhiteNoise)")


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), sys.argv[2])
