"""Websocket routes (the provider chat will add its consumer here)."""

websocket_urlpatterns: list = []
