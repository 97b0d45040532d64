"""Small utilities every room uses and that know nothing of the model: atomic file writes (``fsutil``), text from
a page made safe (``safe``), article text (``text``), numbers as people write them (``numbers``), the one
renderer of every command's result (``render``), and the reproducible-build time (``reproducible``)."""
