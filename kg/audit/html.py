"""The audit as one self-contained HTML page for a reviewer: no external assets, no network.

A summary (counts by severity and by rule), filters by severity and rule (plain JavaScript), the findings
worst first (each claim's quote highlighted in the context of its article, with the claim's sources and
their evidence levels; each reference's entry with the defect marked), and each article's text with every
flagged quote marked and linked to its findings.
"""

from __future__ import annotations

from html import escape

from kg.audit.facts import ArticleFact, ClaimFact
from kg.audit.model import SEVERITIES, Finding
from kg.dataset.vocab import ECO_LABELS

CONTEXT = 220  # characters of article text shown on each side of a quote

STYLE = """
:root { --error:#b3261e; --error-bg:#fde7e5; --warning:#8a5300; --warning-bg:#fff1d6; --info:#1f5f99; --info-bg:#e3effa;
  --ink:#1d1d1f; --muted:#5f6368; --line:#d9dce1; --paper:#ffffff; --page:#f5f6f8; --mark:#fff3a3; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header.top { background: #22313f; color: #fff; padding: 1.25rem 1rem; }
header.top h1 { margin: 0 0 .25rem; font-size: 1.5rem; }
header.top p { margin: .15rem 0; color: #d6dde4; font-size: .9rem; overflow-wrap: anywhere; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
section { margin-bottom: 1.5rem; }
h2 { font-size: 1.2rem; margin: 0 0 .75rem; }
.cards { display: flex; flex-wrap: wrap; gap: .75rem; margin-bottom: 1rem; }
.card { flex: 1 1 8rem; background: var(--paper); border: 1px solid var(--line); border-left: 6px solid; border-radius: 6px; padding: .6rem .9rem; }
.card .n { display: block; font-size: 1.8rem; font-weight: 700; line-height: 1.1; }
.card.error { border-left-color: var(--error); } .card.warning { border-left-color: var(--warning); } .card.info { border-left-color: var(--info); }
.card.total { border-left-color: #22313f; }
.scroll { overflow-x: auto; background: var(--paper); border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef0f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
button.rule-link { background: none; border: 0; padding: 0; color: #0b57d0; cursor: pointer; font: inherit; font-family: ui-monospace, Menlo, Consolas, monospace; text-align: left; }
#filters { background: var(--paper); border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; position: sticky; top: 0; z-index: 2; }
#filters fieldset { border: 0; margin: 0 0 .5rem; padding: 0; display: flex; flex-wrap: wrap; gap: .35rem 1rem; align-items: center; }
#filters legend { font-weight: 600; float: left; margin-right: .75rem; }
#filters select { font: inherit; max-width: 100%; }
#shown { margin: .25rem 0 0; color: var(--muted); font-size: .9rem; }
.finding { background: var(--paper); border: 1px solid var(--line); border-left: 6px solid; border-radius: 6px; padding: .75rem 1rem; margin-bottom: .85rem; }
.finding.error { border-left-color: var(--error); } .finding.warning { border-left-color: var(--warning); } .finding.info { border-left-color: var(--info); }
.finding h3 { font-size: 1rem; margin: 0 0 .4rem; display: flex; flex-wrap: wrap; gap: .3rem .6rem; align-items: baseline; }
.badge { display: inline-block; border-radius: 999px; padding: 0 .6rem; font-size: .8rem; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; }
.badge.error { background: var(--error-bg); color: var(--error); } .badge.warning { background: var(--warning-bg); color: var(--warning); }
.badge.info { background: var(--info-bg); color: var(--info); }
.rule-id { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .88rem; color: var(--muted); }
.subject { font-weight: 600; overflow-wrap: anywhere; }
.message { margin: .3rem 0 .5rem; }
.finding, .finding p { overflow-wrap: anywhere; }
.finding, #findings, #articles, .article-text span { scroll-margin-top: 8.5rem; }
.context, .entry { margin: .5rem 0; padding: .5rem .75rem; background: #fafafa; border-left: 3px solid var(--line); white-space: pre-wrap; overflow-wrap: anywhere; font-size: .92rem; color: #3c4043; }
mark { background: var(--mark); color: inherit; padding: 0 .1em; }
mark strong { text-decoration: underline; text-decoration-thickness: 2px; }
.review { margin: .3rem 0; font-style: italic; color: var(--muted); }
ul.dismissed { list-style: none; padding: 0; } ul.dismissed li { background: var(--paper); border: 1px dashed var(--line); border-radius: 6px; padding: .5rem 1rem; margin-bottom: .6rem; opacity: .85; }
.label { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: .5rem 0 .2rem; }
ul.sources { margin: .2rem 0 .5rem; padding-left: 1.2rem; font-size: .92rem; }
ul.sources li { margin-bottom: .2rem; overflow-wrap: anywhere; }
.level { display: inline-block; border: 1px solid var(--line); border-radius: 4px; padding: 0 .35rem; font-size: .8rem; background: #f1f3f4; }
.fix { margin: .5rem 0 0; }
.muted { color: var(--muted); }
.article-text { background: var(--paper); border: 1px solid var(--line); border-radius: 6px; padding: 1rem; white-space: pre-wrap; overflow-wrap: anywhere; font-size: .95rem; }
.article-text mark.error { background: var(--error-bg); box-shadow: inset 0 -2px var(--error); }
.article-text mark.warning { background: var(--warning-bg); box-shadow: inset 0 -2px var(--warning); }
.article-text mark.info { background: var(--info-bg); box-shadow: inset 0 -2px var(--info); }
.article-text mark a { color: inherit; text-decoration: none; }
details summary { cursor: pointer; font-weight: 600; margin-bottom: .5rem; }
.empty { background: var(--paper); border: 1px dashed var(--line); padding: 1rem; border-radius: 6px; }
@media (max-width: 600px) {
  body { font-size: 15px; }
  main { padding: .6rem; }
  .card { flex-basis: 40%; }
  #filters { position: static; }
  th, td { padding: .3rem .4rem; }
  td.what, th.what { display: none; }
}
"""

SCRIPT = """
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[name="severity"]'));
  var select = document.getElementById('rule-filter');
  var findings = Array.prototype.slice.call(document.querySelectorAll('.finding'));
  var shown = document.getElementById('shown');
  function apply() {
    var wanted = {};
    boxes.forEach(function (b) { if (b.checked) { wanted[b.value] = true; } });
    var rule = select.value, n = 0;
    findings.forEach(function (f) {
      var show = !!wanted[f.getAttribute('data-severity')] && (!rule || f.getAttribute('data-rule') === rule);
      f.hidden = !show;
      if (show) { n += 1; }
    });
    shown.textContent = 'Showing ' + n + ' of ' + findings.length + ' findings';
    var none = document.getElementById('none-shown');
    if (none) { none.hidden = n !== 0 || findings.length === 0; }
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  select.addEventListener('change', apply);
  Array.prototype.slice.call(document.querySelectorAll('button.rule-link')).forEach(function (button) {
    button.addEventListener('click', function () {
      select.value = button.getAttribute('data-rule');
      boxes.forEach(function (b) { b.checked = true; });
      apply();
      document.getElementById('filters').scrollIntoView();
    });
  });
  Array.prototype.slice.call(document.querySelectorAll('a.in-article')).forEach(function (link) {
    link.addEventListener('click', function () {
      var target = document.getElementById(link.getAttribute('href').slice(1));
      var details = target && target.closest('details');
      if (details) { details.open = true; }
    });
  });
  apply();
})();
"""


def _e(text) -> str:
    return escape(str(text), quote=True)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 or word == 'info' else 's'}"


def _marked(text: str, part: str | None, tag: str = "strong") -> str:
    """``text`` escaped, with the first occurrence of ``part`` wrapped in ``<tag>``."""
    if part and part in text:
        i = text.index(part)
        return f"{_e(text[:i])}<{tag}>{_e(part)}</{tag}>{_e(text[i + len(part) :])}"
    return _e(text)


def _snap_left(text: str, i: int) -> int:
    space = text.find(" ", i)
    return i if i == 0 or space < 0 else space + 1


def _snap_right(text: str, i: int) -> int:
    if i >= len(text):
        return len(text)
    space = text.rfind(" ", 0, i)
    return i if space < 0 else space


def quote_in_context(article: ArticleFact, claim: ClaimFact, highlight: str | None) -> str:
    """The claim's quote marked inside the article text around it."""
    if claim.start is None or claim.end is None or not article.text:
        return f'<blockquote class="context"><mark>{_marked(claim.quote, highlight)}</mark></blockquote>'
    text = article.text
    left = _snap_left(text, max(0, claim.start - CONTEXT))
    right = _snap_right(text, min(len(text), claim.end + CONTEXT))
    before, quote, after = text[left : claim.start], text[claim.start : claim.end], text[claim.end : right]
    return (
        '<blockquote class="context">'
        + ("…" if left > 0 else "")
        + _e(before)
        + f"<mark>{_marked(quote, highlight)}</mark>"
        + _e(after)
        + ("…" if right < len(text) else "")
        + "</blockquote>"
    )


def _sources(report, article: ArticleFact, claim: ClaimFact) -> str:
    items = []
    for citation in claim.citations:
        ref = article.reference_for(citation.source)
        source = report.facts.sources.get(citation.source)
        title = (source.title if source else None) or citation.source
        bits = [f"<strong>{_e(ref.label() if ref else citation.source)}</strong> {_e(title)}"]
        venue = source.journal or ", ".join(sorted(source.publishers)) if source else ""
        if venue or (source and source.year):
            bits.append(_e(", ".join(str(x) for x in (venue, source.year if source else None) if x)))
        if ref:
            bits.append(
                f'<span class="level">{_e(report_design(report, ref.design))} · {_e(report_level(report, ref.level))}</span>'
            )
        cue = citation.cue_type or "not recorded"
        bits.append(
            f'<span class="muted">cue: {_e(cue)}{": “" + _e(citation.cue) + "”" if citation.cue else ""}'
            f"{f' (confidence {citation.confidence:g})' if citation.cue_type == 'implicit' and citation.confidence is not None else ''}</span>"
        )
        items.append("<li>" + " — ".join(bits) + "</li>")
    agents = [
        f"{_e(a.name)} ({'person' if a.is_person else 'organisation'}{', ' + _e(a.mode) if a.mode else ''})"
        for a in claim.agents
    ]
    out = ['<p class="label">Sources and evidence level</p>']
    out.append('<ul class="sources">' + "".join(items) + "</ul>" if items else '<p class="muted">No source cited.</p>')
    if agents:
        out.append(f'<p class="muted">Attributed to {", ".join(agents)}.</p>')
    if claim.evidence_type in ECO_LABELS:
        out.append(f'<p class="muted">Evidence type: {_e(ECO_LABELS[claim.evidence_type])}.</p>')
    return "".join(out)


def report_design(report, key: str | None) -> str:
    return report.facts.design_labels.get(key or "", key or "not appraised")


def report_level(report, key: str | None) -> str:
    return report.facts.level_labels.get(key or "", key or "no level")


def _finding(report, n: int, finding: Finding, claims: dict[str, tuple[ArticleFact, ClaimFact]]) -> str:
    sev = finding.severity
    title = report.rules[finding.rule].title if finding.rule in report.rules else finding.rule
    head = (
        f'<h3><span class="badge {sev}">{_e(sev)}</span> <span class="subject">{_e(finding.subject.kind)} '
        f'{_e(finding.subject.id)}</span> <span class="rule-id">{_e(finding.rule)} · {_e(title)}</span>'
        + (f' <span class="muted">{_e(finding.article)}</span>' if len(report.articles) > 1 and finding.article else "")
        + f' <span class="rule-id finding-id">id {_e(finding.id)}</span>'
        + "</h3>"
    )
    body = [f'<p class="message">{_e(finding.message)}</p>']
    if finding.review:
        body.append(f'<p class="review">{_e(_review_line(finding))}</p>')
    hit = claims.get(finding.subject.iri)
    if hit:
        article, claim = hit
        body.append(
            '<p class="label">Quote in context'
            f' · <a class="in-article" href="#q-{_e(article.slug)}-{n}">show in the article</a></p>'
        )
        body.append(quote_in_context(article, claim, finding.highlight))
        if finding.rule == "cue-mismatch" and " — cue: " in finding.evidence:
            body.append(f'<p class="muted">In-text cue: “{_e(finding.evidence.split(" — cue: ", 1)[1])}”</p>')
        body.append(_sources(report, article, claim))
    else:
        body.append('<p class="label">Reference entry as printed</p>')
        body.append(f'<blockquote class="entry">{_marked(finding.evidence, finding.highlight, "mark")}</blockquote>')
    body.append(f'<p class="fix"><strong>Fix:</strong> {_e(finding.fix)}</p>')
    return (
        f'<article class="finding {sev}" id="finding-{n}" data-severity="{sev}" data-rule="{_e(finding.rule)}">'
        + head
        + "".join(body)
        + "</article>"
    )


def _review_line(finding: Finding) -> str:
    r = finding.review
    assert r is not None, "only a reviewed finding has a review line"
    return f"{r['decision'].capitalize()} by {r.get('by') or '?'} on {r.get('date') or '?'}" + (
        f": {r['reason']}" if r.get("reason") else ""
    )


def _dismissed(report) -> str:
    """The findings a reviewer dismissed, apart from the open ones (not counted, not filtered)."""
    if not report.dismissed:
        return ""
    items = "".join(
        f'<li class="dismissed-finding" data-id="{_e(f.id)}"><span class="badge {f.severity}">{_e(f.severity)}</span> '
        f'<span class="subject">{_e(f.subject.kind)} {_e(f.subject.id)}</span> <span class="rule-id">{_e(f.rule)} · id {_e(f.id)}</span>'
        f'<p class="message">{_e(f.message)}</p><p class="review">{_e(_review_line(f))}</p></li>'
        for f in report.dismissed
    )
    return (
        f'<section id="dismissed" aria-labelledby="dismissed-h"><h2 id="dismissed-h">Dismissed by a reviewer '
        f'({len(report.dismissed)}; not counted by --fail-on)</h2><ul class="dismissed">{items}</ul></section>'
    )


def _article_text(report, article: ArticleFact, numbered: list[tuple[int, Finding]], claims) -> str:
    """The article's text with the quote of every claim finding marked (worst severity wins where they overlap)."""
    spans = []
    for n, f in numbered:
        hit = claims.get(f.subject.iri)
        if hit and hit[0] is article and hit[1].start is not None:
            spans.append((hit[1].start, hit[1].end, n, f))
    if not article.text:
        return ""
    cuts = sorted({0, len(article.text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    out, anchored = [], set()
    for a, b in zip(cuts, cuts[1:]):
        covering = [(n, f) for s, e, n, f in spans if s <= a and b <= e]
        piece = _e(article.text[a:b])
        if not covering:
            out.append(piece)
            continue
        worst = min((f.severity for _, f in covering), key=SEVERITIES.index)
        ids = []
        for n, _ in covering:
            if n not in anchored:
                anchored.add(n)
                ids.append(f'<span id="q-{_e(article.slug)}-{n}"></span>')
        rules = ", ".join(sorted({f.rule for _, f in covering}))
        first = covering[0][0]
        out.append(
            f'<mark class="{worst}" title="{_e(rules)}">{"".join(ids)}<a href="#finding-{first}">{piece}</a></mark>'
        )
    return "".join(out)


def _badge(severity: str) -> str:
    return f'<span class="badge {severity}">{severity}</span>' if severity else "—"


def render_html(report) -> str:
    counts = report.counts()
    claims = {c.iri: (a, c) for a in report.articles for c in a.claims}
    numbered = list(enumerate(report.open, 1))
    titles = "; ".join(
        f"{a.title} ({a.slug}{', ' + a.published.isoformat() if a.published else ''})" for a in report.articles
    )
    cards = [
        f'<div class="card total"><span class="n">{len(report.open)}</span>{"open " if report.dismissed else ""}findings</div>'
    ]
    cards += [
        f'<div class="card {s}"><span class="n">{counts[s]}</span>{_e(_plural(counts[s], s).split(" ", 1)[1])}</div>'
        for s in SEVERITIES
    ]
    rows = "".join(
        f'<tr><td><button type="button" class="rule-link" data-rule="{_e(rule)}">{_e(rule)}</button></td>'
        f'<td>{_badge(worst)}</td><td class="num">{n}</td><td class="what">{_e(title)}</td></tr>'
        for rule, worst, n, title in report.by_rule()
    )
    severity_boxes = "".join(
        f'<label><input type="checkbox" name="severity" value="{s}" checked> {s} ({counts[s]})</label>'
        for s in SEVERITIES
    )
    options = '<option value="">All rules</option>' + "".join(
        f'<option value="{_e(rule)}">{_e(rule)} ({n})</option>' for rule, _, n, _ in report.by_rule() if n
    )
    findings_html = "".join(_finding(report, n, f, claims) for n, f in numbered) or '<p class="empty">No findings.</p>'
    articles_html = "".join(
        f"<details><summary>{_e(a.title or a.slug)}: the text with flagged quotes marked</summary>"
        f'<div class="article-text">{_article_text(report, a, numbered, claims)}</div></details>'
        for a in report.articles
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Evidence audit: {_e(", ".join(a.slug for a in report.articles) or "no articles")}</title>
<style>{STYLE}</style>
</head>
<body>
<header class="top">
<h1>Evidence audit</h1>
<p>{_e(titles) or "No articles audited."}</p>
<p>{_e(report.summary_line())}</p>
<p>evidence-kg {_e(report.version)} · run {_e(report.started)} · {_e(report.options.describe())}</p>
</header>
<main>
<section id="summary" aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
<div class="cards">{"".join(cards)}</div>
<div class="scroll"><table><thead><tr><th>rule</th><th>worst</th><th>findings</th><th class="what">what it checks</th></tr></thead>
<tbody>{rows}</tbody></table></div>
</section>
<section id="filters" aria-label="Filters">
<fieldset><legend>Severity</legend>{severity_boxes}</fieldset>
<label>Rule <select id="rule-filter">{options}</select></label>
<p id="shown" aria-live="polite">Showing {len(report.open)} of {len(report.open)} findings</p>
</section>
<section id="findings" aria-labelledby="findings-h">
<h2 id="findings-h">Findings, worst first</h2>
<p id="none-shown" class="empty" hidden>No finding matches the filters.</p>
{findings_html}
</section>
{_dismissed(report)}
<section id="articles" aria-labelledby="articles-h">
<h2 id="articles-h">Articles</h2>
{articles_html}
</section>
</main>
<script>{SCRIPT}</script>
</body>
</html>
"""
