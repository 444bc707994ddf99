"""thaidoc.model"""
