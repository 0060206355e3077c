"""Issue 17 in a real browser: the combined build of every hostile "harmless" payload the checker
accepts (tests/hostile_build.py, shared with tests/test_hostile.py) is served on 127.0.0.1 and every
page that shows a payload, and every record page, is opened in Debian's Chromium. No dialog may open,
no request may go to another host, and no element inside <article> may carry an event handler, a
style attribute (other than the theme's own, from the clean build) or a link whose scheme is not
http, https or mailto. Fails, never skips, without Chromium (`make browser`)."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from urllib.parse import urlparse

import hostile_build as hb
import pytest

RECORD_PAGE = re.compile(r"^(?:(?:ruptures|markers|interventions|concepts|examples)/[^/]+/|references/)$")

ARTICLE_CHECK = """allowedStyles => {
  const bad = [];
  const article = document.querySelector('article');
  if (!article) return ['no <article> on the page'];
  for (const el of article.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const tag = el.localName;
      if (name.startsWith('on')) bad.push(`<${tag} ${name}>: event handler`);
      if (name === 'style' && !allowedStyles.includes(attr.value)) bad.push(`<${tag} style="${attr.value.slice(0, 80)}">`);
      if (name === 'ping') bad.push(`<${tag} ping="${attr.value.slice(0, 80)}">`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'srcset', 'poster'].includes(name)) {
        const value = attr.value.trim().replace(/[\\t\\n\\r]/g, '');
        const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(value);
        if (scheme && !['http', 'https', 'mailto'].includes(scheme[1].toLowerCase()))
          bad.push(`<${tag} ${name}="${value.slice(0, 80)}">: ${scheme[1]}: link`);
        if (/^[\\\\/]{2}/.test(value)) bad.push(`<${tag} ${name}="${value.slice(0, 80)}">: scheme-relative`);
      }
    }
  }
  return bad;
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def hostile_served():
    combined = hb.combined()
    assert combined.payload.returncode == 0 and combined.included and combined.pages, (
        "no combined hostile build to open (see tests/test_hostile.py::test_accepted_payloads_build_into_a_harmless_site): "
        f"included={[c.id for c in combined.included]}\n" + combined.payload.output[-1500:]
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(combined.payload.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield combined, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_hostile_pages_fire_nothing_and_request_nothing_off_site(browser, hostile_served):
    combined, base = hostile_served
    site_pages = [hb.site_path(relative) for relative in hb.html_pages(combined.payload.site)]
    paths = sorted(set(combined.pages) | {p for p in site_pages if RECORD_PAGE.match(p)})
    allowed_styles = sorted(hb.article_styles(combined.clean.site))
    problems: dict[str, list[str]] = {}
    current = [""]
    requests: list[str] = []

    def note(message: str) -> None:
        problems.setdefault(current[0], []).append(message)

    def route(intercepted):
        host = urlparse(intercepted.request.url).hostname
        if intercepted.request.url.startswith(("http:", "https:", "ws:", "wss:", "ftp:")) and host != "127.0.0.1":
            note(f"request to another host: {intercepted.request.url[:120]}")
            intercepted.abort()  # never let it out, even where the machine is online
        else:
            intercepted.continue_()

    context = browser.new_context()
    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", lambda dialog: (note(f"dialog ({dialog.type}): {dialog.message[:80]}"), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    try:
        for path in paths:
            current[0] = path or "/"
            page.goto(base + path, wait_until="load")
            page.wait_for_timeout(150)  # an image's onerror, a CSS background, fire after load
            for message in page.evaluate(ARTICLE_CHECK, allowed_styles):
                note(message)
    finally:
        context.close()
    assert len(paths) >= 8, f"too few pages opened: {paths}"
    assert any(url.startswith(base) for url in requests), "no request recorded: is the listener on?"
    assert not problems, "\n".join(f"{path}: {items}" for path, items in problems.items())
