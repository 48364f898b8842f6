"""Qt item models of the app: one module per model."""
