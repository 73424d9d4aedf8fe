"""Domain operations: plain functions that validate rules, change objects, and flush.

The caller (a view or CLI command) commits once.
"""
