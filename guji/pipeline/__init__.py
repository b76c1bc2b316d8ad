"""The shared model of the pipeline: volumes, pages, settings, errors and the storage and
catalogue seams. Domain packages depend on this one; it depends on none of them."""
