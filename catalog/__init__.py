"""The Slack-free core of hwerr: parse pages, hold the catalog, find and look up codes."""
