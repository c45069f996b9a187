"""The operator command's parts (cli.py): where each system parks what it could not finish, and how
to look at it and put it back. Standard library and boto3 only; never imports cdktf."""
