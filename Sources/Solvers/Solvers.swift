// Placeholder: solvers land with the Solvers issue.
