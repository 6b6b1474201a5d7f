"""Everything with I/O: Slack, the query log, the clock and the scheduler."""
