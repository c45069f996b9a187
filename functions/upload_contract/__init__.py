"""What the transaction processor's stack, API and csv-validation agree on, shipped in both zips."""
