"""``refwatch review``: decide queued linkage pairs in the terminal (documenters)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from refwatch.cli.common import acting_user, setup_store

FIELDS = ("name", "surname", "given_name", "name_alt", "birth_date", "age", "home", "event_date", "event_place")


def _value(data: dict[str, Any], field: str) -> str:
    value = data.get(field)
    if isinstance(value, dict):
        return str(value.get("iso", "")) + (" (lunar)" if value.get("lunar") else "")
    return "" if value is None else str(value)


@click.command()
@click.option("--as", "as_user", required=True, help="the documenter deciding (re-authenticates)")
@click.option("--password-file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--limit", default=50, show_default=True)
def review(as_user: str, password_file: Path | None, limit: int) -> None:
    """Accept or reject the uncertain pairs the last linkage queued; later runs respect it."""
    setup_store()
    from refwatch.audit.chain import record_event
    from refwatch.jobs.linkage import decide_pair
    from refwatch.records.models import PairReview

    user = acting_user(as_user, password_file=password_file, require_password=True)
    if user is None or not user.sees_identities:
        raise click.ClickException("only documenters and admins review pairs (they show identities)")
    pending = list(
        PairReview.objects.filter(status=PairReview.Status.PENDING)
        .select_related("left__list", "right__list").order_by("-match_probability")[:limit]
    )
    if not pending:
        click.echo("no pairs waiting for review")
        return
    record_event(user, "identity.read_many", None, {"pairs_reviewed": len(pending)})
    decided = 0
    for pair in pending:
        left, right = pair.left.unseal_json("data"), pair.right.unseal_json("data")
        click.echo(f"\nmatch probability {pair.match_probability:.2f}")
        click.echo(f"  {'':12} {pair.left.list.name + ' ' + pair.left.record_id:30} {pair.right.list.name + ' ' + pair.right.record_id:30}")
        for field in ("sex", *FIELDS):
            a = pair.left.sex if field == "sex" else _value(left, field)
            b = pair.right.sex if field == "sex" else _value(right, field)
            if a or b:
                mark = "=" if a == b else " "
                click.echo(f"  {field:12} {a:30} {b:30} {mark}")
        choice = click.prompt("same person? [y]es, [n]o, [s]kip, [q]uit", type=click.Choice(list("ynsq")), default="s")
        if choice == "q":
            break
        if choice in "yn":
            decide_pair(pair, same=choice == "y", acting_user=user)
            decided += 1
    click.echo(f"{decided} decisions recorded; run `refwatch link --store` to apply them")
