"""Channels: Slack, e-mail. Each turns its input into text for ask() and an Answer into its output."""
