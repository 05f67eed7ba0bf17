"""ASN Portal keeps no tables of its own here; the module exists so that Django sends this app's
post_migrate signal (it skips apps without a models module), which syncs the role permissions."""
