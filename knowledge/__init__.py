"""The shipped knowledge base (`faq/*.yaml`), installed with the package and found through the import system."""
