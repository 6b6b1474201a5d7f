"""The Slack-free core of hwerr: parse documentation pages, hold the catalog, find and look up codes."""
