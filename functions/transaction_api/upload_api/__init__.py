"""transaction-api's own code: routing, id checks, item shaping, presigning (pure), and its AWS calls."""
