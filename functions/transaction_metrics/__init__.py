"""What csv-validation and anomaly-detection count, shipped in both zips: the transaction processor's metrics."""
