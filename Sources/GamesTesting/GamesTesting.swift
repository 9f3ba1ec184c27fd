// Placeholder: the conformance checker lands with the foundation issue.
