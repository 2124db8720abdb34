# No models of its own: Django sends post_migrate only to apps with a models module, and the
# curator groups are kept up to date on that signal (accounts/apps.py).
