"""Tests of the simulation (a package, so that its tests share :mod:`.plans`)."""
