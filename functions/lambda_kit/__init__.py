"""Small pieces every function zip shares: time budget, batch responses, JSON answers and logs.

Standard library and botocore only (what the Lambda runtime ships). The
stacks copy this package into each zip beside ``handler.py``.
"""
