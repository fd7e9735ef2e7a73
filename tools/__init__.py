"""Developer tools, not installed with the product: benchmark, sample drafts, synthetic families."""
