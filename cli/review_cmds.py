"""``ekg review``: a reviewer's verdicts on claims and decisions on audit findings, kept in reviewed.yaml."""

from __future__ import annotations

import click

from kg.cli.common import emit, format_option, local_data_options

# kg.dataset.vocab is plain strings: cheap enough for the option's help
from kg.dataset.vocab import RATINGS


@click.command()
@local_data_options
@click.argument("claim", required=False, metavar="[CLAIM]")
@click.option(
    "--rating", metavar="RATING", help="The verdict: " + ", ".join(f"{k} ({v[0]})" for k, v in RATINGS.items()) + "."
)
@click.option(
    "--by",
    "by",
    metavar="WHO",
    help='Who judges: a reviewer or person id, or "Name, Credentials" (e.g. "Jane Doe, MD").',
)
@click.option("--note", metavar="TEXT", help="Why: the explanation published with the verdict.")
@click.option("--passage", metavar="TEXT", help="The source passage the verdict relies on (optional).")
@click.option("--source", metavar="KEY", help="The BibTeX key of the source the passage is from (optional).")
@click.option("--date", metavar="YYYY-MM-DD", help="When the judgement was made (default: today, UTC).")
@click.option(
    "--finding", "finding", metavar="ID", help="An audit finding's id (ekg audit shows it) to accept or dismiss."
)
@click.option("--dismiss", is_flag=True, help="Dismiss the --finding: it does not apply here (needs --reason).")
@click.option("--accept", is_flag=True, help="Accept the --finding: it is right and stays open until fixed.")
@click.option("--reason", metavar="TEXT", help="Why the finding is dismissed or accepted.")
@click.option(
    "--pending",
    is_flag=True,
    help="List what still needs a look: claims with no verdict, stale verdicts, open findings.",
)
@format_option()
def review(
    cache, claim, rating, by, note, passage, source, date, finding, dismiss, accept, reason, pending, fmt
) -> None:
    """Record a reviewer's verdict on a claim, or decision on an audit finding, in the article's reviewed.yaml.

    A verdict is anchored to the claim's quote, figures and sources as they are now: when one changes, the
    verdict is stale until the claim is judged again. A dismissed finding stays dismissed while what it
    concerns is unchanged. `--pending` exits 1 if anything needs a look.

    \b
    Example:
      ekg review warmup-2-6x --rating overstated --by "Jane Doe, MD" --note "The study found an odds ratio of 2.6, not a risk ratio"
      ekg review --finding 3f2a9c01bd --dismiss --reason "The figure is the publisher's own" --by jane-doe
      ekg review --pending
    """
    from kg.errors import ReviewError
    from kg.review.workflow import pending_review, review_claim, review_finding

    modes = sum(bool(x) for x in (claim, finding, pending))
    if modes != 1:
        raise ReviewError("ReviewError: give a CLAIM, --finding ID or --pending (one of them)")
    if pending:
        result = pending_review(cache)
        emit(result, fmt)
        raise SystemExit(1 if result.items else 0)
    if not by:
        raise ReviewError('ReviewError: --by is missing (who judges: a reviewer id, or "Name, Credentials")')
    if finding:
        if dismiss == accept:
            raise ReviewError("ReviewError: give --dismiss or --accept with --finding (one of them)")
        click.echo(review_finding(cache, finding, "dismissed" if dismiss else "accepted", reason, by, date))
        return
    if rating is None:
        raise ReviewError("ReviewError: --rating is missing (one of: " + ", ".join(RATINGS) + ")")
    if note is None:
        raise ReviewError(
            "ReviewError: --note is missing (say why: what the source says, what the claim gets right or wrong)"
        )
    click.echo(review_claim(cache, claim, rating, by, note, date, passage, source))


COMMANDS = [review]
