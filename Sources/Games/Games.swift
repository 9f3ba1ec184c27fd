// Placeholder: the game core lands with the foundation issue.
