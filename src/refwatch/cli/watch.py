"""``refwatch watch``: evaluate the early-warning rules, deliver alerts, or backtest them."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import time
import tomllib
from pathlib import Path
from typing import Any

import click

from refwatch.alerts import (
    Channel,
    JsonFileOutbox,
    RetryPolicy,
    SmtpChannel,
    WebhookChannel,
    deliver,
    retry_pending,
)
from refwatch.analysis.warning import (
    Alert,
    HistoryFormatError,
    Indicators,
    Level,
    RuleSet,
    RulesFormatError,
    backtest,
    default_rules,
    evaluate,
    example_history,
    load_history,
    load_rules,
    render_text,
    risk_score,
    score_backtest,
)

_DURATION = re.compile(r"^(\d+)\s*([smhd])$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> int:
    """``1d``, ``12h``, ``30m``, ``90s`` -> seconds (at least 1)."""
    m = _DURATION.match(text.strip().lower())
    if not m or int(m.group(1)) == 0:
        raise click.BadParameter(
            "use a number and a unit: 1d, 12h, 30m or 90s", param_hint="--every"
        )
    return int(m.group(1)) * _UNITS[m.group(2)]


def _secret(table: dict[str, Any], base: Path, what: str) -> str:
    if "secret_file" in table or "password_file" in table:
        name = table.get("secret_file") or table.get("password_file")
        return (base / str(name)).read_text("utf-8").strip()
    env = table.get("secret_env") or table.get("password_env")
    if env:
        value = os.environ.get(str(env))
        if value is None:
            raise click.UsageError(f"{what}: environment variable {env} is not set")
        return value
    return ""


def load_channels(path: Path) -> list[Channel]:
    """Read a channels TOML file (``[[webhook]]`` and ``[[email]]`` tables).

    Secrets are never written in the file itself: ``secret_file`` /
    ``password_file`` (relative to the file) or ``secret_env`` / ``password_env``.
    """
    data = tomllib.loads(path.read_text("utf-8"))
    base = path.parent
    channels: list[Channel] = []
    for n, table in enumerate(data.get("webhook", []), 1):
        secret = _secret(table, base, f"webhook {n}")
        if not secret:
            raise click.UsageError(f"webhook {n}: needs secret_file or secret_env")
        channels.append(
            WebhookChannel(
                url=str(table["url"]),
                secret=secret.encode(),
                timeout_s=float(table.get("timeout_s", 10)),
                name=str(table.get("name", f"webhook-{n}")),
            )
        )
    for n, table in enumerate(data.get("email", []), 1):
        recipients = table.get("to", [])
        channels.append(
            SmtpChannel(
                host=str(table.get("host", "localhost")),
                port=int(table.get("port", 587)),
                sender=str(table["from"]),
                recipients=[recipients] if isinstance(recipients, str) else list(recipients),
                security=str(table.get("security", "starttls")),
                username=str(table.get("username", "")),
                password=_secret(table, base, f"email {n}"),
                timeout_s=float(table.get("timeout_s", 10)),
                name=str(table.get("name", f"email-{n}")),
            )
        )
    return channels


def _alert_text(alert: Alert) -> str:
    lines = [f"[{alert.level.value.upper()}] {alert.title}  ({alert.rule_id}, as of {alert.as_of})"]
    lines += [f"    - {r}" for r in alert.reasons]
    for e in alert.evidence:
        url = f" <{e.url}>" if e.url else ""
        flag = " [uncertain]" if e.uncertain else ""
        lines.append(f"      {e.observation_id}: published {e.known} by {e.publisher}{url}{flag}")
    return "\n".join(lines)


def _score_text(score: Any) -> str:
    if score is None:
        return "Risk score: not available (fewer than two documented incidents known by this day)."
    lines = [
        f"Risk score (discrete-time hazard, Firth; fitted on {score.n_days} days, "
        f"{score.n_events:.0f} incidents known by {score.as_of}):",
        f"    daily risk {score.daily_risk:.4f} (95% {score.daily_interval[0]:.4f}-{score.daily_interval[1]:.4f}); "
        f"30-day risk {score.risk_30d:.2f} ({score.risk_30d_interval[0]:.2f}-{score.risk_30d_interval[1]:.2f})",
        "    inputs today: " + ", ".join(f"{k}={v:.2f}" for k, v in score.inputs.items()),
        "    coefficients (profile 95%): "
        + "; ".join(
            f"{c.name} {c.estimate:+.2f} [{c.low:+.2f}, {c.high:+.2f}]" for c in score.coefficients
        ),
    ]
    lines += [f"    caveat: {c}" for c in score.caveats]
    return "\n".join(lines)


def _load(
    history: Path | None, rules_path: Path | None, use_store: bool = False
) -> tuple[Indicators, RuleSet]:
    try:
        if use_store:
            from refwatch.jobs.watch import store_indicators

            indicators = store_indicators()
        else:
            indicators = load_history(history) if history else example_history()
        rules = load_rules(rules_path) if rules_path else default_rules()
    except (HistoryFormatError, RulesFormatError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from exc
    return indicators, rules


@click.command("watch")
@click.option(
    "--rules",
    "rules_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Rules TOML file (default: the shipped rules).",
)
@click.option(
    "--history",
    type=click.Path(exists=True, path_type=Path),
    help="Indicator CSV directory or combined CSV file (default: the shipped 2019-2025 example).",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Evaluate as of this day (default: today, UTC).",
)
@click.option(
    "--every", help="Evaluate repeatedly at this interval (1d, 12h, 30m), as of each day."
)
@click.option(
    "--max-runs", type=click.IntRange(min=1), help="With --every: stop after this many evaluations."
)
@click.option(
    "--backtest", "do_backtest", is_flag=True, help="Replay --from..--to day by day and report."
)
@click.option(
    "--from", "start", type=click.DateTime(formats=["%Y-%m-%d"]), help="Backtest first day."
)
@click.option("--to", "end", type=click.DateTime(formats=["%Y-%m-%d"]), help="Backtest last day.")
@click.option(
    "--level",
    type=click.Choice([lv.value for lv in Level]),
    default="elevated",
    show_default=True,
    help="Lowest alert level that counts (backtest) or is delivered.",
)
@click.option(
    "--horizon",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help="Backtest: days before an incident in which an alert counts as a warning.",
)
@click.option(
    "--score/--no-score",
    "with_score",
    default=None,
    help="Show the statistical risk score (default: on for evaluation, off for backtests).",
)
@click.option(
    "--channels",
    "channels_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Channels TOML ([[webhook]], [[email]]) to deliver alerts through.",
)
@click.option(
    "--outbox",
    "outbox_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Outbox JSON file (default: $REFWATCH_HOME/alerts-outbox.json).",
)
@click.option(
    "--store",
    "use_store",
    is_flag=True,
    help="Use the store's indicators (shipped history, imported rows, stored incidents and "
    "claims), record alerts there (audited) and keep the outbox in the database.",
)
@click.option(
    "--import-indicators",
    "import_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Validate an indicator CSV and store its rows (with --store semantics), then exit.",
)
@click.option(
    "--add-indicator",
    "add_fields",
    metavar="'kind=K; id=I; refers_from=D; known=D; source_publisher=P; ...'",
    help="Enter one observation by hand (the indicator CSV's columns, separated by ';'), "
    "validated and stored, then exit.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def watch(
    rules_path: Path | None,
    history: Path | None,
    as_of: dt.datetime | None,
    every: str | None,
    max_runs: int | None,
    do_backtest: bool,
    start: dt.datetime | None,
    end: dt.datetime | None,
    level: str,
    horizon: int,
    with_score: bool | None,
    channels_path: Path | None,
    outbox_path: Path | None,
    use_store: bool,
    import_path: Path | None,
    add_fields: str | None,
    as_json: bool,
) -> None:
    """Evaluate the early-warning rules and print (and deliver) alerts, or backtest them.

    Every evaluation uses only observations published by the day evaluated.
    """
    min_level = Level(level)
    if add_fields is not None:
        from refwatch.cli.common import setup_store

        setup_store()
        from refwatch.jobs.watch import add_indicator

        fields = {}
        for part in add_fields.split(";"):
            if part.strip():
                key, sep, value = part.partition("=")
                if not sep:
                    raise click.UsageError(f"--add-indicator: {part.strip()!r} is not FIELD=VALUE")
                fields[key.strip()] = value.strip()
        try:
            row = add_indicator(fields, acting_user=None)
        except HistoryFormatError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"stored {row.kind} observation {fields.get('id', '')}")
        return
    if import_path is not None:
        from refwatch.cli.common import setup_store

        setup_store()
        from refwatch.jobs.watch import import_indicators

        try:
            n = import_indicators(import_path, acting_user=None)
        except HistoryFormatError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"stored {n} indicator observations from {import_path}")
        return
    if use_store:
        if history is not None:
            raise click.UsageError("--store reads the store's indicators; drop --history")
        from refwatch.cli.common import setup_store

        setup_store()
    if do_backtest:
        if start is None or end is None:
            raise click.UsageError("--backtest needs --from and --to")
        indicators, rules = _load(history, rules_path, use_store)
        report = backtest(
            rules, indicators, start.date(), end.date(), min_level=min_level, horizon_days=horizon
        )
        checks = score_backtest(indicators, start.date(), end.date()) if with_score else ()
        if as_json:
            payload = report.to_dict()
            if with_score:
                payload["score_checks"] = [
                    {
                        "incident": c.incident,
                        "eve": c.eve.isoformat(),
                        "daily_risk": c.daily_risk,
                        "median_daily_risk": c.median_daily_risk,
                        "ratio": c.ratio,
                    }
                    for c in checks
                ]
            click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
            return
        click.echo(render_text(report))
        if checks:
            click.echo(
                "\nRisk score on the eve of each incident (refitted on what was known then):"
            )
            for c in checks:
                if c.daily_risk is None or c.ratio is None:
                    click.echo(
                        f"  {c.incident:22} eve {c.eve}: not available (fewer than two incidents known)"
                    )
                else:
                    click.echo(
                        f"  {c.incident:22} eve {c.eve}: daily risk {c.daily_risk:.4f}, "
                        f"{c.ratio:.1f}x the median day"
                    )
        return
    if start or end:
        raise click.UsageError("--from and --to go with --backtest")
    if every and as_of:
        raise click.UsageError("--every evaluates as of each current day; drop --as-of")

    channels = load_channels(channels_path) if channels_path else []
    home = Path(os.environ.get("REFWATCH_HOME", Path.home() / ".refwatch"))
    outbox: Any = None
    if channels:
        if use_store:
            from refwatch.jobs.watch import DatabaseOutbox

            outbox = DatabaseOutbox()
        else:
            outbox = JsonFileOutbox(outbox_path or home / "alerts-outbox.json")
    if channels:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    interval = parse_every(every) if every else None
    runs = 0
    while True:
        day = as_of.date() if as_of else dt.datetime.now(dt.UTC).date()
        try:
            indicators, rules = _load(history, rules_path, use_store)
        except click.ClickException as exc:
            if interval is None:
                raise
            # A long-running watch survives a file being edited into a broken state.
            runs += 1
            if max_runs is not None and runs >= max_runs:
                raise
            click.echo(f"Error: {exc.format_message()} (retrying in {every})", err=True)
            time.sleep(interval)
            continue
        alerts = evaluate(rules, indicators, day)
        if use_store:
            from refwatch.jobs.watch import record_alerts

            record_alerts(alerts, acting_user=None)
        score = risk_score(indicators, day) if with_score is not False else None
        if as_json:
            click.echo(
                json.dumps(
                    {
                        "as_of": day.isoformat(),
                        "rules": rules.origin,
                        "rules_digest": rules.digest,
                        "alerts": [a.to_dict() for a in alerts],
                        "score": score.to_dict() if score else None,
                    },
                    indent=2,
                    ensure_ascii=False,
                )
            )
        else:
            click.echo(
                f"As of {day}: {len(alerts)} alert(s) from {len(rules)} rules ({rules.origin})."
            )
            for alert in alerts:
                click.echo(_alert_text(alert))
            if with_score is not False:
                click.echo(_score_text(score))
        if outbox is not None:
            retry_pending(outbox, channels, policy=RetryPolicy(max_attempts=2))
            for alert in alerts:
                if alert.level.rank >= min_level.rank:
                    for entry in deliver(alert, channels, outbox):
                        if not as_json:
                            click.echo(
                                f"  delivery {entry.channel}: {entry.status}"
                                + (f" ({entry.last_error})" if entry.status != "delivered" else "")
                            )
        runs += 1
        if interval is None or (max_runs is not None and runs >= max_runs):
            return
        time.sleep(interval)
