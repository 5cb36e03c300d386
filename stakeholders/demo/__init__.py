"""Demo and benchmark tooling, kept out of the product app: `manage.py seed_demo` (a fictional
locality whose users have a public password) and `manage.py bench`. No models."""
