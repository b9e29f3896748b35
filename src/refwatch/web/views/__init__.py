"""The pages, one module per noun. Views parse, call a query, action or job, and render."""
