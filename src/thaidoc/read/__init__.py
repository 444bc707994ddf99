"""thaidoc.read"""
