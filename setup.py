"""Packaging detail pyproject.toml cannot say: content/ (the bundled TOML at the top of the
checkout) is installed inside the package as game/bundled, so a non-editable install finds it."""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["game", "game.*"]) + ["game.bundled"],
    package_dir={"game.bundled": "content"},
    package_data={
        "game": ["ui/*.tcss", "ui/**/*.tcss", "serve/templates/*.html"],
        "game.bundled": ["*/*.toml"],
    },
)
