"""Page builders: each takes a PageCtx and returns the page's Markdown (front matter + raw HTML)."""
