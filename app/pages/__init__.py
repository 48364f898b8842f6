"""The app's pages, in navigation order: (key, "module:Class").

The main window imports each and skips one whose module does not exist yet,
so pages can be written in parallel.  A page class is constructed as
``Page(services)`` with the ``app.services.AppServices`` of the session, and
has a translated ``title()`` static method for the navigation.
"""

PAGES: tuple[tuple[str, str], ...] = (
    ("dashboard", "app.pages.dashboard_page:DashboardPage"),
    ("overview", "app.pages.overview_page:OverviewPage"),
    ("wallet", "app.pages.wallet_page:WalletPage"),
    ("tanks", "app.pages.tanks_page:TanksPage"),
    ("orders", "app.pages.orders_page:OrdersPage"),
    ("bills", "app.pages.bills_page:BillsPage"),
    ("explorer", "app.pages.explorer_page:ExplorerPage"),
    ("node", "app.pages.node_page:NodePage"),
    ("settings", "app.pages.settings_page:SettingsPage"),
)
