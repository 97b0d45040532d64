"""Audit findings in the graph: stored at build time in their own named graph, read back by IRI.

At build time (a post-build hook of ``kg.cache.store``) the audit runs with its default options and its findings
go into ``https://w3id.org/evidence-kg/id/graph/audit``: each an ``ekg:Finding`` (a ``prov:Entity``) with its
rule, severity, message (``rdfs:comment``), evidence, suggested fix, what it ``ekg:concerns``, and
``prov:wasGeneratedBy`` an ``ekg:AuditRun`` that ``prov:used`` the rules and ``prov:wasAssociatedWith`` the
evidence-kg software agent of this version.

The graph must be byte-identical for identical input, so nothing in it depends on the clock: the run's IRI
comes from a SHA-256 of the tool version, the rules and the options, and its ``dcterms:identifier`` from one
of those and the input files (so an incremental build changes one triple of the run, not every finding's
``prov:wasGeneratedBy``). Each finding is ``prov:wasDerivedFrom`` the article it is about. The run's ``prov:startedAtTime`` is recorded only when ``SOURCE_DATE_EPOCH`` is set (the
reproducible-builds convention for a build time that does not break reproducibility); otherwise the build
time is in the cache's manifest (``built_at``), and a live ``ekg audit`` report carries its own run time.

``findings_for`` must stay cheap to import (``ekg why`` uses it): no rdflib here.
"""

from __future__ import annotations

import hashlib

from kg.audit.model import AuditOptions
from kg.build.hooks import BuildContext, Hook
from kg.iris import EKG, ID, PREFIXES
from kg.provenance.findings import (  # noqa: F401 - their home before
    AUDIT_GRAPH,
    StoredFinding,
    findings_for,
    findings_for_many,
)
from kg.sparql.terms import iri as named
from kg.sparql.terms import values
from kg.util.reproducible import source_date_epoch

RDF_TYPE = PREFIXES["rdf"] + "type"
RDFS = PREFIXES["rdfs"]
PROV = PREFIXES["prov"]
SCHEMA = PREFIXES["schema"]
DCTERMS = PREFIXES["dcterms"]
XSD = PREFIXES["xsd"]
STORED_KINDS = ("claim", "reference", "source")
#: the graphs store_findings writes, as kg.cache.store asks of a post-build hook's module
GRAPHS = (AUDIT_GRAPH,)


def rule_iri(rule_id: str) -> str:
    return ID + "audit-rule/" + rule_id


def software_iri(version: str) -> str:
    return ID + "software/evidence-kg/" + version


def input_digest(corpus: BuildContext, version: str, options: AuditOptions, rule_ids) -> str:
    """SHA-256 over what determines the stored findings: tool version, rules, options and input files.

    The files are known by the SHA-256 the build's plan already holds (``corpus.inputs``), so an incremental build
    reads no file for this (hashing every article's files again was a fifth of an edit's rebuild).
    """
    digest = hashlib.sha256()
    for part in (version, ",".join(rule_ids), options.describe()):
        digest.update(part.encode("utf-8") + b"\0")
    for name, sha256 in sorted(corpus.inputs.items()):
        if name.startswith("articles/"):
            digest.update(f"{name}\0{sha256}\n".encode())
    return digest.hexdigest()


def finding_iri(finding) -> str:
    key = "\0".join((finding.subject.iri, finding.rule, finding.message))
    short = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return f"{ID}finding/{finding.article or 'corpus'}/{finding.rule}/{short}"


def run_iri(version: str, options: AuditOptions, rule_ids) -> str:
    """The build-time audit run of this tool version, rules and options (the inputs are in its identifier)."""
    digest = hashlib.sha256("\0".join((version, ",".join(rule_ids), options.describe())).encode("utf-8")).hexdigest()
    return ID + "audit-run/" + digest[:16]


def finding_quads(report, digest: str) -> list:
    """The quads of an audit report: its run, its rules, its findings."""
    import pyoxigraph as ox

    graph = ox.NamedNode(AUDIT_GRAPH)
    out: list = []

    def add(s: str, p: str, o) -> None:
        obj = o if isinstance(o, (ox.NamedNode, ox.Literal)) else ox.Literal(str(o))
        out.append(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), obj, graph))

    run = run_iri(report.version, report.options, list(report.rules))
    agent = software_iri(report.version)
    add(run, RDF_TYPE, named(EKG + "AuditRun"))
    add(run, RDF_TYPE, named(PROV + "Activity"))
    add(run, RDFS + "label", f"evidence-kg {report.version} audit at build time")
    add(run, DCTERMS + "identifier", "sha256:" + digest)
    add(run, RDFS + "comment", "options: " + report.options.describe())
    add(run, PROV + "wasAssociatedWith", named(agent))
    started = source_date_epoch()
    if started is not None:
        when = started.isoformat().replace("+00:00", "Z")
        add(run, PROV + "startedAtTime", ox.Literal(when, datatype=ox.NamedNode(XSD + "dateTime")))
    add(agent, RDF_TYPE, named(PROV + "SoftwareAgent"))
    add(agent, RDF_TYPE, named(SCHEMA + "SoftwareApplication"))
    add(agent, SCHEMA + "name", "evidence-kg")
    add(agent, SCHEMA + "softwareVersion", report.version)
    for rule in report.rules.values():
        r = rule_iri(rule.id)
        add(run, PROV + "used", named(r))
        add(r, RDF_TYPE, named(EKG + "AuditRule"))
        add(r, RDF_TYPE, named(PROV + "Plan"))
        add(r, EKG + "ruleId", rule.id)
        add(r, RDFS + "label", rule.title)
        add(r, RDFS + "comment", rule.description)
        add(r, EKG + "severity", rule.severity)
    for finding in report.findings:
        f = finding_iri(finding)
        add(f, RDF_TYPE, named(EKG + "Finding"))
        add(f, RDF_TYPE, named(PROV + "Entity"))
        add(f, PROV + "wasGeneratedBy", named(run))
        add(f, EKG + "rule", named(rule_iri(finding.rule)))
        add(f, EKG + "ruleId", finding.rule)
        add(f, EKG + "findingId", finding.id)
        add(f, EKG + "severity", finding.severity)
        add(f, RDFS + "comment", finding.message)
        add(f, EKG + "evidence", finding.evidence)
        add(f, EKG + "suggestedFix", finding.fix)
        if finding.article:
            add(f, PROV + "wasDerivedFrom", named(ID + "article/" + finding.article))
        for subject in [finding.subject, *finding.related]:
            if subject.kind in STORED_KINDS:
                add(f, EKG + "concerns", named(subject.iri))
    return out


def store_findings(store, corpus: BuildContext) -> None:
    """Post-build hook: audit the new store with the default options and add the findings to it.

    The facts are read from the files the store was loaded from (``corpus.parts``: article graph IRI -> its
    N-Quads part; ``corpus.context_parts``: the shared graph and the ontology), in batches of articles, each in
    its own process, by ``kg.audit.batches``; what the articles share is parsed once per process.
    Every rule looks at one article at a time (with the default options: no retraction list), so the findings
    are the same as one audit of the whole store, which tests/test_scale_build.py checks.

    When the build patched the previous store (``corpus.reaudit``: the slugs of the articles that changed or
    went, and the shared nodes whose description changed), the previous findings are kept and only the
    articles concerned are audited again: those that changed, and those that refer, directly or through
    another shared node, to a shared node that changed. The findings kept are moved to the new run. A test
    checks that this gives the store a full audit gives."""
    import tempfile
    from pathlib import Path

    from kg.audit.facts import CONTEXT_GRAPHS
    from kg.build.load import load_into

    options, digest = _build_audit(corpus)
    # the article graphs: those the build loaded from its parts (the store holds these and no other), not found by
    # listing every graph of the store (one per article: about 0.1 s of CPU at 3,000 articles)
    listed = corpus.parts or [g.value for g in store.named_graphs()]
    graphs = sorted(g for g in listed if g.startswith(ID + "graph/") and g not in (*CONTEXT_GRAPHS, AUDIT_GRAPH))
    reaudit = corpus.reaudit
    kept: int | None = None  # the quads left in the audit graph once the stale findings are gone, if known
    # whether the stored findings hold one about no article: noted by the previous patched build (its findings
    # are read here anyway), else counted in the store (0.08 s of CPU at 3,000 articles)
    noted = corpus.previous_notes.get(NO_CORPUS_FINDINGS)
    incremental = reaudit is not None and (noted is True or not _has_corpus_findings(store))
    if incremental:
        assert reaudit is not None
        targets = _affected(store, graphs, reaudit["stale"], reaudit["shared"])
        slug_of = {g: g[len(ID + "graph/") :] for g in graphs}
        stale = sorted({*reaudit["stale"], *(slug_of[g] for g in targets)})
        previous = corpus.previous_quads.get(AUDIT_GRAPH)
        if previous is not None:
            kept = previous - _count_dropped(store, stale)
        _drop_findings(store, stale)
        _drop_runs(store)  # added again below, with this build's identifier
    else:
        store.remove_graph(named(AUDIT_GRAPH))
        targets = graphs
    with tempfile.TemporaryDirectory(prefix=".audit-", dir=corpus.scratch) as scratch:
        findings = Path(scratch) / "findings.nq"
        with open(findings, "wb") as out:
            _audit_files(corpus, targets, options, digest, out)
        if kept is not None:
            corpus.quads[AUDIT_GRAPH] = kept + _count_new(store, findings)
        if incremental:  # the findings kept are about articles: are these too?
            corpus.notes[NO_CORPUS_FINDINGS] = not _about_no_article(findings)
        load_into(store, findings)


def before_load(corpus: BuildContext, out) -> None:
    """Hook of a full build, before its store is loaded: audit every article from its part and write the
    findings to ``out`` as N-Quads, which the build loads with the articles (store_findings, after the load,
    is for patched builds)."""
    options, digest = _build_audit(corpus)
    _audit_files(corpus, sorted(corpus.parts), options, digest, out)


def _build_audit(corpus: BuildContext) -> tuple[AuditOptions, str]:
    """The options of the audit a build stores (the defaults), and the digest of what its findings depend on."""
    from kg.audit.catalog import RULE_ORDER

    options = AuditOptions()
    return options, input_digest(corpus, _version(), options, sorted(RULE_ORDER, key=RULE_ORDER.__getitem__))


def _audit_files(corpus: BuildContext, graphs: list[str], options: AuditOptions, digest: str, out) -> None:
    """Audit the articles whose graphs are ``graphs``, reading the N-Quads files the store is loaded from
    (``corpus.parts``, ``corpus.context_parts``) rather than the store (``kg.audit.batches``), and write the
    findings to ``out`` as N-Quads: each batch's process writes its own file, joined here as they come."""
    import shutil
    import tempfile

    from kg.audit.batches import audit_batches
    from kg.audit.report import run

    progress = corpus.progress or (lambda done, total, phase: None)
    progress(0, len(graphs), "Auditing articles")
    with tempfile.TemporaryDirectory(prefix=".audit-", dir=corpus.scratch) as scratch:
        batches = audit_batches(
            [corpus.parts[graph] for graph in graphs],
            corpus.context_parts,
            options,
            _write_findings,
            lambda n: (digest, f"{scratch}/findings-{n}.nq"),
            progress,
            audit=run,
        )
        for path, _ in batches:
            with open(path, "rb") as handle:
                shutil.copyfileobj(handle, out, 1 << 20)


def _write_findings(report, digest: str, out: str) -> str:
    """A batch's findings, as N-Quads, to the file ``out``."""
    import pyoxigraph

    pyoxigraph.serialize(finding_quads(report, digest), output=out, format=pyoxigraph.RdfFormat.N_QUADS)
    return out


def _version() -> str:
    from kg import __version__

    return __version__


#: the audit hook's note (kg.build.hooks.BuildContext.notes): True when every stored finding is about an article
NO_CORPUS_FINDINGS = "audit: every finding about an article"


def _about_no_article(path) -> bool:
    """Whether an N-Quads file of findings (finding_quads') holds a finding about no article (no prov:wasDerivedFrom)."""
    import pyoxigraph

    findings, derived = set(), set()
    with open(path, "rb") as handle:
        for quad in pyoxigraph.parse(handle, format=pyoxigraph.RdfFormat.N_QUADS):
            if quad.predicate.value == PROV + "wasDerivedFrom":
                derived.add(quad.subject)
            elif quad.predicate.value == RDF_TYPE and quad.object.value == EKG + "Finding":
                findings.add(quad.subject)
    return bool(findings - derived)


def _has_corpus_findings(store) -> bool:
    """Findings about no one article (none with the default options) can only be redone by a full audit.

    finding_quads gives every finding about an article one ``prov:wasDerivedFrom`` (and only findings get one),
    so there is a finding about no article when the findings outnumber those statements. Two counts read only
    the index; the filter on every finding's IRI this replaces decoded each one (0.3-0.4 s of an edit at 1,000
    articles, against about 15 ms)."""
    counts = []
    for pattern in (f"?f a <{EKG}Finding>", f"?f <{PROV}wasDerivedFrom> ?article"):
        rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{AUDIT_GRAPH}> {{ {pattern} }} }}")
        counts.append(int(next(iter(rows))[0].value))
    return counts[0] != counts[1]


def _affected(store, graphs: list[str], stale: list[str], shared: list[str]) -> list[str]:
    """The article graphs to audit again: the changed articles', and those that point at a shared node whose
    description changed, or at a shared node that points at one (followed until nothing new turns up)."""
    from kg.audit.facts import SHARED_GRAPH

    found = {ID + "graph/" + slug for slug in stale}
    nodes, frontier = set(shared), set(shared)
    while frontier:
        rows = store.query(
            f"SELECT DISTINCT ?x WHERE {{ {values('o', sorted(frontier))} GRAPH <{SHARED_GRAPH}> {{ ?x ?p ?o }} }}"
        )
        frontier = {row[0].value for row in rows if isinstance(row[0], type(named(ID)))} - nodes
        nodes |= frontier
    if nodes:
        rows = store.query(f"SELECT DISTINCT ?g WHERE {{ {values('o', sorted(nodes))} GRAPH ?g {{ ?x ?p ?o }} }}")
        found |= {row[0].value for row in rows}
    return [g for g in graphs if g in found]


def _count_dropped(store, slugs: list[str]) -> int:
    """How many quads _drop_findings(store, slugs) and _drop_runs(store) remove: the distinct statements of the
    findings about these articles and of the audit runs (their subjects differ, so no statement is in both)."""
    articles = [ID + "article/" + slug for slug in slugs]
    rows = store.query(f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH <{AUDIT_GRAPH}> {{
        {{ {values("a", articles)} ?s <{PROV}wasDerivedFrom> ?a }} UNION {{ ?s a <{EKG}AuditRun> }}
        ?s ?p ?o }} }} }}""")
    return int(next(iter(rows))[0].value)


def _count_new(store, path) -> int:
    """How many quads loading this N-Quads file adds to the store: its distinct quads that the store lacks (the
    rules' own statements, for one, are there already)."""
    import pyoxigraph

    with open(path, "rb") as handle:
        quads = set(pyoxigraph.parse(handle, format=pyoxigraph.RdfFormat.N_QUADS))
    return sum(1 for quad in quads if quad not in store)


def _drop_findings(store, slugs: list[str]) -> None:
    """Remove the stored findings about these articles (found by their prov:wasDerivedFrom)."""
    for slug in slugs:
        article = named(ID + "article/" + slug)
        store.update(f"""DELETE {{ GRAPH <{AUDIT_GRAPH}> {{ ?f ?p ?o }} }}
            WHERE {{ GRAPH <{AUDIT_GRAPH}> {{ ?f <{PROV}wasDerivedFrom> {article} ; ?p ?o }} }}""")


def _drop_runs(store) -> None:
    """Remove the audit runs' own triples (a patched build records its run again, with its new identifier)."""
    store.update(f"""DELETE {{ GRAPH <{AUDIT_GRAPH}> {{ ?run ?p ?o }} }}
        WHERE {{ GRAPH <{AUDIT_GRAPH}> {{ ?run a <{EKG}AuditRun> ; ?p ?o }} }}""")


#: the build's post-build hook (kg.build.hooks): the audit's findings, stored in the audit graph
FINDINGS_HOOK = Hook("audit", GRAPHS, store_findings, before_load)
