"""thaidoc.thai"""
