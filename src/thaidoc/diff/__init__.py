"""thaidoc.diff"""
