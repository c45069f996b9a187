"""Webhook validator: small, single-purpose modules used by ``handler.py``.

Everything here except ``aws_clients``, ``claims``, ``handoff`` and
``signing_secret`` is pure and can be tested without AWS.
"""
