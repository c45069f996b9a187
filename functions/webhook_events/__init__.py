"""What the validator and the router agree on, shipped in both zips: the event's shape and its routes."""
