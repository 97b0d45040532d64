"""Commands for serving and sharing the graph: publish (into a SPARQL server), serve (a SPARQL endpoint)."""

from __future__ import annotations

import click

from kg.cli.common import FiniteRange, build_progress, local_data_options


@click.command()
@local_data_options
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    envvar="EKG_ENDPOINT",
    help="The server's SPARQL endpoint, for checking (and, without --graph-store, for SPARQL UPDATE); env EKG_ENDPOINT.",
)
@click.option(
    "--graph-store",
    metavar="URL",
    envvar="EKG_GRAPH_STORE",
    help="The server's SPARQL 1.1 Graph Store endpoint: each graph is replaced with one PUT (env EKG_GRAPH_STORE).",
)
@click.option(
    "--user", envvar="EKG_ENDPOINT_USER", help="User name for the server (Basic or Digest; env EKG_ENDPOINT_USER)."
)
@click.option("--password", envvar="EKG_ENDPOINT_PASSWORD", help="Password for the server (env EKG_ENDPOINT_PASSWORD).")
@click.option(
    "--timeout",
    type=FiniteRange(1, 3600),
    default=300,
    show_default=True,
    help="Seconds to wait for the server on each request.",
)
def publish(cache, endpoint, graph_store, user, password, timeout) -> None:
    """Load the built graph into a SPARQL server, one named graph per article (plus the ontology).

    Each graph is replaced whole: with --graph-store by a Graph Store Protocol PUT, otherwise by one SPARQL
    UPDATE request (DROP SILENT GRAPH, INSERT DATA). Graphs of articles that were deleted are dropped. The
    server's default graph must be the union of its named graphs (Virtuoso's is); publish checks it, and that
    the server holds as many triples as the build. The other commands then query it with --endpoint.

    \b
    Example:
      ekg publish --endpoint http://localhost:8890/sparql \\
                  --graph-store http://localhost:8890/sparql-graph-crud-auth --user dba --password dba
      ekg why "2.6×" --endpoint http://localhost:8890/sparql
    """
    from kg.remote.publish import publish as run

    store = cache.open()
    progress, update = build_progress()
    try:
        summary = run(store, endpoint, graph_store, user, password, progress=update, timeout=timeout)
    finally:
        if progress:
            progress.stop()
    removed = f", {summary.removed} stale graph(s) dropped" if summary.removed else ""
    click.echo(
        f"Published {summary.graphs} graphs, {summary.triples} triples to {summary.endpoint} "
        f"by {summary.method}{removed} ({summary.seconds:.2f} s)"
    )


@click.command()
@local_data_options
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (loopback by default; anything else serves the network, without authentication).",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--timeout",
    type=FiniteRange(0.1, 3600),
    default=30,
    show_default=True,
    help="Seconds a query may run before it is answered with 503.",
)
@click.option(
    "--max-result-mb",
    type=FiniteRange(0.001, 4096),
    default=64,
    show_default=True,
    help="Largest result, in MiB, the endpoint sends; bigger ones get a 400 that says so.",
)
@click.option(
    "--max-request-mb",
    type=FiniteRange(0.001, 1024),
    default=1,
    show_default=True,
    help="Largest request body (a form or a query), in MiB; bigger ones get a 413, unread.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="Query processes at most (each opens the store); more queries wait for one.",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME[:PORT]",
    help="Also answer requests whose Host header is NAME (any port, or PORT); repeatable. Other names get a 400 (DNS rebinding guard).",
)
def serve(cache, host, port, timeout, max_result_mb, max_request_mb, workers, allow_hosts) -> None:
    """Serve the built graph as a read-only SPARQL 1.1 endpoint, with a query page at /.

    GET or POST /sparql; results as SPARQL JSON, XML, CSV or TSV (SELECT, ASK) and Turtle or N-Triples
    (CONSTRUCT, DESCRIBE) by content negotiation, or ?format=json|xml|csv|tsv|ttl|nt. Updates are refused.
    Each query runs in one of --workers processes, killed when it passes --timeout. Requests must name this
    server in their Host header (localhost, 127.0.0.1, [::1], the --host; bound to a non-loopback address, any
    IP address and this machine's name too); --allow-host adds names.

    \b
    Example:
      ekg serve --port 8000
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s a ekg:Claim } LIMIT 3' http://127.0.0.1:8000/sparql
    """
    from kg.serve.app import HostPolicy, Limits, is_loopback, listen, run_serve

    HostPolicy(host, 0, allow_hosts)  # a malformed --allow-host is an error before anything starts
    path = cache.open().path  # opened once to check it; the query processes open it again
    sock = listen(host, port)
    port = sock.getsockname()[1]  # --port 0: the one the system picked
    if not is_loopback(host):
        click.echo(f"Warning: serving on {host}, beyond this machine: the endpoint has no authentication.", err=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(
        f"SPARQL endpoint: http://{shown}:{port}/sparql  (query page: http://{shown}:{port}/; Ctrl-C stops)", err=True
    )
    limits = Limits(
        timeout=timeout,
        max_bytes=int(max_result_mb * 1024 * 1024),
        max_request=int(max_request_mb * 1024 * 1024),
        workers=workers,
    )
    run_serve(path, sock, limits, allowed_hosts=allow_hosts, name=host)


COMMANDS = [publish, serve]
