"""Scripted policies that play games: for `drawdown sim`, balance checks and tests."""
