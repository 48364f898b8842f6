"""The wallet page's tabs, one module each."""
