// Placeholder: RAE lands with the RAE issue.
