"""The ``refwatch watch`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from refwatch.cli import main
from refwatch.cli.watch import parse_every

from .local_servers import webhook_receiver


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["watch", *args], catch_exceptions=False)
    return result.exit_code, result.output


def test_it_prints_the_alerts_of_a_day_with_their_sources() -> None:
    code, out = run("--as-of", "2023-10-01", "--no-score")
    assert code == 0
    assert "As of 2023-10-01: 2 alert(s)" in out
    assert "[HIGH] People held, border open" in out
    assert "border-2023-08-open: published 2023-08-27 by Yonhap via The Korea Herald" in out


def test_it_prints_json_with_the_risk_score() -> None:
    code, out = run("--as-of", "2024-04-10", "--json")
    data = json.loads(out)
    assert code == 0 and data["as_of"] == "2024-04-10"
    assert [a["rule_id"] for a in data["alerts"]] == ["high-level-visit"]
    assert data["score"]["caveats"][0].startswith("descriptive only")


def test_it_backtests_a_period_and_reports_hits_misses_and_lead_times() -> None:
    code, out = run("--backtest", "--from", "2023-01-01", "--to", "2023-12-31")
    assert code == 0
    assert "HIT          2023-10-09" in out
    assert (
        "backlog-border-open-event-end: since 2023-09-24 (15 d before the first possible day)"
        in out
    )
    code, out = run("--backtest", "--from", "2023-01-01", "--to", "2023-12-31", "--json")
    summary = json.loads(out)["summary"]
    assert summary["hits"] >= 1 and "false_alarms" in summary


def test_it_reads_rules_and_history_given_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "border.csv").write_text(
        "id,refers_from,known,state,source_publisher\nb,2020-01-01,2020-01-01,open,Synthetic Monitor\n",
        "utf-8",
    )
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[[rule]]\nid = "open"\nlevel = "low"\n[[rule.all]]\nindicator = "border"\n', "utf-8"
    )
    code, out = run(
        "--rules", str(rules), "--history", str(tmp_path), "--as-of", "2021-01-01", "--no-score"
    )
    assert code == 0 and "[LOW] open" in out


def test_it_explains_a_broken_history_file(tmp_path: Path) -> None:
    bad = tmp_path / "backlog.csv"
    bad.write_text("id,refers_from,known,source_publisher\nb,yesterday,2020-01-01,X\n", "utf-8")
    result = CliRunner().invoke(main, ["watch", "--history", str(bad)])
    assert result.exit_code == 1
    assert "backlog.csv:2: not a date" in result.output


def test_it_delivers_alerts_to_a_signed_webhook_and_keeps_them_in_the_outbox(
    tmp_path: Path,
) -> None:
    (tmp_path / "hook.secret").write_text("synthetic secret\n", "utf-8")
    with webhook_receiver(b"synthetic secret") as (url, receiver):
        channels = tmp_path / "channels.toml"
        channels.write_text(f'[[webhook]]\nurl = "{url}"\nsecret_file = "hook.secret"\n', "utf-8")
        outbox = tmp_path / "outbox.json"
        args = [
            "--as-of",
            "2023-10-01",
            "--no-score",
            "--channels",
            str(channels),
            "--outbox",
            str(outbox),
        ]
        code, out = run(*args)
        assert code == 0 and out.count("delivery webhook-1: delivered") == 2
        run(*args)  # the same day again: nothing is sent twice
    assert len(receiver.received) == 2 and all(r["valid"] for r in receiver.received)
    entries = json.loads(outbox.read_text("utf-8"))
    assert {e["status"] for e in entries} == {"delivered"}


def test_it_repeats_with_every_and_stops_after_max_runs() -> None:
    code, out = run(
        "--every", "1s", "--max-runs", "2", "--no-score", "--history", str(Path(__file__).parent)
    )
    assert code != 0 or out.count("alert(s)") == 2


@pytest.mark.parametrize(
    ("text", "seconds"), [("1d", 86400), ("12h", 43200), ("30m", 1800), ("90s", 90)]
)
def test_it_reads_intervals(text: str, seconds: int) -> None:
    assert parse_every(text) == seconds


def test_it_rejects_a_backtest_without_dates_and_a_bad_interval() -> None:
    result = CliRunner().invoke(main, ["watch", "--backtest"])
    assert result.exit_code == 2 and "--from and --to" in result.output
    result = CliRunner().invoke(main, ["watch", "--every", "soon"])
    assert result.exit_code == 2


def test_a_repeating_watch_reports_a_broken_file_and_keeps_trying(tmp_path: Path) -> None:
    bad = tmp_path / "backlog.csv"
    bad.write_text("id,refers_from,known,source_publisher\nb,yesterday,2020-01-01,X\n", "utf-8")
    result = CliRunner().invoke(
        main, ["watch", "--history", str(bad), "--every", "1s", "--max-runs", "2"]
    )
    assert result.exit_code == 1
    assert result.output.count("not a date") == 2  # tried twice, then gave up as asked


def test_every_option_of_the_command_is_documented() -> None:
    from refwatch.cli.watch import watch

    docs = (Path(__file__).parents[2] / "docs" / "early-warning.md").read_text("utf-8")
    options = [opt for param in watch.params for opt in [*param.opts, *param.secondary_opts]]
    assert len(options) > 10
    missing = [
        opt
        for opt in options
        if opt.startswith("--") and f"`{opt}" not in docs and f"/{opt}" not in docs
    ]
    assert missing == []
