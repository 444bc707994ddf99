"""thaidoc.render"""
