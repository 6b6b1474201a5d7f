"""`hwerr stats`: what was asked lately, from a real query-log file."""

from __future__ import annotations

import json
from datetime import timedelta

from click.testing import CliRunner

from bot.cli import main
from bot.clock import ManualClock, utc_now
from bot.querylog import QueryLog
from tests.bot.querylog_support import flushed, put


def fill(path):
    now = utc_now()
    clock = ManualClock(now)
    with QueryLog(path, clock) as log:
        put(log, clock, now - timedelta(days=1), "SCM.0014", 3, channel="C0INCIDENT")
        put(
            log,
            clock,
            now - timedelta(days=2),
            "APIGW.0301",
            2,
            known=False,
            source="auto",
            channel="C0DEPLOYS",
        )
        put(log, clock, now - timedelta(days=20), "APIG.0308", 9, channel="C0OLD")
        clock.now = now - timedelta(hours=1)
        log.feedback(team="T", channel="C", user="U", code="SCM.0014", helpful=True)
        flushed(log)


def test_stats_json_lists_top_unknown_codes_and_channels_of_the_last_week(tmp_path):
    db = tmp_path / "hwerr.db"
    fill(db)
    result = CliRunner().invoke(main, ["stats", "--json"], env={"HWERR_DB": str(db)})
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["queries"] == 5
    assert report["top_codes"] == [{"name": "SCM.0014", "count": 3}]
    assert report["unknown_codes"] == [{"name": "APIGW.0301", "count": 2}]
    assert report["channels"] == [
        {"name": "C0INCIDENT", "count": 3},
        {"name": "C0DEPLOYS", "count": 2},
    ]
    assert report["feedback"] == {"helpful": 1, "not_helpful": 0}


def test_stats_days_widens_the_window_and_prints_text(tmp_path):
    db = tmp_path / "hwerr.db"
    fill(db)
    result = CliRunner().invoke(main, ["stats", "--days", "30"], env={"HWERR_DB": str(db)})
    assert result.exit_code == 0, result.output
    assert "14 queries" in result.output
    assert "       9  APIG.0308" in result.output
    assert "Unknown codes:\n       2  APIGW.0301" in result.output


def test_stats_without_a_log_says_where_it_looked(tmp_path):
    result = CliRunner().invoke(main, ["stats"], env={"HWERR_DB": str(tmp_path / "none.db")})
    assert result.exit_code == 1
    assert "no query log at" in result.output and "none.db" in result.output
    assert not (tmp_path / "none.db").exists()


def test_stats_on_a_corrupt_log_fails_with_a_clear_message(tmp_path):
    db = tmp_path / "hwerr.db"
    db.write_bytes(b"\x00garbage" * 500)
    result = CliRunner().invoke(main, ["stats"], env={"HWERR_DB": str(db)})
    assert result.exit_code == 1
    assert "cannot be read" in result.output


def test_stats_refuses_a_bad_days_value(tmp_path):
    result = CliRunner().invoke(
        main, ["stats", "--days", "0"], env={"HWERR_DB": str(tmp_path / "x.db")}
    )
    assert result.exit_code == 2
    assert "--days" in result.output
