"""The landing page's inline style and script: no external file, font or image."""

from __future__ import annotations

__all__ = ["FAVICON", "SCRIPT", "STYLE"]

# An empty inline icon, so the browser asks no server for /favicon.ico.
FAVICON = "data:,"

STYLE = """
:root {
  color-scheme: light dark;
  --bg: #f5f6f8; --card: #ffffff; --fg: #15181e; --muted: #586070; --line: #dde2ea;
  --accent: #1747c9; --accent-bg: #dce6ff; --ok: #08703a; --ok-bg: #dcf5e6;
  --off: #9a3412; --off-bg: #fdeade; --code-bg: #eef1f5; --head-bg: #101828; --head-fg: #f5f7fb;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0e1014; --card: #171a21; --fg: #e6e9ef; --muted: #9aa3b3; --line: #2a303b;
    --accent: #9db8ff; --accent-bg: #1d2b52; --ok: #74dba0; --ok-bg: #123524;
    --off: #ffb088; --off-bg: #3d2214; --code-bg: #0f1218; --head-bg: #060a12;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg); line-height: 1.55;
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    sans-serif;
}
code, pre, kbd { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code { font-size: .9em; background: var(--code-bg); padding: .05em .3em; border-radius: 4px; }
a { color: var(--accent); }
.wrap { max-width: 62rem; margin: 0 auto; padding: 0 1rem; }
header.site { background: var(--head-bg); color: var(--head-fg); padding: 2.2rem 0 1.6rem; }
header.site h1 { margin: 0 0 .4rem; font-size: 2.1rem; letter-spacing: -.02em; }
header.site .lede { margin: 0 0 1rem; max-width: 44rem; color: #c9d1e0; }
header.site .eyebrow {
  margin: 0 0 .3rem; font-size: .85rem; letter-spacing: .03em;
  color: #9db8ff;
}
header.site nav a { color: var(--head-fg); margin-right: 1rem; white-space: nowrap; }
main.wrap { padding-top: 1.5rem; padding-bottom: 2rem; }
section, article.endpoint {
  background: var(--card); border: 1px solid var(--line); border-radius: 12px;
  padding: 1.1rem 1.2rem; margin: 0 0 1.4rem;
}
h2 { font-size: 1.35rem; margin: 0 0 .6rem; }
h3 { font-size: 1.3rem; margin: 0; }
h4 { font-size: 1rem; margin: 1.4rem 0 .5rem; }
.steps { padding-left: 1.3rem; margin: 0 0 1rem; }
.steps li { margin: 0 0 .5rem; }
.steps code { white-space: nowrap; }
dl.terms {
  display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; margin: 0 0 .8rem;
}
dl.terms dt { color: var(--muted); }
dl.terms dd { margin: 0; min-width: 0; }
.addr { overflow-wrap: anywhere; }
.card-head {
  display: flex; flex-wrap: wrap; justify-content: space-between; align-items: flex-start;
  gap: .6rem;
}
.route { margin: .3rem 0 0; }
.method {
  font: 700 .75rem/1 ui-monospace, Menlo, Consolas, monospace; padding: .25rem .4rem;
  border-radius: 4px; background: var(--fg); color: var(--card); vertical-align: 1px;
}
.badges { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; }
.price {
  display: inline-block; font-weight: 700; font-size: 1.15rem; padding: .2rem .65rem;
  border-radius: 8px; background: var(--accent-bg); color: var(--accent);
}
.per { color: var(--muted); font-size: .9rem; }
.status, .pill {
  display: inline-block; font-size: .8rem; font-weight: 600; padding: .15rem .55rem;
  border-radius: 999px; white-space: nowrap;
}
.live { background: var(--ok-bg); color: var(--ok); }
.unavailable { background: var(--off-bg); color: var(--off); }
.default-mark {
  display: inline-block; font-size: .7rem; font-weight: 600; padding: 0 .4rem;
  border: 1px solid var(--accent); color: var(--accent); border-radius: 999px;
}
.summary { font-weight: 600; margin: .8rem 0 .2rem; }
.description { margin: 0 0 .6rem; }
.tags { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: .35rem; }
.tags li { font-size: .78rem; color: var(--muted); border: 1px solid var(--line);
  border-radius: 999px; padding: 0 .5rem; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; max-width: 100%; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; vertical-align: top; padding: .45rem .5rem;
  border-bottom: 1px solid var(--line); }
th { font-size: .78rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
table.fields { min-width: 40rem; }
td.tier-model code { overflow-wrap: anywhere; }
td.tier-price { font-weight: 700; white-space: nowrap; }
td.field-type { white-space: nowrap; }
.sub { display: block; color: var(--muted); font-size: .8rem; }
.values span { display: block; }
.values code { white-space: nowrap; }
.example-head { display: flex; justify-content: space-between; align-items: center;
  margin: 1rem 0 .3rem; }
.example-head h5 { margin: 0; font-size: .9rem; }
pre {
  margin: 0; padding: .75rem .9rem; background: var(--code-bg); border: 1px solid var(--line);
  border-radius: 8px; font-size: .82rem; line-height: 1.5;
  white-space: pre-wrap; overflow-wrap: anywhere; overflow-x: auto;
}
pre code { background: none; padding: 0; font-size: inherit; }
button.copy {
  font: inherit; font-size: .8rem; padding: .25rem .8rem; border-radius: 6px; cursor: pointer;
  border: 1px solid var(--line); background: var(--card); color: var(--fg);
}
button.copy:hover, button.copy:focus-visible { border-color: var(--accent); color: var(--accent); }
.note { color: var(--muted); font-size: .9rem; }
details { margin-top: 1rem; }
summary { cursor: pointer; color: var(--accent); }
details pre { margin-top: .5rem; }
footer.site { border-top: 1px solid var(--line); padding: 1.2rem 0 2.5rem; color: var(--muted);
  font-size: .9rem; }
footer.site ul { padding-left: 1.1rem; margin: .3rem 0 .8rem; }
@media (max-width: 480px) {
  header.site h1 { font-size: 1.7rem; }
  section, article.endpoint { padding: .9rem .8rem; border-radius: 10px; }
  .wrap { padding: 0 .6rem; }
}
/* On a phone each table row becomes a small block: name, type and badges on one line, the
   longer text under them, instead of columns squeezed to a word each. */
@media (max-width: 560px) {
  table.tiers, table.fields { min-width: 0; }
  table.tiers thead, table.fields thead {
    position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  }
  table.tiers tbody, table.fields tbody { display: block; }
  table.tiers tr, table.fields tr {
    display: grid; grid-template-columns: 1fr auto auto; gap: .15rem .6rem;
    padding: .55rem 0; border-bottom: 1px solid var(--line); align-items: baseline;
  }
  table.tiers td, table.fields td { display: block; padding: 0; border: 0; min-width: 0; }
  td.tier-slug, td.field-name { grid-area: 1 / 1; }
  td.tier-price, td.field-type { grid-area: 1 / 2; }
  td.tier-status, td.field-required { grid-area: 1 / 3; color: var(--muted); }
  td.tier-model, td.field-description { grid-column: 1 / -1; }
  td.values { grid-column: 1 / -1; font-size: .85rem; }
  .values span { display: inline; margin-right: .6rem; }
  td.field-name code { overflow-wrap: anywhere; }
}
"""

# Copy buttons: the clipboard API where the page is a secure context, else select the text
# so the reader can copy it by hand.
SCRIPT = """
document.querySelectorAll("button.copy").forEach(function (button) {
  button.addEventListener("click", function () {
    var pre = document.getElementById(button.getAttribute("data-target"));
    var text = pre.textContent;
    function done() { button.textContent = "Copied"; }
    function select() {
      var range = document.createRange();
      range.selectNodeContents(pre);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      button.textContent = copied ? "Copied" : "Selected";
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, select);
    } else {
      select();
    }
  });
});
"""
