"""One page per area of the sidebar. Each module is imported the first time its page is opened."""
