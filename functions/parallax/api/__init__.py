"""HTTP surface: routes, the Lambda handler, the local server, problem+json mapping."""
