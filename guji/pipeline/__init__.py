"""The shared model of the pipeline: volumes, pages, settings, errors and the storage and
catalogue seams. Domain packages depend on it; only `stages` looks the other way, since
it is where the order of stages is written down."""
