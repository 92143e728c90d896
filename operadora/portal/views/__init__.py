"""Portal pages: thin views that parse input, call one service and render."""
