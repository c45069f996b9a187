"""Small pieces the function zips share: time budget, client cache, batch responses, JSON answers and logs.

Standard library and botocore only (what the Lambda runtime ships). The
stacks copy this package beside ``handler.py`` into each zip that uses it.
"""
