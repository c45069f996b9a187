"""Market data processor: small, single-purpose modules used by ``handler.py``.

Pure and testable without AWS: ``errors``, ``json_text``, ``limits``,
``message``, ``timestamps``, ``rules``, ``settings``, ``alert``. The modules
that call AWS are ``aws_clients``, ``alert_store``, ``publisher``,
``dead_letter``, and ``processing`` (one SQS message from start to end).
"""
