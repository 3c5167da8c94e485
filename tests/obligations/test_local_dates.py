"""Lateness is judged on the local day (Asia/Ho_Chi_Minh), not the UTC day."""
import datetime as dt

from attt.obligations.models import Occurrence

UTC = dt.timezone.utc


def test_a_submission_at_half_past_midnight_after_the_due_day_is_late():
    occ = Occurrence(due_date=dt.date(2026, 11, 28))
    occ.submitted_at = dt.datetime(2026, 11, 28, 17, 30, tzinfo=UTC)  # 29/11 00:30 local
    assert occ.submitted_late
    occ.submitted_at = dt.datetime(2026, 11, 28, 16, 30, tzinfo=UTC)  # 28/11 23:30 local
    assert not occ.submitted_late
