"""The CSV upload pipeline of the transaction processor, as pure typed modules.

``record_splitter`` and ``csv_reader`` turn a byte stream into numbered CSV
records, ``fields`` and ``rows`` validate them against the CSV contract,
``write_pool`` sends conditional writes concurrently with bounded memory,
``transactions_table`` and ``upload_results`` are the two tables,
``ingest`` runs one uploaded object from end to end.
"""
