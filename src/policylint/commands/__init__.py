"""One module per command; each is imported only when its command runs. ``options.py``
declares the arguments and options of them all."""
