"""anomaly-detection's own code: stream record parsing, the rules and the alert (pure), and its AWS calls."""
